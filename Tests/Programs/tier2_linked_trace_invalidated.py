# An outer loop's trace that leaves straight into the inner loop's trace must let go of it when a store
# to a global the inner trace folded invalidates it (the freed trace was once run from the dangling link).
G = 0


def main(n):
    global G
    t = 0
    for j in range(n):
        G = j % 7
        for k in range(20):
            t += G + k
    return t


print(main(8000))
H = 1
t = 0
for j in range(3000):
    H = j % 5
    for k in range(10):
        t += H * k
print(t)
