# Checks methods called through their type (str.lower(s), key=str.lower, list.append(l, x)), subclasses included.
words = ["banana", "Apple", "cherry"]
print(sorted(words, key=str.lower), sorted(words, key=len), [str.upper(w) for w in words])
items = []
list.append(items, 1)
list.extend(items, [2, 3])
print(list.pop(items), items, list.count(items, 2), tuple.index((4, 5, 6), 6))
d = {"a": 1}
print(dict.get(d, "a"), dict.get(d, "b", 0), list(dict.keys(d)), str.join("-", ["x", "y"]))
print(int.bit_length(True), int.bit_length(2**100), int.bit_length(-5), float.is_integer(2.0))
print(str.split("a b  c"), str.replace("aXbX", "X", "-"), str.startswith("tier", "ti"))
lower = str.lower
print(lower("MiXeD"), [f("Ab") for f in [str.upper, str.lower, str.swapcase]])
