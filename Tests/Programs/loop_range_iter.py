# Checks range with negative steps, enumerate/zip/reversed/sorted in loops.
print(list(range(10, 0, -1)), list(range(10, 0, -3)), list(range(0, 10, -1)), list(range(-1, -10, -2)))
print(list(range(5, 5)), list(range(-3, 3)), len(range(0, 100, 7)), len(range(10, 0, -3)))
print(range(10)[3], range(10, 0, -2)[1], 5 in range(10), 10 in range(10), 4 in range(0, 10, 2), 3 in range(0, 10, 2))
for i in range(3, -4, -2):
    print(i, end=",")
print()
for i, c in enumerate("xyz"):
    print(i, c, end=";")
print()
for i, c in enumerate("xyz", 10):
    print(i, c, end=";")
print()
print(list(enumerate(["a", "b"], -1)))
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1], [2], [3])), list(zip(range(3), range(3, 6))))
names = ["b", "a", "c"]
ages = [30, 25, 35]
for name, age in zip(names, ages):
    print(name, age)
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(5))), list(reversed((1, 2))))
for x in reversed(range(0, 10, 3)):
    print(x, end=" ")
print()
print(sorted([3, 1, 2]), sorted("cab"), sorted([3, 1, 2], reverse=True), sorted({"b": 1, "a": 2}))
def neg(x):
    return -x
print(sorted([5, -1, 3], key=neg), sorted(["bb", "a", "ccc"], key=len, reverse=True), sorted([]))
print(sorted([(1, "b"), (1, "a"), (0, "z")]), sorted([2.5, 1, True, 0]))
data = [("x", 3), ("y", 1), ("z", 2)]
def by_val(p):
    return p[1]
for name, val in sorted(data, key=by_val):
    print(name, val)
print(any([0, "", None]), any([0, 1]), all([1, "a"]), all([1, 0]), any([]), all([]))
print(any([x > 3 for x in [1, 5]]), all([x > 0 for x in range(1, 4)]))
print(min([3, 1, 2]), max("hello"), min(4, 2, 8), max([1, 5], [2, 0]), min(["bb", "a", "ccc"], key=len), max("a", "bb", "c", key=len))
print(sum(range(10)), sum([[1] == [1]]), len(range(-5, 5)), len("abc"), len([1, [2, 3]]), len({}))
total = 0
for v in range(1, 101):
    total += v
print(total)
