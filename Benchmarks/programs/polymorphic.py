# Benchmark workload: values that flip between int and float, so specialised instructions miss,
# despecialise and re-specialise, and traces take their side exits.
def accumulate(values, rounds):
    total = 0
    for r in range(rounds):
        for v in values:
            total = total + v * 2
        total = total % 1000003
    return total


ints = list(range(200))
mixed = [i if i % 3 else i + 0.5 for i in range(200)]
print(accumulate(ints, 6000), accumulate(mixed, 6000), accumulate(ints, 6000))
