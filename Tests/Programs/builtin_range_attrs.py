# Checks range's start/stop/step attributes and count()/index() on small, negative-step, empty and beyond-64-bit ranges, with ints, bools, floats and other objects.
ranges = [range(7), range(2, 20, 3), range(10, -10, -4), range(0), range(5, 5),
          range(-2 ** 63, 2 ** 63 - 1), range(2 ** 64, 2 ** 70, 2 ** 60), range(2 ** 65, -2 ** 65, -3)]
probes = [0, 1, 2, 5, 6, -2, 14, True, False, 2.0, 5.5, "a", None, 2 ** 64 + 2 ** 61, 2 ** 65, -2 ** 63, 2 ** 65 - 6]
for r in ranges:
    print(r, r.start, r.stop, r.step, type(r.start).__name__, type(r.stop).__name__)
    for x in probes:
        if abs(r.stop - r.start) > 1000 and not isinstance(x, int):
            continue
        print(" ", repr(x), r.count(x), r.index(x) if r.count(x) else "-")
hot = range(3, 300, 7)
total = 0
for k in range(2000):
    total += hot.index(3 + 7 * (k % 40)) + hot.count(k) + hot.step + hot.start - hot.stop
print(total)
print(range(5).index(2.0), range(5).count(2.0), range(3).count(1.0), range(1, 4).index(True))
