# Checks that a method of str called on an int (here as a sort key) is a TypeError, after earlier output.
print("sorting")
print(sorted(["b", "A"], key=str.lower))
print(sorted(["b", 3], key=str.lower))
