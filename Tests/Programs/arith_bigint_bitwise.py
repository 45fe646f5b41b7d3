# Checks bitwise ops and shifts on negative and big ints.
print(5 & 3, 5 | 3, 5 ^ 3, ~5, ~-1, ~0)
print(-5 & 3, -5 | 3, -5 ^ 3, -5 & -3, -5 | -3, -5 ^ -3)
print(1 << 10, 1 << 64, 1 << 100, (1 << 64) >> 60)
print(-1 >> 1, -1 >> 100, -8 >> 1, -9 >> 1, -1 << 70)
big = 2 ** 100 + 12345
print(big & 0xFFFF, big | 1, big ^ big, big >> 90, big << 3)
print(-big & 0xFFFFFFFF, -big >> 50, ~big)
print((2 ** 70 - 1) & (2 ** 65), (2 ** 70) | (2 ** 3), (2 ** 70) ^ (2 ** 70 - 1))
print(0xFF, 0o777, 0b1010, 1_000_000, 0x_dead_beef, 0B11, 0O17, 0XAB)
print(255 >> 4, 255 << 0, 7 & -8, 123456789 ^ -1)
x = 1
for i in range(70):
    x <<= 1
print(x, x >> 69, x == 2 ** 70)
n = -(2 ** 80) - 1
print(n & 0xFF, n | 0, n ^ -1, n >> 79, n >> 81)
print(True & False, True | False, True ^ True, ~True)
