# Checks a zero-padded width in a str format spec, which pads with zeros on the right (fuzz seed 128: ValueError in every tier).
for v in ["h\u00e9", "abc", ""]:
    print(f"{v:08}|{v:05}|{v:0>5}|{v:>8}|{v:.2}|{v!r}")
