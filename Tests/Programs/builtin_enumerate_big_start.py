# Checks enumerate() counts that cross 2**63 either way, starts beyond 64 bits, bool starts, and a hot loop whose count overflows mid-way.
print(list(enumerate("abcd", 2 ** 63 - 2)))
print(list(enumerate("abcd", -(2 ** 63) - 2)))
print(list(enumerate([10, 20], 2 ** 64)), list(enumerate((), 2 ** 70)), list(enumerate("ab", -(2 ** 80))))
print(list(enumerate("ab", True)), list(enumerate("ab", start=2 ** 63)))
total = 0
for i, c in enumerate(range(3000), 2 ** 63 - 1500):
    total += i - c
print(total)
e = enumerate(range(5), -(2 ** 63) - 2)
for pair in e:
    print(pair, type(pair[0]).__name__)
