# A hot float division whose divisor reaches zero after thousands of good iterations: the specialised
# form (and its trace) must leave for the generic instruction, which raises CPython's error.
def divide_by_zero_late(n):
    total = 0.0
    for i in range(n, -1, -1):
        total += 100.0 / i
    return total


print(divide_by_zero_late(5000))
