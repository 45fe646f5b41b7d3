# Checks ValueError for list.index of a missing item.
xs = ["a", "b"]
print(xs.index("b"))
print(xs.index("z"))
