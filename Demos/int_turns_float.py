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
# tierscope: stage instructionSpecialized accumulate BINARY_OP -> BINARY_OP_ADD_INT
#   First pass, ints: after eight int + int, total + v becomes BINARY_OP_ADD_INT.
# tierscope: expect traceAborted accumulate iterator has no specialised form
# tierscope: stage instructionDespecialized accumulate BINARY_OP_ADD_INT -> BINARY_OP retry after 32
#   Second pass, floats: the int guard misses on every add. After 16 misses the instruction goes
#   back to BINARY_OP and waits out a backoff of 32 runs before it tries again.
# tierscope: stage instructionSpecialized accumulate BINARY_OP -> BINARY_OP_ADD_FLOAT
#   Warmed up again, on floats this time: BINARY_OP_ADD_FLOAT.
# tierscope: stage instructionDespecialized accumulate BINARY_OP_ADD_FLOAT -> BINARY_OP retry after 64
#   Third pass, ints again: misses, back to BINARY_OP, and the backoff doubles to 64. An instruction
#   that keeps changing its mind is specialised less eagerly.
# tierscope: stage instructionSpecialized accumulate BINARY_OP -> BINARY_OP_ADD_INT
#   And back to BINARY_OP_ADD_INT. The Bytecode pane counts the guard misses along the way.


def accumulate(values):
    total = 0
    for v in values.values():
        total = total + v
    return total


ints = {k: k for k in range(120)}
floats = {k: k * 0.25 for k in range(120)}
for data in (ints, floats, ints):
    print(accumulate(data))
