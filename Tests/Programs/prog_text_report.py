# Realistic: a formatted text report using f-string alignment, widths and totals.
rows = [
    ("Widget", 4, 3.5),
    ("Gadget", 10, 12.25),
    ("Thingamajig", 1, 199.99),
    ("Bolt", 250, 0.04),
    ("Über-nut", 3, 1.0 / 3),
]
name_w = max([len(r[0]) for r in rows]) + 2
header = f"{'Item':<{name_w}}{'Qty':>5}{'Price':>10}{'Total':>12}"
print(header)
print("=" * len(header))
grand = 0
for name, qty, price in rows:
    total = qty * price
    grand += total
    print(f"{name:<{name_w}}{qty:>5}{price:>10.2f}{total:>12,.2f}")
print("-" * len(header))
print(f"{'TOTAL':<{name_w}}{sum([r[1] for r in rows]):>5}{'':>10}{grand:>12,.2f}")
print(f"{'avg price':>{name_w}}: {grand / len(rows):.3f}")
print(f"share of first: {rows[0][1] * rows[0][2] / grand:.2%}")
print(f"|{'centered':^20}|{'left':<8}|{'right':>8}|")
print(f"|{'':-^20}|{'':*<8}|{'':.>8}|")
for i in range(1, 6):
    print(f"{i:>2}. {i ** 10:>12,} {i / 7:8.4f} {i * 1e6:>12.3e} {i:03b}")
print(f"{grand!r}", f"{round(grand, 2)}")
