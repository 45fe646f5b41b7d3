# Strings built by `+=` grow in a shared buffer once they are long: every older value must stay as
# it was (aliases, prefixes extended twice, ASCII turning wide), and compare, hash, index and slice
# like any other str.
def build(n, piece):
    s = ""
    for i in range(n):
        s += piece
    return s


s = build(100, "ab")
alias = s
s += "X"
print(len(alias), alias[-3:], len(s), s[-3:])

# Two extensions of one prefix: the second cannot write where the first did.
base = build(40, "xy")
left = base + "L" * 5
right = base + "R" * 5
print(left[-6:], right[-6:], base[-2:], len(base), left == right, left < right)

# ASCII that turns wide, then ASCII again, at and around the growable length.
t = build(63, "a")
t += "é"
wide_alias = t
t += "b"
t += "ü" * 3
print(len(t), t[60:], len(wide_alias), wide_alias[-2:], t == wide_alias + "büüü")

# Equal texts made differently are equal, hash alike and find each other in a dict.
made = build(70, "q")
literal = "q" * 70
counts = {literal: 1}
counts[made] = counts.get(made, 0) + 1
print(made == literal, hash(made) == hash(literal), counts[literal], len(counts), made in counts)

# Indexing, slicing, searching and splitting over a grown string.
text = ""
for i in range(500):
    text += str(i % 10)
print(text[0], text[-1], text[123:130], text.count("7"), text.find("4567"), "98765" in text)
print(len(text.split("0")), text[::50], text.upper()[:5], text.replace("1", "-")[:12])

# Many short-lived grown strings, so the collector frees their buffers as it goes.
total = 0
kept = []
for k in range(20000):
    piece = build(40, "ab") + str(k)
    total += len(piece)
    if k % 1000 == 0:
        kept.append(piece)
print(total, len(kept), kept[3][-6:], kept[-1][:4])

# The loop that motivated the buffer: a long string one character at a time.
long = ""
for i in range(100000):
    long += chr(97 + i % 26)
print(len(long), long[:30], long[-5:], long.count("z"))
