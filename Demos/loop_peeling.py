# loop_peeling: the first trip round a loop proves the types, so the trips after it check none.
#
# What to watch: fall() steps a falling body. When its loop is traced, nothing is known about the
# locals as the trace is entered, so the recorded body guards `t` and `steps` as ints and `speed`
# and `height` as floats. Loop peeling copies the body: the trace runs it once (the peeled
# iteration, which keeps those guards), then goes round the copy after `_LOOP_HEAD`. The first
# iteration proved the types and nothing in the loop can change them, so guard elimination removes
# every type guard from the copy that repeats. Compare without peeling, where three guards stay
# and run on every trip:
#
#     tierscope dis --compare-passes all --compare-passes types,constants,guards,deadcode Demos/loop_peeling.py
#
# tierscope: speed 600ms
# tierscope: stage traceRecorded fall ends in _JUMP_TO_TOP
#   fall()'s loop is traced. As recorded, every trip guards t and steps as ints and speed and height
#   as floats: when the trace is entered, nothing is known about the locals.
# tierscope: stage optimizerPass loop peeling
#   Loop peeling copies the body: the trace runs it once, then loops over the copy after _LOOP_HEAD,
#   which may assume whatever the first trip proved.
# tierscope: stage guardEliminated _GUARD_BOTH_FLOAT height
#   The first trip proved t an int and speed and height floats, and the loop cannot change that:
#   guard elimination strikes out every type guard in the copy that repeats.
# tierscope: stage jitCompiled trace 0
#   Compiled: after _LOOP_HEAD the loop checks only that it goes on (t < steps) and that t + 1 did
#   not overflow. Without peeling, three type guards would run on every trip.


def fall(steps):
    height = 100.0
    speed = 0.0
    t = 0
    while t < steps:
        speed = speed - 9.81 * 0.001
        height = height + speed * 0.001
        t += 1
    return height


for steps in (10, 1000, 100000):
    print(steps, round(fall(steps), 6))
