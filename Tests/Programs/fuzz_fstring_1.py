# Checks the g, G and n format types on inf and nan (fuzz seed 1: crash in every tier).
for v in [1.5, float("inf"), float("-inf"), float("nan")]:
    print(f"{v:g}|{v:G}|{v:n}|{v:.3g}|{v:10g}|{v:012.4f}|{v!r}")
