# format(n, 'c') of an int past 64 bits fails converting to a C long, before the code point range is checked.
t = 0
for i in range(3000):
    t += len(f"{65 + i % 26:c}")
print(t, f"{9731:c}", format(97, "c"), "%c" % 98)
print(format(2**70, "c"))
