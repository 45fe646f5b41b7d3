# __setitem__ on a user class in hot loops: Tier 1 specialises the store to STORE_SUBSCR_SETITEM,
# which pushes the method's frame and drops what it returns; traces follow into it.


class Counter:
    def __init__(self, size):
        self.cells = [0] * size
        self.writes = 0

    def __setitem__(self, key, value):
        self.writes += 1
        self.cells[key % len(self.cells)] = value
        return "ignored"  # a store's value is never the method's result

    def __getitem__(self, key):
        return self.cells[key % len(self.cells)]


class Logged(Counter):
    def __setitem__(self, key, value):
        # overrides the base's method and calls it the plain way: two frames deep
        Counter.__setitem__(self, key, value * 2)


def fill(c, n):
    for i in range(n):
        c[i] = i * 3
        c[i + 1] = c[i] + 1
    return c.writes


c = Counter(16)
print(fill(c, 3000), c.cells)
lg = Logged(5)
print(fill(lg, 2000), lg.cells)

# The method is replaced while the store is hot: the class version guard fails and Tier 1 re-decides.
seen = []
def record(self, key, value):
    seen.append(key)

for i in range(2000):
    if i == 1500:
        Counter.__setitem__ = record
    c[i] = -i
print(len(seen), seen[:3], c.writes, c.cells[:4])

# Values of several types, and a store that raises after thousands of good ones.
class Strict:
    def __init__(self):
        self.data = {}

    def __setitem__(self, key, value):
        if key == 2999:
            raise ValueError("no room for %r" % (value,))
        self.data[key] = value


s = Strict()
for i in range(2999):
    s[i] = i if i % 2 else str(i)
print(len(s.data), s.data[10], s.data[11])
for i in range(5000):
    s[i] = [i]
