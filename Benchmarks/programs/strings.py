# Benchmark workload: str methods and a dict of counts.
words = {}
text = "the quick brown fox jumps over the lazy dog " * 20000
for w in text.split():
    words[w] = words.get(w, 0) + 1
parts = []
for k in sorted(words):
    parts.append(f"{k}={words[k]}")
print(",".join(parts))
