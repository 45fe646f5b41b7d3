# side_exit: a guard that starts failing becomes a side exit, and a hot side exit grows a trace.
#
# What to watch: for the first 300 iterations `x` is an int, so the loop's trace guards on int and
# adds ints. Then `x` becomes a float: the int guard fails on every iteration and execution leaves
# the trace through that exit, back to Tier 1 (a side exit, counted). In Tier 1 the add misses as
# often, and after 16 misses it reverts to the generic BINARY_OP. After 16 exits the exit is hot: a
# side trace is recorded from there and attached to the exit, so later iterations jump from the
# main trace straight into it. It carries the add as the generic _BINARY_OP, which is what the
# instruction had just become (float + int has no specialised form anyway).
#
# tierscope: speed 500ms
# tierscope: expect traceRecorded drift ends in _JUMP_TO_TOP
# tierscope: expect jitCompiled trace 0
# tierscope: expect sideExit _GUARD_NOS_INT failed
# tierscope: expect instructionDespecialized BINARY_OP_ADD_INT -> BINARY_OP
# tierscope: expect traceRecordingStarted hot exit
# tierscope: expect sideTraceAttached trace 0 -> trace 1


def drift(n):
    x = 0
    for i in range(n):
        if i == 300:
            x = 0.5
        x = x + 1
    return x


print(drift(100))
print(drift(100000))
