# Checks that a module-level def shadowing min() before a function's loop is traced is what the trace calls (fuzz seed 75: t2 and default use the builtin).
def use_b4(seq):
    for k in range(2):
        t = min(k, 0)
    return t
seq_b4 = [0]
for i_b4 in range(12):
    t_b4 = use_b4(seq_b4)
    if i_b4 == 4:
        def min(a, b):
            return a
    print(t_b4)
