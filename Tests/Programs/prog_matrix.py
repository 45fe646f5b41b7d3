# Realistic: matrix multiply, transpose, identity and power on nested lists.
def zeros(n, m):
    return [[0] * m for _ in range(n)]

def matmul(a, b):
    n, k, m = len(a), len(b), len(b[0])
    out = zeros(n, m)
    for i in range(n):
        for j in range(m):
            s = 0
            for t in range(k):
                s += a[i][t] * b[t][j]
            out[i][j] = s
    return out

def transpose(a):
    return [[a[i][j] for i in range(len(a))] for j in range(len(a[0]))]

def identity(n):
    m = zeros(n, n)
    for i in range(n):
        m[i][i] = 1
    return m

def mat_pow(a, e):
    result = identity(len(a))
    while e > 0:
        if e % 2 == 1:
            result = matmul(result, a)
        a = matmul(a, a)
        e //= 2
    return result

def show(m):
    for row in m:
        print(" ".join([f"{x:6}" for x in row]))
    print("-" * 10)

a = [[1, 2, 3], [4, 5, 6]]
b = [[7, 8], [9, 10], [11, 12]]
show(matmul(a, b))
show(transpose(a))
show(matmul(b, a))
fib = mat_pow([[1, 1], [1, 0]], 90)
print(fib[0][1], fib)
big = mat_pow([[2, 1], [1, 1]], 50)
print(big)
f = [[0.5, 1.5], [2.0, -1.0]]
print(matmul(f, f), matmul(identity(2), f) == f)
