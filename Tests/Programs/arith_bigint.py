# Checks big integer growth past 2**64: factorials, Fibonacci, mixed arithmetic.
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r

for n in [10, 20, 21, 25, 30, 50]:
    print(n, fact(n))
print(fact(100))
a, b = 0, 1
for i in range(300):
    a, b = b, a + b
print("fib300", a)
print(2 ** 64, 2 ** 64 - 1, 2 ** 63, -2 ** 63, 2 ** 100 - 1)
print(2 ** 64 + 1 - 2 ** 64, (2 ** 64) * (2 ** 64))
big = 12345678901234567890123456789
print(big + 1, big - 10 ** 28, big * 3, big * -7)
print(big // 7, big % 7, -big // 7, -big % 7, big // -7, big % -7)
print(divmod(big, 10 ** 10), divmod(-big, 10 ** 10))
print(big // big, big % big, (big * big) // big == big)
print(10 ** 30 // 3, 10 ** 30 % 3, -(10 ** 30) // 3)
print(len(str(2 ** 1000)), str(2 ** 1000)[:20])
print(abs(-big), -(-big), +big)
print(sum([2 ** 62, 2 ** 62, 2 ** 62, 2 ** 62]))
print(max(2 ** 70, 2 ** 69), min(-(2 ** 70), 5))
print(int("123456789012345678901234567890") * 2)
print(int("-99999999999999999999999"), int("ffffffffffffffffffff", 16))
