# Checks true division of ints and floats, including huge ints.
print(1 / 2, 3 / 4, 10 / 5, -10 / 4, 7 / -2, 0 / -3)
print(10 ** 30 / 7, 10 ** 30 / 3, 2 ** 200 / 2 ** 100, 1 / 10 ** 20)
print(22 / 7, 355 / 113, 1 / 7, 100 / 3)
print(1.0 / 3, 2 / 3.0, 1e300 / 1e-10, 1e-300 / 1e300)
print(-1 / 3, 5 / 0.5, 0.3 / 0.1, 0.1 / 0.3)
for n in range(1, 12):
    print(n, 1 / n, n / 7)
print(float(1) / 2 == 0.5, 3 / 2 == 1.5, 4 / 2 == 2)
print((10 ** 50 + 1) / 10 ** 50, 12345678901234567890 / 10)
x = 9
x /= 3
print(x, type(x))
