# Checks global statement, reading globals, module-level functions defined after use in bodies.
total = 0
log = []

def add(n):
    global total
    total += n
    log.append(n)
    return helper(total)

def helper(x):
    return x * SCALE

SCALE = 3
print(add(1), add(2), total, log)

def reset():
    global total, SCALE
    total = 0
    SCALE = 1

reset()
print(total, SCALE, add(5))

def read_only():
    return total + 1

print(read_only())

def shadow():
    total = 100
    return total

print(shadow(), total)

def create_global():
    global created
    created = "made inside"

create_global()
print(created)

def first():
    return second() + 1

def second():
    return 41

print(first())
x = 1
def outer():
    def inner(y):
        return y * 2
    return inner(x) + inner(10)
print(outer())
if __name__ == "__main__":
    print("main block", __name__)
