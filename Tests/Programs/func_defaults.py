# Checks default arguments, keyword arguments, defaults evaluated once, mutable default pitfall.
def f(x, acc=[]):
    acc.append(x)
    return acc

print(f(1))
print(f(2))
print(f(3, []))
print(f(4))

def g(a, b=2, c=3):
    return (a, b, c)

print(g(1), g(1, 5), g(1, c=9), g(a=7), g(c=1, b=2, a=3), g(1, 2, 3))

counter = 0
def make_default():
    global counter
    counter += 1
    print("default evaluated", counter)
    return counter * 100

def h(v=make_default()):
    return v

print(h(), h(), h(5), counter)

def describe(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct

print(describe("Ann"))
print(describe("Bob", "Hi"))
print(describe("Cy", punct="?"))
print(describe(punct=".", name="Di", greeting="Yo"))

def safe(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc

print(safe(1), safe(2))

def cnt(d={}):
    d["n"] = d.get("n", 0) + 1
    return d["n"]

print(cnt(), cnt(), cnt({}), cnt())

DEFAULT = 10
def uses(x=DEFAULT):
    return x
DEFAULT = 20
print(uses(), DEFAULT)

def noreturn():
    pass
print(noreturn(), (lambda: None)(), (lambda a, b=1: a + b)(2), (lambda a, b=1: a + b)(2, b=5))
