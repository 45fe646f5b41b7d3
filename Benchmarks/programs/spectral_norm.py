# Benchmark workload: spectral norm (the Benchmarks Game's), a call in the innermost loop.
def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def times(u, n):
    return [sum_row(u, i, n) for i in range(n)]


def sum_row(u, i, n):
    s = 0.0
    for j in range(n):
        s += a(i, j) * u[j]
    return s


def times_transposed(u, n):
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a(j, i) * u[j]
        out.append(s)
    return out


n = 250
u = [1.0] * n
for _ in range(10):
    v = times_transposed(times(u, n), n)
    u = times_transposed(times(v, n), n)
vbv = 0.0
vv = 0.0
for i in range(n):
    vbv += u[i] * v[i]
    vv += v[i] * v[i]
print(round((vbv / vv) ** 0.5, 9))
