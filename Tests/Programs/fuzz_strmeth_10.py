# Checks str.find, count, startswith and list.index with start/end bounds beyond 64 bits (fuzz seed 10: OverflowError in every tier).
s = "aaaa"
print(s.find("a", -2 ** 64, -2 ** 64), s.find("a", -2 ** 64), s.find("a", 2 ** 64), s.rfind("a", 0, 2 ** 64))
print(s.count("a", 0, 2 ** 64), s.count("", -2 ** 64), s.startswith("a", -2 ** 64), s.endswith("a", 0, 2 ** 70))
print([1, 2, 3].index(2, -2 ** 64), [1, 2, 3].index(3, 0, 2 ** 64))
