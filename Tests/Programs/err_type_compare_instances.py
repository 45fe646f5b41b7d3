# Ordering instances whose class defines no ordering method is a TypeError naming both classes.
class A:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return NotImplemented


class B:
    pass


print(A(1) == A(1), A(1) != B())
items = [A(3), A(1)]
total = 0
for i in range(1000):
    if items[i % 2] == items[0]:
        total += 1
print(total)
print(A(1) < B())
