# Checks __str__ and __repr__ use by print, str, repr, f-strings and containers.
class V:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return "V(" + repr(self.x) + ", " + repr(self.y) + ")"

class Named:
    def __init__(self, name):
        self.name = name

    def __str__(self):
        return "Named " + self.name

    def __repr__(self):
        return "<Named " + repr(self.name) + ">"

class OnlyStr:
    def __str__(self):
        return "only-str"

v = V(1, "a")
n = Named("bob")
print(v, str(v), repr(v))
print(n, str(n), repr(n))
print([v, n], (n,), {"k": n, n.name: v})
print(f"{v} {n} {n!r} {v!r}")
print(f"[{str(n):>15}] [{repr(n):<15}]")
print(str([n]), repr([n]), str(OnlyStr()), "x" + str(OnlyStr()))
print("joined: " + ", ".join([str(n), repr(n), str(v)]))

class Child(Named):
    def __str__(self):
        return "Child(" + super().__str__() + ")"

c = Child("kid")
print(c, repr(c), [c])

class Money:
    def __init__(self, cents):
        self.cents = cents

    def __str__(self):
        sign = "-" if self.cents < 0 else ""
        c = abs(self.cents)
        return f"{sign}${c // 100}.{c % 100:02d}"

    def __repr__(self):
        return f"Money({self.cents})"

for amt in [0, 5, 123, -4567, 100000]:
    m = Money(amt)
    print(m, repr(m), f"{str(m):>10}|")
