# Checks NameError for an undefined variable after some output.
total = 0
for i in range(3):
    total += i
print("total", total)
print(totl)
print("unreachable")
