# Benchmark workload: an int loop whose total stays below 2**63 (no big ints): the JIT's best case.
def sum_squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


t = 0
for k in range(30):
    t += sum_squares(1000000) % 1000003
print(t)
