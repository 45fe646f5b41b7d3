# Checks f-string format specs for floats and ints: width, precision, e, %, comma, g.
x = 3.14159265
n = 1234567
print(f"{x:.3f}|{x:10.2f}|{x:<10.1f}|{x:^10.4f}|{x:+.2f}|{-x:.2f}")
print(f"{x:e}|{x:.2e}|{1e-10:e}|{123456.0:E}|{0.0:e}")
print(f"{0.256:%}|{0.256:.1%}|{1:.0%}|{-0.5:%}")
print(f"{n:,}|{n:_}|{-n:,}|{1234.5678:,.2f}|{10 ** 20:,}")
print(f"{n:08b}|{5:08b}|{255:x}|{255:X}|{255:o}|{255:#x}|{255:#b}|{8:#o}")
print(f"{42:>8}|{42:<8}|{42:^8}|{42:08}|{-42:08}|{42:+}|{42: }")
print(f"{'ab':>5}|{'ab':<5}|{'ab':^5}|{'ab':*^6}|{'abc':-<7}|{'x':0>3}")
print(f"{x}|{x!r}|{'hi'!r}|{'hi'}|{None}|{True}|{[1, 'a']}")
print(f"{1.5:g}|{1e20:g}|{0.00001:g}|{123456789.0:g}|{100.0:.3g}")
print(f"{2.5:.0f}|{3.5:.0f}|{0.125:.2f}|{1e16:.1f}|{-0.0:.1f}")
print(f"{7:5d}|{7:<5d}|{-7:5d}|{True:d}|{3:.2f}|{10:e}")
w = 12
p = 3
print(f"{x:{w}.{p}f}|{'s':>{w}}|")
print(f"{{literal}} {n} {{{n}}}")
print(format(x, ".2f"), format(n, ","), format(255, "b"), format("ab", ">4"), format(1.5))
print(format(0.1), format(10 ** 20), format(True), format(-0.0, ".3f"))
print(f"{float('inf'):.2f}|{float('nan'):>6}|{-float('inf'):e}")
