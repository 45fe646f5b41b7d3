# specialize_families: one loop per family of specialised instructions.
#
# What to watch: run with --events (or in the TUI) and see each generic instruction turn into its
# specialised form after 8 executions with the same operand types: BINARY_OP_ADD_INT and _FLOAT,
# BINARY_OP_ADD_UNICODE, COMPARE_OP_INT/_FLOAT/_STR, LOAD_GLOBAL_MODULE/_BUILTIN,
# LOAD_ATTR_INSTANCE_VALUE, LOAD_ATTR_METHOD_WITH_VALUES, LOAD_ATTR_METHOD_NO_DICT,
# STORE_ATTR_INSTANCE_VALUE, BINARY_SUBSCR_LIST_INT/_TUPLE_INT/_STR_INT/_DICT, STORE_SUBSCR_LIST_INT/_DICT,
# FOR_ITER_RANGE/_LIST/_TUPLE, CALL_PY_EXACT_ARGS, CALL_LEN, CALL_LIST_APPEND, CALL_BUILTIN_FAST,
# TO_BOOL_INT/_LIST/_STR, UNPACK_SEQUENCE_TWO_TUPLE. `tierscope dis --adaptive` lists where each landed.
#
# tierscope: speed 60ms
# tierscope: stage instructionSpecialized -> FOR_ITER_RANGE
#   Each generic instruction watches the types it meets. After eight runs on the same ones it is
#   rewritten in place: here FOR_ITER over a range becomes FOR_ITER_RANGE.
# tierscope: expect instructionSpecialized -> COMPARE_OP_INT
# tierscope: expect instructionSpecialized -> BINARY_OP_ADD_INT
# tierscope: stage instructionSpecialized -> BINARY_OP_ADD_FLOAT
#   The same BINARY_OP instruction has a form for each pair of types it sees: BINARY_OP_ADD_FLOAT
#   for floats, as BINARY_OP_ADD_INT for ints.
# tierscope: expect instructionSpecialized -> COMPARE_OP_FLOAT
# tierscope: expect instructionSpecialized -> FOR_ITER_LIST
# tierscope: expect instructionSpecialized -> COMPARE_OP_STR
# tierscope: expect instructionSpecialized -> TO_BOOL_STR
# tierscope: expect instructionSpecialized -> BINARY_SUBSCR_STR_INT
# tierscope: stage instructionSpecialized -> BINARY_OP_ADD_UNICODE
#   str + str: BINARY_OP_ADD_UNICODE. Comparisons and truth tests specialise the same way, by type.
# tierscope: stage instructionSpecialized -> LOAD_GLOBAL_BUILTIN
#   A global load remembers where it found the name: LOAD_GLOBAL_BUILTIN for a builtin such as abs,
#   guarded by the versions of the globals and builtins dicts.
# tierscope: expect instructionSpecialized -> LOAD_GLOBAL_MODULE
# tierscope: expect instructionSpecialized -> CALL_BUILTIN_FAST
# tierscope: expect instructionSpecialized -> CALL_LEN
# tierscope: expect instructionSpecialized -> LOAD_ATTR_METHOD_NO_DICT
# tierscope: stage instructionSpecialized -> CALL_LIST_APPEND
#   squares.append(...) becomes CALL_LIST_APPEND: a call of one builtin method, done inline.
# tierscope: expect instructionSpecialized -> BINARY_SUBSCR_LIST_INT
# tierscope: expect instructionSpecialized -> BINARY_SUBSCR_TUPLE_INT
# tierscope: expect instructionSpecialized -> STORE_SUBSCR_DICT
# tierscope: expect instructionSpecialized -> STORE_SUBSCR_LIST_INT
# tierscope: expect instructionSpecialized -> TO_BOOL_INT
# tierscope: expect instructionSpecialized -> BINARY_SUBSCR_DICT
# tierscope: expect instructionSpecialized -> FOR_ITER_TUPLE
# tierscope: expect instructionSpecialized -> TO_BOOL_LIST
# tierscope: expect instructionSpecialized -> LOAD_ATTR_METHOD_WITH_VALUES
# tierscope: stage instructionSpecialized -> CALL_PY_EXACT_ARGS
#   c.bump(i) calls a Python method with exactly its arguments: CALL_PY_EXACT_ARGS pushes its frame
#   directly. Inside it, self.count becomes an attribute read from a fixed slot.
# tierscope: expect instructionSpecialized -> LOAD_ATTR_INSTANCE_VALUE
# tierscope: expect instructionSpecialized -> STORE_ATTR_INSTANCE_VALUE
# tierscope: stage instructionSpecialized -> UNPACK_SEQUENCE_TWO_TUPLE
#   a, b = pair on two-tuples: UNPACK_SEQUENCE_TWO_TUPLE. `tierscope dis --adaptive` lists every
#   instruction's final form.

SCALE = 3
LIMIT = 500
NAMES = ["ada", "grace", "barbara"]


class Counter:
    def __init__(self):
        self.count = 0

    def bump(self, by):
        self.count = self.count + by
        return self.count


def ints(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            total = total + i * 2 - 1
    return total


def floats(n):
    x = 0.5
    for i in range(n):
        x = x * 1.0001 + 0.25 - 0.125
        if x > 1000.0:
            x = x - 999.0
    return round(x, 6)


def strings(words):
    out = ""
    for w in words:
        if w == "skip" or not w:
            continue
        out = out + w[0]
    return out


def globals_and_builtins(n):
    total = 0
    for i in range(n):
        total = total + abs(i - LIMIT) + len(NAMES) + min(i, 3)
    return total


def containers(n):
    squares = []
    lookup = {}
    pairs = (1, 2, 3)
    for i in range(n):
        squares.append(i * i)
        lookup[i % 7] = squares[i] + pairs[i % 3]
    for i in range(n):
        squares[i] = squares[i] + 1
    for value in squares:
        if value % 2:
            lookup[0] = lookup[0] + 1
    for p in tuple(range(40)):
        if squares:
            lookup[p % 7] = lookup[p % 7] + p
    return lookup


def objects(n):
    c = Counter()
    for i in range(n):
        c.bump(i)
    return c.count


def unpacking(items):
    total = 0
    for pair in items:
        a, b = pair
        total = total + a * b
    return total


print(ints(2000 * SCALE))
print(floats(2000 * SCALE))
print(strings(["alpha", "beta", "skip", "gamma", "", "delta"] * 10 * SCALE))
print(globals_and_builtins(1000 * SCALE))
print(containers(500 * SCALE))
print(objects(2000 * SCALE))
print(unpacking([(i, i + 1) for i in range(300 * SCALE)]))
print("done")
