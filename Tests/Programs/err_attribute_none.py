# Checks AttributeError when calling a method on None.
def find(xs, target):
    for x in xs:
        if x == target:
            return x

r = find(["a", "b"], "c")
print(r)
print(r.upper())
