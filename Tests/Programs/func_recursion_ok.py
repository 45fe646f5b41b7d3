# Checks recursion that succeeds: depth ~900, mutual recursion, tree recursion.
def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)

print(depth(900))

def sum_to(n):
    if n <= 0:
        return 0
    return n + sum_to(n - 1)

print(sum_to(950))

def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)

def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)

print(is_even(400), is_odd(401), is_even(7))

def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

print([fib(i) for i in range(20)])

def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append((src, dst))
    hanoi(n - 1, via, dst, src, moves)

mv = []
hanoi(4, "A", "C", "B", mv)
print(len(mv), mv[:5])

def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))

print(ackermann(2, 3), ackermann(3, 3))

def power_set(items):
    if not items:
        return [[]]
    rest = power_set(items[1:])
    return rest + [[items[0]] + r for r in rest]

print(power_set([1, 2, 3]))

def flatten(x):
    if not isinstance(x, list):
        return [x]
    out = []
    for y in x:
        out += flatten(y)
    return out

print(flatten([1, [2, [3, [4, [5]]]], 6]))
