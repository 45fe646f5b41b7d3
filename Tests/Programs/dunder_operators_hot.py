# Operator methods of a class in hot loops: Tier 1 pushes the method's frame (BINARY_OP_PY_METHOD,
# COMPARE_OP_PY_METHOD) and traces follow into it. Each case below changes what the protocol must do
# after thousands of calls: a method that answers NotImplemented, an in-place method that declines, a
# subclass on the right that must be asked first, a method replaced on the class.


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(self.x + other.x, self.y + other.y)
        if other == 0:
            return self
        return NotImplemented

    def __radd__(self, other):
        return Vec(self.x + 1000, self.y + other)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __eq__(self, other):
        if not isinstance(other, Vec):
            return NotImplemented
        return self.x == other.x and self.y == other.y

    def __lt__(self, other):
        if self.x < 0:
            return NotImplemented
        return (self.x, self.y) < (other.x, other.y)

    def __gt__(self, other):
        return "gt:" + str(self.x)

    def __repr__(self):
        return "Vec(" + str(self.x) + ", " + str(self.y) + ")"


def walk(n):
    v = Vec(0, 0)
    step = Vec(1, 2)
    smaller = 0
    equal = 0
    for i in range(n):
        v = v + step
        w = v * 2 - step
        if w < Vec(3000 - i, 0):
            smaller += 1
        if v == Vec(i + 1, 2 * i + 2):
            equal += 1
        if v == i:
            equal += 100
    return v, smaller, equal


print(walk(3000))


class Counter:
    def __init__(self, n):
        self.n = n

    def __iadd__(self, k):
        if k > 5:
            return NotImplemented
        self.n += k
        return self

    def __add__(self, k):
        return Counter(self.n + 10 * k)


c = Counter(0)
ids = 0
for i in range(4000):
    before = c
    c += i % 8
    if c is before:
        ids += 1
print(c.n, ids)


# The right operand becomes a subclass that overrides __radd__: it must be asked first.
class Loud(Vec):
    def __radd__(self, other):
        return "loud"


log = []
v = Vec(1, 1)
for i in range(3000):
    other = Loud(i, i) if i >= 2990 else Vec(i, i)
    r = v + other
    if i >= 2988:
        log.append(r)
print(log)

# NotImplemented from __lt__ for the same class: the right operand's __gt__ answers.
out = []
for i in range(2000):
    a = Vec(-1 if i % 500 == 0 else 1, i)
    r = a < Vec(2, 0)
    if i % 500 == 0:
        out.append(r)
print(out)

# != with only __eq__ defined in the class goes through __eq__'s negation.
class P:
    def __init__(self, k):
        self.k = k

    def __eq__(self, other):
        return self.k % 3 == other.k % 3


ne = 0
for i in range(3000):
    if P(i) != P(0):
        ne += 1
print(ne)


# A method that rebinds its parameter before declining: the other side still gets the operands as
# they were, so `x == x` falls back to identity and is True.
class R:
    def __init__(self, k):
        self.k = k

    def __eq__(self, other):
        other = None
        return NotImplemented


same = 0
for i in range(2000):
    x = R(i)
    if x == x:
        same += 1
    if x == R(i):
        same += 1000
print(same)


# The method is replaced on the class while the operation is hot.
def add_twice(self, other):
    return Vec(self.x + 2 * other.x, self.y + 2 * other.y)


v = Vec(0, 0)
for i in range(3000):
    if i == 1500:
        Vec.__add__ = add_twice
    v = v + Vec(1, 1)
print(v)


# Sums over a list of instances start from 0: 0 + v goes to v's __radd__.
print(sum([Vec(1, 2), Vec(3, 4)]))

# An error inside the method after thousands of good calls ends the program with a traceback.
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + 100 // other.cents)


m = Money(0)
for i in range(5000, -1, -1):
    m = m + Money(i)
print(m.cents)
