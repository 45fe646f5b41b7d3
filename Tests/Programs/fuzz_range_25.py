# Checks range's start, stop and step attributes and its count() and index() methods (fuzz seed 25: AttributeError in every tier).
r = range(0, 2, 1)
print(r.step)
for r in [range(5), range(1, 10, 3), range(10, -4, -3), range(0)]:
    print(r.start, r.stop, r.step, r.count(4), r.count(-2), 4 in r)
print(range(1, 10, 3).index(7), range(10, -4, -3).index(-2))
