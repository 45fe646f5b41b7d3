# Built-in types called in hot loops (CALL_BUILTIN_CLASS runs their constructors directly) and loops
# nested in traces that make a new iterator on every trip, over ranges, lists, tuples, strs and dicts.
def conversions(n):
    total = 0
    text = ""
    for i in range(n):
        total += int(i * 2.5) + int(str(i)) + len(list(range(i % 4))) + int(float(i) / 2)
        total += len(tuple([i, i])) + bool(i % 3) + len(str(i))
        if i % 500 == 0:
            text = text + str(float(i)) + ","
    return total, text


def nested(rows):
    sources = [range(3), [1, 2, 3], (4, 5), "ab", {"k": 1, "v": 2}, range(1, 10, 4)]
    seen = 0
    words = []
    for r in range(rows):
        for item in sources[r % 6]:
            seen += 1
            if r % 997 == 0:
                words.append(str(item))
        for j in range(r % 5, 7):
            seen += j
    return seen, words


def bad_conversion(values):
    total = 0
    for v in values:
        total += int(v)
    return total


print(conversions(3000))
print(nested(4000))
print(bad_conversion(["1", "22", "333"] * 100))
print(bad_conversion(["4"] * 300 + ["x5"]))
