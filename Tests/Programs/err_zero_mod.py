# Checks ZeroDivisionError for int modulo.
print(7 % 3)
zero = 5 - 5
print(7 % zero)
