# Realistic: Pascal's triangle rows, centred printing, binomials and big row sums.
def next_row(row):
    return [1] + [row[i] + row[i + 1] for i in range(len(row) - 1)] + [1]

rows = [[1]]
for _ in range(11):
    rows.append(next_row(rows[-1]))
width = len(" ".join([str(x) for x in rows[-1]]))
for r in rows:
    print(" ".join([str(x) for x in r]).center(width).rstrip())

def binom(n, k):
    if k < 0 or k > n:
        return 0
    k = min(k, n - k)
    result = 1
    for i in range(1, k + 1):
        result = result * (n - k + i) // i
    return result

row = [1]
for _ in range(100):
    row = next_row(row)
print(row[50], binom(100, 50), row[50] == binom(100, 50), sum(row) == 2 ** 100)
print([binom(10, k) for k in range(-1, 12)])
print([sum(r) for r in rows])
odd = []
for r in rows:
    odd.append("".join(["*" if x % 2 else " " for x in r]).rstrip())
for line in odd:
    print(line)
print(binom(200, 100))
