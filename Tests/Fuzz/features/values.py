"""Literal pools shared by the emitters: source text for values of each kind."""

SMALL_INTS = ["0", "1", "2", "3", "7", "-1", "-5", "42", "100", "-64"]
EDGE_INTS = ["9223372036854775807", "-9223372036854775808", "4611686018427387904",
             "3037000499", "3037000500", "-4611686018427387905", "2147483647", "4294967296",
             "-9223372036854775807"]
BIG_INTS = ["2**64", "-(2**64) + 1", "10**20", "-99999999999999999999", "18446744073709551615",
            "2**100 + 7", "-(3**50)", "9223372036854775808", "-9223372036854775809"]
FLOATS = ["0.0", "-0.0", "1.5", "-2.25", "0.1", "3.0", "1e16", "1e-09", "2.5e300", "123.456",
          "-7.0", "0.5"]
SPECIAL_FLOATS = ['float("inf")', 'float("-inf")', 'float("nan")']
BOOLS = ["True", "False"]
NONE = ["None"]
STRS = ['""', '"a"', '"ab"', '"Zz9"', '"h\\u00e9llo"', '" x "', '"10"', '"abcab"']
LISTS = ["[]", "[1, 2]", '["a", 3]', "[1.5]", "[[0], 1]", "[2, 1, 2]"]
TUPLES = ["()", "(1, 2)", '("x",)', "(0, 0.5)", "(3, 3)"]
DICTS = ["{}", '{"k": 1}', "{1: 2, 3: 4}"]
RANGES = ["range(3)", "range(-2, 5, 2)", "range(0)", "range(10, 0, -3)"]

KINDS = {
    "int": SMALL_INTS, "edge": EDGE_INTS, "big": BIG_INTS, "float": FLOATS,
    "special": SPECIAL_FLOATS, "bool": BOOLS, "none": NONE, "str": STRS, "list": LISTS,
    "tuple": TUPLES, "dict": DICTS, "range": RANGES,
}
NUMERIC_KINDS = ["int", "edge", "big", "float", "bool"]


class ComplexResult(Exception):
    """What evaluate() reports for a complex value: neither a result nor an error to use."""


def evaluate(source, names=None):
    """Evaluate a small expression of our own making; (True, value) or (False, exception).

    A complex result counts as a failure: complex numbers are outside tierscope's subset.
    """
    try:
        value = eval(source, {"__builtins__": __builtins__}, dict(names or {}))
    except Exception as exc:  # noqa: BLE001 - any failure just means "not this combination"
        return False, exc
    if isinstance(value, complex):
        return False, ComplexResult()
    return True, value


def safe_to_evaluate(op, left, right):
    """Whether `left op right` (values) finishes quickly with a small result.

    Rules out huge powers, shifts and sequence repetitions before anything is evaluated.
    """
    def is_int(v):
        return isinstance(v, int)
    if op == "**":
        if is_int(right) and (abs(right) > 64 or (is_int(left) and abs(left) > 2**64 and right > 4)):
            return False
        if isinstance(right, float) and abs(right) > 64:
            return False
    if op in ("<<",) and is_int(right) and right > 128:
        return False
    if op == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and is_int(count) and 64 < abs(count) < 2**63:
                return False
    return True
