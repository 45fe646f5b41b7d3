# global_rebinding: a trace that folded a global is invalidated when the global is rebound.
#
# What to watch: the first call traces the loop and folds RATE (a global) into the trace as a
# constant; the trace watches RATE. Rebinding RATE invalidates the trace at once: its executor is
# retired, the loop's back edge goes back to JUMP_BACKWARD, and the next call runs in Tier 1 until
# the loop is hot again and traces anew, now with the new value. The second half rebinds RATE from
# inside the running loop: the trace notices at its next validity check and deoptimises on the
# spot.
#
# tierscope: speed 160ms
# tierscope: stage traceRecorded charge ends in _JUMP_TO_TOP
#   charge's loop is traced. It reads the global RATE on every trip.
# tierscope: stage guardEliminated the trace watches RATE instead
#   Constant folding puts RATE's value, 3, into the trace, and the trace watches RATE from now on.
# tierscope: stage traceInvalidated the global RATE was rebound
#   RATE = 5 rebinds the global: the trace that folded 3 is invalidated at once, and the loop's back
#   edge goes back to JUMP_BACKWARD.
# tierscope: stage traceRecorded charge ends in _JUMP_TO_TOP
#   The next call runs in Tier 1 until the loop is hot again, then traces it anew, with 5 folded in.
# tierscope: stage deoptimized charge_changing the global RATE was rebound
#   Now RATE changes from inside the running loop: the trace notices at its next validity check and
#   deoptimises on the spot, back to Tier 1 in the middle of the loop.

RATE = 3


def charge(n):
    total = 0
    for i in range(n):
        total += i * RATE
    return total


def set_rate(i, every):
    global RATE
    if i % every == 0:
        RATE = RATE + 1


def charge_changing(n):
    total = 0
    for i in range(n):
        set_rate(i, every=25000)
        total += RATE
    return total


print(charge(100000))
RATE = 5
print(charge(100000))
print(charge_changing(100000))
