# Repeating a sequence a big-int number of times is CPython's OverflowError, even for an empty sequence or a negative count.
print("ab" * -3, [1] * 0, () * -(2**62), len([] * 5))
t = 0
for i in range(3000):
    t += len("xy" * (i % 4))
print(t)
print([] * -(10**20))
