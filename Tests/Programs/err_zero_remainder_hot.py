# A hot int remainder whose divisor reaches zero after thousands of good iterations, inside a trace:
# the error is CPython's, raised from the generic instruction the trace hands back to.
def remainders(n):
    total = 0
    for i in range(n, -1, -1):
        total += 1000 % i + 1000 // (i + 1)
    return total


print(remainders(3000))
