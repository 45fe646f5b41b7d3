# A thousands separator with a presentation type that has none is refused while the spec is parsed.
print(f"{1234567:,d}|{1234567:_x}|{1234567.5:,.1f}|{255:_b}|{-3:,}")
print(f"{0:,s}")
