# Checks TypeError for an unexpected keyword argument.
def f(a, b=0):
    return a + b

print(f(1, b=2))
print(f(1, c=3))
