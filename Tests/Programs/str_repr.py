# Checks repr() of strings with quotes, backslashes, control and unicode characters.
cases = ["it's", 'say "hi"', "both ' and \"", "\x00\x7f\u00e9", "tab\tnl\ncr\r", "back\\slash",
         "", "'", '"', "'\"", "\x1b[0m", "\x80\x9f\xa0\xad", "é😀", "\u2028\u200b",
         "plain", "a\\nb", "\x08\x0c\x0b\x07"]
for c in cases:
    print(repr(c))
print(cases[:3])
print(("x", "it's"), {"k'": 'v"'})
print(str("it's"), f"{'it' + chr(39) + 's'!r}")
print(repr(repr("a")), repr(repr("it's")))
print(len(repr("\x00")), repr("a" * 3), repr(str(12)), repr(str(None)))
