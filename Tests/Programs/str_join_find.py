# join over lists and tuples (the one-pass path) with ASCII and wide separators and items, and
# find, in, rfind and count over ASCII (memmem) and wide text, with bounds.
print("-".join(["a", "b", "c"]), "".join([]), ",".join(["only"]), "é".join(["x", "y"]), "".join(("ü", "a")))
print("ab".join(["x"] * 5), "-".join("abc"), " ".join([str(i) for i in range(5)]), "-".join(["é"]))
s = "the quick brown fox jumps over the lazy dog " * 3
for w in ["fox", "dog!", "lazy d", "zzz", "the", "", "g ", s, s + "x"]:
    print(w in s, s.find(w), s.find(w, 5), s.find(w, 5, 20), s.rfind(w), s.count(w) if w else 0, s.index(w) if w in s else -9)
u = "héllo wörld héllo"
for w in ["héllo", "wö", "x", "llo"]:
    print(w in u, u.find(w), u.find(w, 3), u.rfind(w))
