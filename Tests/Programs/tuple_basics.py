# Checks tuple creation, indexing, count/index, comparison, concatenation and immutability-sharing.
t = (3, 1, 4, 1, 5, 9, 2, 6)
print(t, len(t), t[0], t[-1], t[2:5], t.count(1), t.index(5), t.index(1, 2))
print((1,), (), tuple(), (1, 2) + (3,), (0,) * 3, 1, (1), ((1)), (1,) * 0)
e = 1, 2, 3
print(e, type(e), type(()), type((1)))
print((1, 2) == (1, 2), (1, 2) < (1, 3), (1, 2) < (1, 2, 3), (2,) > (1, 100), () < (0,))
print((1, "a") == (1, "a"), (1, 2) != (2, 1), (1, 2.0) == (1, 2))
print(3 in t, 7 in t, 7 not in t, max(t), min(t), sum(t), sorted(t))
print(tuple(sorted(t, reverse=True)), tuple(reversed(t)))
u = (1, [2, 3])
u[1].append(4)
print(u)
for i, x in enumerate(("a", "b")):
    print(i, x)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], len(nested), nested[::-1])
print(tuple("abc"), tuple([]), tuple(range(2, 5)), repr((None,)), str(("a", 1)))
