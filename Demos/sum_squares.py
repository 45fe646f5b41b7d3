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
# tierscope: stage instructionSpecialized FOR_ITER -> FOR_ITER_RANGE
#   Eight trips round the loop over a range: Tier 1 rewrites FOR_ITER in place as FOR_ITER_RANGE,
#   which steps a range iterator directly. The Bytecode pane shows the new name.
# tierscope: stage instructionSpecialized BINARY_OP -> BINARY_OP_MULTIPLY_INT
#   i * i has had two ints eight times: BINARY_OP becomes BINARY_OP_MULTIPLY_INT, which checks that
#   both are ints and multiplies them, with no dispatch on their types.
# tierscope: expect instructionSpecialized BINARY_OP -> BINARY_OP_ADD_INT
# tierscope: stage traceRecorded sum_squares ends in _JUMP_TO_TOP
#   The loop's back edge has run 16 times: Tier 2 records the loop as a trace of micro-ops, the
#   specialised instructions' pieces, ending in _JUMP_TO_TOP.
# tierscope: stage optimizerPass loop peeling
#   Loop peeling copies the body: the trace runs it once, then goes round the copy after
#   _LOOP_HEAD, which may assume whatever the first trip proved.
# tierscope: expect guardEliminated _GUARD_BOTH_INT i, i
# tierscope: stage guardEliminated _GUARD_BOTH_INT total
#   i comes from the range iterator and total was just computed as an int: guard elimination strikes
#   out the repeating body's type guards, each with its reason.
# tierscope: stage jitCompiled trace 0
#   The JIT copies each micro-op's stencil end to end and patches its holes: the Machine code pane
#   shows the x86-64. From now on the loop runs natively.


def sum_squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


for n in (10, 1000, 100000, 1000000, 2000000):
    print(n, sum_squares(n))
