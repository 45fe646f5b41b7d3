# Hot division, remainder and mixed int/float arithmetic: the forms Tier 1 specialises them to, and the
# traces built from those, must give CPython's results at every sign, at zero and at the edges.
def floor_parts(n):
    total = 0
    for i in range(-n, n):
        d = i % 7 - 3
        if d == 0:
            d = 5
        total += i // d + (i % d) * 3
    return total


def true_quotients(n):
    acc = 0.0
    for i in range(1, n):
        acc += i / (i + 3) + (i * 1.5) / 4 + i * 0.25 - 2.0 * i + (i - 0.5) + 3 / (i + 0.5)
    return acc


def mixed_edges():
    big = 2**53
    out = []
    for i in range(40):
        out.append((big + i) / 3)
        out.append((i - 20) / 7)
        out.append(1.0 * (big + 2 * i + 1))
        out.append((big * 4 + i) * 0.5)
    return out


def extremes():
    lo = -(2**63)
    out = []
    for i in range(30):
        out.append(lo // (i + 1))
        out.append(lo % (i + 2))
        out.append((2**63 - 1) // -(i + 1))
        out.append(-7 // (i + 1) + -7 % (i + 1))
    out.append(lo // -1)
    out.append(lo % -1)
    return out


print(floor_parts(3000))
print(round(true_quotients(5000), 6))
print(mixed_edges()[:6], sum(mixed_edges()))
print(extremes()[:8], sum(extremes()))
count = 0
for i in range(3000):
    count += 10 // (i % 9 + 1) + 10 % (i % 9 + 1) + int(i / (i % 5 + 1))
print(count)
