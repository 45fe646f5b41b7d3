# int_turns_float: specialisations that miss, revert, back off and specialise again.
#
# What to watch: accumulate() walks a dict's values. A dict iterator has no specialised FOR_ITER
# form, so the loop is never traced (each recording aborts, as in trace_abort.py) and every
# `total + v` runs in Tier 1, where the whole story shows. On the first (int) pass `total + v`
# becomes BINARY_OP_ADD_INT. On the float pass its int guard misses every time; after 16 misses it
# reverts to BINARY_OP (instructionDespecialized), waits out its backoff (retry after 32), warms up
# on floats and becomes BINARY_OP_ADD_FLOAT. The third pass is ints again: miss, revert, a longer
# backoff (64), and back to BINARY_OP_ADD_INT.
#
# tierscope: speed 400ms
# tierscope: expect instructionSpecialized accumulate BINARY_OP -> BINARY_OP_ADD_INT
# tierscope: expect traceAborted accumulate iterator has no specialised form
# tierscope: expect instructionDespecialized accumulate BINARY_OP_ADD_INT -> BINARY_OP retry after 32
# tierscope: expect instructionSpecialized accumulate BINARY_OP -> BINARY_OP_ADD_FLOAT
# tierscope: expect instructionDespecialized accumulate BINARY_OP_ADD_FLOAT -> BINARY_OP retry after 64
# tierscope: expect instructionSpecialized accumulate BINARY_OP -> BINARY_OP_ADD_INT


def accumulate(values):
    total = 0
    for v in values.values():
        total = total + v
    return total


ints = {k: k for k in range(120)}
floats = {k: k * 0.25 for k in range(120)}
for data in (ints, floats, ints):
    print(accumulate(data))
