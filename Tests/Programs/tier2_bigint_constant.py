# A constant too big for 64 bits in hot code is a big int: traces must not treat it as a small int.
def biggest(vals):
    best = -99999999999999999999
    for v in vals:
        if v > best:
            best = v
    return best


def offset(vals):
    s = 0
    for v in vals:
        s = 99999999999999999999 + v
        s = s - 18446744073709551616 * v
    return s


def smallest(vals):
    low = 2**70
    for v in vals:
        if v < low:
            low = v
    return low


t = 0
u = 0
w = 0
for i in range(100):
    vals = [9, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3]
    t += biggest(vals)
    u += offset(vals)
    w += smallest(vals)
print(t, u, w)
