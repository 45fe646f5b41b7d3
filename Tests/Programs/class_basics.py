# Checks class attributes vs instance attributes, methods, adding attributes after creation.
class Counter:
    count = 0
    label = "ctr"

    def __init__(self, start):
        self.value = start
        Counter.count += 1

    def inc(self, by=1):
        self.value += by
        return self.value

a = Counter(5)
b = Counter(10)
print(a.value, b.value, Counter.count, a.count, b.count)
print(a.inc(), a.inc(3), a.inc(by=-10), b.inc())
a.label = "mine"
print(a.label, b.label, Counter.label)
Counter.label = "changed"
print(a.label, b.label, Counter.label)
del a.label
print(a.label)
a.extra = [1, 2]
a.extra.append(3)
print(a.extra)
Counter.shared = []
a.shared.append("x")
print(b.shared, Counter.shared)
b.count = 99
print(a.count, b.count, Counter.count)
m = a.inc
print(m(), m(), a.value)
print(Counter.inc(b, 1), b.value)

class Point:
    def __init__(self, x=0, y=0):
        self.x = x
        self.y = y

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def dist2(self, other):
        return (self.x - other.x) ** 2 + (self.y - other.y) ** 2

p = Point(1, 2)
q = p.moved(3, 4)
print(p.x, p.y, q.x, q.y, p.dist2(q), Point().x, Point(y=5).y)
p.x += 10
p.y -= 1
print(p.x, p.y)
print(type(p), isinstance(p, Point), isinstance(3, Point))
