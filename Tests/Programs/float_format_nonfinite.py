# Every float presentation type and flag on inf, -inf and nan, which have no digits or exponent.
for v in [float("inf"), float("-inf"), float("nan"), 1.5]:
    print(f"{v:n}|{v:g}|{v:G}|{v:.3}|{v:#e}|{v:#g}|{v:e}|{v:E}|{v:f}|{v:F}|{v:%}|{v:012.4f}|{v:+}|{v:,}|{v:>8}|{v:*^9}")
    print(format(v, "n"), format(v, ".0g"), format(v, "#.3g"), str(v), repr(v))
