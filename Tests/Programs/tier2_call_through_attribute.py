# Calls to functions loaded by a generic attribute lookup (on a class, or stored on instances of two
# classes) pass their arguments in the right slots, also when the argument types change midway.
class Tools:
    def bump(a, b):
        return b + 1


def callback(a, b):
    return b + 1


class A:
    def __init__(self):
        self.f = callback


class B:
    def __init__(self):
        self.g = 1
        self.f = callback


def through_class(vals):
    t = 0
    for i in range(len(vals)):
        t = t + Tools.bump(i, vals[i])
    return t


def through_instances(vals):
    objs = [A(), B()]
    t = 0
    for i in range(len(vals)):
        o = objs[i % 2]
        t = t + o.f(i, vals[i])
    return t


vals = list(range(50)) + [0.5] * 50
print(through_class(vals))
print(through_instances(vals))
t = 0
for i in range(100):
    t = t + Tools.bump(i, vals[i])
print(t)
