# Checks tuple unpacking: swap, nested targets, for-loop unpacking, from strings/ranges/lists.
a, b = 1, 2
a, b = b, a
print(a, b)
a, b, c = "xyz"
print(a, b, c)
p, q = [10, 20]
print(p, q)
r1, r2, r3 = range(3)
print(r1, r2, r3)
(x, y), z = (1, 2), 3
print(x, y, z)
[m, n] = (5, 6)
print(m, n)
(i, (j, k)), l = [[1, [2, 3]], 4]
print(i, j, k, l)
a = b = c = 0
print(a, b, c)
a = b = []
b.append(1)
print(a)
pairs = [(1, "one"), (2, "two"), (3, "three")]
for num, name in pairs:
    print(num, name)
for idx, (num, name) in enumerate(pairs, 1):
    print(idx, num, name)
for (a, b), c in [((1, 2), 3), ((4, 5), 6)]:
    print(a + b + c)
for k, v in {"x": 1, "y": 2}.items():
    print(k, v)
for a, b in zip("ab", range(5)):
    print(a, b)
xs = [0, 0, 0]
i = 0
i, xs[i] = 1, 9
print(i, xs)
fib = [0, 1]
f0, f1 = 0, 1
for _ in range(10):
    f0, f1 = f1, f0 + f1
print(f0, f1)
t = 1, 2
u, v = t
print(u, v, t)
a, b = b, a = 7, 8
print(a, b)
first, second = "hi"
print(first, second)
(s,) = [42]
print(s)
