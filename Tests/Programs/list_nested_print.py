# Checks printing of nested containers, recursive lists, tuples and empty containers.
a = [1, 2]
a.append(a)
print(a)
print(len(a), a[2] is a, a[2][2][0])
b = [[]]
b[0].append(b)
print(b)
d = {"k": 1}
d["self"] = d
print(d)
print([], (), {}, [()], ((),), [[], [[]]], (1,), (1, 2), ((1,),))
print([None, True, False, 1.0, "s", (1, "t")], {1: [2, {3: (4,)}]})
print((1, [2, 3], {"a": (None,)}), [[1, 2], [3, [4, [5, [6]]]]])
print(str([1, "x"]), repr(("a", 'b"')), str(("a",)))
print(list(range(5)), list(range(0)), range(3), range(1, 10, 2), range(-5, 0))
print(tuple([1, 2]), list((3, 4)), list("hi"), tuple(range(3)), dict([(1, 2), (3, 4)]))
print(list({"x": 1, "y": 2}), tuple({"k": 0}.items()), list(enumerate("ab")))
