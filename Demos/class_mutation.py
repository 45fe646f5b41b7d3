# class_mutation: traces and attribute guards invalidated by changing a class.
#
# What to watch: in total_norm(), `p.norm` becomes LOAD_ATTR_METHOD_WITH_VALUES and, inside norm(),
# `self.x` becomes LOAD_ATTR_INSTANCE_VALUE, both guarded by Point's type version; then the loop
# and the hot functions are traced and compiled. Assigning a new method to Point.norm changes the
# version: every trace that assumed the old one is invalidated at once ("class Point was changed"),
# and back in Tier 1 the method load misses 16 times and reverts to LOAD_ATTR. The loop is soon hot
# again and traced anew, and from then on the new trace runs it, so the instruction has no reason
# to specialise again. Adding a class attribute (Point.origin) changes the version once more:
# doubled_norm's trace goes, and its `self.x` and `self.y` loads revert in turn.
#
# tierscope: speed 150ms
# tierscope: stage instructionSpecialized LOAD_ATTR -> LOAD_ATTR_METHOD_WITH_VALUES
#   p.norm becomes LOAD_ATTR_METHOD_WITH_VALUES: it finds the method by Point's type version, a
#   number that changes whenever the class does.
# tierscope: expect instructionSpecialized LOAD_ATTR -> LOAD_ATTR_INSTANCE_VALUE
# tierscope: stage traceRecorded total_norm
#   total_norm's loop is traced (the hot functions are too): each trace assumes Point's version.
# tierscope: stage traceInvalidated class Point was changed
#   Point.norm = doubled_norm changes the class and its version: every trace that assumed the old
#   one is invalidated at once, and their native code is freed.
# tierscope: stage instructionDespecialized LOAD_ATTR_METHOD_WITH_VALUES -> LOAD_ATTR
#   Back in Tier 1, the method load's version check misses: after 16 misses it reverts to LOAD_ATTR.
# tierscope: stage traceRecorded total_norm
#   The loop is hot again and traced anew, with the new method, and that trace runs it from now on.
# tierscope: stage traceInvalidated class Point was changed
#   Adding a class attribute (Point.origin) changes the version once more: doubled_norm's trace goes
#   in turn.
# tierscope: expect instructionDespecialized doubled_norm LOAD_ATTR_INSTANCE_VALUE -> LOAD_ATTR


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
