# Checks f-string expressions, !r conversion, nested quotes, format specs on ints and strings.
name = "Ann"
age = 31
items = ["x", "y"]
d = {"k": 1.5}
print(f"{name} is {age}", f"{name!r}", f"{age!r}", f"{items}", f"{items!r}", f"{d['k']}")
print(f"{age + 1} {age * 2:5} {age / 3:.4f} {-age:+} {age % 7}", f"{'nested' + '!'}")
print(f"{name:>10}|{name:<10}|{name:^10}|{name:_^9}|{name!r:>8}|")
print(f"{3 > 2} {None} {[i * i for i in range(4)]} {len(items)} {items[-1]}")
print(f"{1e-5} {0.1 + 0.2} {1e16} {2 ** 70} {-0.0}")
print(f"{12345.6789:10.1f}|{12345.6789:<12,.2f}|{0.5:^9.1%}|{42:#010x}|{-42:x}")
print(f"{7:3}{8:3}{9:3}", f"{'a'}{'b'}{'c'}", f"", f"{''}")
print(f"{True:>6}|{False!r}|{1.0!r}|{(1, 2)}")
print(f"{age:d} {age:b} {age:o} {age:X} {age:e} {age:.1e} {age:g} {age:%}")
print(f"{123456789:,d} {-1234.5:,} {0:,} {1234:_b}")
w = 8
print(f"[{'x':>{w}}] [{3.14159:.{w - 5}f}] [{name:{'*'}^{w}}]")
print(f'{"double inside single"}', f"{'single inside double'}", f"""{'triple'}""")
print(f"{{}}", f"{{{age}}}", f"a{{b}}c", f"{age}{{")
s = "multi"
print(f"{s}"
      f"-{s.upper()}"
      "-plain")
print(f"{'tab':>6}\t{'nl'}\n{'next'}", f"{chr(65)}{ord('a')}")
