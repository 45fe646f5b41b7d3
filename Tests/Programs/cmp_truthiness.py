# Checks truthiness of every type and short-circuit value return of and/or/not.
class Empty:
    pass

vals = [0, 1, -1, 0.0, -0.0, 0.5, "", " ", "0", [], [0], (), (0,), {}, {0: 0},
        None, True, False, range(0), range(1), 2 ** 100, float("nan")]
for v in vals:
    print(repr(v), bool(v), not v, "T" if v else "F")
print(bool(Empty()), bool(len), bool(Empty))
print(0 or "x", [] and 1, None or 0 or "", 1 and 2 and 3, 1 and 0 and 3)
print("a" or "b", "" or [] or {}, 0 and 1 / 0, 1 or 1 / 0, None and None)
print(not [], not [[]], not None, not "", not not 5)
print((0 or None) is None, (5 and "five"), ([] or [1, 2]))
def side(x):
    print("side", x)
    return x
print(side(0) and side(1))
print(side(1) and side(2))
print(side(0) or side(0.0) or side("z"))
print(side(3) or side(4))
x = None
y = x or "default"
print(y, x if x else "none", 5 if 0 else 6 if 1 else 7)
