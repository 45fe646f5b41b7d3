# Checks that enumerate() refuses a float start as CPython does.
print(list(enumerate("ab", 2 ** 64)))
print(list(enumerate("ab", 1.0)))
