# constant_folding: globals become constants of the trace, and arithmetic on them is done once.
#
# What to watch: the loop reads the globals WIDTH and HEIGHT on every iteration. When the trace
# is optimised, constant folding reads their current values once and turns each load into
# `_LOAD_CONST_INLINE`; `WIDTH * HEIGHT` is then computed at trace time, so the loop body only
# adds a constant. The trace now watches both globals: see global_rebinding.py for what happens
# when one of them changes.
#
# tierscope: speed 800ms
# tierscope: stage traceRecorded pixels ends in _JUMP_TO_TOP
#   The loop is traced. As recorded, every trip loads the globals WIDTH and HEIGHT, each load
#   guarded by a check that the globals dict has not changed.
# tierscope: expect optimizerPass constant folding
# tierscope: stage guardEliminated the trace watches WIDTH instead
#   Constant folding reads WIDTH once and puts its value in the trace (_LOAD_CONST_INLINE). The
#   dict's guard goes: the trace watches WIDTH instead, and rebinding it would invalidate the trace.
# tierscope: expect guardEliminated the trace watches HEIGHT instead
# tierscope: stage guardEliminated total and 307200 are known ints
#   WIDTH * HEIGHT is now a product of two constants: folded to 307200 while the trace is
#   optimised. Each trip only adds a constant to total.
# tierscope: stage jitCompiled trace 0
#   Compiled, the constant patched into the machine code. global_rebinding.py shows what happens
#   when a folded global changes.

WIDTH = 640
HEIGHT = 480


def pixels(frames):
    total = 0
    for frame in range(frames):
        total += WIDTH * HEIGHT
    return total


print(pixels(10))
print(pixels(100000))
