# len() of an instance whose class defines __len__, in hot code: Tier 1 pushes the method's frame
# (CALL_LEN_PY_METHOD) and traces follow into it. The result is checked: python3's errors for a
# negative, huge or non-int length come after thousands of good calls.


class Deck:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n % 52


class Fixed:
    def __len__(self):
        return 7


class Flag:
    def __init__(self, on):
        self.on = on

    def __len__(self):
        return self.on


total = 0
for i in range(3000):
    total += len(Deck(i)) + len(Fixed())
    if len(Flag(i % 2 == 0)):
        total += 1
    if not Deck(i):
        total += 1000
print(total)


# The class's __len__ is replaced mid-loop, and a subclass arrives.
class Short(Deck):
    def __len__(self):
        return 1


t = 0
for i in range(3000):
    if i == 1500:
        Deck.__len__ = lambda self: 2
    d = Short(i) if i % 700 == 0 else Deck(i)
    t += len(d)
print(t)


class Growing:
    def __init__(self, k):
        self.k = k

    def __len__(self):
        if self.k == 2900:
            return 2**70
        return self.k


s = 0
for k in range(3000):
    s += len(Growing(k))
    if k % 1000 == 0:
        print(k, s)
print(s)
