# Checks dict key equality across int/float/bool, tuple keys, and nested dicts.
d = {}
d[1] = "int"
d[1.0] = "float"
d[True] = "bool"
print(d, len(d))
d2 = {True: "a", 1: "b", 1.0: "c"}
print(d2)
d3 = {0: "zero"}
print(d3[False], d3[0.0], d3.get(-0.0), 0 in d3, False in d3)
print({1.5: 1, 2: 2}[1.5], {2 ** 70: "big"}[2 ** 70], {"": "empty"}[""])
grid = {}
for x in range(3):
    for y in range(2):
        grid[(x, y)] = x * 10 + y
print(grid)
print(grid[(2, 1)], grid[1, 0], (1, 1) in grid, (5, 5) in grid)
key = (1, ("nested", 2))
g = {key: "deep", None: "none", (): "unit", -1: "neg"}
print(g[(1, ("nested", 2))], g[None], g[()], g[-1], g)
nested = {"a": {"b": {"c": [1, 2, {"d": None}]}}}
print(nested["a"]["b"]["c"][2], nested)
nested["a"]["b"]["e"] = "new"
nested["a"]["x"] = {}
print(nested)
counts = {}
for w in ["a", "b", "a", "c", "a", "b"]:
    counts[w] = counts.get(w, 0) + 1
print(counts)
inv = {}
for k, v in counts.items():
    inv.setdefault(v, []).append(k)
print(inv)
m = {"n": 1}
m["n"] += 5
m["n"] *= 2
print(m)
print({1: "a", 2: "b"} == {2: "b", 1: "a"}, {1: 1} == {1.0: 1}, {"a": [1]} != {"a": [1]})
