# trace_abort: not every hot loop can be traced; the recorder gives up, says why, and backs off.
#
# What to watch: the loop over a string is hot, but a str iterator has no specialised FOR_ITER
# form, so the recorder cannot turn the loop's end into a guard: it aborts with "this loop's
# iterator has no specialised form" and backs off, the wait doubling each time (32, 64, 128, ...),
# so that a loop that cannot be traced costs less and less. The loop stays in Tier 1 for the whole
# run, and at the end the Trace pane still says why the last recording gave up. The output is the
# same either way.
#
# tierscope: speed 250ms
# tierscope: stage traceRecordingStarted count_vowels hot loop
#   The loop over the string has gone round 16 times: Tier 2 starts recording it as a trace.
# tierscope: stage traceAborted count_vowels iterator has no specialised form
#   It gives up at once: FOR_ITER over a str has no specialised form, so there is no guard for "the
#   loop ran out". The recorder says why and backs off: retry after 32.
# tierscope: stage traceAborted count_vowels retry after 64
#   Hot again, aborted again, and the wait doubles: 64, then 128, and so on, so a loop that cannot
#   be traced costs less and less.
# tierscope: stage programFinished exit status 0
#   The run ends with the loop still in Tier 1: the Trace pane says why the last recording gave up.


def count_vowels(text):
    n = 0
    for ch in text:
        if ch in "aeiou":
            n += 1
    return n


print(count_vowels("the quick brown fox jumps over the lazy dog " * 500))
