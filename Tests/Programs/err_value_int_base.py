# Checks ValueError for int() with an invalid digit for the base.
print(int("777", 8))
print(int("19", 8))
