# Checks sorted/list.sort with NaN and inconsistent comparisons: CPython's algorithm, comparison for comparison.
nan = float("nan")
print(sorted([3, nan, 1, 2]), sorted([nan, 3, 1, nan, 2, 0]), sorted([2.5, 1, nan, 0.5], reverse=True))
seed = 7


def rand(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n


calls = 0


class Counted:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        global calls
        calls += 1
        return self.v < other.v


class Fickle:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return rand(3) == 0

    def __repr__(self):
        return "F" + str(self.v)


def sig(xs):
    # Where the NaNs ended up, and the order of everything else, in a few numbers.
    nans = []
    total = 0
    for i in range(len(xs)):
        if xs[i] != xs[i]:
            nans.append(i)
        else:
            total = (total * 31 + int(xs[i] * 2) + 7) % 1000003
    return nans, total


for size in [5, 40, 64, 65, 200, 700]:
    xs = [nan if rand(10) == 0 else rand(50) / 2 for i in range(size)]
    runs = [i // 3 if rand(9) else -i for i in range(size)]
    calls = 0
    counted = sorted([Counted(v) for v in runs])
    keyed = sorted(xs, key=lambda v: -v if v == v else 0.0, reverse=True)
    print(size, sig(sorted(xs)), calls, [c.v for c in counted] == sorted(runs), sig(keyed))
    fickle = [Fickle(i) for i in range(size)]
    fickle.sort()
    print(fickle if size < 50 else sig([f.v for f in fickle]))
seen = []


def spy(v):
    seen.append(len(order))
    return -v


order = [3, 1, 2]
order.sort(key=spy)
print(order, seen)
