# A function run inline in a hot loop divides by zero after thousands of good calls: its guard leaves
# the trace, the callee's frame is built, and the traceback names both frames as CPython's does.
def ratio(a, b):
    return a % b


def walk(n):
    total = 0
    for i in range(n, -1, -1):
        total += ratio(1000, i)
    return total


print(walk(3000))
