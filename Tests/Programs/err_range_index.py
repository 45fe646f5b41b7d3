# Checks range.index() of an int the range does not hold: CPython's "7 is not in range".
print(range(0, 20, 3).index(9), range(3).count(7))
print(range(3).index(7))
