"""Operators and numeric built-ins over grids of values: operators, builtins, range_ops, float_special."""
import re

from .source import indent
from .values import KINDS, ComplexResult, evaluate, safe_to_evaluate

BINARY_OPS = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^",
              "==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not"]
UNARY_OPS = ["-", "+", "~", "not "]
OPERAND_KINDS = ["int", "int", "edge", "big", "float", "special", "bool", "none", "str", "list",
                 "tuple", "dict", "range"]


def _operand(g):
    return g.pick(KINDS[g.pick(OPERAND_KINDS)])


def _classify(op, left_src, right_src, percent_format):
    """(True, result) when `left op right` works, (False, exception) when it raises, None to skip."""
    ok_l, left = evaluate(left_src)
    ok_r, right = evaluate(right_src)
    if not (ok_l and ok_r) or not safe_to_evaluate(op, left, right):
        return None
    if op == "%" and isinstance(left, str) and not percent_format:
        return None                           # printf-style formatting is its own group
    if op in ("is", "is not") and not (right is None or left is None or isinstance(right, bool)):
        return None                           # identity of other objects is implementation detail
    ok, result = evaluate("a %s b" % op, {"a": left, "b": right})
    if (ok and len(repr(result)) > 200) or isinstance(result, ComplexResult):
        return None
    return ok, result


def emit_operators(g):
    """One operator over several type pairs, in a hot loop whose operand types rotate."""
    percent = "percent_format" in g.features
    op = g.pick(BINARY_OPS)
    pairs = []
    for _ in range(40):
        left, right = _operand(g), _operand(g)
        verdict = _classify(op, left, right, percent)
        if verdict and verdict[0] and (left, right) not in pairs:
            pairs.append((left, right))
        if len(pairs) >= g.between(2, 7):
            break
    if not pairs:
        return ["print(%s, 'no pairs')" % g.label]
    reps = g.pick([50, 200, 1000, 3000]) // len(pairs) + 2
    body = ["pairs = [%s]" % ", ".join("(%s, %s)" % p for p in pairs),
            "for rep in range(%d):" % reps] + indent([
        "for a, b in pairs:"] + indent([
            "r = a %s b" % op,
            "if rep == 0 or rep == %d:" % (reps - 1),
            "    print(%s, rep, repr(a), %r, repr(b), '->', repr(r))" % (g.label, op)]))
    # the same expressions with literal operands, which the compiler may fold
    literal = []
    if op not in ("is", "is not"):  # `1 is x` with a literal operand is a SyntaxWarning
        literal.append("print(%s, %s)" % (g.label, ", ".join("(%s) %s (%s)" % (l, op, r) for l, r in pairs[:4])))
    unary = g.pick(UNARY_OPS)
    operands = [o for o in (_operand(g) for _ in range(6))
                if evaluate("%s(%s)" % (unary, o))[0] and len(repr(evaluate("%s(%s)" % (unary, o))[1])) < 200]
    if operands:
        literal.append("print(%s, %s)" % (g.label, ", ".join("%s(%s)" % (unary, o) for o in operands)))
    return g.scoped(body, ["pairs", "rep", "a", "b", "r"]) + literal


def error_operators(g):
    """Good pairs for thousands of iterations, then a pair the operator rejects."""
    percent = "percent_format" in g.features
    for _ in range(60):
        op = g.pick(BINARY_OPS)
        good = (g.pick(KINDS["int"]), g.pick(KINDS["int"]))
        left, right = _operand(g), _operand(g)
        good_verdict = _classify(op, good[0], good[1], percent)
        verdict = _classify(op, left, right, percent)
        if verdict and not verdict[0] and good_verdict and good_verdict[0]:
            break
    else:
        return ["print(%s, 'no error pair')" % g.label]
    n = g.hot(1000, 8000)
    body = ["a = %s" % good[0], "b = %s" % good[1], "t = 0", "for i in range(%d):" % n] + indent([
        "if i == %d:" % (n - g.between(2, 50)), "    a = %s" % left, "    b = %s" % right,
        "r = a %s b" % op, "t = t + 1",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, repr(r))" % g.label])
    return g.scoped(body, ["a", "b", "t", "i", "r"])


# --- builtins -------------------------------------------------------------------------

BUILTIN_GRIDS = [
    ("round(x, n)", ["2.675", "1234.5678", "-0.5", "0.5", "1.5", "2.5", "1e20", "-123456", "7", "10**20 + 5", "0.125"],
     ["None", "-3", "-1", "0", "1", "2", "5"]),
    ("divmod(x, n)", ["7", "-7", "7.5", "-7.5", "10**20", "-(2**63)", "0", "True"],
     ["2", "-2", "3.5", "-0.5", "10**10", "-1", "True"]),
    ("pow(x, n, 1000000007)", ["2", "3", "-5", "10**20", "0"], ["0", "1", "5", "100", "2**64"]),
    ("pow(x, n)", ["2", "-2", "0.5", "-8", "10", "1.5"], ["0", "3", "-2", "10", "0.5", "-1"]),
    ("int(x, n)", ["'101'", "'-ff'", "'z'", "'0x1f'", "' 77 '", "'1_000'", "'0b11'", "'0o17'"],
     ["0", "2", "8", "16", "36"]),
    ("min(x, n)", ["1", "1.0", "True", "-0.0", "0", "2**64", "-2.5", "'a'"], ["1", "0.0", "False", "2**63", "-3"]),
    ("max(x, n)", ["1", "1.0", "True", "-0.0", "0", "2**64", "-2.5"], ["1", "0.0", "False", "2**63", "-3"]),
    ("isinstance(x, n)", ["1", "True", "1.5", "'s'", "None", "[1]", "(1,)", "{}", "2**64"],
     ["int", "bool", "float", "(int, float)", "(str, (list, tuple))", "((int,), str)", "(dict, type(None))",
      "object", "(bool, (float, (str, int)))"]),
    ("abs(x) + n", ["-3", "-2.5", "-(2**63)", "True", "-0.0", "-(10**20)"], ["0", "1", "0.5"]),
    ("str(x) + str(n)", ["1e16", "1e-5", "0.1 + 0.2", "2**64", "-0.0", "1/3", "1e300 * 10", "12345678.9"], ["''", "1", "2.0"]),
    ("float(x) + n", ["'1e5'", "' -0 '", "'inf'", "'1_0.5'", "'-nan'", "'.5'", "2**64", "True", "'1e-400'"], ["0", "1.5"]),
    ("sorted(x, reverse=n)", ["[3, 1.5, True, -2]", "'hello'", "[(2, 'a'), (1, 'b'), (1, 'a')]", "['b', 'B', 'a', '']",
                              "(3, 2, 2, 1)", "[2**64, -1, 1.5e19]"], ["True", "False"]),
    ("sum(x, n)", ["[0.1] * 10", "[1, 2.5, True]", "[2**63, 2**63]", "[]", "range(100)", "[1e100, 1, -1e100]"], ["0", "0.5", "-10"]),
    ("list(enumerate(x, n))", ["'abc'", "[None, 1.5]", "range(2)", "()"], ["0", "-2", "2**64", "2**63 - 2", "-(2**63) - 1"]),
    ("list(zip(x, n))", ["'abc'", "[1, 2]", "range(5)"], ["'xy'", "[None]", "range(0)", "(1.5, 2.5, 3.5)"]),
    ("len(x) + n", ["'h\\u00e9llo'", "[[]]", "{1: 2}", "range(10, 0, -3)", "(1,)", "''"], ["0", "1"]),
    ("bool(x) + n", ["0", "0.0", "-0.0", "''", "' '", "[]", "[0]", "None", "2**64", "range(0)", "{}", "float('nan')"], ["0", "1"]),
    ("chr(x) + chr(n)", ["65", "233", "0x1F600", "10", "97"], ["48", "0x4E2D", "32"]),
    ("ord(x) - n", ["'a'", "'\\u00e9'", "'\\u4e2d'", "'\\n'"], ["0", "97"]),
    ("hash(x) + n", ["1", "-1", "0", "-2", "2**61 - 1", "2**61", "-(2**61)", "2**64 + 3", "True", "(1, 2)", "(1, (2, 3))", "()"],
     ["0"]),
    ("min(x, key=n)", ["[3, -5, 2]", "['bb', 'a', 'ccc']", "[(1, 'z'), (0, 'y')]"], ["abs", "len", "str", "lambda v: -v if isinstance(v, int) else v"]),
    ("max(x, default=n)", ["[]", "[1, 2]", "''", "'ab'", "range(0)"], ["None", "-1", "'d'"]),
    ("type(x).__name__ + str(n)", ["1", "1.5", "None", "True", "'s'", "[]", "()", "{}", "range(1)", "2**64"], ["''"]),
]


def emit_builtins(g):
    call, xs, ns = g.pick(BUILTIN_GRIDS)
    xs = g.sample(xs, g.between(3, len(xs)))
    ns = g.sample(ns, g.between(2, len(ns)))
    good = []
    for x in xs:
        for n in ns:
            ok, value = evaluate(call, {"x": evaluate(x)[1], "n": evaluate(n)[1]})
            if ok and len(repr(value)) < 300:
                good.append((x, n))
    if not good:
        return ["print(%s, 'no args')" % g.label]
    reps = g.pick([1, 3, 50, 300])
    body = ["args = [%s]" % ", ".join("(%s, %s)" % p for p in good), "out = []",
            "for rep in range(%d):" % reps] + indent([
        "for x, n in args:", "    r = %s" % call, "    if rep == 0:", "        out.append(r)"]) + [
        "print(%s, %r, out)" % (g.label, call)]
    return g.scoped(body, ["args", "out", "rep", "x", "n", "r"])


def error_builtins(g):
    """A built-in that ran thousands of times with good arguments gets bad ones."""
    for call, xs, ns in g.sample(BUILTIN_GRIDS, len(BUILTIN_GRIDS)):
        bad, good = [], []
        for x in xs:
            for n in ns:
                ok, result = evaluate(call, {"x": evaluate(x)[1], "n": evaluate(n)[1]})
                if not isinstance(result, ComplexResult):
                    (good if ok else bad).append((x, n))
        if bad and good:
            break
    else:
        return ["print(%s, 'no error args')" % g.label]
    gx, gn = g.pick(good)
    bx, bn = g.pick(bad)
    reps = g.hot(1000, 5000)
    body = ["x = %s" % gx, "n = %s" % gn, "for i in range(%d):" % reps] + indent([
        "if i == %d:" % (reps - g.between(2, 30)), "    x = %s" % bx, "    n = %s" % bn,
        "r = %s" % call, "if i %% %d == 0:" % g.every(reps), "    print(%s, i, repr(r))" % g.label])
    return g.scoped(body, ["x", "n", "i", "r"])


# --- range_ops ------------------------------------------------------------------------

RANGE_BOUNDS = ["0", "1", "-1", "5", "-7", "100", "2**63 - 3", "2**63", "2**63 + 2", "-(2**63) - 1",
                "2**64", "10**20", "-(10**20)", "2**62"]
RANGE_STEPS = ["1", "-1", "2", "-3", "7", "2**62", "2**63", "-(2**64)"]
SLICES = ["[::2]", "[1:-1]", "[::-1]", "[-3:]", "[2:100:3]", "[::-2]", "[5:1:-1]", "[-100:100]",
          "[1:2**64]", "[:-2**64]", "[::2**63]", "[3:3]"]


RANGE_QUERIES = ["len(r)", "r[0]", "r[-1]", "r[1]", "r[-2]", "list(r[:3])", "0 in r", "5 in r", "2**63 in r",
                 "10**20 in r", "-1 in r", "r.count(5)", "r.index(r[0])", "bool(r)", "r == r", "r == range(0)",
                 "r.start", "r.stop", "r.step", "repr(r)", "list(reversed(r[:4]))", "r[len(r) // 2]",
                 "min(r[:5])", "max(r[:5])", "sum(r[:10])", "r[2**63 - 1]" ]


def emit_range_ops(g):
    """Queries on ranges with big bounds; each kept only if python3 answers it cheaply."""
    lines = []
    for k in range(g.between(2, 5)):
        start, stop, step = g.pick(RANGE_BOUNDS), g.pick(RANGE_BOUNDS), g.pick(RANGE_STEPS)
        literal = "range(%s, %s, %s)" % (start, stop, step)
        _, r = evaluate(literal)
        queries = [q for q in g.sample(RANGE_QUERIES + ["r%s" % sl for sl in SLICES], 14)
                   if evaluate(q, {"r": r})[0] and len(repr(evaluate(q, {"r": r})[1])) < 200]
        name = "r%d_%s" % (k, g.tag)
        lines += ["%s = %s" % (name, literal),
                  "print(%s, %s)" % (g.label, ", ".join(_with_name(q, name) for q in queries) or "0"),
                  "n_%s = 0" % g.tag,
                  "for k_%s in %s:" % (g.tag, name),
                  "    n_%s = n_%s + 1" % (g.tag, g.tag),
                  "    if n_%s == 30:" % g.tag,
                  "        break",
                  "print(%s, n_%s)" % (g.label, g.tag)]
    n = g.hot(1000, 20000)
    start = g.pick(["0", "2**63 - 500", "-(2**63) - 10", "10**20", "-5", "9223372036854775000"])
    step = g.pick(["1", "-1", "3", "-7"])
    stop = "%s + %d * (%s)" % (start, n, step)
    body = ["t = 0", "last = None", "for v in range(%s, %s, %s):" % (start, stop, step)] + indent([
        "t = t + v % 1000", "last = v"]) + ["print(%s, t, last)" % g.label]
    return lines + g.scoped(body, ["t", "v", "last"])


def _with_name(query, name):
    return re.sub(r"\br\b", name, query)


def error_range_ops(g):
    bad = g.pick(["len(range(0, 2**64))", "range(0, 10, 0)", "range(1.5)", "range(10)[10]",
                  "range(2**64)[2**64]", "range('a')", "range(5)[::0]"])
    n = g.hot(1000, 4000)
    body = ["t = 0", "for i in range(%d):" % n] + indent([
        "t = t + len(range(i, 2 * i + 1, 2)) + range(i + 1)[-1]",
        "if i == %d:" % (n - g.between(2, 40)), "    t = t + %s" % bad,
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label])
    return g.scoped(body, ["t", "i"])


# --- float_special --------------------------------------------------------------------

def emit_float_special(g):
    piece = g.pick(["arith", "compare_loop", "containers", "hash", "format"])
    vals = "[float('inf'), float('-inf'), float('nan'), -0.0, 0.0, 1.5, -2.0, 1e308, 5e-324]"
    if piece == "arith":
        return ["sp_%s = %s" % (g.tag, vals), "for a in sp_%s:" % g.tag] + indent([
            "print(%s, a, a + 1, a * 2, -a, a * 0, a - a, 1 / a if a else 'zero', a == a, a != a, a < 1, a > -1, abs(a))" % g.label])
    if piece == "compare_loop":
        n = g.hot(1000, 8000)
        body = ["vals = %s" % vals, "best = -1e309", "lo = 1e309", "t = 0", "for i in range(%d):" % n] + indent([
            "v = vals[i %% 9] if i > %d else i * 0.5" % g.switch_at(n),
            "if v > best:", "    best = v", "if v < lo:", "    lo = v",
            "if v == v:", "    t = t + 1",
            "if i %% %d == 0:" % g.every(n), "    print(%s, i, best, lo, t)" % g.label])
        return g.scoped(body, ["vals", "best", "lo", "t", "i", "v"], result="best, lo, t")
    if piece == "containers":
        return ["nan_%s = float('nan')" % g.tag,
                "print(%s, nan_%s in [nan_%s], float('nan') in [1.0], [nan_%s] == [nan_%s], (nan_%s,) == (float('nan'),))" % (
                    (g.label,) + (g.tag,) * 5),
                "d_%s = {nan_%s: 1, 0.0: 2}" % (g.tag, g.tag),
                "d_%s[-0.0] = 3" % g.tag,
                "d_%s[float('nan')] = 4" % g.tag,
                "print(%s, len(d_%s), d_%s.get(nan_%s), d_%s.get(0), list(d_%s.values()))" % ((g.label,) + (g.tag,) * 5),
                "print(%s, sorted([3.0, nan_%s, 1.0, -1.0]), min([nan_%s, 1.0]), max([1.0, nan_%s]), sorted([2.0, float('inf'), -0.0, 0.0]))" % (
                    (g.label,) + (g.tag,) * 3)]
    if piece == "hash":
        return ["print(%s, hash(1.0) == hash(1), hash(0.5), hash(-0.0), hash(1e100), hash(2.0**64) == hash(2**64), hash(float('inf')), hash(-1.5), hash(1e-300))" % g.label]
    return ["for v_%s in %s:" % (g.tag, vals)] + indent([
        "print(%s, f'{v_%s:.3f} {v_%s:e} {v_%s:g} {v_%s:+} {v_%s!r} {v_%s:10.2f}|', str(v_%s), round(v_%s, 2) if v_%s == v_%s and abs(v_%s) != float('inf') else 'x')" % (
            (g.label,) + (g.tag,) * 11)])


def error_float_special(g):
    bad = g.pick(["int(float('nan'))", "int(float('inf'))", "round(float('inf'))", "1e308 ** 2",
                  "float('inf') // 0.0", "divmod(1.0, 0.0)", "10**400 * 1.0", "float(10**400)"])
    n = g.hot(1000, 4000)
    body = ["t = 0.0", "for i in range(%d):" % n] + indent([
        "t = t + i * 0.25", "if i == %d:" % (n - g.between(2, 30)), "    t = t + %s" % bad,
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label])
    return g.scoped(body, ["t", "i"])
