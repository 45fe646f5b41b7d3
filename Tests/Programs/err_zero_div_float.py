# Checks ZeroDivisionError for float division.
print(1.5 / 0.5)
print(1.5 / 0.0)
