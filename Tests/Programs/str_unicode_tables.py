# Checks Unicode-table-dependent behaviour: special casing, combining marks, non-ASCII classes.
print("straße".upper(), "ñandú".title(), "ǅ".lower(), "ß".capitalize())
print("ab\u0301c", len("ab\u0301c"), "👍🏽", len("👍🏽"))
print("٣".isdigit(), "Ⅻ".isupper(), "\u00a0".isspace(), "\u2003".isspace(), "ª".islower())
print(repr("\u00a0"), repr("\u00ad"), repr("\u0301"), repr("\U0001F600"), repr("\U000e0001"))
print("Ω".lower(), "ω".upper(), "ΣΑΣ".lower(), "İ".lower() == "i\u0307")
