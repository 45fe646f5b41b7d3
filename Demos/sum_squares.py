# sum_squares: the seed example, a hot loop over ints.
#
# What to watch: `total += i * i` runs millions of times with int operands. Tier 1 rewrites
# BINARY_OP into BINARY_OP_ADD_INT / BINARY_OP_MULTIPLY_INT and FOR_ITER into FOR_ITER_RANGE;
# the loop's back edge then turns hot and Tier 2 records a trace of micro-ops. In that trace `i`
# comes out of the range iterator already known to be an int, so the optimiser removes its guards;
# only `total`, unknown when the trace is entered, keeps one. Loop peeling goes further: the trace
# runs the body once, then loops over a copy (after `_LOOP_HEAD`) that needs no type guard at all,
# because the first iteration proved `total` an int and nothing in the loop changes that.
#
# tierscope: speed 750ms
# tierscope: expect instructionSpecialized FOR_ITER -> FOR_ITER_RANGE
# tierscope: expect instructionSpecialized BINARY_OP -> BINARY_OP_MULTIPLY_INT
# tierscope: expect instructionSpecialized BINARY_OP -> BINARY_OP_ADD_INT
# tierscope: expect traceRecorded sum_squares ends in _JUMP_TO_TOP
# tierscope: expect optimizerPass loop peeling
# tierscope: expect guardEliminated _GUARD_BOTH_INT i, i
# tierscope: expect guardEliminated _GUARD_BOTH_INT total
# tierscope: expect jitCompiled trace 0


def sum_squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


for n in (10, 1000, 100000, 1000000, 2000000):
    print(n, sum_squares(n))
