# Realistic: sieve of Eratosthenes with prime counts, gaps and twin primes.
def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = False
    is_prime[1] = False
    p = 2
    while p * p <= limit:
        if is_prime[p]:
            for m in range(p * p, limit + 1, p):
                is_prime[m] = False
        p += 1
    return [i for i in range(limit + 1) if is_prime[i]]

primes = sieve(1000)
print(len(primes), primes[:15], primes[-5:])
for bound in [10, 100, 500, 1000]:
    print(bound, len([p for p in primes if p <= bound]))
gaps = {}
for a, b in zip(primes, primes[1:]):
    gaps[b - a] = gaps.get(b - a, 0) + 1
for g in sorted(gaps):
    print(f"gap {g:2}: {gaps[g]:3}")
twins = [(a, b) for a, b in zip(primes, primes[1:]) if b - a == 2]
print(len(twins), twins[:6], twins[-1])
print(sum(primes), max(primes), primes.index(997))
