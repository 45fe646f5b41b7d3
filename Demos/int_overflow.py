# int_overflow: an int loop passes 2**63, its trace's overflow check fails, and big ints take over.
#
# What to watch: `x = x * 3 + 1` runs on small ints first, so the loop is traced with
# _BINARY_OP_MULTIPLY_INT and _BINARY_OP_ADD_INT: 64-bit arithmetic that checks for overflow (a
# `jo` in the machine code). The second call goes on long enough for x * 3 to pass 2**63: the
# multiply overflows, leaves the trace through its exit, and Tier 1 redoes it with a big int. From
# then on x is a big int, so the trace's int guard fails every time it is entered; Tier 1's
# BINARY_OP_MULTIPLY_INT misses too and reverts to the generic BINARY_OP. The exit turns hot and
# grows a side trace that carries the generic _BINARY_OP, which computes big ints (through GMP).
# The output is python3's, digit for digit.
#
# tierscope: speed 500ms
# tierscope: stage traceRecorded grow ends in _JUMP_TO_TOP
#   x = x * 3 + 1 on small ints: the loop is traced with the int multiply and add. Each keeps an
#   exit for overflow: 64-bit arithmetic that does not fit leaves the trace.
# tierscope: expect jitCompiled trace 0
# tierscope: stage sideExit grow _BINARY_OP_MULTIPLY_INT failed
#   x * 3 has passed 2**63: it does not fit in 64 bits. The multiply's overflow check fails and
#   leaves the trace; Tier 1 redoes it, and x becomes a big int.
# tierscope: stage sideExit grow _GUARD_NOS_INT failed
#   Now x is a big int: the trace's guard that x is a 64-bit int fails as soon as the trace is
#   entered, every time, and Tier 1 does the work.
# tierscope: stage instructionDespecialized grow BINARY_OP_MULTIPLY_INT -> BINARY_OP
#   In Tier 1, BINARY_OP_MULTIPLY_INT has missed 16 times: it goes back to the generic BINARY_OP,
#   which handles big ints.
# tierscope: stage sideTraceAttached trace 0 -> trace 1
#   The exit is hot: a side trace grows from it, carrying the generic _BINARY_OP. Big ints take over,
#   and the output matches python3's digit for digit.


def grow(n):
    x = 1
    for i in range(n):
        x = x * 3 + 1
    return x


print(grow(30))
print(grow(100))
print(grow(300) % 1000000007)
