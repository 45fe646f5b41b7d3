# Checks that str.format refuses to mix automatic and manual field numbering.
print("{0}{1}{0}".format("ab", "-"), "{}{}".format("a", "b"))
print("{0} {}".format(1, 2))
