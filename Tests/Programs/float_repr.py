# Checks repr/str of floats: shortest round-trip, exponent switching, special values.
vals = [0.1, 0.1 + 0.2, 1e16, 1e15, 1e-5, 0.0001, -0.0, 0.0, 100.0, 1.5, 2.5e-300,
        1.7976931348623157e308, 5e-324, 123456789.0 * 1000, 1 / 3, 2 / 3, 1e22, 1e23,
        123456789012345678.0, 0.000123, 1.0e-4, 9.999999999999999e15, 1e100, 3.14159,
        12345.678, 1e-7, 0.3, 2.0 ** 0.5, 1.1 * 1.1, 4.35 * 100, 0.1 * 3]
for v in vals:
    print(v, repr(v), str(v))
print(float("inf"), -float("inf"), float("nan"), float("-inf"), float("Infinity"))
print(repr(float("inf")), str(float("nan")))
print([0.1, -0.0, float("inf")], (1e16,), {"x": 1e-5})
print(1e308 * 10, -1e308 * 10, 5e-324 / 2, 1e-320)
print(float("inf") - float("inf"), float("inf") * 0)
print(0.1 + 0.7, 1.0 - 0.9, 100 * 1.1, 3.0 * 1.1)
print(2.0, 2e0, 20e-1, 0.2e1, 1e1, 1e2, 1e3)
print(-1.5e-10, 1.5e10, 1.5e15, 1.5e16, 1.5e17)
print(float(123), float(10 ** 15), float(10 ** 16), float(10 ** 17))
nan = float("nan")
print(nan == nan, nan != nan, nan < 1, nan > 1, float("inf") > 10 ** 400)
print(0.0 == -0.0, str(-0.0), -0.0 + 0.0, 0.0 * -1)
