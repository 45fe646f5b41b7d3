# Checks TypeError for indexing a list with a string.
xs = [10, 20]
print(xs[1])
print(xs["1"])
