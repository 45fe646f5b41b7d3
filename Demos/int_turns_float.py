# int_turns_float: specialisations that miss, revert, back off and specialise again.
#
# What to watch: in accumulate(), `total + v` becomes BINARY_OP_ADD_INT on the first (int) pass. On
# the float pass its int guard misses every time; after 16 misses it reverts to BINARY_OP
# (instructionDespecialized), waits out its backoff, warms up on floats and becomes
# BINARY_OP_ADD_FLOAT. The third pass is ints again: miss, revert, a longer backoff, back to _INT.
# In drift(), `x + 1` is an int loop that turns float halfway: float + int has no specialised form,
# so after reverting it only fails and backs off (specializationFailed).


def accumulate(values):
    total = values[0] - values[0]
    for v in values:
        total = total + v
    return total


def drift(n):
    x = 0
    for i in range(n):
        if i == n // 2:
            x = x + 0.5
        x = x + 1
    return x


ints = list(range(120))
floats = [k * 0.25 for k in range(120)]
for data in (ints, floats, ints):
    print(accumulate(data))
print(drift(400))
