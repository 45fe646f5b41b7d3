# Small functions called in hot loops run inline in the caller's frame (the call inlining pass). Every
# way out of such a call must leave the frames CPython would have: a guard failing inside the callee
# (an argument turns float, a remainder by zero is near), a branch the trace did not follow, a call
# near the recursion limit, and a callee with more locals than arguments.
def weight(i, j):
    return (i * 31 + j * 17) % 7


def scaled(x, k):
    y = x * k
    z = y + 1
    return z - k


def pick(a, b, c):
    if a > b:
        return a - c
    return b + c


def grid(n):
    total = 0
    for i in range(n):
        for j in range(n):
            total += weight(i, j)
    return total


def drift(n):
    total = 0
    for i in range(n):
        x = i if i < n // 2 else i + 0.5
        total += scaled(x, 3)
    return total


def branches(n):
    total = 0
    for i in range(n):
        total += pick(i % 13, 6, i)
    return total


def leaf(x):
    return x + 1


def down(n):
    if n == 0:
        return 0
    return leaf(down(n - 1))


def method_calls(n):
    box = Box(3)
    total = 0
    for i in range(n):
        total += box.get(i)
    return total


class Box:
    def __init__(self, v):
        self.v = v

    def get(self, i):
        return self.v + i


print(grid(120))
print(drift(4000))
print(branches(5000))
print(down(400))
print(method_calls(3000))
total = 0
for k in range(30):
    total += down(900 + k)
print(total)
