# Checks printf-style formatting (str % values) over a grid of conversions, flags, widths and values.
fmts = ["%s", "%5s", "%-5s|", "%.1s", "%5.1s", "%05s", "%r", "%a", "%c", "%5c", "%-3c|", "%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "%-+5d|", "%.3d", "%08.3d", "%i", "%u", "%x", "%#x", "%#08x", "%X", "%#X", "%o", "%#o", "%#5o", "%.2x", "%#.3x", "%e", "%E", "%.2e", "%#.0e", "%f", "%.0f", "%#.0f", "%10.4f", "%-10.2f|", "%+.1f", "% 08.2f", "%g", "%G", "%#g", "%.3g", "%10.3G", "%%", "%ld", "%hd", "%5.2s|"]
vals = [0, 1, -1, 7, -42, 255, 3.5, -0.0, 2.5, 1e20, -1.5e-7, 12345.678, True, 2**70, -2**65, "A", "héllo", "ab", float("inf"), float("nan"), None, [1, "x"], (1,), {"k": "v"}]
for f in fmts:
    row = []
    t = f.rstrip("|")[-1]
    for v in vals:
        ok = True
        if t in "dixXou" and not isinstance(v, (int, float)):
            ok = False
        if t in "xXo" and isinstance(v, float):
            ok = False
        if t in "eEfFgG" and not isinstance(v, (int, float)):
            ok = False
        if t in "dixXou" and isinstance(v, float) and (v != v or v in [float("inf")]):
            ok = False
        if t == "c" and not (isinstance(v, int) and 0 <= v < 0x110000 or isinstance(v, str) and len(v) == 1):
            ok = False
        if t == "%":
            row.append(f % ())
        elif ok:
            row.append(f % (v,))
        else:
            row.append("-")
    print(repr(f), row)
print("%s and %r, %d%% of %5.1f" % ("x", "y", 50, 2.25), "%(a)s-%(b)05d" % {"a": [1], "b": 3}, "%(a)s%%" % {"a": 1})
print("%*d|%-*d|%.*f" % (5, 1, 4, 2, 2, 3.14159), "abc" % (), "abc" % {}, "abc" % [1], "%s" % [1, 2], "%s" % {"a": 1})
print("%s %s" % ("a", "b"), "%c%c" % (104, "i"), "%(x)s %(x)r" % {"x": "q"})
