"""Calls that defeat call-site caches: poly_call, attr_call and recursion."""
from .source import indent
from .values import KINDS, evaluate

# Bodies for a two-argument function; pairs of arguments are kept only where they evaluate.
PAIR_BODIES = [
    "a + b", "a * 2 + b", "a - b * 3", "[a, b]", "(b, a)", "a if a else b", "a == b",
    "a < b", "str(a) + str(b)", "a * b", "max(a, b)", "len(str(a)) + len(str(b))",
    "a + b + a", "b if a is None else a",
]
ARG_KINDS = ["int", "int", "float", "big", "edge", "str", "list", "bool", "none", "tuple"]


def _valid_pairs(g, body, count):
    pairs = []
    for _ in range(count * 6):
        a = g.pick(KINDS[g.pick(ARG_KINDS)])
        b = g.pick(KINDS[g.pick(ARG_KINDS)])
        ok_a, va = evaluate(a)
        ok_b, vb = evaluate(b)
        ok, result = evaluate(body, {"a": va, "b": vb}) if ok_a and ok_b else (False, None)
        if ok and len(repr(result)) < 80 and (a, b) not in pairs:
            pairs.append((a, b))
        if len(pairs) == count:
            break
    return pairs


def _rotating_args(g):
    body = g.pick(PAIR_BODIES)
    pairs = _valid_pairs(g, body, g.between(2, 5))
    ok, _ = evaluate(body, {"a": 1, "b": 2})
    if len(pairs) < 2 or not ok:
        return ["print(%s, 'no pairs')" % g.label]
    f = g.n("f")
    n = g.hot(1000, 12000)
    s = g.switch_at(n)
    lines = ["def %s(a, b):" % f, "    return %s" % body]
    loop = ["if i < %d:" % s, "    a, b = 1, i", "else:",
            "    a, b = args[i %% %d]" % len(pairs),
            "r = %s(a, b)" % f,
            "if i %% %d == 0 or i == %d:" % (g.every(n), s),
            "    print(%s, i, r)" % g.label,
            # a denser sample of results than the printed checkpoints, printed at the end
            "if i %% %d == 0:" % max(1, n // 60),
            "    samples.append(r)",
            "count = count + 1"]
    scoped = ["args = [%s]" % ", ".join("(%s, %s)" % p for p in pairs), "count = 0",
              "r = None", "samples = []", "for i in range(%d):" % n] + indent(loop) + [
              "print(%s, samples)" % g.label]
    return lines + g.scoped(scoped, ["args", "count", "r", "i", "a", "b", "samples"], result="count, r")


CALLABLES = [
    ("abs", "int"), ("str", "any"), ("float", "num"), ("bool", "any"), ("round", "num"),
    ("int", "num"), ("{sq}", "num"), ("{half}", "num"), ("lambda v: v * 2", "num"),
    ("lambda v: [v]", "any"), ("{obj}.scale", "num"), ("{K}.twice", "num"), ("len", "seq"),
    ("repr", "any"), ("type", "typename"),
]


def _callable_list(g):
    sq, half, K, obj = g.n("sq"), g.n("half"), g.n("K"), g.n("obj")
    picked = g.sample([c for c in CALLABLES if c[1] in ("num", "any", "int")], g.between(2, 6))
    fns = [src.format(sq=sq, half=half, K=K, obj=obj) for src, _ in picked]
    arg = g.pick(["i - 50", "i * 0.5 - 3", "i", "-i", "i * 10**18", "(i % 5) - 2.5"])
    n = g.hot(1000, 12000)
    lines = [
        "def %s(v):" % sq, "    return v * v",
        "def %s(v):" % half, "    return v / 2",
        "class %s:" % K, "    def __init__(self, k):", "        self.k = k",
        "    def scale(self, v):", "        return v * self.k",
        "    def twice(v):", "        return v + v",
        "%s = %s(3)" % (obj, K),
    ]
    s = g.switch_at(n)
    body = ["fns = [%s]" % ", ".join(fns), "out = []", "for i in range(%d):" % n] + indent([
        "fn = fns[0] if i < %d else fns[i %% %d]" % (s, len(fns)),
        "r = fn(%s)" % arg,
        "if i %% %d == 0 or i == %d:" % (g.every(n), s + 1),
        "    out.append(r)",
    ]) + ["print(%s, out)" % g.label]
    return lines + g.scoped(body, ["fns", "out", "fn", "r", "i"])


def _defaults_and_keywords(g):
    f = g.n("g")
    d1 = g.pick(["5", "0.5", "10**20", "-3", "True"])
    d2 = g.pick(["1", "2.5", "-(2**63)", "0"])
    n = g.hot(1000, 12000)
    lines = ["def %s(a, b=%s, c=%s):" % (f, d1, d2), "    return a * 2 + b - c"]
    body = ["t = 0", "for i in range(%d):" % n] + indent([
        "m = i % 4",
        "if m == 0:", "    r = %s(i)" % f,
        "elif m == 1:", "    r = %s(i, 5)" % f,
        "elif m == 2:", "    r = %s(c=i, a=1)" % f,
        "else:", "    r = %s(i, c=2.5, b=-1)" % f,
        "t = t + r",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, r, t)" % g.label,
    ])
    return lines + g.scoped(body, ["t", "i", "m", "r"], result="t")


def _redefined_function(g):
    """A module-level def inside a hot loop rebinds the global the loop calls."""
    h, t, i = g.n("h"), g.n("t"), g.n("i")
    n = g.hot(1000, 8000)
    s = g.switch_at(n)
    new_body = g.pick(["v * 2.5", "str(v)[-1]", "v - 10**20", "-v", "v % 7"])
    fold = "%s = %s + len(str(%s(%s)))" % (t, t, h, i)
    return ["def %s(v):" % h, "    return v + 1", "%s = 0" % t, "for %s in range(%d):" % (i, n)] + indent([
        fold,
        "if %s == %d:" % (i, s),
        "    def %s(v):" % h,
        "        return %s" % new_body,
        "if %s %% %d == 0:" % (i, g.every(n)),
        "    print(%s, %s, %s(%s), %s)" % (g.label, i, h, i, t),
    ]) + ["print(%s, %s)" % (g.label, t)]


def emit_poly_call(g):
    return g.pick([_rotating_args, _callable_list, _defaults_and_keywords, _redefined_function])(g)


def error_poly_call(g):
    """A call site that has seen thousands of good calls gets the wrong number of arguments."""
    f = g.n("f")
    n = g.hot(1000, 8000)
    bad = g.pick(["%s(i)" % f, "%s(i, 1, 2)" % f, "%s(i, c=1)" % f, "%s(b=1)" % f, "%s(i, a=2)" % f])
    return ["def %s(a, b):" % f, "    return a * b + 1", "t = 0",
            "for %s in range(%d):" % (g.n("i"), n)] + indent([
        "i = %s" % g.n("i"),
        "t = t + (%s if i == %d else %s(i, 2))" % (bad, n - g.between(1, 40), f),
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label,
    ])


# --- attr_call ------------------------------------------------------------------------

def _class_functions(g):
    """Functions called through the class (no self), methods through class and instance."""
    K, obj = g.n("K"), g.n("obj")
    n = g.hot(1000, 12000)
    a_arg = g.pick(["i", "i * 0.5", "i * 10**18", "-i"])
    lines = ["class %s:" % K] + indent([
        "base = %s" % g.pick(["3", "0.25", "10**19", "-7"]),
        "def func(a, b):", "    return a * 10 + b",
        "def meth(self, v):", "    return v - self.base",
        "def both(self, a, b):", "    return %s.func(a, b) + self.meth(b)" % K,
    ]) + ["%s = %s()" % (obj, K)]
    body = ["t = 0", "for i in range(%d):" % n] + indent([
        "a = %s" % a_arg,
        "t = t + %s.func(a, 3)" % K,
        "t = t + %s.meth(%s, i)" % (K, obj),
        "t = t + %s.meth(i)" % obj,
        "t = t + %s.both(a, i %% 5)" % obj,
        "if i %% %d == 0:" % g.every(n),
        "    print(%s, i, t, %s.func(i, a))" % (g.label, K),
    ])
    return lines + g.scoped(body, ["t", "i", "a"], result="t")


def _mixed_receivers(g):
    """One call site, receivers of several classes, some holding the callable per instance."""
    A, B, C, plain = g.n("A"), g.n("B"), g.n("C"), g.n("plain")
    n = g.hot(1000, 12000)
    stored = g.pick([plain, "abs", "lambda v: v * 3", "float", "%s(7).m" % A])
    lines = [
        "def %s(v):" % plain, "    return -v",
        "class %s:" % A, "    def __init__(self, k):", "        self.k = k",
        "    def m(self, v):", "        return v + self.k",
        "class %s(%s):" % (B, A), "    def m(self, v):", "        return v * self.k",
        "class %s:" % C, "    def __init__(self):", "        self.m = %s" % stored,
    ]
    objs = g.sample(["%s(1)" % A, "%s(2)" % B, "%s()" % C, "%s(2.5)" % A, "%s(10**19)" % B,
                     "%s(-1)" % B], g.between(2, 5))
    if not any(o.startswith(C) for o in objs):
        objs.append("%s()" % C)
    s = g.switch_at(n)
    bound = g.chance(0.4)
    call = "mm(i)" if bound else "o.m(i)"
    body = ["objs = [%s]" % ", ".join(objs), "t = 0", "for i in range(%d):" % n] + indent([
        "o = objs[0] if i < %d else objs[i %% %d]" % (s, len(objs)),
    ] + (["mm = o.m"] if bound else []) + [
        "t = t + %s" % call,
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label,
    ])
    return lines + g.scoped(body, ["objs", "t", "i", "o", "mm"], result="t")


def _class_attribute_callables(g):
    """Builtins stored on a class are not bound; Python functions are."""
    K, tagf = g.n("K"), g.n("kind")
    n = g.hot(1000, 8000)
    lines = ["def %s(v):" % tagf, "    return type(v).__name__",
             "class %s:" % K, "    f1 = abs", "    f2 = %s" % tagf, "    f3 = len", "    f4 = str"]
    body = ["o = %s()" % K, "t = 0", "for i in range(%d):" % n] + indent([
        "t = t + o.f1(-i) + len(o.f2()) + o.f3([i]) + len(o.f4(i)) + len(%s.f2(i))" % K,
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, o.f2(), %s.f2(1.5))" % (g.label, K),
    ])
    return lines + g.scoped(body, ["o", "t", "i"], result="t")


def _super_chain(g):
    A, B, C = g.n("A"), g.n("B"), g.n("C")
    n = g.hot(1000, 8000)
    lines = [
        "class %s:" % A, "    def m(self, v):", "        return v + 1",
        "    def name(self):", "        return 'A'",
        "class %s(%s):" % (B, A), "    def m(self, v):", "        return super().m(v) * 2",
        "class %s(%s):" % (C, B), "    def m(self, v):", "        return super().m(v) - 3",
        "    def name(self):", "        return 'C' + super().name()",
    ]
    body = ["objs = [%s(), %s(), %s()]" % (A, B, C), "t = 0", "for i in range(%d):" % n] + indent([
        "o = objs[i % 3]",
        "t = t + o.m(%s)" % g.pick(["i", "i * 0.5", "i + 2**63"]),
        "h = getattr(o, 'm')",
        "t = t + h(1)",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, o.name())" % g.label,
    ])
    return lines + g.scoped(body, ["objs", "t", "i", "o", "h"], result="t")


def emit_attr_call(g):
    return g.pick([_class_functions, _mixed_receivers, _class_attribute_callables, _super_chain])(g)


def error_attr_call(g):
    """A receiver without the method arrives after a long monomorphic run."""
    A, B = g.n("A"), g.n("B")
    n = g.hot(1000, 8000)
    return ["class %s:" % A, "    def m(self, v):", "        return v + 1",
            "class %s:" % B, "    pass",
            "t = 0", "for %s in range(%d):" % (g.n("i"), n)] + indent([
        "o = %s() if %s == %d else %s()" % (B, g.n("i"), n - g.between(1, 30), A),
        "t = t + o.m(%s)" % g.n("i"),
        "if %s %% %d == 0:" % (g.n("i"), g.every(n)), "    print(%s, t)" % g.label,
    ])


# --- recursion ------------------------------------------------------------------------

def _recursion_pieces(g):
    depth, even, odd, build, fib, fact, ack, digits = (
        g.n(x) for x in ("depth", "even", "odd", "build", "fib", "fact", "ack", "digits"))
    return [
        (["def %s(n):" % depth, "    if n == 0:", "        return 0", "    return 1 + %s(n - 1)" % depth],
         ["print(%s, %s(%d), %s(%s))" % (g.label, depth, g.between(300, 850), depth,
                                          g.pick(["500.0", "True", "2**64 - 2**64 + 400"]))]),
        (["def %s(n):" % even, "    if n == 0:", "        return True", "    return %s(n - 1)" % odd,
          "def %s(n):" % odd, "    if n == 0:", "        return False", "    return %s(n - 1)" % even],
         ["print(%s, %s(%d), %s(%d))" % (g.label, even, g.between(100, 800), odd, g.between(100, 800))]),
        (["def %s(n, acc):" % build, "    if n == 0:", "        return acc",
          "    acc.append(n * n - n // 3)", "    return %s(n - 1, acc)" % build],
         ["r = %s(%d, [])" % (build, g.between(100, 800)), "print(%s, len(r), sum(r), r[:5], r[-3:])" % g.label]),
        (["def %s(n):" % fib, "    if n < 2:", "        return n", "    return %s(n - 1) + %s(n - 2)" % (fib, fib)],
         ["print(%s, [%s(k) for k in range(%d)])" % (g.label, fib, g.between(12, 19))]),
        (["def %s(n):" % fact, "    if n <= 1:", "        return 1", "    return n * %s(n - 1)" % fact],
         ["print(%s, %s(%d) %% 1000000007, len(str(%s(%d))))" % (
             g.label, fact, g.between(20, 400), fact, g.between(100, 500))]),
        (["def %s(m, n):" % ack, "    if m == 0:", "        return n + 1", "    if n == 0:",
          "        return %s(m - 1, 1)" % ack, "    return %s(m - 1, %s(m, n - 1))" % (ack, ack)],
         ["print(%s, %s(2, %d), %s(1, %d))" % (g.label, ack, g.between(2, 6), ack, g.between(10, 200))]),
        (["def %s(n):" % digits, "    if n < 10:", "        return n", "    return n %% 10 + %s(n // 10)" % digits],
         ["print(%s, %s(%s), %s(%s))" % (g.label, digits, g.pick(["2**200", "10**150 - 1", "3**300"]),
                                         digits, g.pick(["12345", "9223372036854775807"]))]),
    ]


def emit_recursion(g):
    lines = []
    for definition, use in g.sample(_recursion_pieces(g), g.between(1, 3)):
        lines += definition + use
    return lines


def error_recursion(g):
    """Runaway recursion (RecursionError) or an error raised hundreds of frames deep."""
    down = g.n("down")
    if g.chance(0.5):
        return ["def %s(n):" % down, "    return %s(n + 1) + 1" % down,
                "print(%s, 'start')" % g.label, "print(%s(0))" % down]
    return ["def %s(n):" % down, "    if n == 0:", "        return %s" % g.pick(
        ["1 // n", "[][n]", "{}[n]", "None + n", "int('x' + str(n))"]),
        "    return %s(n - 1) + 1" % down,
        "print(%s, 'deep')" % g.label, "print(%s(%d))" % (down, g.between(10, 800))]
