"""Hot loops whose values change type or representation: type_change, bigint_const, int_overflow."""
from .source import indent
from .values import KINDS, evaluate

# Expressions over the loop variable `x` and the counter `i`; an emitter keeps only the
# ones that evaluate for both the value before and the value after the type change.
X_EXPRESSIONS = [
    "x + i", "x * 3 - i", "x - i * 2", "(x + 1) * (i % 7)", "x / 4", "x // 3", "x % 5",
    "-x + i", "abs(x) + i", "x * x", "x < i", "x == i", "max(x, i)", "min(x, i) + 1",
    "x + 0.5", "int(x) + i", "float(x) * 2", "x & i", "x | 1", "x ^ i", "x << 2", "x >> 1",
    "x ** 2", "round(x) - i", "x * 10**20", "x + 9223372036854775807", "x - 4611686018427387904",
    "x * 2", "x + x", "len(x) + i", "x[0]", "x[-1]", "x[1:]", "x[::-1]", "x * (i % 3)",
    "str(x)", "x != x", "x is None", "bool(x)", "not x", "len(str(x))", "[x, i]",
    "type(x).__name__", "isinstance(x, int)", "repr(x)", "x if x else i", "(x, i)",
    "x == 1.0", "str(x) + str(i)", "x or i", "i if x is None else x", "x and i",
    "x > 0 and x < 100", "x * 3 > i", "-x", "x * -1 + i // 2",
]

# Pairs of kinds a variable switches between (before, after); weighted towards the
# changes that matter most to type-specialised code.
KIND_CHANGES = [
    ("int", "float"), ("int", "float"), ("int", "big"), ("int", "big"), ("int", "edge"),
    ("int", "str"), ("int", "none"), ("float", "int"), ("big", "int"), ("int", "bool"),
    ("bool", "int"), ("str", "int"), ("int", "list"), ("float", "big"), ("edge", "big"),
    ("str", "list"), ("tuple", "list"), ("none", "int"), ("float", "str"), ("int", "tuple"),
]


def _pick_expressions(g, before, after, want):
    """Expressions valid for both values and both sample counters, with their result kinds."""
    ok_before, value_before = evaluate(before)
    ok_after, value_after = evaluate(after)
    if not (ok_before and ok_after):
        return []
    chosen = []
    for expr in g.sample(X_EXPRESSIONS, len(X_EXPRESSIONS)):
        numeric = True
        valid = True
        for x in (value_before, value_after):
            for i in (0, 1, 7, 1001):
                ok, result = evaluate(expr, {"x": x, "i": i})
                if not ok or len(repr(result)) > 60:
                    valid = False
                    break
                numeric = numeric and isinstance(result, (int, float))
            if not valid:
                break
        if valid:
            chosen.append((expr, numeric))
        if len(chosen) == want:
            break
    return chosen


def _type_change_loop(g, before, after, exprs, n, error_at=None, error_value=None):
    """The loop body shared by the ordinary and the terminal type-change blocks."""
    s1 = g.switch_at(n)
    mode = g.pick(["switch", "switch", "back", "alternate"])
    s2 = min(n - 1, s1 + g.pick([1, 2, 9, 17, 100, n // 4]))
    body = ["x = %s" % before, "acc = 0", "for i in range(%d):" % n]
    loop = ["if i == %d:" % s1, "    x = %s" % after]
    if mode == "back":
        loop += ["if i == %d:" % s2, "    x = %s" % before]
    elif mode == "alternate":
        loop += ["if i > %d:" % s1, "    x = %s if i %% 2 else %s" % (after, before)]
    if error_at is not None:
        loop += ["if i == %d:" % error_at, "    x = %s" % error_value]
    checkpoint = g.every(n)
    shown = []
    for k, (expr, numeric) in enumerate(exprs):
        y = "y%d" % k
        loop.append("%s = %s" % (y, expr))
        loop.append("acc = acc + %s" % (y if numeric else "len(str(%s))" % y))
        shown.append(y)
    loop += ["if i %% %d == 0 or i == %d or i == %d:" % (checkpoint, s1, s1 + 1),
             "    print(%s, i, %s, acc)" % (g.label, ", ".join(shown))]
    body += indent(loop)
    names = ["x", "acc", "i"] + shown
    return g.scoped(body, names, result="acc, x")


def emit_type_change(g):
    kb, ka = g.pick(KIND_CHANGES)
    before, after = g.pick(KINDS[kb]), g.pick(KINDS[ka])
    exprs = _pick_expressions(g, before, after, g.between(1, 3))
    if not exprs:
        return ["print(%s, 'no expressions')" % g.label]
    return _type_change_loop(g, before, after, exprs, g.hot(1000, 20000))


def error_type_change(g):
    """A long run over two types, then a value of a third for which a hot expression raises."""
    for _ in range(200):
        kb, ka = g.pick(KIND_CHANGES)
        before, after = g.pick(KINDS[kb]), g.pick(KINDS[ka])
        exprs = _pick_expressions(g, before, after, 2)
        bad = g.pick(KINDS[g.pick(["none", "str", "list", "dict", "tuple", "float", "big", "special"])])
        _, bad_value = evaluate(bad)
        # str % ... is printf-style formatting, a feature group of its own
        if exprs and any(not evaluate(expr, {"x": bad_value, "i": i})[0]
                         and not (isinstance(bad_value, str) and "%" in expr)
                         for expr, _ in exprs for i in (0, 1, 2)):
            break
    else:
        return ["print(%s, 'no breaking value')" % g.label]
    n = g.hot(2000, 12000)
    return _type_change_loop(g, before, after, exprs, n, error_at=n - g.between(2, n // 3), error_value=bad)


# --- bigint_const ---------------------------------------------------------------------

# (initialisation, loop statement(s) over the small int v, name to print)
BIG_CONST_PIECES = [
    ("best = -99999999999999999999", ["if v > best:", "    best = v"], "best"),
    ("lo = 99999999999999999999", ["if v < lo:", "    lo = v"], "lo"),
    ("t1 = 0", ["t1 = t1 + 12345678901234567890"], "t1"),
    ("t2 = 0", ["t2 = t2 - 2**64 + v"], "t2"),
    ("m1 = 0", ["m1 = (m1 + v * 18446744073709551616) % 1000000007"], "m1"),
    ("c1 = 0", ["if v < 9223372036854775808:", "    c1 = c1 + 1"], "c1"),
    ("c2 = 0", ["if v > -9223372036854775809:", "    c2 += 1"], "c2"),
    ("w1 = 0", ["w1 = v + 9223372036854775807"], "w1"),
    ("w2 = 0", ["w2 = v - 9223372036854775807 - 2"], "w2"),
    ("w3 = 0", ["w3 = v * 4611686018427387904"], "w3"),
    ("f1 = 0.0", ["f1 = f1 + 1e16"], "f1"),
    ("f2 = 1.0", ["f2 = f2 * 1.0000001"], "f2"),
    ("g1 = 0.0", ["g1 = v / 3.0"], "g1"),
    ("g2 = 0", ["if v < 1e300:", "    g2 += 1"], "g2"),
    ("e1 = 0", ["if v == 10**20:", "    e1 += 1"], "e1"),
    ("k1 = 0", ["k1 = k1 + v // -7 + v % -7"], "k1"),
    ("h1 = 0", ["h1 = h1 ^ (v * 3000000000 * 3000000000)"], "h1"),
    ("z1 = 0", ["z1 = max(z1, v * 10**19)"], "z1"),
    ("q1 = 0", ["q1 = q1 + (v > 2**63) + (v < -2**63)"], "q1"),
    ("s1 = 0", ["s1 = s1 + (v << 62)"], "s1"),
    ("bf = 0.0", ["bf = bf + v * 0.5 + 2**53"], "bf"),
    ("nb = 0", ["nb = -v * 9223372036854775807"], "nb"),
    ("mx = -1e308", ["mx = max(mx, v * 1.5)"], "mx"),
    ("dv = 0", ["dv = dv + 10**20 // (v * v + 1)"], "dv"),
    ("eq = 0", ["if v * 2**64 == 18446744073709551616:", "    eq += 1"], "eq"),
]

V_SOURCES = [
    "vals[i % len(vals)]", "i - {half}", "(i * 7919) % 1000 - 500", "vals[i % len(vals)] * i",
    "-i", "i // 3",
]


def emit_bigint_const(g):
    n = g.hot(1000, 20000)
    pieces = g.sample(BIG_CONST_PIECES, g.between(2, 5))
    vals = [str(g.between(-50, 50)) for _ in range(g.between(2, 6))]
    body = ["vals = [%s]" % ", ".join(vals)] + [init for init, _, _ in pieces]
    loop = ["v = %s" % g.pick(V_SOURCES).format(half=n // 2)]
    if g.chance(0.3):
        loop += ["if i == %d:" % g.switch_at(n), "    vals[0] = %s" % g.pick(["2**64", "-(2**63)", "1.5", "10**20"])]
    for _, statements, _ in pieces:
        loop += statements
    shown = ", ".join(name for _, _, name in pieces)
    loop += ["if i %% %d == 0:" % g.every(n), "    print(%s, i, %s)" % (g.label, shown)]
    body += ["for i in range(%d):" % n] + indent(loop)
    names = ["vals", "v", "i"] + [name for _, _, name in pieces]
    return g.scoped(body, names, result=shown)


# --- int_overflow ---------------------------------------------------------------------

EDGES = ["9223372036854775807", "-9223372036854775808", "4611686018427387904", "-1", "1", "0",
         "3037000500", "-3037000500", "4294967296", "9223372036854775806", "-9223372036854775807"]
SMALL_RIGHT = ["-1", "1", "2", "3", "-2", "7", "3037000500", "-9223372036854775808", "63", "64"]
EDGE_OPS = ["a + b", "a - b", "a * b", "a // b", "a % b", "a & b", "a | b", "a ^ b",
            "a << (b % 65)", "a >> (b % 70)", "-a", "abs(a)", "a ** 2", "divmod(a, b)",
            "a * b // 3", "(a + b) * (a - b)", "-a - b", "a > b", "a == b + 1"]


def _growth_loop(g):
    n = g.hot(1000, 12000)
    start = g.pick(["1", "3", "-1", "2**62", "-(2**62)", "9223372036854775807"])
    mul = g.pick(["2", "3", "-3", "7", "1000003", "-2"])
    add = g.pick(["0", "1", "-1", "i"])
    bound = g.pick(["2**63", "2**64", "2**70", "2**100", "2**62"])
    shrink = g.pick(["x % 1000003", "x >> 40", "x // 7777777", "-x // 3", "x - (x >> 1) * 2 + 5",
                     "x % -1000003"])
    checkpoint = g.every(n)
    body = ["x = %s" % start, "peak = 0", "for i in range(%d):" % n] + indent([
        "x = x * %s + %s" % (mul, add),
        "if x > %s or x < -(%s):" % (bound, bound),
        "    x = %s" % shrink,
        "if x > peak:",
        "    peak = x",
        "if i %% %d == 0:" % checkpoint,
        "    print(%s, i, x)" % g.label,
    ])
    return g.scoped(body, ["x", "peak", "i"], result="x, peak")


def _edge_grid(g):
    lefts = g.sample(EDGES, g.between(3, 7))
    rights = g.sample(SMALL_RIGHT, g.between(2, 5))
    ops = g.sample(EDGE_OPS, g.between(2, 5))
    reps = g.pick([20, 50, 100, 300])
    body = ["lefts = [%s]" % ", ".join(lefts), "rights = [%s]" % ", ".join(rights),
            "acc = 0", "for rep in range(%d):" % reps]
    inner = []
    for k, op in enumerate(ops):
        inner.append("r%d = %s" % (k, op))
        inner.append("acc = (acc + hash(r%d)) %% 1000000007" % k if "divmod" not in op
                     else "acc = (acc + r%d[0] + r%d[1]) %% 1000000007" % (k, k))
    inner += ["if rep == 0 or rep == %d:" % (reps - 1),
              "    print(%s, rep, a, b, %s)" % (g.label, ", ".join("r%d" % k for k in range(len(ops))))]
    body += indent(["for a in lefts:"] + indent(["for b in rights:"] + indent(
        ["if b == 0:", "    continue"] + inner)))
    names = ["lefts", "rights", "acc", "rep", "a", "b"] + ["r%d" % k for k in range(len(ops))]
    return g.scoped(body, names, result="acc")


def _fib_round_trip(g):
    steps = g.pick([100, 150, 200, 300])
    reps = g.pick([1, 5, 20])
    body = ["total = 0", "for rep in range(%d):" % reps] + indent([
        "a, b = 0, 1",
        "for i in range(%d):" % steps,
        "    a, b = b, a + b",
        "    if rep == 0 and i %% %d == 0:" % (steps // 5),
        "        print(%s, i, a)" % g.label,
        "for i in range(%d):" % steps,
        "    a, b = b - a, a",
        "total = total + a + b",
    ])
    return g.scoped(body, ["total", "rep", "a", "b", "i"], result="total, a, b")


def _power_sum(g):
    n = g.pick([3000, 7000, 12000])
    power = g.pick(["i * i * i * i", "i ** 4", "i * i * i * 7", "i * 3037000500"])
    body = ["s = 0", "for i in range(%d):" % n] + indent([
        "s = s + %s" % power,
        "if i %% %d == 0:" % g.every(n),
        "    print(%s, i, s)" % g.label,
    ]) + ["for i in range(%d):" % n] + indent(["s = s - %s" % power])
    return g.scoped(body, ["s", "i"], result="s")


def emit_int_overflow(g):
    return g.pick([_growth_loop, _edge_grid, _fib_round_trip, _power_sum])(g)


def error_int_overflow(g):
    """Big ints that end in an OverflowError once they reach float conversion."""
    n = g.hot(1000, 5000)
    op = g.pick(["float(x)", "x / 3", "x * 1.5", "x + 0.5"])
    body = ["x = 3", "for i in range(%d):" % n] + indent([
        "y = %s" % op,
        "if i %% %d == 0:" % g.every(n),
        "    print(%s, i, y)" % g.label,
        "if i == %d:" % (n - g.between(2, 50)),
        "    x = 10**400",
    ])
    return g.scoped(body, ["x", "y", "i"])
