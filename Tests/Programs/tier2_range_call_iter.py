# range() called only to be iterated, in loops nested in traces: the trace makes the iterator straight
# from the ints. Every case the fused form cannot take goes back to the call, which must then do what
# Python does: negative steps, empty ranges, bools, big ints, lengths past 64 bits, and a range rebound
# to something else while the loop is hot (a float step and a zero step raise: the err_*_range_* programs).

def triangle(n):
    total = 0
    for i in range(n):
        for j in range(i + 1, n):
            total += j - i
    return total


def countdown(n):
    seen = []
    for i in range(n):
        for j in range(i, -1, -3):
            seen.append(j)
    return len(seen), sum(seen), seen[-5:]


def mixed_bounds(rounds):
    out = 0
    for r in range(rounds):
        start = r % 4
        stop = True if r % 50 == 7 else 6
        for k in range(start, stop):
            out += k
    return out


def big_bounds(rounds):
    firsts = []
    for r in range(rounds):
        base = 2 ** 62 if r < rounds - 3 else 2 ** 64
        for k in range(base, base + 2):
            last = k
        firsts.append(last - base)
    return firsts[-4:], last


def huge_length():
    total = 0
    for r in range(40):
        for k in range(-2 ** 63, 2 ** 63 - 1, 2 ** 62):
            total += 1
        low = -(2 ** 62) * 2
        for k in range(low, -low - 1):
            total += k == low
            break
    return total


def from_pairs(pairs):
    # The bounds come out of tuples with nothing checking their types before the call: the fused form
    # itself meets the bool, the big ints and the length past 64 bits, and goes back to the call.
    total = 0
    items = 0
    for a, b in pairs:
        for k in range(a, b):
            total += k
            items += 1
            if items % 1000 == 999:
                break
    return total, items


builtin_range = range


def rebound(rounds):
    global range
    total = 0
    for r in range(rounds):
        if r == rounds // 2:
            range = lambda a, b: [a, b, a + b]
        for k in range(r, r + 2):
            total += k
    range = builtin_range
    return total


print(triangle(80))
print(countdown(60))
print(mixed_bounds(400))
print(big_bounds(30))
print(huge_length())
print(from_pairs([(1, 4)] * 200 + [(False, True), (2 ** 64, 2 ** 64 + 3), (-2 ** 63, 2 ** 63 - 1), (5, 2)]))
print(rebound(300))
