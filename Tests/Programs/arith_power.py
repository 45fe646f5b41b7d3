# Checks ** with ints, negative exponents, floats, pow with two and three args.
print(2 ** 10, 2 ** -1, 2 ** -2, 10 ** -3)
print(0 ** 0, 0.0 ** 0, 1 ** 1000, (-1) ** 1001, (-1) ** 1000)
print(-2 ** 2, (-2) ** 2, 2 ** 3 ** 2, (2 ** 3) ** 2)
print(pow(3, 200))
print(pow(2, 10, 7), pow(3, 100, 1000), pow(7, 0, 5), pow(-3, 3, 5), pow(5, 3, -7))
print(pow(2, 0.5), 4 ** 0.5, 2.0 ** 10, 9 ** 0.5)
print(pow(2, -3), pow(-2, -3), pow(2.5, 2))
print(10 ** 20, 10 ** 20 == 100000000000000000000)
print((-8) ** 2, (-8.0) ** 3, 0 ** 5, 0.0 ** 0.5)
print(1.5 ** 2, 1.1 ** 10, 2 ** 0.0)
x = 3
x **= 4
print(x)
x **= -1
print(x)
print(type(2 ** 3), type(2 ** -3), type(2.0 ** 3))
# An infinite negative base has a real answer for any exponent (CPython's float_pow special case).
inf = float("inf")
print((-inf) ** 1e-09, (-inf) ** 0.5, (-inf) ** -0.5, (-inf) ** 3.0, (-inf) ** -3.0, (-inf) ** 2.0)
print(inf ** 0.5, inf ** -0.5, (-inf) ** 0, (-1.5) ** inf, (-0.5) ** inf, (-1.0) ** -inf)
