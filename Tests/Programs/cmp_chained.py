# Checks chained comparisons evaluate each operand once and short-circuit.
def v(tag, x):
    print("eval", tag, x)
    return x

print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1, 1 == 1 == 1, 1 < 2 > 0, 1 != 2 != 1)
print(v("a", 1) < v("b", 2) < v("c", 3))
print(v("a", 5) < v("b", 2) < v("c", 3))
print(v("a", 1) < v("b", 5) < v("c", 3) < v("d", 9))
print(0 <= v("mid", 5) <= 10)
x = 5
print(1 < x <= 5, 1 < x < 5, x == 5 > 4, 2 < x in [5, 6], x in [5] == True)
n = None
print(1 < 2 == 2.0 < 3 != n, n is None is not False)
print("a" < "b" < "c", "abc" < "abd" < "b", [1, 2] < [1, 3] < [2])
print((1, 2) < (1, 2, 0), (2,) > (1, 9, 9), [] < [0], "" < "a")
print(1 < 2.5 < 3, -1 < 0 < True < 2, 2 ** 70 > 2 ** 69 > 1e20)
print(None is None, None is not None, [] is not [], x is not None)
a = [1]
b = a
c = [1]
print(a is b, a is c, a == c, a is not c, not a is c)
