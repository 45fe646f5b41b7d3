"""Terminal blocks of the runtime_error group: a long good run, then an uncaught exception.

Each template warms a hot loop (often inside a function, so the error unwinds a frame)
with values that work, then at iteration K feeds it one that raises.
"""
from .source import indent

# (statement executed every iteration, statement executed once at iteration K that makes it fail)
FAILURES = [
    ("t = t + 100 // (k - i)", None),                                 # ZeroDivisionError
    ("t = t + 100 % (k - i)", None),
    ("t = t + 1.5 / (k - i)", None),
    ("t = t + 2.5 % (k - i)", None),
    ("t = t + (k - i) ** -1", None),
    ("t = t + lst[i]", "lst = lst[:i]"),                             # IndexError
    ("t = t + tup[i % 3]", "tup = ()"),
    ("t = t + ord(s[i % 3])", "s = ''"),
    ("t = t + r[i % 3]", "r = range(1)"),
    ("t = t + d[i % 5]", "d = {0: 1}"),                             # KeyError
    ("t = t + d2['k' + str(i % 3)]", "d2 = {}"),
    ("t = t + x + i", "x = 'str'"),                                  # TypeError
    ("t = t + i + x", "x = None"),
    ("t = t + len(x2)", "x2 = 5"),
    ("t = t + fn(i)", "fn = None"),
    ("t = t + x2[0]", "x2 = None"),
    ("t = t + (1 if x < i else 0)", "x = 'a'"),
    ("t = t + len(x2 * x)", "x = 1.5"),
    ("t = t + lst[x]", "x = 1.0"),
    ("t = t + d[x] if x in d else t", "x = [1]"),
    ("t = t + o.v", "o = None"),                                     # AttributeError
    ("t = t + o.v", "del o.v"),
    ("t = t + int(s2)", "s2 = 'x1'"),                               # ValueError
    ("t = t + float(s2)", "s2 = 'abc'"),
    ("t = t + lst.index(i % 4)", "lst = [7]"),
    ("lst.remove(0); lst.append(0)", "lst = [1]"),
    ("t = t + 'abcabc'.index(s)", "s = 'zz'"),
    ("t = t + int(f)", "f = float('inf')"),                         # OverflowError
    ("t = t + int(f)", "f = float('nan')"),
    ("t = t + f ** 2", "f = 1e200"),
    ("t = t + round(f)", "f = float('-inf')"),
    ("t = t + len(range(0, 5, st))", "st = 0"),
    ("assert t >= 0, 'negative total ' + str(t)", "t = -1000"),   # AssertionError
    ("assert x < 10 ** 6", "x = 10 ** 7"),
    ("t = t + pow(i, x, 7)", "x = -1"),
]


def error_runtime(g):
    n = g.hot(1000, 12000)
    k = n - g.between(2, n // 4)
    statement, trigger = g.pick(FAILURES)
    setup = ["lst = list(range(%d))" % n, "tup = (1, 2, 3)", "s = 'abc'", "r = range(3)",
             "d = {0: 1, 1: 2, 2: 3, 3: 4, 4: 5}", "d2 = {'k0': 1, 'k1': 2, 'k2': 3}",
             "x = 3", "x2 = [1, 2]", "fn = abs", "o = %s()" % g.n("O"), "s2 = '12'",
             "f = 2.5", "st = 1", "t = 0", "k = %d" % k]
    loop = []
    if trigger:
        loop += ["if i == k:", "    " + trigger]
    loop += [statement, "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label]
    body = setup + ["for i in range(%d):" % n] + indent(loop)
    cls = ["class %s:" % g.n("O"), "    def __init__(self):", "        self.v = 2"]
    if g.chance(0.25):
        # raise a user-defined exception instead, once the loop has run
        E = g.n("FuzzError")
        cls += ["class %s(Exception):" % E, "    pass"]
        body = setup + ["for i in range(%d):" % n] + indent([
            "t = t + i % 7", "if i == k:", "    raise %s('stopped at ' + str(i) + ' with ' + str(t))" % E])
    names = ["lst", "tup", "s", "r", "d", "d2", "x", "x2", "fn", "o", "s2", "f", "st", "t", "k", "i"]
    return cls + g.scoped(body, names)
