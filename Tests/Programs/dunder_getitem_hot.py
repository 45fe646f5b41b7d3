# __getitem__ on a user class in hot loops: Tier 1 specialises the subscript to
# BINARY_SUBSCR_GETITEM and traces follow into the method like a call.


class Grid:
    def __init__(self, width, height):
        self.width = width
        self.cells = [r * width for r in range(height * width)]

    def __getitem__(self, pos):
        row, col = pos
        return self.cells[row * self.width + col] + col


class Squares:
    def __getitem__(self, i):
        if i < 0:
            raise IndexError("negative index %d" % i)
        return i * i


class Window(Squares):
    def __init__(self, inner, offset):
        self.inner = inner
        self.offset = offset

    def __getitem__(self, i):
        # a __getitem__ that subscripts another object with __getitem__: two frames deep
        return self.inner[i + self.offset]


def grid_total(g, n):
    total = 0
    for r in range(n):
        for c in range(g.width):
            total += g[r, c]
    return total


def squares_total(s, n):
    t = 0
    for i in range(n):
        t += s[i]
    return t


g = Grid(7, 40)
print(grid_total(g, 40))

sq = Squares()
print(squares_total(sq, 3000))
w = Window(sq, 5)
print(squares_total(w, 3000))

# The method is replaced on the class while the loop is hot: the guard on the class version fails.
t = 0
for i in range(2000):
    if i == 1000:
        Squares.__getitem__ = lambda self, i: -i
    t += sq[i]
print(t)

# An instance whose class has no __getitem__ of its own reaches the base's.
class Plain(Squares):
    pass

Squares.__getitem__ = lambda self, i: i + 1
p = Plain()
print(squares_total(p, 2500))

# Results of several types, and an error after thousands of good subscripts.
class Mixed:
    def __getitem__(self, i):
        if i % 3 == 0:
            return i
        if i % 3 == 1:
            return i * 0.5
        return str(i)

m = Mixed()
parts = []
for i in range(1500):
    v = m[i]
    if i % 250 == 0:
        parts.append(repr(v))
print(", ".join(parts))


class Strict:
    def __getitem__(self, i):
        if i >= 2500:
            raise KeyError(i)
        return i


s = Strict()
t = 0
for i in range(2500):
    t += s[i]
print(t)

# __getitem__ with a default parameter is not the (self, index) shape the form needs.
class WithDefault:
    def __getitem__(self, i, scale=3):
        return i * scale

d = WithDefault()
print(squares_total(d, 2000))
print(s[7], sq[3], g[1, 2])
# The last subscript, after thousands of good ones, raises inside the method.
t = 0
for i in range(5000):
    t += s[i]
print(t)
