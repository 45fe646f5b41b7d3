# Realistic: bubble, insertion and selection sort checked against sorted().
def bubble(xs):
    a = xs[:]
    swaps = 0
    n = len(a)
    for i in range(n):
        swapped = False
        for j in range(n - 1 - i):
            if a[j] > a[j + 1]:
                a[j], a[j + 1] = a[j + 1], a[j]
                swaps += 1
                swapped = True
        if not swapped:
            break
    return a, swaps

def insertion(xs):
    a = list(xs)
    for i in range(1, len(a)):
        key = a[i]
        j = i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a

def selection(xs):
    a = xs.copy()
    for i in range(len(a)):
        m = i
        for j in range(i + 1, len(a)):
            if a[j] < a[m]:
                m = j
        a[i], a[m] = a[m], a[i]
    return a

seed = 12345
def rnd():
    global seed
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % 1000

nums = [rnd() for _ in range(40)]
print(nums)
b, swaps = bubble(nums)
print(b, swaps)
print(insertion(nums) == sorted(nums), selection(nums) == b, nums[:3])
cases = [[], [1], [2, 1], [1, 2, 3], [3, 2, 1], [5, -1, 5, 0, -1], [2.5, -0.5, 1, True], ["b", "A", "a", "B"]]
for c in cases:
    print(c, bubble(c), insertion(c), selection(c))
print(sorted(nums, reverse=True)[:5], sorted(nums)[-5:])
