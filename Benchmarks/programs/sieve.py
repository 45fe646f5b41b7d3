# Benchmark workload: the sieve of Eratosthenes over a list of bools (list subscripts, stores, strides).
def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
        i += 1
    count = 0
    for f in flags:
        if f:
            count += 1
    return count


total = 0
for k in range(4):
    total += sieve(1000000)
print(total)
