# Benchmark workload: instances: attribute loads, method calls, allocation.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def add(self, other):
        return Point(self.x + other.x, self.y + other.y)
p = Point(0, 0)
d = Point(1, 2)
for i in range(300000):
    p = p.add(d)
print(p.x, p.y)
