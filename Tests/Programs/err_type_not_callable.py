# Checks TypeError when calling a non-callable object.
items = [1, 2, 3]
print(items)
n = len(items)
print(n(1))
