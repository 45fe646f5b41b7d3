# __bool__ and __contains__ in hot code: Tier 1 pushes the method's frame (TO_BOOL_PY_METHOD,
# CONTAINS_OP_PY_METHOD) and traces follow into it; the result is checked (a bool) or made one (`in`).


class Gate:
    def __init__(self, k):
        self.k = k

    def __bool__(self):
        return self.k % 3 != 0


class Bag:
    def __init__(self, items):
        self.items = items

    def __contains__(self, x):
        return x % 5 in self.items


class Loose:
    def __contains__(self, x):
        if x > 2990:
            return [x] if x % 2 else []
        return x % 2 == 0


opened = 0
found = 0
missing = 0
odd = 0
bag = Bag([1, 3])
loose = Loose()
for i in range(3000):
    if Gate(i):
        opened += 1
    if i in bag:
        found += 1
    if i not in bag:
        missing += 1
    if i not in loose:
        odd += 1
print(opened, found, missing, odd)


# The class's __bool__ is replaced while hot, and a subclass arrives.
class Quiet(Gate):
    def __bool__(self):
        return False


def always(self):
    return True


seen = []
for i in range(3000):
    g = Quiet(i) if i % 1000 == 999 else Gate(i)
    if i == 2000:
        Gate.__bool__ = always
    seen.append(1 if g else 0)
print(sum(seen), seen[995:1003], seen[1998:2003])


# `not` and `while` use the same truth.
class Countdown:
    def __init__(self, n):
        self.n = n

    def __bool__(self):
        self.n -= 1
        return self.n >= 0


c = Countdown(4000)
steps = 0
while c:
    steps += 1
print(steps, not Countdown(0), not Countdown(5))


# A __bool__ that answers with an int after thousands of good answers: TypeError, as python3 says.
class Bad:
    def __init__(self, k):
        self.k = k

    def __bool__(self):
        if self.k == 2500:
            return 1
        return self.k > 10


t = 0
for i in range(3000):
    if Bad(i):
        t += 1
print(t)
