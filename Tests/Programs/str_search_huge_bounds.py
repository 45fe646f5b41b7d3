# Checks search bounds (find, rfind, count, startswith, endswith, index, rindex, list/tuple.index) and slice bounds beyond 64 bits, clamped as CPython's _PyEval_SliceIndex does, also in a hot loop.
s = "aaaa"
B = [2 ** 64, -2 ** 64, 2 ** 63 - 1, -2 ** 63, 2 ** 70, -2 ** 70, 9, -9, None]
for a in B:
    for b in B:
        print(a, b, s.find("a", a, b), s.rfind("a", a, b), s.count("a", a, b), s.count("", a, b), s.find("", a, b), s.rfind("", a, b),
              s.startswith("a", a, b), s.endswith("a", a, b), s.startswith("", a, b), s.endswith(("x", ""), a, b))
L = [1, 2, 3]
T = (1, 2, 3)
for a in [2 ** 64, -2 ** 64, 2 ** 63 - 1, -2 ** 63, 0, -1]:
    print(a, L.index(1, -a if a > 0 else -2 ** 64), L.index(3, a if a < 0 else 0), L.index(3, 0, 2 ** 64), T.index(2, -2 ** 64), T.index(3, 1, 2 ** 70), s.index("a", -2 ** 64), s.rindex("a", -2 ** 64, 2 ** 64))
for a in B:
    for b in B:
        print(a, b, "abc"[a:b], [1, 2][a:b], (1, 2, 3)[a:b], "abcdef"[a:b:2], "abcdef"[a:b:-2], [1, 2, 3, 4][a:b:-1], range(10)[a:b], range(10)[a:b:-3])
print("abc"[-2 ** 70:2 ** 70], [1, 2][2 ** 64:], "abc"[::2 ** 64], "abc"[::-2 ** 64], [1, 2, 3][::2 ** 70], [1, 2, 3][::-2 ** 70])
x = [1, 2, 3, 4]
x[2 ** 64:] = [9]
print(x)
x[-2 ** 64:1] = [7, 7]
print(x)
del x[2 ** 64:]
del x[-2 ** 70:1]
print(x)
total = 0
for k in range(3000):
    big = 2 ** 64 + k
    total += "abcdef".find("c", -big) + len("abcdef"[-big:big]) + len([1, 2, 3][k - big:]) + (1, 2, 3).index(3, -big, big) + "aaa".count("a", -big, big)
print(total)
