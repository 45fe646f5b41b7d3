# After CONTAINS_OP has specialised for dicts, an unhashable key still raises python3's TypeError.
d = {1: 1, 2: 2}
n = 0
for i in range(100):
    if i in d:
        n += 1
print(n)
key = [1, 2]
print(key in d)
