# Checks assert success, del of names/items/keys, augmented assignment on subscripts and attributes, pass, ternaries.
assert 1 + 1 == 2
assert True, "not shown"
x = 5
del x
x = "rebound"
print(x)
lst = [10, 20, 30, 40, 50]
del lst[1]
del lst[-1]
print(lst)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
d["b"] = 9
print(d)
nested = [[1, 2], {"k": [3, 4]}]
nested[0][1] += 100
nested[1]["k"][0] *= -1
nested[1]["k"] += [5]
del nested[1]["k"][1]
print(nested)

class Box:
    def __init__(self):
        self.n = 10
        self.items = []

b = Box()
b.n -= 1
b.n *= 3
b.n //= 2
b.n **= 2
b.items += ["x"]
b.items.append("y")
print(b.n, b.items)
counts = [0] * 3
for i in [0, 2, 2, 1, 2]:
    counts[i] += 1
print(counts)
s = "ab"
s += "cd"
s *= 2
print(s)
t = (1,)
t += (2, 3)
print(t)
for i in range(3):
    pass
if x:
    pass
else:
    print("no")
grade = 85
letter = "A" if grade >= 90 else "B" if grade >= 80 else "C"
print(letter, "even" if grade % 2 == 0 else "odd", (1 if True else 2) + 1)
def classify(n):
    if n < 0:
        return "neg"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "big"
print([classify(n) for n in [-5, 0, 3, 100]])
a = b2 = c = 7
a += 1
print(a, b2, c)
