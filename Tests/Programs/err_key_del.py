# Checks KeyError from del on a missing tuple key.
d = {(1, 2): "a"}
del d[(1, 2)]
print(d)
del d[(1, 2)]
