# Checks that a syntax error near the end of a file prevents all earlier output.
def ok(x):
    return x * 2

print("this line must not run", ok(2))
for i in range(3):
    print(i)

while True
    break
