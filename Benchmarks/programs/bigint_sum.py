# Benchmark workload: a sum of squares whose total passes 2**63 early, so nearly every add is a big-int
# add (the 0.07x case), then a factorial and the digits of the results.
def sum_squares(n, start):
    total = start
    for i in range(n):
        total += i * i
    return total


big = 1 << 70
t = sum_squares(8000000, big)
print(t)
f = 1
for k in range(1, 1200):
    f *= k
print(len(str(f)), f % 1000000007)
print(t // 12345678901234567, t % 97, -t >> 3, t & (f >> 1000))
