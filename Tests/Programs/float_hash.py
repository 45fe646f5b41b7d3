# Checks float hashing (CPython's modulus 2**61 - 1, equal numbers hash equal) and NaN keys found by identity.
for x in [1.5, -1.0, 2.0, -0.5, 0.1, 1e300, -1e-300, 5e-324, 0.0, -0.0, 3.0e18, 2.0**61, 1 / 3]:
    print(x, hash(x))
print(hash(float("inf")), hash(float("-inf")), hash(1.5) == 1152921504606846977)
for n in [2**61 - 1, 2**61, -(2**61), 2**64 + 7, -(2**100), 10**30]:
    print(hash(n), hash(n) == hash(float(n)) or n != float(n))
print(hash(2.0) == hash(2), hash(-1.0) == hash(-1), hash(True) == hash(1.0), hash(2.0**80) == hash(2**80))
d = {2: "int", 0.5: "half"}
d[2.0] = "float"
d[-0.0] = "zero"
print(d, d[0], d[1 / 2], 2.0 in d)
n = float("nan")
d = {}
d[n] = 1
print(d[n], n in d, float("nan") in d, len({n: 1, float("nan"): 2}), {n: 1}.get(n))
print(n == n, n is n, n in [n], float("nan") in [n], [n] == [n], [n].count(n), [1, n].index(n), (n,) == (n,))
