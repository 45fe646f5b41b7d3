# Checks operator precedence, unary ops, and int/float/bool mixing.
print(2 + 3 * 4, (2 + 3) * 4, 2 * 3 ** 2, -3 ** 2, 10 - 4 - 3, 100 / 10 / 5)
print(2 ** -1 * 4, 7 // 2 * 2, 7 % 3 * 2, 1 + 2 << 3, 1 | 2 ^ 3 & 4)
print(-(-5), +(-5), - - 5, ~~7, not 0, not 5)
print(True + True, True * 10, False - 1, True / 2, 3 + 4.0, 3 * 1.5)
print(abs(-3), abs(3.5), abs(-0.0), abs(True), abs(-2 ** 80))
print(min(3, 1, 2), max([4, 9, 1]), min("b", "a"), max("abc", "abd"))
print(sum(range(101)), sum([0.1] * 10), sum([1, 2.5]), sum([]))
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5))
x = 10
x += 5
x -= 3
x *= 2
x //= 5
x %= 3
print(x)
y = 7.0
y /= 2
y -= 0.5
print(y)
z = 6
z &= 3
z |= 8
z ^= 1
z <<= 2
z >>= 1
print(z)
print(1e3, 1E-3, 1.5e+2, 2e0, .5, 5., 1_0.5e1_0)
print(0x10 + 0o10 + 0b10 + 10)
