"""Strings: str_methods, str_slicing, fstring, str_format and percent_format."""
from .source import indent
from .values import evaluate

SUBJECTS = ["''", "'a'", "'abcab'", "'aaaa'", "'xyzzy xy'", "'h\\u00e9llo w\\u00f6rld'", "'  a b  c '",
            "'a,b,,c,'", "'abab'", "' '", "'\\ta\\nb '", "'Stra\\u00dfe'", "'MiXeD cAsE 42'"]
NEEDLES = ["''", "'a'", "'ab'", "'zz'", "'y'", "' '", "','", "'\\u00e9'", "'bab'"]
BOUNDS = ["None", "-100", "-10", "-3", "-1", "0", "1", "2", "4", "10", "100", "2**64", "-(2**64)"]
MAXSPLITS = ["-2", "-1", "0", "1", "2", "5"]
SEPS = ["None", "' '", "'a'", "'ab'", "','", "'  '"]
CHARS = ["None", "' '", "'ab'", "''", "'a '", "'\\t\\n '"]
WIDTHS = ["-1", "0", "3", "8", "13"]


def _bounded_search(g):
    method = g.pick(["find", "rfind", "count", "startswith", "endswith", "index", "rindex"])
    subjects = g.sample(SUBJECTS, g.between(2, 4))
    needles = g.sample(NEEDLES, g.between(2, 4))
    if method in ("startswith", "endswith") and g.chance(0.3):
        needles.append("('zz', 'a', '')")
    bounds = g.sample(BOUNDS, g.between(3, 6))
    call = "s.%s(sub, st, en)" % method
    if method in ("index", "rindex"):
        # only the combinations that find the needle; failures are left to the error blocks
        finder = "find" if method == "index" else "rfind"
        call = "s.%s(sub, st, en) if s.%s(sub, st, en) >= 0 else -9" % (method, finder)
    variant = g.pick(["full", "start_only", "no_bounds"])
    if variant == "start_only":
        call = call.replace(", st, en)", ", st)")
    elif variant == "no_bounds":
        call = call.replace(", st, en)", ")")
    body = ["subs = [%s]" % ", ".join(needles), "bounds = [%s]" % ", ".join(bounds),
            "for s in [%s]:" % ", ".join(subjects)] + indent([
        "out = []", "for sub in subs:"] + indent([
            "for st in bounds:"] + indent(["for en in bounds:", "    out.append(%s)" % call])) + [
        "print(%s, repr(s), %r, out)" % (g.label, method)])
    return g.scoped(body, ["subs", "bounds", "s", "out", "sub", "st", "en"])


def _split_grid(g):
    method = g.pick(["split", "rsplit"])
    subjects = g.sample(SUBJECTS, g.between(2, 4))
    seps = g.sample(SEPS, g.between(2, 4))
    splits = g.sample(MAXSPLITS, g.between(2, 4))
    kw = g.chance(0.3)
    call = "s.%s(sep=sep, maxsplit=m)" % method if kw else "s.%s(sep, m)" % method
    body = ["for s in [%s]:" % ", ".join(subjects)] + indent([
        "for sep in [%s]:" % ", ".join(seps)] + indent([
            "for m in [%s]:" % ", ".join(splits), "    print(%s, repr(s), repr(sep), m, %s)" % (g.label, call)]) + [
        "print(%s, s.split(), s.rsplit(None), s.splitlines(), s.partition(' '), s.rpartition('a'))" % g.label])
    return g.scoped(body, ["s", "sep", "m"])


def _strip_pad_case(g):
    subjects = g.sample(SUBJECTS, g.between(2, 5))
    calls = g.sample([
        "s.strip(c)", "s.lstrip(c)", "s.rstrip(c)", "s.replace('a', 'XY', w - 4)", "s.replace('', '-', w)",
        "s.center(w, '*')", "s.ljust(w)", "s.rjust(w, '0')", "s.zfill(w)", "s.upper()", "s.lower()",
        "s.title()", "s.capitalize()", "s.swapcase()", "s.isdigit()", "s.isalpha()", "s.isalnum()",
        "s.isspace()", "s.isupper()", "s.islower()", "s.isnumeric()", "s.isdecimal()", "s.isidentifier()",
        "str.upper(s)", "str.strip(s, c)", "' '.join(s)", "s * (w % 3)", "s[::-1] == s",
    ], g.between(3, 8))
    body = ["for s in [%s]:" % ", ".join(subjects)] + indent([
        "for c in [%s]:" % ", ".join(g.sample(CHARS, 2))] + indent([
            "for w in [%s]:" % ", ".join(g.sample(WIDTHS, 2)),
            "    print(%s, repr(s), %s)" % (g.label, ", ".join(calls))]))
    return g.scoped(body, ["s", "c", "w"])


def _hot_string_methods(g):
    """String methods as hot call sites, including unbound ones reached through str."""
    n = g.hot(1000, 12000)
    words = g.sample(["'alpha'", "'beta'", "'Gamma'", "'delta,eps'", "''", "'a b c'", "'x1'", "'\\u00e9t\\u00e9'"], 4)
    uses = g.sample([
        "t = t + w.find('a', i % 4)", "t = t + w.count('a', -(i % 5))", "t = t + w.startswith('a', i % 3)",
        "t = t + len(w.split(',', i % 3))", "t = t + len(w.upper()) + len(str.lower(w))",
        "t = t + len(w.replace('a', '', i % 2))", "t = t + (w.rfind('a', 0, i % 6) + 1)",
        "t = t + len(' '.join([w, w]))", "t = t + len(w.strip('a'))", "t = t + w.endswith(('a', 'c'))",
        "t = t + len(fn(w))", "t = t + len(w.split(None, i % 3))", "t = t + len(w[i % 5:])",
    ], g.between(2, 4))
    body = ["words = [%s]" % ", ".join(words), "fn = str.upper", "t = 0", "for i in range(%d):" % n] + indent([
        "w = words[i % 4]"] + uses + [
        "if i == %d:" % g.switch_at(n), "    fn = %s" % g.pick(["str.lower", "str.title", "str.strip", "repr", "str"]),
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label])
    return g.scoped(body, ["words", "fn", "t", "i", "w"], result="t")


def emit_str_methods(g):
    return g.pick([_bounded_search, _bounded_search, _split_grid, _strip_pad_case, _hot_string_methods])(g)


def error_str_methods(g):
    bad = g.pick(["'abc'.index('z')", "'abc'.rindex('b', 2)", "'a b'.split('')", "'ab'.center(5, 'xy')",
                  "str.lower(5)", "str.upper(None)", "'x'.join([1, 2])", "'ab'.zfill('3')",
                  "'abc'.find(1)", "'abc'.startswith(['a'])", "'abc'.replace('a')", "'a'.strip(1)"])
    n = g.hot(1000, 4000)
    body = ["t = 0", "for i in range(%d):" % n] + indent([
        "t = t + 'banana'.find('an', i % 7)", "if i == %d:" % (n - g.between(2, 30)), "    t = %s" % bad,
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label])
    return g.scoped(body, ["t", "i"])


# --- str_slicing ----------------------------------------------------------------------

SLICE_BOUNDS = ["None", "-100", "-5", "-2", "-1", "0", "1", "3", "7", "100"]
SLICE_STEPS = ["None", "1", "2", "3", "-1", "-2", "-4"]


def emit_str_slicing(g):
    subject = g.pick(["'abcdefgh'", "'h\\u00e9llo'", "list(range(9))", "(1, 'b', 2.5, None, 5)", "range(2, 30, 3)",
                      "''", "[[0], [1]]"])
    starts = g.sample(SLICE_BOUNDS, g.between(3, 5))
    stops = g.sample(SLICE_BOUNDS, g.between(3, 5))
    steps = g.sample(SLICE_STEPS, g.between(2, 4))
    body = ["seq = %s" % subject, "for st in [%s]:" % ", ".join(steps)] + indent([
        "out = []", "for a in [%s]:" % ", ".join(starts)] + indent([
            "for b in [%s]:" % ", ".join(stops), "    out.append(seq[a:b:st])"]) + [
        "print(%s, st, out)" % g.label]) + [
        "print(%s, seq[:], seq[::], seq[-1:], seq[:-1], seq[len(seq):], seq[-len(seq) - 1:])" % g.label]
    if g.chance(0.5):
        n = g.hot(1000, 8000)
        body += ["t = 0", "for i in range(%d):" % n] + indent([
            "t = t + len(seq[i % 7:i % 11:1 + i % 3]) + len(seq[-(i % 5):])",
            "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, seq[i %% 4::i %% 3 + 1])" % g.label])
    return g.scoped(body, ["seq", "st", "out", "a", "b", "t", "i"])


# --- fstring --------------------------------------------------------------------------

FORMAT_VALUES = ["0", "7", "-42", "255", "123456789", "2**64", "-(10**20)", "True", "False", "3.14159",
                 "-0.0", "1e-7", "1e22", "2.5", "-1234.5678", "float('inf')", "float('nan')", "'abc'", "''",
                 "'h\\u00e9'", "None", "[1, 'a']", "(2,)"]
FORMAT_SPECS = ["", "5", "<6", "^7", ">8", "*^9", "+", "-", " ", "08", "+08", ",", "_", "x", "#x", "X", "#X",
                "o", "#o", "b", "#b", "c", "d", "5d", "e", ".3e", "E", "f", ".2f", "10.3f", "+.1f", ",.2f",
                "012.4f", "g", ".3g", "G", "%", ".1%", "s", ">10s", ".2", ".0f", "#", "=+9", "n"]


def _format_grid(g):
    values = g.sample(FORMAT_VALUES, g.between(3, 7))
    rows = []
    for value in values:
        ok_v, v = evaluate(value)
        specs = [s for s in g.sample(FORMAT_SPECS, 12) if evaluate("format(v, %r)" % s, {"v": v})[0]]
        if specs:
            rows.append((value, specs[:g.between(2, 6)]))
    lines = []
    for value, specs in rows:
        parts = "|".join("{v_%s:%s}" % (g.tag, spec) for spec in specs)
        conv = g.pick(["", "{v_%s!r}" % g.tag, "{v_%s!s:>6}" % g.tag, "{v_%s!r:^12}" % g.tag])
        lines += ["v_%s = %s" % (g.tag, value), "print(%s, f\"%s%s\")" % (g.label, parts, conv)]
    lines += ["w_%s = %d" % (g.tag, g.between(1, 12)), "p_%s = %d" % (g.tag, g.between(0, 5)),
              "print(%s, f\"{3.14159:{w_%s}.{p_%s}f}|{'ab':>{w_%s}}|{-7:{w_%s}}|{{literal}}\")" % (
                  (g.label,) + (g.tag,) * 4)]
    return lines


def _hot_fstring(g):
    n = g.hot(1000, 8000)
    spec = g.pick([">8", "<8", "^8", "", ">12", "*<5"])
    num_spec = g.pick([".2f", "8.3f", "e", "g", ",", "+", "08.1f"])
    new = g.pick(["i * 0.5", "str(i)", "i * 10**18", "None", "-i", "True"])
    body = ["v = 1", "t = 0", "for i in range(%d):" % n] + indent([
        "if i >= %d:" % g.switch_at(n), "    v = %s" % new, "else:", "    v = i",
        "s = f\"[{v:%s}] {v!r} {i:%s} {i * 1.5:%s}\"" % (spec, g.pick(["", "05", "x", ">6", "_"]), num_spec),
        "t = t + len(s)",
        "if i %% %d == 0:" % g.every(n), "    print(%s, i, t, s)" % g.label])
    return g.scoped(body, ["v", "t", "i", "s"], result="t")


def emit_fstring(g):
    return _format_grid(g) if g.chance(0.5) else _hot_fstring(g)


def error_fstring(g):
    bad = g.pick(["f'{v:d}'", "f'{v:x}'", "f'{v:,s}'", "f'{v:.2f}'", "f'{v:c}'", "f'{v:=}'", "f'{v:zz}'"])
    n = g.hot(1000, 4000)
    body = ["v = 1", "t = 0", "for i in range(%d):" % n] + indent([
        "v = %s if i == %d else i" % (g.pick(["'s'", "1.5", "None", "[1]", "-0.5", "2**64"]), n - g.between(2, 30)),
        "t = t + len(%s)" % bad, "if i %% %d == 0:" % g.every(n), "    print(%s, i, t)" % g.label])
    return g.scoped(body, ["v", "t", "i"])


# --- str_format and percent_format -------------------------------------------------------

def emit_str_format(g):
    a, b = g.pick(FORMAT_VALUES), g.pick(FORMAT_VALUES)
    templates = g.sample([
        "'{} {}'.format(a, b)", "'{0}{1}{0}'.format(a, b)", "'{1!r}:{0!s}'.format(a, b)",
        "'{x}-{y}'.format(x=a, y=b)", "'[{:>10}]'.format(str(a))", "'{{}} {}'.format(a)",
        "'{0:^9}|{1:<5}'.format(str(a), str(b))", "'{:.3f}'.format(1 / 7)", "'{:,}'.format(10**20)",
        "'{0[0]}'.format([a, b])", "'{:08.2f} {:+d}'.format(3.14159, 42)", "'{:#x} {:b}'.format(255, 5)",
    ], g.between(2, 5))
    n = g.pick([1, 100, 2000])
    body = ["a = %s" % a, "b = %s" % b, "t = 0", "for i in range(%d):" % n] + indent(
        ["t = t + len(%s)" % tmpl for tmpl in templates]) + [
        "print(%s, t, %s)" % (g.label, ", ".join(templates))]
    return g.scoped(body, ["a", "b", "t", "i"])


def emit_percent_format(g):
    cases = g.sample([
        "'%d' % 42", "'%5d|%-5d|' % (3, -4)", "'%s %r' % ('a', 'b')", "'%.2f' % 3.14159",
        "'%8.3e' % 12345.678", "'%x %X %o' % (255, 255, 8)", "'%%' % ()", "'%c' % 65",
        "'%(k)s=%(v)d' % {'k': 'key', 'v': 7}", "'%+.1f' % -0.05", "'%05.1f' % 2.5", "'%s' % [1, 2]",
        "'%s' % (None,)", "'%i' % 2**64", "'%g' % 1e-10", "'%10s|' % 'r'",
    ], g.between(2, 6))
    n = g.pick([1, 100, 2000])
    body = ["t = 0", "for i in range(%d):" % n] + indent(["t = t + len(%s)" % c for c in cases]) + [
        "print(%s, t, %s)" % (g.label, ", ".join(cases))]
    return g.scoped(body, ["t", "i"])
