# Checks while/else and for/else with and without break, plus nested break/continue.
n = 0
while n < 5:
    n += 1
else:
    print("while finished", n)
n = 0
while True:
    n += 1
    if n == 3:
        break
else:
    print("never")
print("broke at", n)
for i in range(3):
    pass
else:
    print("for finished", i)
for i in range(10):
    if i * i > 20:
        print("found", i)
        break
else:
    print("not found")
for i in []:
    print("unreachable")
else:
    print("empty for else")
k = 10
while k > 0:
    k -= 3
    if k % 2 == 0:
        continue
    print("odd k", k)
else:
    print("while else after continue", k)
for n in range(2, 30):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, end=" ")
print()
for i in range(4):
    for j in range(4):
        if j > i:
            break
        if (i + j) % 2:
            continue
        print((i, j), end="")
    print("|", end="")
print()
count = 0
while count < 3:
    count += 1
    for x in "ab":
        if count == 2:
            break
        print(count, x)
    else:
        print("inner done", count)
i = 0
while i < 3:
    i += 1
    if i == 2:
        continue
    print("i", i)
else:
    print("end", i)
