# Checks ranges past 2**63 (iterate, print, index, slice, `in`, reversed) and slices of ranges.
r = range(2**64)
print(r, r[0], r[-1], r[2**63], bool(r), 5 in r, 2**64 in r, -1 in r, 2**64 - 1 in r)
for i in range(2**63 - 3, 2**63 + 3):
    print(i, i in range(2**63 - 3, 2**63 + 3, 2))
wide = range(0, 2**70, 2**65)
print(wide, len(wide), wide[3], wide[-1], wide[::-1], wide[1:3], wide[::4])
print(list(wide) == list(reversed(wide))[::-1], 2**66 in wide, 2**66 + 1 in wide)
print(range(2**64, 2**64 + 5), len(range(2**64, 2**64 + 5)), bool(range(2**64, 0)), list(range(2**64, 0)))
print(range(-2**63, 2**63 - 1)[2**63 + 5], range(0, 2**63 - 1, 2**62)[:], list(reversed(range(0, -10, -2**63))))
print(range(2**64) == range(0, 2**64, 1), range(2**64)[1:] == range(1, 2**64), hash(range(3, 2**64)) == hash(range(3, 2**64)))
print(sum(range(2**63 - 2, 2**63 + 2)), max(range(2**64, 2**64 + 3)), sorted(range(2**64, 2**64 + 3), reverse=True))
a, b = range(2**64, 2**64 + 2)
print(a, b, hash(range(5)), hash(range(1, 2)) == hash(range(1, 9, 9)))


def tail_sum(n):
    total = 0
    for i in range(2**63 - n, 2**63 + n):
        total += i
    return total


for k in range(20):
    tail_sum(3)
print(tail_sum(3))
for i, x in enumerate(range(10**20, 10**30, 10**19)):
    if i == 3:
        break
    print(i, x)

# Slices resolve against the range's length, then map their start and stop to items.
for base in [range(10), range(0, 40, 2), range(10, 0, -3), range(3, 3), range(2**64)]:
    out = []
    for lo in [None, -12, -1, 0, 2, 11]:
        for hi in [None, -3, 0, 5, 2**64]:
            for step in [None, 2, 3, -1, -4]:
                out.append(base[lo:hi:step])
    print(base, out)
