# guard_elimination: type propagation proves guards redundant, and the optimiser drops them.
#
# What to watch: `dist2` reads `p.x` and `p.y` from the same point. Tier 1 specialises each
# LOAD_ATTR on Point's type version, so the recorded trace checks `_GUARD_TYPE_VERSION p` twice.
# Type propagation knows that `p` cannot change type between the two reads (nothing stores to it),
# so guard elimination removes the second check, and the float guards on values the trace has
# already checked or computed. `tierscope dis --traces` lists each removed guard with its reason.
#
# tierscope: speed 300ms
# tierscope: stage instructionSpecialized dist2 LOAD_ATTR -> LOAD_ATTR_INSTANCE_VALUE
#   p.x becomes LOAD_ATTR_INSTANCE_VALUE: it checks p's class by its type version, then reads the
#   attribute from its slot, with no dictionary lookup.
# tierscope: stage traceRecorded dist2 ends in _JUMP_TO_TOP
#   dist2's loop is traced. As recorded, each of the four attribute loads checks p's type version
#   again: _GUARD_TYPE_VERSION four times a trip.
# tierscope: stage guardEliminated _GUARD_TYPE_VERSION p the type of p is already known
#   Type propagation knows p cannot change type between the reads (nothing stores to it): guard
#   elimination keeps the first check and strikes out the others.
# tierscope: stage guardEliminated _GUARD_BOTH_FLOAT known floats
#   p.x * p.x and p.y * p.y are floats the trace computed itself: the float guard before adding
#   them goes as well.
# tierscope: stage jitCompiled trace 2
#   Compiled: one type check per point, and no float checks where the trace already knows.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def dist2(points):
    total = 0.0
    for p in points:
        total += p.x * p.x + p.y * p.y
    return total


points = [Point(i * 0.5, i * 0.25) for i in range(2000)]
for _ in range(5):
    print(round(dist2(points), 3))
