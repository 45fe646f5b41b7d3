# constant_folding: globals become constants of the trace, and arithmetic on them is done once.
#
# What to watch: the loop reads the globals WIDTH and HEIGHT on every iteration. When the trace
# is optimised, constant folding reads their current values once and turns each load into
# `_LOAD_CONST_INLINE`; `WIDTH * HEIGHT` is then computed at trace time, so the loop body only
# adds a constant. The trace now watches both globals: see global_rebinding.py for what happens
# when one of them changes.
#
# tierscope: speed 800ms
# tierscope: expect traceRecorded pixels ends in _JUMP_TO_TOP
# tierscope: expect optimizerPass constant folding
# tierscope: expect guardEliminated the trace watches WIDTH instead
# tierscope: expect guardEliminated the trace watches HEIGHT instead
# tierscope: expect guardEliminated total and 307200 are known ints
# tierscope: expect jitCompiled trace 0

WIDTH = 640
HEIGHT = 480


def pixels(frames):
    total = 0
    for frame in range(frames):
        total += WIDTH * HEIGHT
    return total


print(pixels(10))
print(pixels(100000))
