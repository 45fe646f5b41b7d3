# Benchmark workload: a mandelbrot-style float loop with a break (the escape test).
def escape(cr, ci, limit):
    zr = 0.0
    zi = 0.0
    for k in range(limit):
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            return k
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
    return limit


def render(size, limit):
    total = 0
    for y in range(size):
        ci = y * 2.0 / size - 1.0
        for x in range(size):
            total += escape(x * 3.0 / size - 2.0, ci, limit)
    return total


print(render(160, 200))
