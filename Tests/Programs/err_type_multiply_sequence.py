# A non-int times a sequence is the sequence's repeat refusing its count, whichever side the sequence is on.
t = 0
for i in range(2000):
    t += len(3 * "ab") + len([0] * 2) + len(True * (1,))
print(t, () * 2**62, [] * 2**62, "" * 2**62, len(2**62 * ()))
print(None * "ab")
