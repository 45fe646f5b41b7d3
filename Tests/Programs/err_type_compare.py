# Checks TypeError for ordering comparison between int and str.
vals = [3, 1, 2]
vals.sort()
print(vals)
print(1 < "2")
