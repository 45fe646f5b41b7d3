# A class that defines __eq__ without __hash__ has unhashable instances, as CPython sets __hash__ = None.
class P:
    def __init__(self, x):
        self.x = x

    def __eq__(self, other):
        return self.x == other.x


print(P(1) == P(1))
d = {}
for i in range(100):
    d[i] = P(i)
print(len(d))
d[P(1)] = 2
