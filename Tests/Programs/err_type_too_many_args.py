# Checks TypeError for too many positional arguments.
def pair(a, b=2):
    return (a, b)

print(pair(1), pair(1, 3))
print(pair(1, 2, 3))
