"""Names whose binding changes under hot code: global_rebind and nested_loops.

Every block that shadows a builtin removes the shadow again before it ends (validate.py
rejects blocks that do not), so later blocks see the real builtins.
"""
from .source import indent

# builtin: (a use of it inside a hot loop over k, replacements that keep the use valid)
BUILTIN_USES = {
    "len": ("len(seq)", ["def len(v):\n    return 100", "len = lambda v: -1", "len = sum",
                         "len = max"]),
    "abs": ("abs(k - 5)", ["def abs(v):\n    return v * 2", "abs = float", "abs = lambda v: 0",
                           "abs = round"]),
    "min": ("min(k, 10)", ["min = max", "def min(a, b):\n    return a + b"]),
    "max": ("max(k, 3)", ["max = min", "max = lambda a, b: b * 1.5"]),
    "str": ("len(str(k))", ['def str(v):\n    return "xx"', "str = repr", "str = lambda v: [v]"]),
    "int": ("int(k * 1.5)", ["int = round", "int = float", "def int(v):\n    return 7"]),
    "range": ("sum([q for q in range(3)])", ["def range(n):\n    return [7, 8]",
                                             "range = lambda n: [n]"]),
    "isinstance": ("isinstance(k, int) + 1", ["def isinstance(a, b):\n    return False",
                                              "isinstance = lambda a, b: 5"]),
    "sum": ("sum([k, 1])", ["sum = len", "sum = max"]),
    "bool": ("bool(k % 2) + 0", ["bool = abs", "def bool(v):\n    return 10"]),
    "float": ("float(k) + 0.5", ["float = int", "float = lambda v: v * 2"]),
    "sorted": ("sorted([k, 3, 1])[0]", ["sorted = list", "def sorted(v):\n    return [0]"]),
    "round": ("round(k / 3)", ["round = int", "round = lambda v: 99"]),
}


def _replacement_lines(code):
    return code.split("\n")


def _def_after_warm_up(g):
    name = g.pick(BUILTIN_USES)
    use, replacements = BUILTIN_USES[name]
    f = g.n("use")
    inner = g.pick([3, 10, 200, 1000])
    calls = g.pick([1, 20])
    seq = g.pick(["[1, 2, 3]", "[5]", "[]", "[[0], 1]"])
    run = ["t = 0", "for r in range(%d):" % calls, "    t = t + %s(%s)" % (f, seq),
           "print(%s, t)" % g.label]
    lines = ["def %s(seq):" % f] + indent(["t = 0", "for k in range(%d):" % inner,
                                            "    t = t + %s" % use, "return t"])
    lines += g.rename(run, ["t", "r"])
    lines += _replacement_lines(g.pick(replacements))
    lines += g.rename(run, ["t", "r"])
    lines += ["del %s" % name]
    lines += g.rename(run, ["t", "r"])
    return lines


def _rebind_in_module_loop(g):
    """The module-level hot loop itself rebinds, and later deletes, the builtin."""
    name = g.pick(BUILTIN_USES)
    use, replacements = BUILTIN_USES[name]
    n = g.hot(1000, 8000)
    s1 = g.switch_at(n)
    s2 = g.pick([p for p in (s1 + 1, s1 + 17, s1 + 100, n - 1) if p < n] or [n - 1])
    f = g.n("use")
    replacement = g.pick(replacements)
    loop = ["k = i",
            "t = t + %s + %s(seq)" % (use, f),
            "if i == %d:" % s1] + indent(_replacement_lines(replacement)) + [
            "if i == %d:" % s2, "    del %s" % name,
            "if i %% %d == 0 or i == %d or i == %d:" % (g.every(n), s1 + 1, s2 + 1),
            "    print(%s, i, t)" % g.label]
    lines = ["def %s(seq):" % f] + indent(["t = 0", "for k in range(%d):" % g.pick([2, 5]),
                                            "    t = t + %s" % use, "return t"])
    body = ["seq = %s" % g.pick(["[1, 2, 3]", "[4]"]), "t = 0", "for i in range(%d):" % n] + indent(loop)
    body += ["print(%s, t)" % g.label]
    # names in the replacement (def len(v) ...) are not renamed: only the block's own
    return lines + g.rename(body, ["seq", "t", "i", "k"])


def _global_statement(g):
    """Functions rebind a global (or shadow a builtin) with `global`, then restore it."""
    G, read, put, restore = g.n("G"), g.n("read"), g.n("put"), g.n("restore")
    init = g.pick(["1", "3", "0.5", "10**20", "-2"])
    new = g.pick(["1.5", "2**64", "-1", "True", "7", "0.25"])
    expr = g.pick(["k * %s + 1" % G, "%s - k" % G, "k // 3 + %s * 2" % G, "max(k, %s)" % G])
    n = g.hot(1000, 12000)
    s1 = g.switch_at(n)
    s2 = g.pick([p for p in (s1 + 1, s1 + 50, n - 2) if p < n] or [n - 1])
    shadow = g.chance(0.4)
    lines = ["%s = %s" % (G, init),
             "def %s(k):" % read, "    return %s%s" % (expr, " + len([k])" if shadow else ""),
             "def %s(v):" % put, "    global %s" % G, "    %s = v" % G]
    if shadow:
        lines += ["    global len", "    len = lambda s: 1000"]
    lines += ["def %s():" % restore, "    global %s" % G, "    %s = %s" % (G, init)]
    if shadow:
        lines += ["    global len", "    del len"]
    body = ["t = 0", "for i in range(%d):" % n] + indent([
        "t = t + %s(i)" % read,
        "if i == %d:" % s1, "    %s(%s)" % (put, new),
        "if i == %d:" % s2, "    %s()" % restore,
        "if i %% %d == 0 or i == %d:" % (g.every(n), s1 + 1),
        "    print(%s, i, t)" % g.label,
    ])
    return lines + g.scoped(body, ["t", "i"], result="t")


def _helper_rebound(g):
    """A global function called from hot code is replaced by another, then restored."""
    helper, other, work, keep = g.n("helper"), g.n("other"), g.n("work"), g.n("keep")
    n = g.hot(1000, 8000)
    s1 = g.switch_at(n)
    lines = ["def %s(v):" % helper, "    return v + 1",
             "def %s(v):" % other, "    return %s" % g.pick(["v * 2.5", "-v", "v - 10**19", "v % 3"]),
             "def %s(k):" % work, "    return %s(k) * 2" % helper,
             "%s = %s" % (keep, helper)]
    body = ["t = 0", "for i in range(%d):" % n] + indent([
        "t = t + %s(i)" % work,
        "if i == %d:" % s1, "    %s = %s" % (helper, other),
        "if i == %d:" % min(n - 1, s1 + g.pick([1, 30, 500])), "    %s = %s" % (helper, keep),
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label,
    ])
    return lines + g.rename(body, ["t", "i"])


def _folded_global_bound(g):
    """A module constant read by traced code (so likely folded) changes between calls."""
    LIMIT, count = g.n("LIMIT"), g.n("count")
    lines = ["%s = %d" % (LIMIT, g.between(3, 20)),
             "def %s():" % count] + indent(["c = 0", "for k in range(40):",
                                            "    if k < %s:" % LIMIT, "        c = c + 1",
                                            "    else:", "        c = c - 0.5", "return c"])
    n = g.hot(1000, 3000)
    new = g.pick(["30", "0", "2.5", "10**20", "-1", "True"])
    body = ["total = 0", "for i in range(%d):" % (n // 20)] + indent([
        "total = total + %s()" % count,
        "if i == %d:" % g.switch_at(n // 20), "    %s = %s" % (LIMIT, new),
        "if i % 10 == 0:", "    print(%s, i, total)" % g.label,
    ])
    return lines + g.rename(body, ["total", "i"])


def emit_global_rebind(g):
    return g.pick([_def_after_warm_up, _rebind_in_module_loop, _global_statement,
                   _helper_rebound, _folded_global_bound])(g)


def error_global_rebind(g):
    """A global read by hot code is deleted: NameError after a long run."""
    G, read = g.n("G"), g.n("read")
    n = g.hot(1000, 8000)
    return ["%s = 5" % G, "def %s(k):" % read, "    return k + %s" % G, "t = 0",
            "for %s in range(%d):" % (g.n("i"), n)] + indent([
        "t = t + %s(%s)" % (read, g.n("i")),
        "if %s == %d:" % (g.n("i"), n - g.between(2, 100)), "    del %s" % G,
        "if %s %% %d == 0:" % (g.n("i"), g.every(n)), "    print(%s, t)" % g.label,
    ])


# --- nested_loops ---------------------------------------------------------------------

def emit_nested_loops(g):
    n1 = g.pick([20, 50, 100, 200])
    n2 = g.pick([10, 30, 50, 100])
    G, inner, acc = g.n("G"), g.n("inner"), g.n("acc")
    outer_value = g.pick(["i * 2", "i * 0.5", "i * 10**17", "i if i % 7 else 1.5",
                          "-i", "i * 3037000500"])
    use = g.pick(["%s + j" % G, "%s * j" % G, "j - %s" % G, "%s // (j + 1)" % G])
    exit_stmt = g.pick(["", "if j == %d:\n    break" % g.between(1, n2 - 1),
                        "if j %% %d == 0:\n    continue" % g.between(2, 5)])
    via_function = g.chance(0.5)
    lines = []
    if via_function:
        lines += ["def %s(j):" % inner, "    return %s" % use]
    inner_body = (exit_stmt.split("\n") if exit_stmt else []) + [
        "%s = %s + %s" % (acc, acc, "%s(j)" % inner if via_function else use)]
    outer_body = ["%s = %s" % (G, outer_value), "for j in range(%d):" % n2] + indent(inner_body)
    if g.chance(0.4):
        outer_body += ["w = 0", "while w < %d:" % g.between(2, 9), "    %s = %s + w" % (acc, acc),
                       "    w = w + 1"]
    outer_body += ["if i %% %d == 0:" % max(1, n1 // 5), "    print(%s, i, %s, %s)" % (g.label, G, acc)]
    if g.chance(0.5):
        # the same loops inside a function that stores the global with `global`
        f = g.n("outer")
        lines += ["%s = 0" % acc, "%s = 0" % G,
                  "def %s():" % f, "    global %s, %s" % (G, acc)] + indent(
            ["for i in range(%d):" % n1] + indent(outer_body)) + ["%s()" % f]
    else:
        lines += ["%s = 0" % acc] + g.rename(["for i in range(%d):" % n1] + indent(outer_body),
                                            ["i", "j", "w"])
    return lines + ["print(%s, %s, %s)" % (g.label, G, acc)]
