"""Control flow whose direction changes after warm-up: branch_flip.

A trace records the way each branch went while it was hot; a branch that later goes the
other way leaves through a side exit, and a side exit taken often grows a side trace.
"""
from .source import indent


def _flipping_if(g):
    n = g.hot(1000, 20000)
    s = g.switch_at(n)
    cond = g.pick(["i < %d" % s, "i >= %d" % s, "i %% %d == 0 or i > %d" % (g.between(2, 9), s),
                   "(i > %d) == (i %% 2 == 0)" % s, "not (i < %d and i %% 3)" % s])
    body = ["a = 0", "b = 0", "c = 0", "for i in range(%d):" % n] + indent([
        "if %s:" % cond, "    a = a + i", "else:", "    b = b + i * 2",
        "c = c + (1 if a > b else -1)",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, a, b, c)" % g.label])
    return g.scoped(body, ["a", "b", "c", "i"], result="a, b, c")


def _truthiness_flip(g):
    """and/or/not over values whose truthiness (and type) changes."""
    n = g.hot(1000, 12000)
    values = g.sample(["0", "1", "''", "'x'", "[]", "[0]", "None", "0.0", "-1.5", "2**64",
                       "()", "{}", "False", "True"], g.between(3, 6))
    body = ["vals = [%s]" % ", ".join(values), "t = 0", "for i in range(%d):" % n] + indent([
        "v = vals[0] if i < %d else vals[i %% %d]" % (g.switch_at(n), len(values)),
        "w = v or i", "u = v and i", "t = t + (1 if not v else 2) + len(str(w)) + len(str(u))",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, w, u)" % g.label])
    return g.scoped(body, ["vals", "t", "i", "v", "w", "u"], result="t")


def _loop_exits(g):
    """break, continue and loop-else at iterations that move between outer rounds."""
    rounds = g.pick([20, 100, 300])
    inner = g.pick([10, 40, 100])
    body = ["t = 0", "for r in range(%d):" % rounds] + indent([
        "for j in range(%d):" % inner] + indent([
            "if j == r %% %d:" % inner, "    break",
            "if (j + r) % 3 == 0:", "    continue",
            "t = t + j"]) + [
        "else:", "    t = t + 1000",
        "k = 0", "while k < r % 7:", "    k = k + 1",
        "    if k == 5:", "        break", "else:", "    t = t - 1",
        "if r %% %d == 0:" % max(1, rounds // 6), "    print(%s, r, t, k)" % g.label])
    return g.scoped(body, ["t", "r", "j", "k"], result="t")


def _early_return(g):
    f = g.n("find")
    n = g.pick([200, 1000, 3000])
    lines = ["def %s(seq, target):" % f] + indent([
        "for idx in range(len(seq)):", "    if seq[idx] == target:", "        return idx",
        "    if seq[idx] is None:", "        return -2",
        "return -1"])
    body = ["seq = list(range(30)) + [None, 'x', 2.5]", "t = 0", "for i in range(%d):" % n] + indent([
        "t = t + %s(seq, i %% %d)" % (f, g.pick([25, 40, 31])),
        "if i == %d:" % g.between(1, n - 1), "    seq[5] = 2.5",
        "if i %% %d == 0:" % max(1, n // 5), "    print(%s, i, t)" % g.label])
    return lines + g.scoped(body, ["seq", "t", "i"], result="t")


def emit_branch_flip(g):
    return g.pick([_flipping_if, _truthiness_flip, _loop_exits, _early_return])(g)
