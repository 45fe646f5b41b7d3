# Operator and protocol methods of user classes: comparisons, arithmetic with reflected and in-place forms, NotImplemented, hashing, len, truth, subscripts, membership and iteration, in hot loops too.
class V:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        if not isinstance(other, V):
            return NotImplemented
        return self.x == other.x and self.y == other.y

    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)

    def __le__(self, other):
        return (self.x, self.y) <= (other.x, other.y)

    def __add__(self, other):
        if isinstance(other, V):
            return V(self.x + other.x, self.y + other.y)
        if isinstance(other, int):
            return V(self.x + other, self.y + other)
        return NotImplemented

    def __radd__(self, other):
        return self.__add__(other)

    def __sub__(self, other):
        return V(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return V(self.x * k, self.y * k)

    def __rmul__(self, k):
        return V(self.x * k, self.y * k)

    def __neg__(self):
        return V(-self.x, -self.y)

    def __abs__(self):
        return self.x * self.x + self.y * self.y

    def __repr__(self):
        return f"V({self.x}, {self.y})"


class Hashed(V):
    def __hash__(self):
        return hash((self.x, self.y))


print(V(1, 2) == V(1, 2), V(1, 2) != V(1, 2), V(1, 2) == V(2, 1), V(1, 2) != 3, V(1, 2) == "a")
print(V(1, 2) < V(1, 3), V(2, 0) > V(1, 9), V(1, 1) <= V(1, 1), V(1, 1) >= V(1, 2))
print(V(1, 2) + V(3, 4), V(1, 2) + 10, 10 + V(1, 2), V(5, 5) - V(1, 2), V(1, 2) * 3, 3 * V(1, 2))
print(-V(1, 2), abs(V(3, 4)), sum([V(1, 1), V(2, 2), V(3, 3)], V(0, 0)), sum([V(1, 1), V(2, 2)]))
print(sorted([V(3, 1), V(1, 2), V(2, 0), V(1, 1)]), max([V(3, 1), V(1, 2)]), min(V(3, 1), V(1, 2)))
print(V(1, 2) in [V(0, 0), V(1, 2)], [V(1, 2), V(1, 2), V(3, 3)].count(V(1, 2)), [V(5, 5), V(1, 2)].index(V(1, 2)))
v = V(1, 1)
v += V(1, 1)
v += 5
print(v)
d = {Hashed(1, 2): "a", Hashed(3, 4): "b"}
print(d[Hashed(1, 2)], Hashed(3, 4) in d, Hashed(9, 9) in d, hash(Hashed(1, 2)) == hash((1, 2)))


class Bag:
    def __init__(self, items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __setitem__(self, i, v):
        self.items[i] = v

    def __delitem__(self, i):
        del self.items[i]

    def __contains__(self, v):
        return v in self.items

    def __iter__(self):
        return iter(self.items)

    def __str__(self):
        return "Bag" + str(self.items)


b = Bag([3, 1, 2])
print(len(b), b[0], b[-1], b[0:2], 2 in b, 9 in b, 9 not in b, bool(b), bool(Bag([])))
b[1] = 10
del b[0]
print(b, list(b), sorted(b), [x * 2 for x in b], sum(b))
if Bag([]):
    print("empty bag is true?")
else:
    print("empty bag is false")
for x in b:
    print("item", x)


class Flag:
    def __init__(self, on):
        self.on = on

    def __bool__(self):
        return self.on


print([bool(Flag(True)), bool(Flag(False)), not Flag(False)], any([Flag(False), Flag(True)]), all([Flag(True), Flag(False)]))
print(NotImplemented)
n = 0
for i in range(2000):
    if Flag(i % 3 == 0):
        n += 1
    if Bag(range(i % 4)):
        n += 100
print(n)
total = V(0, 0)
for i in range(3000):
    total = total + V(i, 1)
    if total == V(-1, -1):
        print("never")
print(total)


class Base:
    def __eq__(self, other):
        return "base-eq"


class Derived(Base):
    def __eq__(self, other):
        return "derived-eq"


print(Base() == Derived(), Derived() == Base(), Base() == 1)


class OnlyEq:
    def __eq__(self, other):
        return True


print(OnlyEq() == 5, OnlyEq() != 5)


class Loud:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return "" if self.n % 2 else "equal"

    def __lt__(self, other):
        return self.n


hits = 0
for i in range(3000):
    if Loud(i) == Loud(0):
        hits += 1
    if Loud(i % 3) < Loud(0):
        hits += 1000
print(hits, Loud(2) == 1, Loud(3) < 1)
