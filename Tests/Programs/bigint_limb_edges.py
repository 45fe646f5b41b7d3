# Big ints at the 64-bit limb boundaries, where GMP's signed sizes, carries and borrows turn over:
# every sign combination of +, -, *, //, %, shifts and bitwise ops on numbers just below, at and
# above 2**64 and 2**128, results that fall back into 64 bits, and conversions to float and text.
edges = []
for e in [63, 64, 127, 128, 192]:
    for d in [-1, 0, 1]:
        edges.append(2**e + d)
edges += [12345678901234567890123456789, 3, 1]
edges += [-x for x in edges]


def digest(values):
    total = 0
    for v in values:
        total = (total * 31 + v) % 1000000007
    return total


for a in edges:
    row = []
    for b in edges:
        row.append(a + b)
        row.append(a - b)
        row.append(a * b)
        row.append(a // b)
        row.append(a % b)
        row.append(a & b)
        row.append(a | b)
        row.append(a ^ b)
        row.append(int(a < b) + 2 * int(a == b))
    for s in [0, 1, 63, 64, 65, 128, 300]:
        row.append(a << s)
        row.append(a >> s)
    print(a, digest(row), len(row))

# Results that land exactly on a limb boundary or back inside 64 bits.
print(-(2**64) & -(2**64), (-(2**64)) | 1, (2**64 - 1) ^ -1, -(2**128) >> 64, (2**64) - 1 - 2**64)
print(2**64 // 2**64, (2**64 + 5) % 2**64, -(2**64) // 3, -(2**64) % 3, 2**63 * -1, -(2**63) - 1)
print((2**127 - 1) // -(2**63), (2**127 - 1) % -(2**63), divmod(-(2**100), 7), divmod(2**100, -7))

# Floats: rounding of the top bits (ties to even), comparisons that stay exact, hashes that agree.
for n in [2**64 + 1, 2**64 + 2**11, 2**64 + 2**12, 2**64 + 3 * 2**11, 2**53 + 1, 2**1023 * 3 // 2, 10**30]:
    print(float(n), float(-n), n == float(n), n < float(n), hash(n) == hash(float(n)), n / 3, n / -(10**20))
print(2**1024 > 1e308, -(2**1024) < -1e308, 2**64 == 18446744073709551616.0, hash(2**64), hash(-(2**64)))

# Text both ways.
for n in [2**64, -(2**64) + 1, 2**200 - 1, 10**40]:
    print(n, format(n, "x"), format(n, "#o"), format(n, "b")[:20], "{:,}".format(n), "%d" % n)
    print(int(str(n)) == n, int(format(n, "x"), 16) == n, int("-" + format(abs(n), "b"), 2) == -abs(n))

# Powers, modular powers and inverses.
print(3**200, (-3) ** 101, (2**64 + 1) ** 3, pow(2**64 + 13, 65537, 2**127 - 1), pow(7, -1, 2**89 - 1))
print(pow(-(2**70), 3, 10**9 + 7), pow(2**70, 5, -(10**9 + 7)), round(2**70 + 12345, -3), abs(-(2**70)))
