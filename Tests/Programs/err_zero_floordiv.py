# Checks ZeroDivisionError for int floor division.
print(7 // 2)
print(7 // 0)
