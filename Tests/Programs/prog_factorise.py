# Realistic: trial-division prime factorisation of big ints, divisor counts and perfect numbers.
def factorise(n):
    factors = {}
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors[d] = factors.get(d, 0) + 1
            n //= d
        d += 1 if d == 2 else 2
    if n > 1:
        factors[n] = factors.get(n, 0) + 1
    return factors

def show(n):
    f = factorise(n)
    parts = []
    for p, e in f.items():
        parts.append(str(p) if e == 1 else f"{p}^{e}")
    check = 1
    for p, e in f.items():
        check *= p ** e
    return f"{n} = {' * '.join(parts)}  ok={check == n}"

fact25 = 1
for i in range(2, 26):
    fact25 *= i
for n in [2, 12, 360, 97, 1001, 65536, 999999, 2 ** 64 - 1, 600851475143, 2 ** 100 * 3 ** 5 * 1000003,
          2 ** 31 - 1, 1234567890123, 3 ** 20 * 7 ** 5, 10 ** 30, fact25, 999983 * 1000003]:
    print(show(n))

def num_divisors(n):
    total = 1
    for e in factorise(n).values():
        total *= e + 1
    return total

def sum_divisors(n):
    s = 1
    for p, e in factorise(n).items():
        s *= (p ** (e + 1) - 1) // (p - 1)
    return s

print([num_divisors(n) for n in range(1, 25)])
print([n for n in range(2, 10000) if sum_divisors(n) - n == n])
print(max(range(1, 1000), key=num_divisors), num_divisors(720720))
