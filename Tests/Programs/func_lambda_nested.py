# Checks lambdas and nested defs that do not capture enclosing variables.
square = lambda x: x * x
add = lambda a, b=10: a + b
print(square(7), add(1), add(1, 2), add(b=3, a=4), (lambda: "thunk")())
pairs = [(1, "b"), (3, "a"), (2, "c")]
print(sorted(pairs, key=lambda p: p[1]), sorted(pairs, key=lambda p: -p[0]))
print(max(pairs, key=lambda p: p[1]), min(["ccc", "a", "bb"], key=lambda s: len(s)))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
for sym in ops:
    print(sym, ops[sym](6, 3))
funcs = [square, abs, str, len]
print([f(-3) if f is not len else f("abc") for f in funcs])

def outer(n):
    def helper(x, y):
        return x * 10 + y
    def fmt(v):
        return "<" + str(v) + ">"
    return fmt(helper(n, n + 1))

print(outer(3), outer(0))

def apply_twice(f, x):
    return f(f(x))

print(apply_twice(square, 3), apply_twice(lambda s: s + "!", "hi"), apply_twice(abs, -5))
compose = lambda f, g, x: f(g(x))
print(compose(str, square, 12), compose(len, str, 2 ** 100))
table = [lambda x: x + 1, lambda x: x * 2, lambda x: x ** 2]
v = 3
for fn in table:
    v = fn(v)
print(v)
print((lambda x: (lambda y: y * 2)(x) + 1)(20))
