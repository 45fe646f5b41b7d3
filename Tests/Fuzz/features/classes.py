"""Classes that change under hot code: class_mutation, dunder_str and dunder_ops."""
from .source import indent

# Events that can happen to a class or an instance partway through a hot loop:
# (name, statement at the event, statement undoing it some iterations later or None).
CLASS_EVENTS = [
    ("replace_method", "{K}.m = {m2}", "{K}.m = {m1}"),
    ("lambda_method", "{K}.m = lambda self, k: k * 2 - self.v", None),
    ("class_attr_float", "{K}.rate = 0.5", None),
    ("class_attr_big", "{K}.rate = 10**20", "{K}.rate = 2"),
    ("class_attr_str", '{K}.tag = "changed"', None),
    ("instance_shadow", "o.rate = 100", "del o.rate"),
    ("add_attr", "o.extra = i", None),
    ("sub_override", "{S}.m = {m2}", None),
    ("swap_object", "o = {S}(o.v + 1)", None),
    ("instance_method", "o.m = lambda k: k + 0.25", "del o.m"),
    ("attr_type", "o.v = o.v * 1.5", None),
    ("attr_big", "o.v = o.v + 2**64", "o.v = 4"),
]


def emit_class_mutation(g):
    K, S, m1, m2 = g.n("K"), g.n("S"), g.n("m1"), g.n("m2")
    n = g.hot(1000, 12000)
    lines = [
        "def %s(self, k):" % m1, "    return self.v * self.rate + k",
        "def %s(self, k):" % m2, "    return k - self.v",
        "class %s:" % K, "    rate = 2", '    tag = "base"',
        "    def __init__(self, v):", "        self.v = v",
        "    m = %s" % m1,
        "class %s(%s):" % (S, K), "    pass",
    ]
    events = g.sample(CLASS_EVENTS, g.between(2, 5))
    if any(e[0] == "swap_object" for e in events):  # a new object has no instance shadow to undo
        events = [e for e in events if e[2] is None or not e[2].startswith("del o.")]
    loop = ["t = t + o.m(i) + len(o.tag)",
            "t = t + getattr(o, 'extra', -1)",
            "t = t + p.m(1)"]
    shown = []
    for _, code, undo in events:
        point = g.switch_at(n)
        fmt = dict(K=K, S=S, m1=m1, m2=m2)
        loop += ["if i == %d:" % point, "    " + code.format(**fmt)]
        shown.append(point)
        if undo:
            later = min(n - 1, point + g.pick([1, 5, 40, 300]))
            loop += ["if i == %d:" % later, "    " + undo.format(**fmt)]
            shown.append(later)
    loop += ["if i %% %d == 0 or i in [%s]:" % (g.every(n), ", ".join(str(p + 1) for p in shown)),
             "    print(%s, i, t, o.v, o.rate, o.tag)" % g.label]
    objs = g.pick(["%s(3)" % K, "%s(3)" % S, "%s(0.5)" % K])
    body = ["o = %s" % objs, "p = %s(%s)" % (g.pick([K, S]), g.pick(["1", "2.5", "-4"])),
            "t = 0", "for i in range(%d):" % n] + indent(loop)
    return lines + g.scoped(body, ["o", "p", "t", "i"], result="t")


def _shapes(g):
    """Instances of one class whose attributes were created in different orders."""
    K = g.n("K")
    n = g.hot(1000, 12000)
    lines = ["class %s:" % K, "    pass"]
    makers = []
    orders = [("a", "b"), ("b", "a"), ("a", "b", "c"), ("c", "a", "b")]
    for k, order in enumerate(g.sample(orders, g.between(2, 4))):
        maker = g.n("make%d" % k)
        makers.append(maker)
        values = {"a": g.pick(["1", "2.5", "10**20", "-3"]), "b": g.pick(["2", "0.5", "'s'"]),
                  "c": "[]"}
        lines += ["def %s():" % maker, "    o = %s()" % K] + [
            "    o.%s = %s" % (attr, values[attr]) for attr in order] + ["    return o"]
    body = ["objs = [%s]" % ", ".join("%s()" % m for m in makers), "t = 0",
            "for i in range(%d):" % n] + indent([
        "o = objs[i %% %d]" % len(makers),
        "t = t + o.a * 2",
        "o.a = o.a + 1",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, o.b)" % g.label,
    ])
    return lines + g.scoped(body, ["objs", "t", "i", "o"], result="t")


def error_class_mutation(g):
    """An attribute the hot loop reads is deleted from the instance or the class."""
    K = g.n("K")
    n = g.hot(1000, 8000)
    what = g.pick(["del o.v", "del %s.rate" % K, "%s.m = 5" % K])
    return ["class %s:" % K, "    rate = 3", "    def __init__(self):", "        self.v = 1",
            "    def m(self):", "        return self.v * self.rate",
            "o = %s()" % K, "t = 0", "for %s in range(%d):" % (g.n("i"), n)] + indent([
        "t = t + o.m() + o.v",
        "if %s == %d:" % (g.n("i"), n - g.between(2, 100)), "    " + what,
        "if %s %% %d == 0:" % (g.n("i"), g.every(n)), "    print(%s, t)" % g.label,
    ])


def emit_class_mutation_or_shapes(g):
    return emit_class_mutation(g) if g.chance(0.7) else _shapes(g)


# --- dunder_str -----------------------------------------------------------------------

def emit_dunder_str(g):
    K, alt = g.n("K"), g.n("alt")
    n = g.hot(1000, 5000)
    lines = ["class %s:" % K, "    def __init__(self, v):", "        self.v = v",
             "    def __str__(self):", '        return "K<" + str(self.v) + ">"',
             "    def __repr__(self):", '        return "K(" + repr(self.v) + ")"',
             "def %s(self):" % alt, '    return "alt" + str(self.v * 2)']
    body = ["o = %s(%s)" % (K, g.pick(["1", "2.5", "'s'", "[1]", "None"])), "t = 0",
            "for i in range(%d):" % n] + indent([
        "s = str(o) + repr(o) + f\"{o}{o!r}\" + str([o])",
        "t = t + len(s)",
        "if i == %d:" % g.switch_at(n), "    %s.__str__ = %s" % (K, alt),
        "if i == %d:" % g.switch_at(n), "    o.v = %s" % g.pick(["i", "0.1", "'changed'", "(1, 2)"]),
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, s, o, [o, o])" % g.label,
    ])
    return lines + g.scoped(body, ["o", "t", "i", "s"], result="t")


# --- dunder_ops -----------------------------------------------------------------------

def _dunder_class(K):
    return ["class %s:" % K] + indent([
        "def __init__(self, v):", "    self.v = v",
        "def __eq__(self, other):", "    if not isinstance(other, %s):" % K, "        return NotImplemented",
        "    return self.v == other.v",
        "def __hash__(self):", "    return hash(self.v)",
        "def __lt__(self, other):", "    return self.v < other.v",
        "def __le__(self, other):", "    return self.v <= other.v",
        "def __add__(self, other):", "    return %s(self.v + (other.v if isinstance(other, %s) else other))" % (K, K),
        "def __radd__(self, other):", "    return %s(other + self.v)" % K,
        "def __iadd__(self, other):", "    if other % 5 == 0:", "        return NotImplemented",
        "    return %s(self.v + 2 * other)" % K,
        "def __sub__(self, other):", "    return %s(self.v - other)" % K,
        "def __mul__(self, other):", "    return %s(self.v * other)" % K,
        "def __neg__(self):", "    return %s(-self.v)" % K,
        "def __len__(self):", "    return abs(self.v) % 7",
        "def __bool__(self):", "    return self.v % 3 != 0",
        "def __getitem__(self, k):", "    return self.v * 10 + k",
        "def __setitem__(self, k, x):", "    self.last = k * 10 + x",
        "def __contains__(self, x):", "    return x % 4 == self.v % 4",
        "def __str__(self):", '    return "D" + str(self.v)',
        "def __repr__(self):", '    return "D(" + repr(self.v) + ")"',
    ])


def emit_dunder_ops(g):
    K = g.n("D")
    n = g.hot(1000, 5000)
    uses = g.sample([
        "t = t + (1 if a == b else 0) + (1 if a != b else 0)",
        "t = t + (1 if a == i else 0) + (1 if i == a else 0)",
        "c = a\nc += i % 10\nt = t + c.v",
        "t = t + (1 if a < b else 0) + (1 if a <= b else 0) + (1 if b > a else 0)",
        "t = t + (a + b).v + (a + i).v + (i + a).v",
        "t = t + (a - 1).v + (a * 2).v + (-a).v",
        "t = t + len(a)",
        "t = t + (5 if a else -5)",
        "t = t + a[i % 3]",
        "b[i % 2] = i % 7\nt = t + b.last",
        "t = t + (i in a)",
        "t = t + d.get(a, 0)",
        "t = t + sum([a, b], 0).v",
        "t = t + min(a, b).v + max([a, b]).v",
        "t = t + len(sorted([b, a, %s(0)]))" % K,
        "t = t + [b, a].count(a) + [b, a].index(a)",
    ], g.between(2, 5))
    uses = [line for use in uses for line in use.split("\n")]
    extra = []
    if "t = t + (a + b).v + (a + i).v + (i + a).v" in uses and g.chance(0.5):
        # the operator's method changes under a specialised `+`, or a subclass that overrides __radd__
        # arrives on the right, where it must be asked first
        F = g.n("F")
        extra += ["class %s(%s):" % (F, K), "    def __radd__(self, other):", "        return %s(-1)" % K]
        uses += ["if i == %d:" % g.switch_at(n), "    " + g.pick([
            "%s.__add__ = lambda self, other: %s(7)" % (K, K),
            "items.append(%s(3))" % F,
            "items[1] = %s(0)" % F,
        ])]
    if "t = t + a[i % 3]" in uses and g.chance(0.5):
        # the method a specialised subscript pushes a frame for changes under it
        E = g.n("E")
        extra += ["class %s(%s):" % (E, K), "    def __getitem__(self, k):", "        return -k"]
        uses += ["if i == %d:" % g.switch_at(n), "    " + g.pick([
            "%s.__getitem__ = lambda self, k: self.v - k" % K,
            "items.append(%s(7))" % E,
            "items[0] = %s(0)" % E,
        ])]
    body = ["items = [%s(k) for k in range(%d)]" % (K, g.between(3, 9)),
            "d = {items[0]: 10, items[1]: 20}", "t = 0", "for i in range(%d):" % n] + indent([
        "a = items[i % len(items)]", "b = items[(i * 5 + 1) % len(items)]"] + uses + [
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, a, repr(b), str(a + b), sorted([b, a]))" % g.label,
    ])
    return _dunder_class(K) + extra + g.scoped(body, ["items", "d", "t", "i", "a", "b"], result="t")


def error_dunder_ops(g):
    K = g.n("D")
    n = g.hot(1000, 5000)
    bad = g.pick(["a < 5", "a + 'x'", "len(%s(-1.5))" % K, "a[None]", "'s' in a"])
    return _dunder_class(K) + ["a = %s(2)" % K, "t = 0", "for %s in range(%d):" % (g.n("i"), n)] + indent([
        "t = t + (a + %s).v" % g.n("i"),
        "if %s == %d:" % (g.n("i"), n - g.between(2, 50)), "    t = %s" % bad,
        "if %s %% %d == 0:" % (g.n("i"), g.every(n)), "    print(%s, t)" % g.label,
    ])
