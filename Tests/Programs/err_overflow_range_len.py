# Checks that len() of a range longer than 2**63 - 1 raises OverflowError, though the range works.
r = range(0, 2**70, 3)
print(r[-1], 2**69 in r)
print(len(r))
