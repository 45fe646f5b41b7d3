# Checks ZeroDivisionError for int true division.
print(10 / 4)
d = 0
print(10 / d)
