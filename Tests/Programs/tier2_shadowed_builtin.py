# A global that shadows a builtin after hot code has warmed up, bound at module level or through
# `global` in a function, then deleted again, is what the hot code calls from then on.
def f(xs):
    return len(xs) + abs(-1)


def fake(x):
    return 100


def shadow():
    global len
    len = fake


def restore():
    global len
    del len


t = 0
for round in range(4):
    for i in range(3000):
        t += f([1, 2, 3])
    print(round, t)
    if round == 0:
        shadow()
    if round == 1:
        restore()
    if round == 2:
        abs = fake
print(t)


def g(xs):
    return len(xs)


s = 0
for i in range(30000):
    s += g([1, 2, 3])


def len(x):
    return 100


for i in range(30000):
    s += g([1, 2, 3])
print(s)
for i in range(20000):
    if i == 10000:
        max = min
    s += max(i, 3)
print(s)
