# Benchmark workload: a nested loop with a call to a small function inside.
def weight(i, j):
    return (i * 31 + j * 17) % 7


def grid(n):
    total = 0
    for i in range(n):
        for j in range(n):
            total += weight(i, j)
    return total


print(grid(1500))
