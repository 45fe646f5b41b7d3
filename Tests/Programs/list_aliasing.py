# Checks list aliasing: shared references, += vs + , nested lists, [[0]*3]*3.
a = [1, 2, 3]
b = a
b.append(4)
print(a, b, a is b)
c = a
a += [5]
print(a, c, a is c)
d = a
a = a + [6]
print(a, d, a is d)
grid = [[0] * 3] * 3
grid[0][1] = 7
print(grid, grid[0] is grid[2])
good = [[0] * 3 for _ in range(3)]
good[0][1] = 7
print(good)
inner = [1, 2]
outer = [inner, inner, [inner]]
inner.append(3)
print(outer)
s = a[:]
s.append(99)
print(a, s, a == s[:-1], s[:-1] is a)
cp = a.copy()
cp[0] = -1
print(a[0], cp[0])
nested = [[1, 2], [3, 4]]
shallow = nested[:]
shallow[0].append(9)
shallow[1] = "replaced"
print(nested, shallow)
def mutate(lst):
    lst.append("m")
    lst = ["new"]
    lst.append("n")
    return lst
orig = [0]
res = mutate(orig)
print(orig, res)
t = ([1], 2)
t[0].append(5)
print(t)
x = y = []
x.append(1)
print(x, y)
m = [0] * 4
m[1] += 10
print(m, [None] * 2, [1, 2] * 3, 2 * [[]], [] * 5)
