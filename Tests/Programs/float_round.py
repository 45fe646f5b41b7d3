# Checks round() with one and two args including banker's rounding and float ties.
print(round(2.5), round(3.5), round(0.5), round(1.5), round(-0.5), round(-1.5), round(-2.5))
print(round(0.125, 2), round(0.375, 2), round(2.675, 2), round(1.005, 2))
print(round(3.14159, 3), round(3.14159, 0), round(-3.14159, 1), round(1234.5678, -2))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(15, -1))
print(round(7), round(-7), round(7, 2), round(2.0), round(2.4999))
print(type(round(2.5)), type(round(2.5, 0)), type(round(5, 1)))
print(round(1e20), round(123456789.987654321, 4), round(0.1 + 0.2, 15))
print(round(5e-324, 2), round(-0.4), round(-0.0, 1), round(0.05, 1), round(0.15, 1))
for i in range(10):
    x = i / 8
    print(x, round(x, 1), round(x, 2), round(x))
print(int(2.7), int(-2.7), int(0.9999), int(-0.0001), int(1e15 + 0.5))
