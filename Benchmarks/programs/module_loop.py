# Benchmark workload: a module-level while loop: LOAD_NAME/STORE_NAME.
total = 0
i = 0
while i < 3000000:
    total += i * i
    i += 1
print(total)
