# Realistic: iterative and recursive binary search plus lower-bound insertion points.
def bsearch(xs, target):
    lo, hi = 0, len(xs) - 1
    steps = 0
    while lo <= hi:
        steps += 1
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid, steps
        elif xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1, steps

def bsearch_rec(xs, target, lo, hi):
    if lo > hi:
        return -1
    mid = (lo + hi) // 2
    if xs[mid] == target:
        return mid
    if xs[mid] < target:
        return bsearch_rec(xs, target, mid + 1, hi)
    return bsearch_rec(xs, target, lo, mid - 1)

def lower_bound(xs, target):
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo

data = [x * 3 + 1 for x in range(100)]
for t in [1, 4, 151, 298, 0, 2, 299, 1000, -5]:
    print(t, bsearch(data, t), bsearch_rec(data, t, 0, len(data) - 1), lower_bound(data, t))
words = sorted("pear apple fig banana cherry date grape kiwi".split())
print(words)
for w in ["fig", "apple", "kiwi", "lemon", "a", "zzz"]:
    print(w, bsearch(words, w)[0], lower_bound(words, w))
print(bsearch([], 3), lower_bound([], 3), lower_bound([1, 1, 1, 2], 1), lower_bound([1, 1, 1, 2], 2))
