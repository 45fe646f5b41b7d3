# Checks floor division and modulo sign rules for ints and floats, plus divmod.
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (0, -3), (1, 5), (-1, 5), (6, 3), (-6, 3)]
for a, b in pairs:
    print(a, b, a // b, a % b, divmod(a, b))
print(-7 // 2, 7 // -2, -7 % 2, 7 % -2)
print(-7.5 % 2, 7 % -3.0, -7.5 // 2, 7 // -3.0)
print(7.5 // 2, 7.5 % 2, -0.5 // 1, -0.5 % 1)
print(divmod(7.5, 2), divmod(-7.5, 2), divmod(7, -3.0))
print(divmod(-1, 3), divmod(1, -3))
print(5.0 // 0.5, 1.0 % 0.1, -1.0 % 0.1)
print(3 % 1.5, -3 % 1.5, 0.0 % 5, -0.0 % 5)
print(10 // 3 * 3 + 10 % 3)
for a in range(-5, 6):
    print(a // 3, a % 3, a // -3, a % -3, end=" | ")
print()
print(True // 1, True % 2, False // 3)
