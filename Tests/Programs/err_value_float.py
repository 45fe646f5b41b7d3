# Checks ValueError for float() of a non-numeric string.
print(float(" 2.5 "))
print(float("two"))
