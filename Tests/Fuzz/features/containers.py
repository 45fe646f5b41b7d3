"""Containers under hot code: list_mutation, dict_ops, comprehension, unpacking, alloc_churn."""
from .source import indent

# --- list_mutation --------------------------------------------------------------------

def _iterate_and_mutate(g):
    """A for loop over a list that the loop body grows, shrinks or reorders (bounded)."""
    limit = g.pick([50, 200, 1000, 3000])
    start = g.pick(["[1, 2, 3]", "list(range(10))", "[0.5, 1, 'a', None]", "[3, 1, 2] * 5",
                    "[[1], [2]]", "list(range(%d))" % g.between(100, 2000)])
    action = g.pick([
        "if len(lst) < %d:\n    lst.append(len(lst))" % limit,
        "if len(lst) < %d:\n    lst.append(v)" % limit,
        "if count < %d:\n    lst.insert(0, count)" % g.pick([5, 50, 500]),
        "if lst:\n    lst.pop()",
        "if len(lst) > 2:\n    lst.pop(0)",
        "if len(lst) > 3:\n    del lst[1]",
        "if len(lst) > 4:\n    del lst[:2]",
        "if len(lst) < %d:\n    lst.extend([count, -count])" % limit,
        "if len(lst) < %d:\n    lst[len(lst) // 2:len(lst) // 2] = [count]" % limit,
        "if count == 3:\n    lst.reverse()",
        "if lst and v in lst:\n    lst.remove(v)",
    ])
    reps = g.pick([1, 3, 20])
    body = ["total = 0", "for rep in range(%d):" % reps] + indent([
        "lst = %s" % start, "count = 0", "for v in lst:"] + indent(
        action.split("\n") + ["count = count + 1", "total = total + len(str(v))"]) + [
        "if rep == 0:", "    print(%s, count, len(lst), lst[:6], lst[-3:])" % g.label])
    return g.scoped(body, ["total", "rep", "lst", "count", "v"], result="total")


def _retyped_elements(g):
    """Elements of a hot list change type in place; index and slice stores in a loop."""
    n = g.hot(1000, 12000)
    size = g.between(3, 12)
    new = g.pick(["1.5", "2**64", "'s'", "None", "True", "[0]", "-(2**63)"])
    s = g.switch_at(n)
    use = "len(str(lst[j]))" if new in ("'s'", "None", "[0]") else "lst[j]"
    body = ["lst = list(range(%d))" % size, "t = 0", "for i in range(%d):" % n] + indent([
        "j = i %% %d" % size,
        "if i == %d:" % s, "    lst[%d] = %s" % (g.between(-size, size - 1), new),
        "t = t + %s" % use,
        "if isinstance(lst[j], int) and not isinstance(lst[j], bool):",
        "    lst[j] = lst[j] + 1",
        "lst[-1] = i",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, lst)" % g.label,
    ])
    return g.scoped(body, ["lst", "t", "i", "j"], result="t")


def _while_pop(g):
    body = ["stack = list(range(%d))" % g.pick([100, 1000, 5000]), "t = 0", "while stack:"] + indent([
        "v = stack.pop()",
        "t = t + v",
        "if v % 7 == 0 and v > 0:", "    stack.append(v // 7 - 1)",
        "if v == 3:", "    stack.append(2.5)",
    ]) + ["print(%s, t)" % g.label]
    return g.scoped(body, ["stack", "t", "v"])


def _aliases(g):
    body = ["a = [1, 2, 3]", "b = a", "c = a[:]", "t = 0", "for v in a:"] + indent([
        "if len(b) < %d:" % g.pick([10, 100, 1000]), "    b.append(v * 2)",
        "t = t + v",
    ]) + ["print(%s, t, len(a), len(c), a is b, a == c, a[:8])" % g.label,
          "a.sort(reverse=True)", "a[1:3] = []", "print(%s, a[:5], b[:5], c)" % g.label]
    return g.scoped(body, ["a", "b", "c", "t", "v"])


def emit_list_mutation(g):
    return g.pick([_iterate_and_mutate, _iterate_and_mutate, _retyped_elements, _while_pop, _aliases])(g)


def error_list_mutation(g):
    n = g.hot(1000, 8000)
    size = g.between(5, 50)
    bad = g.pick([
        ("t = t + lst[i %% %d]" % size, "lst.pop()"),        # shrinking list: IndexError
        ("t = t + lst[i %% %d]" % size, "lst.clear()"),
        ("lst[i %% %d] = i" % size, "lst = lst[:2]"),
        ("t = t + lst.pop() + 1; lst.append(i)", "lst.clear()"),
        ("t = t + lst[-1]", "lst = []"),
        ("lst.remove(i %% %d); lst.append(i %% %d)" % (size, size), "lst = [0]"),
    ])
    body = ["lst = list(range(%d))" % size, "t = 0", "for i in range(%d):" % n] + indent(
        bad[0].split("; ") + ["if i == %d:" % (n - g.between(2, 60)), "    " + bad[1],
                              "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label])
    return g.scoped(body, ["lst", "t", "i"])


# --- dict_ops -------------------------------------------------------------------------

KEY_POOLS = [
    ["1", "True", "1.0", "2", "2.0", "'1'", "(1,)", "None", "0", "False", "-0.0"],
    ["'a'", "'b'", "'ab'", "''", "'A'", "'\\u00e9'"],
    ["2**64", "18446744073709551616.0", "-1", "-2", "10**20", "(1, 2)", "(1, (2, 3))"],
    ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
]


def emit_dict_ops(g):
    n = g.hot(1000, 12000)
    keys = g.sample(g.pick(KEY_POOLS), g.between(3, 8))
    body = ["keys = [%s]" % ", ".join(keys), "d = {}", "t = 0", "for i in range(%d):" % n] + indent([
        "k = keys[i % len(keys)]",
        "d[k] = d.get(k, 0) + 1",
        "if k in d:", "    t = t + d[k]",
        "if i %% %d == 0:" % g.pick([97, 500, 1001]),
        "    d.pop(k)" if g.chance(0.5) else "    del d[k]",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, d)" % g.label,
    ])
    body += ["print(%s, list(d.keys()), list(d.values()), list(d.items())[:4])" % g.label,
             "d.update({keys[0]: 'u', 'new': 1})", "print(%s, d, d.setdefault('z', []), len(d))" % g.label,
             "e = {k: v for k, v in d.items() if v != 'u'}", "print(%s, e == d, e)" % g.label]
    return g.scoped(body, ["keys", "d", "t", "i", "k", "e", "v"])


def error_dict_ops(g):
    n = g.hot(1000, 8000)
    kind = g.pick(["int", "str", "tuple", "unhashable"])
    key = {"int": "i", "str": "'k' + str(i)", "tuple": "(i, 'x')", "unhashable": "[i]"}[kind]
    limit = n - g.between(2, 100)
    body = ["d = {}", "for i in range(%d):" % limit] + indent(["d[%s] = i" % (key if kind != "unhashable" else "i")]) + [
        "t = 0", "for i in range(%d):" % n] + indent([
        "t = t + d[%s]" % key, "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label])
    return g.scoped(body, ["d", "t", "i"])


# --- comprehension --------------------------------------------------------------------

def emit_comprehension(g):
    n = g.pick([100, 300, 1000])
    comp = g.pick([
        "[x * 2 for x in range(i % 10)]",
        "[x for x in data if x > i % 5]",
        "[str(x) + '!' for x in data[:3]]",
        "[(x, y) for x in range(3) for y in range(x)]",
        "{x: x * i for x in range(4)}",
        "[[y for y in range(x)] for x in range(4)]",
        "[x if x % 2 else -x for x in data]",
        "{str(x): x for x in data}",
        "[x * 0.5 for x in data if x]",
        "[len(str(x)) for x in [i, i * 1.5, i * 10**20, None, 'ab']]",
    ])
    body = ["data = [%s]" % ", ".join(str(g.between(-5, 9)) for _ in range(g.between(3, 8))),
            "t = 0", "for i in range(%d):" % n] + indent([
        "r = %s" % comp, "t = t + len(r)",
        "if i == %d:" % g.between(1, n - 1), "    data.append(%s)" % g.pick(["2.5", "10**19", "True", "-1"]),
        "if i %% %d == 0:" % max(1, n // 5), "    print(%s, i, t, r)" % g.label])
    return g.scoped(body, ["data", "t", "i", "r"], result="t")


# --- unpacking ------------------------------------------------------------------------

def emit_unpacking(g):
    n = g.hot(1000, 12000)
    body = g.pick([
        ["a, b = 0, 1", "for i in range(%d):" % n,
         "    a, b = b, (a + b) %% %s" % g.pick(["1000007", "2**64", "2**70 + 1"]),
         "    if i %% %d == 0:" % g.every(n), "        print(%s, i, a)" % g.label],
        ["pairs = [(1, 'a'), (2.5, 'b'), (10**20, 'c'), (True, ''), (-3, 'dd')]", "t = 0",
         "for i in range(%d):" % n, "    x, s = pairs[i % len(pairs)]", "    t = t + x * 2 + len(s)",
         "    (p, q), r = (i, x), s", "    t = t - p + len(r)",
         "    if i %% %d == 0:" % g.every(n), "        print(%s, i, t, p, q, r)" % g.label],
        ["t = 0", "for i, (a, b) in enumerate(zip(range(%d), range(%d, 0, -1))):" % (n, n),
         "    a, b = b, a", "    t = t + a * b - i",
         "    if i %% %d == 0:" % g.every(n), "        print(%s, i, t, a, b)" % g.label],
        ["x, y, z = 1, 2.0, '3'", "for i in range(%d):" % n, "    x, y, z = z, x, y",
         "    if i %% %d == 0:" % g.every(n), "        print(%s, i, x, y, z)" % g.label],
    ])
    return g.scoped(body, ["a", "b", "i", "pairs", "t", "x", "s", "p", "q", "r", "y", "z"])


def error_unpacking(g):
    n = g.hot(1000, 8000)
    bad = g.pick(["(1, 2, 3)", "[1]", "5", "None", "'abc'", "()"])
    body = ["t = 0", "for i in range(%d):" % n] + indent([
        "v = %s if i == %d else (i, i + 1)" % (bad, n - g.between(2, 50)),
        "a, b = v", "t = t + a - b",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label])
    return g.scoped(body, ["t", "i", "v", "a", "b"])


# --- alloc_churn ----------------------------------------------------------------------

def emit_alloc_churn(g):
    """Many short-lived objects while traces run, some kept alive by a container."""
    n = g.hot(2000, 20000)
    make = g.pick(["[i, i + 1, str(i)]", "{'k': i, 'v': [i]}", "(i, [i], 'x' * (i % 5))",
                   "str(i) + '-' + str(i * 2)", "[[i]] * 3", "Box_%s(i)" % g.tag,
                   "[i * 1.5, 10**20 + i]"])
    keep_every = g.pick([7, 100, 1000])
    lines = ["class Box_%s:" % g.tag, "    def __init__(self, v):", "        self.v = [v, v + 1]",
             "    def size(self):", "        return len(self.v)"]
    body = ["kept = []", "t = 0", "for i in range(%d):" % n] + indent([
        "obj = %s" % make,
        "if isinstance(obj, Box_%s):" % g.tag, "    t = t + obj.size() + obj.v[0]",
        "else:", "    t = t + len(str(obj))",
        "if i %% %d == 0:" % keep_every, "    kept.append(obj)",
        "if len(kept) > 50:", "    kept = kept[25:]",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, len(kept))" % g.label])
    return lines + g.scoped(body, ["kept", "t", "i", "obj"], result="t")
