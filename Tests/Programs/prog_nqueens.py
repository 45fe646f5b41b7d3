# Realistic: n-queens solution counting and printing the first board via backtracking.
def solve(n):
    cols = [-1] * n
    solutions = []
    place(0, n, cols, solutions)
    return solutions

def safe(row, col, cols):
    for r in range(row):
        c = cols[r]
        if c == col or abs(c - col) == row - r:
            return False
    return True

def place(row, n, cols, solutions):
    if row == n:
        solutions.append(cols[:])
        return
    for col in range(n):
        if safe(row, col, cols):
            cols[row] = col
            place(row + 1, n, cols, solutions)
            cols[row] = -1

for n in range(1, 9):
    sols = solve(n)
    print(n, len(sols), sols[0] if sols else None)
first = solve(6)[0]
for r in range(6):
    print("".join(["Q" if first[r] == c else "." for c in range(6)]))
