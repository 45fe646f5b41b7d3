# Checks dict insertion order, overwrite keeping position, delete and re-insert moving to end.
d = {}
d["b"] = 1
d["a"] = 2
d["c"] = 3
print(d, list(d), list(d.keys()), list(d.values()), list(d.items()))
d["b"] = 10
print(d)
del d["b"]
d["b"] = 20
print(d)
print(d.pop("a"), d)
d["a"] = 0
print(d, len(d))
for k in d:
    print(k, d[k])
for k, v in d.items():
    print(k, "->", v)
print(d.keys(), d.values(), d.items())
e = {3: "x", 1: "y", 2: "z"}
print(e, sorted(e), sorted(e.items()), list(reversed(list(e))))
e.update({1: "Y", 4: "w"})
e.update([(0, "zero")])
print(e)
print(e.setdefault(3, "no"), e.setdefault(9, "nine"), e.setdefault(10), e)
f = e.copy()
f[3] = "changed"
print(e[3], f[3], e == f, e == e.copy())
f.clear()
print(f, len(f), bool(f))
print(e.get(1), e.get(99), e.get(99, "dflt"), e.pop(99, "gone"), 4 in e, "4" in e)
print({"x": 1, "y": 2} == {"y": 2, "x": 1}, dict([("a", 1)]), dict({"z": 0}))
