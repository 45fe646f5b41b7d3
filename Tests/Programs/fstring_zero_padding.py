# The 0 flag before a width: sign-aware zeros for numbers, zero fill in the default or given alignment for str.
for spec in ["08", "<08", ">08", "^08", "x<08", "=08", "+08", "08,", "08.2f", "-08", " 08", "08e", "08%", "08g", "<8"]:
    print(spec, [format(v, spec) for v in [12, -3.5, 2**70, True]])
for spec in ["08", "<08", ">08", "^08", "x<08", "08s", "010.2", "<8", "0"]:
    print(spec, format("abc", spec), f"{'xyz':{spec}}|")
for spec in ["08d", "#08x", "08b", "#010o", "+08X"]:
    print(spec, [format(v, spec) for v in [12, -3, 2**70, False]])
