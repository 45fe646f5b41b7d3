# Floats formatted with no presentation type: precision switches to the exponent form one power sooner than 'g', and '#' keeps a point.
for v in [100.0, 10.0, 1.0, 99.0, 123.0, 1234.5, 0.5, 100.5, 1e-07, 1e22, 0.0001, 0.00001, 123456789.0, -2.5, 0.0]:
    print(v, format(v, ".3"), format(v, "#.3"), format(v, ".2"), format(v, ".1"), format(v, ".4"), f"{v:#}|{v:#10}|{v:.0}|{v:#.0}")
