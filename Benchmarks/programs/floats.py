# Benchmark workload: float arithmetic in a loop.
def run(n):
    x = 0.0
    v = 1.0
    dt = 0.001
    for i in range(n):
        a = -x * 4.0
        v += a * dt
        x += v * dt
    return x
print(round(run(2000000), 6))
