# Checks enumerate() counting past 2**63 - 1 and starting beyond 64 bits (fuzz seed 159: crash in every tier).
print(list(enumerate("abc", 2 ** 63 - 2)))
print(list(enumerate("ab", 2 ** 64)), list(enumerate("ab", -(2 ** 63) - 1)))
