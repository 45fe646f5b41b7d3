"""The table of feature groups: what each writes, how often, and whether it is on by default.

Each group has an emitter for ordinary blocks (`emit`) and, for groups that can end a
program with an uncaught exception after a long good run, an emitter of such a terminal
block (`error`). Both take a generate.Gen and return source lines.

Groups in DEFAULT_OFF exercise features tierscope is still gaining; they are switched off
by default so that they do not drown other findings. Turn them on with `--features all`
or `--features +dunder_ops`, and move them out of DEFAULT_OFF once they work.
"""
from dataclasses import dataclass
from typing import Callable, Optional

from . import calls, classes, containers, control, errors, hot_types, numbers, rebinding, strings


@dataclass(frozen=True)
class Group:
    weight: int
    emit: Optional[Callable]
    error: Optional[Callable]
    short: str        # used in corpus file names: fuzz_<short>_<seed>.py
    about: str        # completes "Checks ..." in a corpus test's first line


GROUPS = {
    "type_change": Group(6, hot_types.emit_type_change, hot_types.error_type_change, "typechange",
                         "hot loops whose variables change type midway"),
    "bigint_const": Group(4, hot_types.emit_bigint_const, None, "bigconst",
                          "big-int and float constants in hot code"),
    "int_overflow": Group(4, hot_types.emit_int_overflow, hot_types.error_int_overflow, "overflow",
                          "int arithmetic crossing the 64-bit boundary in hot loops"),
    "poly_call": Group(4, calls.emit_poly_call, calls.error_poly_call, "polycall",
                       "polymorphic call sites"),
    "attr_call": Group(4, calls.emit_attr_call, calls.error_attr_call, "attrcall",
                       "functions reached through attributes and callables stored on instances"),
    "recursion": Group(2, calls.emit_recursion, calls.error_recursion, "recursion",
                       "deep and hot recursion"),
    "global_rebind": Group(4, rebinding.emit_global_rebind, rebinding.error_global_rebind, "rebind",
                           "globals and builtins rebound inside hot loops"),
    "nested_loops": Group(3, rebinding.emit_nested_loops, None, "nested",
                          "nested loops with globals stored in the outer one"),
    "class_mutation": Group(4, classes.emit_class_mutation_or_shapes, classes.error_class_mutation, "classmut",
                            "methods and class attributes replaced mid-loop"),
    "dunder_str": Group(2, classes.emit_dunder_str, None, "dunderstr",
                        "__str__ and __repr__ in hot loops"),
    "dunder_ops": Group(3, classes.emit_dunder_ops, classes.error_dunder_ops, "dunder",
                        "operator dunder methods in hot loops"),
    "list_mutation": Group(3, containers.emit_list_mutation, containers.error_list_mutation, "listmut",
                           "lists mutated while iterated"),
    "dict_ops": Group(3, containers.emit_dict_ops, containers.error_dict_ops, "dict",
                      "dict keys of mixed types in hot loops"),
    "comprehension": Group(2, containers.emit_comprehension, None, "comp",
                           "comprehensions in hot loops"),
    "unpacking": Group(2, containers.emit_unpacking, containers.error_unpacking, "unpack",
                       "tuple unpacking in hot loops"),
    "alloc_churn": Group(2, containers.emit_alloc_churn, None, "alloc",
                         "allocation-heavy hot loops that keep the collector busy"),
    "branch_flip": Group(3, control.emit_branch_flip, None, "branch",
                         "branches and loop exits that change direction after warm-up"),
    "operators": Group(5, numbers.emit_operators, numbers.error_operators, "ops",
                       "binary and unary operators over pairs of types"),
    "builtins": Group(3, numbers.emit_builtins, numbers.error_builtins, "builtin",
                      "built-in functions over grids of arguments"),
    "range_ops": Group(2, numbers.emit_range_ops, numbers.error_range_ops, "range",
                       "range() with big bounds, negative steps and slicing"),
    "float_special": Group(2, numbers.emit_float_special, numbers.error_float_special, "floatspec",
                           "inf, nan and -0.0 in arithmetic, comparisons, containers and hashing"),
    "str_methods": Group(3, strings.emit_str_methods, strings.error_str_methods, "strmeth",
                         "string methods over grids of start/end/maxsplit values"),
    "str_slicing": Group(2, strings.emit_str_slicing, None, "slice",
                         "slicing strings, lists, tuples and ranges with grids of bounds"),
    "fstring": Group(3, strings.emit_fstring, strings.error_fstring, "fstring",
                     "f-strings with format specs in hot loops"),
    "str_format": Group(2, strings.emit_str_format, None, "format",
                        "str.format with positional, indexed and keyword fields"),
    "percent_format": Group(2, strings.emit_percent_format, None, "percent",
                            "printf-style % formatting"),
    "runtime_error": Group(12, None, errors.error_runtime, "err",
                           "a runtime error after thousands of good iterations"),
}

DEFAULT_OFF: frozenset = frozenset()


def resolve_features(spec):
    """Turn a --features value into a sorted list of group names.

    None or "default": every group but DEFAULT_OFF; "all": every group; "a,b": just those;
    "+a,-b": the default set with a added and b removed.
    """
    default = sorted(g for g in GROUPS if g not in DEFAULT_OFF)
    if spec is None or spec == "default":
        return default
    if isinstance(spec, (list, tuple)):
        spec = ",".join(spec)
    items = [s.strip() for s in spec.split(",") if s.strip()]
    if items == ["all"]:
        return sorted(GROUPS)
    relative = all(s[0] in "+-" for s in items)
    chosen = set(default) if relative else set()
    for item in items:
        name = item.lstrip("+-")
        if name == "all":
            chosen |= set(GROUPS)
            continue
        if name not in GROUPS:
            raise ValueError("unknown feature group %r (known: %s)" % (name, ", ".join(sorted(GROUPS))))
        if item.startswith("-"):
            chosen.discard(name)
        else:
            chosen.add(name)
    return sorted(chosen)
