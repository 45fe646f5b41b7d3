# Checks start/end/maxsplit of str find/rfind/index/rindex/count/startswith/endswith/split/rsplit and list/tuple index.
bounds = [None, -4, -1, 0, 1, 3, 4, 2**70, -2**70]


def code(v):
    if v is True:
        return "T"
    if v is False:
        return "F"
    return str(v)


for t in ["abc", "", "aXbXXc", "\u00e9\u00e9a"]:
    for n in ["", "a", "XX", "c", "\u00e9"]:
        for name in ["find", "rfind", "count", "startswith", "endswith", "index", "rindex"]:
            out = []
            for a in bounds:
                for b in bounds:
                    if name == "find":
                        out.append(code(t.find(n, a, b)))
                    elif name == "rfind":
                        out.append(code(t.rfind(n, a, b)))
                    elif name == "count":
                        out.append(code(t.count(n, a, b)))
                    elif name == "startswith":
                        out.append(code(t.startswith(n, a, b)) + code(t.startswith(("zz", n), a)))
                    elif name == "endswith":
                        out.append(code(t.endswith(n, a, b)) + code(t.endswith((n, "zz"), a)))
                    elif name == "index":
                        out.append(code(t.index(n, a, b)) if t.find(n, a, b) >= 0 else "-")
                    else:
                        out.append(code(t.rindex(n, a, b)) if t.rfind(n, a, b) >= 0 else "-")
            print(name, repr(t), repr(n), "".join(out) if name in ["startswith", "endswith"] else " ".join(out))
for w in ["  a b  ", " a  b ", "a,b,,c,", "", "   "]:
    for sep in [None, " ", ",", "b"]:
        out = []
        for m in [-1, 0, 1, 2, 10]:
            out.append(str(w.split(sep, m)) + str(w.rsplit(sep, maxsplit=m)))
        print(repr(w), repr(sep), " ".join(out))
for seq in [[1, 2, 1, 3, 1], (1, 2, 1, 3, 1)]:
    out = []
    for a in [-10, -3, -1, 0, 1, 3, 6, 2**70, -2**70]:
        for b in [-10, -3, -1, 0, 2, 4, 6, 2**70, -2**70]:
            found = 1 in seq[a:b]
            out.append(str(seq.index(1, a, b)) if found else "-")
    print(type(seq).__name__, " ".join(out), seq.count(1), seq.index(3, -2), seq.index(1, 2**70 - 2**70 + 1))
