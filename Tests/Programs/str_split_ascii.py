# split and rsplit of ASCII text (the byte-level fast path) against non-ASCII text (the general one):
# whitespace runs, the C0 separators CPython counts as space, maxsplit, and multi-character separators.
cases = ["", " ", "  a  b  ", "a,b,,c", ",", "a\tb\nc\x1cd\x1fe\x0bf", "x  y  z  ", "  lead", "no-space",
         "a--b--c", "--", "a-b", "héllo wörld"]
for c in cases:
    print(c.split(), c.split(None, 1), c.split(" "), c.split(","), c.split("--"), c.split("--", 1),
          c.rsplit(), c.rsplit(None, 1), c.rsplit("-"), c.split(" ", 0), c.split(maxsplit=0), c.split("b"))
