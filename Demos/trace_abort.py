# trace_abort: not every hot loop can be traced; the recorder gives up and says why.
#
# What to watch: the loop over a string is hot, but a str iterator has no specialised FOR_ITER
# form, so the recorder cannot turn the loop's exit into a guard: it aborts with "this loop's
# iterator has no specialised form" and backs off (the retry wait doubles each time). The second
# function calls itself, and recording gives up on "recursion into ...". Both keep running in
# Tier 1, and their output is unaffected.


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
