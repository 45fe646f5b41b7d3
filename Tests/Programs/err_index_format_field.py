# Checks that str.format with too few positional arguments is CPython's IndexError.
print("{} + {} = {}".format(1, 2, 3))
print("{} {}".format("only one"))
