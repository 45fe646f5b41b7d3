# Checks that a non-type nested in isinstance's tuple is a TypeError once it is reached.
print(isinstance(3, (int, (5,))))
print(isinstance(3, (str, (5,))))
