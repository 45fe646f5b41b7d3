# Checks int/float/str/bool/list/tuple/dict conversions, int with base, chr/ord/repr/type.
print(int("42"), int("-17"), int("  7\n"), int("+3"), int("1_000"), int("0"), int("007"))
print(int("ff", 16), int("FF", 16), int("777", 8), int("1010", 2), int("z", 36), int("0x1f", 16), int("0b101", 0))
print(int("-101", 2), int("10", 0), int("0o17", 0), int(" 12 ", 10), int("Zz", 36))
print(int(3.99), int(-3.99), int(True), int(False), int(1e18), int(-1e-9), int(2 ** 80 + 0.0))
print(float("1.5"), float("  -2.25  "), float("1e-3"), float("inf"), float("-Infinity"), float("nan"), float("1_0.5"))
print(float(7), float(True), float("0.1"), float(".5"), float("5."), float("-0"))
print(str(10), str(1.0), str(-0.0), str(True), str([1, "2"]), str(None), str("s"), str(2 ** 70))
print(bool(0), bool(1), bool(""), bool("False"), bool([]), bool([0]), bool(0.0), bool(None), bool())
print(list("abc"), list((1, 2)), list(range(3)), list({"a": 1, "b": 2}), list(), list([1]))
print(tuple("ab"), tuple([1, 2]), tuple(), dict(), dict([("a", 1), ("b", 2)]), dict({1: 2}), dict([[3, 4]]))
print(chr(65), chr(97), chr(48), chr(8364), ord("A"), ord("z"), ord("€"), ord(" "))
print(repr(1), repr(1.0), repr("a"), repr([1, "a"]), repr(None), repr(True), repr((1,)), repr(-5))
print(type(1), type(1.0), type("s"), type(True), type(None), type([]), type(()), type({}), type(range(1)))
print(type(len), type(abs), type(2 ** 100), type(1 / 1), type(1 // 1))
def fn():
    pass
print(type(fn))
class K:
    pass
print(type(K()), type(K))
print(abs(-7), abs(-7.5), abs(0), divmod(20, 6), divmod(-20, 6), pow(2, 8), pow(2, 8, 5), pow(10, -2))
print(len("hello"), len([1, 2]), len((1,)), len({"a": 1}), len(range(5, 0, -1)), len(""))
print(format(42), format(42, "5"), format(3.14159, ".2f"), format(1234567, ","), format(-1, "+"), format("s", "^5"))
print(min(1, 2), max(1, 2), min([5]), max("z", "aa"), round(3.7), round(-3.7), round(3.14159, 2))
