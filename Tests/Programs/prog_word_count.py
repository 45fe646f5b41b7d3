# Realistic: word counting with dicts, normalisation and sorting by frequency then word.
text = """The quick brown fox jumps over the lazy dog. The dog sleeps;
the fox runs! A quick, quick fox -- and THE end.
Numbers like 42 and 7 are words too, aren't they?"""

def normalise(word):
    out = ""
    for ch in word.lower():
        if ch.isalpha() or ch.isdigit() or ch == "'":
            out += ch
    return out

counts = {}
order = []
for raw in text.split():
    w = normalise(raw)
    if not w:
        continue
    if w not in counts:
        order.append(w)
        counts[w] = 0
    counts[w] += 1

print(len(counts), sum(counts.values()))
print(order[:8])
def freq_key(item):
    return (-item[1], item[0])
ranked = sorted(counts.items(), key=freq_key)
for word, n in ranked[:6]:
    print(f"{word:<8}{n:>3} {'#' * n}")
by_len = {}
for w in counts:
    by_len.setdefault(len(w), []).append(w)
for L in sorted(by_len):
    print(L, sorted(by_len[L]))
lines = text.split("\n")
for i, line in enumerate(lines, 1):
    print(i, len(line), len(line.split()), line.count("the") + line.count("The"))
longest = max(counts, key=len)
print(longest, counts[longest], min(counts), max(counts))
