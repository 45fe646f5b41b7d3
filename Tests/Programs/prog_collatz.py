# Realistic: Collatz sequence lengths with a memo dict and the longest chain below a bound.
memo = {1: 1}

def collatz_len(n):
    path = []
    while n not in memo:
        path.append(n)
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
    length = memo[n]
    for m in reversed(path):
        length += 1
        memo[m] = length
    return length

def sequence(n):
    seq = [n]
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        seq.append(n)
    return seq

print(sequence(6), sequence(1), len(sequence(27)), max(sequence(27)))
best, best_len = 1, 1
for i in range(1, 3000):
    L = collatz_len(i)
    if L > best_len:
        best, best_len = i, L
print(best, best_len)
print([collatz_len(i) for i in range(1, 21)])
big = 2 ** 100 + 1
print(collatz_len(big), len(memo) > 3000)
hist = {}
for i in range(1, 200):
    bucket = collatz_len(i) // 20 * 20
    hist[bucket] = hist.get(bucket, 0) + 1
for k in sorted(hist):
    print(f"{k:>3}-{k + 19:<3} {hist[k]}")
