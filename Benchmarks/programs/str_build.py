# Benchmark workload: string building by `+=` in a function, then indexing, slicing, `in`, join and
# a dict keyed by the slices: the string operations one at a time, each on a hot path.
def build(count):
    s = ""
    for i in range(count):
        s += chr(97 + i % 26)
    return s


def vowels(s):
    n = 0
    for i in range(len(s)):
        if s[i] in "aeiou":
            n += 1
    return n


def grams(s, width):
    counts = {}
    for i in range(0, len(s) - width, 3):
        g = s[i:i + width]
        counts[g] = counts.get(g, 0) + 1
    return counts


text = build(400000)
counts = grams(text, 4)
joined = ",".join(sorted(counts))
print(len(text), vowels(text), len(counts), len(joined), "xyza" in joined, "zzzz" in joined)
