# `in` on a dict specialises to CONTAINS_OP_DICT; other containers, other key kinds and
# `not in` must still give python3's answers, before, during and after specialisation.
counts = {"a": 1, "b": 2, 3: "three"}
hits = 0
misses = 0
for i in range(200):
    key = "a" if i % 3 == 0 else ("z" if i % 3 == 1 else 3)
    if key in counts:
        hits += 1
    if key not in counts:
        misses += 1
print(hits, misses)

# The container changes kind midway: a list, then a string, then a dict again.
found = 0
containers = [counts] * 50 + [["a", 3]] * 20 + ["abc"] * 20 + [counts] * 10
for c in containers:
    if "a" in c:
        found += 1
print(found)


class Key:
    def __init__(self, n):
        self.n = n

    def __hash__(self):
        return self.n % 7

    def __eq__(self, other):
        return isinstance(other, Key) and other.n == self.n


# Keys of a class with __hash__ and __eq__, and floats and bools that equal ints.
table = {Key(1): "one", Key(8): "eight", 2: "two"}
seen = []
for i in range(60):
    probe = Key(i % 10) if i % 2 == 0 else (2.0 if i % 3 == 0 else True)
    seen.append(probe in table)
print(seen.count(True), seen.count(False))
print(Key(8) in table, 2.0 in table, True in table, 1 in {True: 0}, 0 in {False: 0})


def membership(d, keys):
    total = 0
    for k in keys:
        total += k in d
    return total


words = {w: len(w) for w in ["tier", "scope", "trace", "guard", "exit"]}
for _ in range(30):
    n = membership(words, ["tier", "jit", "trace", "exit", "side"])
print(n, membership(words, list(words)), membership({}, ["a"]))
