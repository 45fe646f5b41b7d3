# Checks string and list slicing with every start/stop/step sign combination.
s = "abcdefghij"
print(s[2:5], s[:3], s[7:], s[:], s[-3:], s[:-3], s[-5:-2], s[3:-3])
print(s[::2], s[1::2], s[::-1], s[::-2], s[8:2:-1], s[8:2:-3], s[-1:-6:-1])
print(s[2:8:2], s[:5:-1], s[5::-1], s[-2::-2], s[100:], s[-100:3], s[3:1], s[5:5])
print(repr(s[10:]), repr(s[4:2:1]), s[0:100:4], s[-100:100], s[::-100], s[::11])
print(s[0], s[-1], s[5], s[-10])
starts = [None, 0, 3, -3, 20, -20]
steps = [None, 1, 2, -1, -2, 3]
for st in steps:
    row = []
    for a in starts:
        for b in starts:
            row.append(s[a:b:st])
    print(st, "|".join(row))
xs = list(range(10))
print(xs[::3], xs[::-3], xs[-2:-8:-2], xs[2:-2], xs[:0], xs[9:0:-4])
t = (1, 2, 3, 4, 5)
print(t[1:4], t[::-1], t[:1], t[5:], t[-2:])
r = range(0, 20, 3)
print(r[2], r[-1], len(r), list(r[1:4]), list(r[::-1]))
