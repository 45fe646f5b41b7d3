# Checks TypeError for subscripting None returned by list.sort().
xs = [3, 1, 2]
ys = xs.sort()
print(xs, ys)
print(ys[0])
