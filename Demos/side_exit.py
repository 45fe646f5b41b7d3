# side_exit: a guard that starts failing becomes a side exit, and a hot side exit grows a trace.
#
# What to watch: for the first 300 iterations `x` is an int, so the loop's trace guards on int and
# adds ints. Then `x` becomes a float: the int guard fails on every iteration and execution leaves
# the trace through that exit, back to Tier 1 (a side exit, counted). In Tier 1 the add misses as
# often, and after 16 misses it reverts to the generic BINARY_OP. After 16 exits the exit is hot: a
# side trace is recorded from there and attached to the exit, so later iterations jump from the
# main trace straight into it. It carries the add as the generic _BINARY_OP: that is what the
# instruction had just become in Tier 1 when the side trace was recorded.
#
# tierscope: speed 500ms
# tierscope: stage traceRecorded drift ends in _JUMP_TO_TOP
#   For the first 300 iterations x is an int: the loop is traced with x guarded as an int and the
#   add done as an int add.
# tierscope: expect jitCompiled trace 0
# tierscope: stage sideExit _GUARD_NOS_INT failed
#   At i == 300, x becomes a float. The int guard fails: execution leaves the trace through that
#   guard's exit and goes on in Tier 1, at exactly that instruction.
# tierscope: stage instructionDespecialized BINARY_OP_ADD_INT -> BINARY_OP
#   In Tier 1 the add misses too: after 16 misses it goes back to the generic BINARY_OP.
# tierscope: stage traceRecordingStarted hot exit
#   The exit has been taken 16 times: it is hot, and Tier 2 starts recording a side trace there.
# tierscope: stage sideTraceAttached trace 0 -> trace 1
#   The side trace is attached to the exit: the main trace now jumps straight into trace 1 instead
#   of going back to Tier 1.


def drift(n):
    x = 0
    for i in range(n):
        if i == 300:
            x = 0.5
        x = x + 1
    return x


print(drift(100))
print(drift(100000))
