# Benchmark workload: nbody-style float arithmetic on lists of lists (positions, velocities, masses).
def advance(bodies, dt, steps):
    n = len(bodies)
    for s in range(steps):
        for i in range(n):
            bi = bodies[i]
            for j in range(i + 1, n):
                bj = bodies[j]
                dx = bi[0] - bj[0]
                dy = bi[1] - bj[1]
                dz = bi[2] - bj[2]
                d2 = dx * dx + dy * dy + dz * dz + 0.01
                mag = dt / (d2 * d2)
                mi = bi[6] * mag
                mj = bj[6] * mag
                bi[3] = bi[3] - dx * mj
                bi[4] = bi[4] - dy * mj
                bi[5] = bi[5] - dz * mj
                bj[3] = bj[3] + dx * mi
                bj[4] = bj[4] + dy * mi
                bj[5] = bj[5] + dz * mi
        for b in bodies:
            b[0] = b[0] + dt * b[3]
            b[1] = b[1] + dt * b[4]
            b[2] = b[2] + dt * b[5]


bodies = []
for k in range(5):
    bodies.append([k * 1.0, k * 0.5, -k * 0.25, 0.0, 0.1 * k, 0.0, 1.0 + k * 0.1])
advance(bodies, 0.001, 60000)
print(round(sum([b[0] + b[1] + b[2] for b in bodies]), 6))
