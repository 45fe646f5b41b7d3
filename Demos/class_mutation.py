# class_mutation: attribute guards invalidated by changing a class.
#
# What to watch: in total_norm(), `p.norm` becomes LOAD_ATTR_METHOD_WITH_VALUES and, inside norm(),
# `self.x` becomes LOAD_ATTR_INSTANCE_VALUE, both guarded by Point's type version. Assigning a new
# method to Point.norm changes the version: _GUARD_TYPE_VERSION fails, the instruction misses 16 times,
# reverts, and later specialises again against the new version. Adding a class attribute
# (Point.origin) changes it once more.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return abs(self.x) + abs(self.y)


def total_norm(points):
    total = 0
    for p in points:
        total = total + p.norm()
    return total


def doubled_norm(self):
    return 2 * (abs(self.x) + abs(self.y))


points = [Point(i, -i) for i in range(150)]
print(total_norm(points))
Point.norm = doubled_norm
print(total_norm(points))
Point.origin = Point(0, 0)
print(total_norm(points), points[3].origin.x)
