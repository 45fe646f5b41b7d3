# trace_abort: not every hot loop can be traced; the recorder gives up and says why.
#
# What to watch: the loop over a string is hot, but a str iterator has no specialised FOR_ITER
# form, so the recorder cannot turn the loop's exit into a guard: it aborts with "this loop's
# iterator has no specialised form" and backs off (the retry wait doubles each time), so that loop
# keeps running in Tier 1. The second function calls itself: a recursive call cannot be inlined, so
# its trace stops short of it and ends in _EXIT_TRACE at the call; Tier 1 pushes the frame and the
# function's own trace takes over again inside it. Neither changes the output.
#
# tierscope: speed 250ms
# tierscope: expect traceRecordingStarted count_vowels hot loop
# tierscope: expect traceAborted count_vowels iterator has no specialised form
# tierscope: expect traceAborted count_vowels iterator has no specialised form
# tierscope: expect traceRecorded depth ends in _EXIT_TRACE


def count_vowels(text):
    n = 0
    for ch in text:
        if ch in "aeiou":
            n += 1
    return n


def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


print(count_vowels("the quick brown fox jumps over the lazy dog " * 500))
total = 0
for i in range(200):
    total += depth(50)
print(total)
