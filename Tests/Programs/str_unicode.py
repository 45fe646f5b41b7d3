# Checks len, indexing, slicing, iteration, ord/chr and comparison on non-ASCII strings.
s = "héllo wörld ñ €"
print(s, len(s), s[1], s[-1], s[6:11], s[::-1])
for ch in "añ€😀":
    print(ch, ord(ch), repr(ch))
e = "😀👍x"
print(len(e), e[0], e[1], e[-1], e[::-1] == "x👍😀", e * 2)
print(chr(233), chr(0x20AC), chr(128512), chr(65) + chr(97), ord("é") - ord("e"))
print("ÉCOLE".lower(), "école".upper(), "élan".capitalize())
print("é" < "z", "é" > "e", "Z" < "a", sorted(["é", "e", "z", "E", "ä"]))
print("€" in s, "wör" in s, s.find("ö"), s.index("ñ"), s.count("l"))
print(repr("日本語"), len("日本語"), "日本語"[1], "日本" + "語" == "日本語")
print("é".isalpha(), "日本".isalpha(), "x€".isalpha())
print("|" + "ñ".center(5, "*") + "|", "€".rjust(3), "é".ljust(3, ".") + "|")
print("a€b".split("€"), "-".join(["ü", "ö"]), "ñoño".replace("ñ", "n"))
codes = []
for c in "Grüße":
    codes.append(ord(c))
print(codes, "".join([chr(c) for c in codes]))
