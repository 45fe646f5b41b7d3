# Checks list methods: append pop insert extend remove index count reverse sort copy clear.
xs = [5, 3, 8]
xs.append(1)
xs.insert(0, 10)
xs.insert(100, 20)
xs.insert(-1, 30)
xs.insert(-100, 40)
print(xs)
print(xs.pop(), xs.pop(0), xs.pop(-2), xs)
xs.extend([7, 7])
xs.extend((6,))
xs.extend("ab")
xs.extend(range(2))
print(xs, len(xs))
xs.remove(7)
xs.remove("a")
print(xs, xs.index(7), xs.index(0), xs.count(7), xs.count(42))
xs.remove("b")
xs.reverse()
print(xs)
xs.sort()
print(xs)
xs.sort(reverse=True)
print(xs)
words = ["banana", "Apple", "cherry", "fig", "date"]
words.sort()
print(words)
def lower(s):
    return s.lower()
words.sort(key=lower)
print(words)
words.sort(key=len)
print(words)
words.sort(key=len, reverse=True)
print(words)
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
pairs.sort()
print(pairs)
def second(p):
    return p[1]
pairs.sort(key=second)
print(pairs)
ys = xs.copy()
xs.clear()
print(xs, ys, len(xs))
print([1, 2, 3].index(3), [1, 2, 1].index(1, 1), [].count(0), [[1], [1]].count([1]))
zs = [3, 1, 2]
print(zs.sort(), zs, zs.reverse(), zs, zs.append(0), zs)
mixed = [3, 1.5, True, -2, 0.0]
mixed.sort()
print(mixed)
del zs[0]
print(zs)
del zs[-1]
print(zs)
