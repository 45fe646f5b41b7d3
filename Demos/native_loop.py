# native_loop: a loop compiled to x86-64, stencil by stencil, holes patched.
#
# What to watch: countdown()'s loop is traced and optimised, then the JIT compiles it the way
# CPython 3.13's does (copy and patch): each live micro-op's stencil, machine code compiled ahead
# of time from a C template, is copied end to end, and its holes are patched with this trace's
# values. The Machine code pane lists the x86-64 under each micro-op: `; oparg = 0x1` marks a
# patched argument (the local's slot), `; → exit 3` a guard's jump to the stub that hands the frame
# back to Tier 1 at its exact instruction, and `jo` the overflow check of an int add. After
# `_LOOP_HEAD` there is no type check at all. `tierscope dis --asm` prints the same listing.
#
# tierscope: speed 800ms
# tierscope: stage traceRecorded countdown ends in _JUMP_TO_TOP
#   countdown's while loop is hot: Tier 2 records it as a trace of micro-ops, which the optimiser
#   then peels and thins out.
# tierscope: stage jitCompiled trace 0
#   The JIT copies each micro-op's stencil end to end and patches its holes: `; oparg =` is a
#   patched argument, `→ exit` a jump to the stub that returns to Tier 1. Select a micro-op to see
#   its code.
# tierscope: stage sideExit countdown _GUARD_IS_TRUE_POP failed
#   n reached 0: the guard on `n > 0` fails and the native code leaves through its exit stub, to
#   Tier 1 just after the loop. That is how a while loop's trace ends.
# tierscope: stage programOutput 5000000
#   Five million trips in native code: the JIT counter on the status bar. The repeating body checks
#   only n > 0 and that the int arithmetic did not overflow.


def countdown(n):
    steps = 0
    while n > 0:
        n = n - 1
        steps = steps + 2
    return steps


for n in (5, 50, 5000000):
    print(n, countdown(n))
