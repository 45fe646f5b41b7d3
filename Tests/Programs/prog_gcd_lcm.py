# Realistic: Euclid GCD (iterative and recursive), LCM, extended Euclid and modular inverse.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)

def gcd_rec(a, b):
    return a if b == 0 else gcd_rec(b, a % b)

def lcm(a, b):
    return abs(a * b) // gcd(a, b)

def ext_gcd(a, b):
    if b == 0:
        return a, 1, 0
    g, x, y = ext_gcd(b, a % b)
    return g, y, x - (a // b) * y

def mod_inverse(a, m):
    g, x, y = ext_gcd(a, m)
    if g != 1:
        return None
    return x % m

pairs = [(12, 18), (17, 5), (0, 9), (9, 0), (-12, 18), (12, -18), (2 ** 64, 2 ** 40 * 3), (10 ** 30, 10 ** 20 + 5)]
for a, b in pairs:
    print(a, b, gcd(a, b), gcd_rec(abs(a), abs(b)), lcm(a, b) if a and b else 0)
running = 1
for k in range(1, 31):
    running = lcm(running, k)
print("lcm 1..30 =", running)
for a, m in [(3, 11), (10, 17), (6, 9), (2 ** 61 - 2, 2 ** 61 - 1)]:
    inv = mod_inverse(a, m)
    print(a, m, inv, (a * inv) % m if inv is not None else "none", ext_gcd(a, m))
print(pow(3, 10 ** 18, 10 ** 9 + 7), gcd(3 ** 40, 6 ** 20))
