# Checks TypeError for using a list as a dict key.
d = {(1, 2): "tuple ok"}
print(d[(1, 2)])
d[[1, 2]] = "list"
