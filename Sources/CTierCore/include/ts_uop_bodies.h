// The semantics of every micro-op, written once. Tier 1 runs instructions as sequences of these, the
// Tier 2 micro-op interpreter calls them one by one, and the JIT's stencil templates include them. So:
// plain C over the shared frame and values, no Swift; a guard returns TS_DEOPT before changing
// anything; an int that would overflow is a guard failure, never a silent wrap-around.
//
// Every body has the same shape: the frame, the stack pointer (read and written through `spp`), the
// instruction's argument and the 64-bit operand from its inline cache.
#ifndef TS_UOP_BODIES_H
#define TS_UOP_BODIES_H

#include "ts_frame.h"
#include "ts_opcodes.h"
#include "ts_uops.h"

#pragma clang assume_nonnull begin

#define TS_BODY(name)                                                                                      \
    static inline __attribute__((always_inline)) int ts_uop_##name(                                      \
        ts_frame *frame, ts_value *_Nonnull *_Nonnull spp, int32_t oparg, uint64_t operand)

#define TS_UNUSED (void)frame, (void)spp, (void)oparg, (void)operand

/// Local `index` of the frame, as `_LOAD_FAST` and `_STORE_FAST` reach it. The JIT's template defines
/// this to reach it through a hole holding the local's byte offset in the frame, which the emitter fills
/// in: native code then addresses the local directly (`[frame + offset]`), where the arithmetic on the
/// index is otherwise done at run time.
#ifndef TS_LOCAL
#define TS_LOCAL(frame, index) (&(frame)->localsplus[index])
#endif

static inline ts_list *ts_as_list(ts_value v) { return (ts_list *)v.u.obj; }
static inline ts_tuple *ts_as_tuple(ts_value v) { return (ts_tuple *)v.u.obj; }
static inline ts_str *ts_as_str(ts_value v) { return (ts_str *)v.u.obj; }
static inline ts_dict *ts_as_dict(ts_value v) { return (ts_dict *)v.u.obj; }
static inline ts_iterator *ts_as_iterator(ts_value v) { return (ts_iterator *)v.u.obj; }
static inline ts_instance *ts_as_instance(ts_value v) { return (ts_instance *)v.u.obj; }

/// A comparison's outcome for COMPARE_OP's argument (<, <=, ==, !=, >, >=) from a three-way result.
static inline bool ts_compare_holds(int32_t op, int c) {
    switch (op) {
    case 0: return c < 0;
    case 1: return c <= 0;
    case 2: return c == 0;
    case 3: return c != 0;
    case 4: return c > 0;
    default: return c >= 0;
    }
}

/// An index into a sequence of `count`, counting from the end when negative; -1 when out of range.
static inline int64_t ts_sequence_index(int64_t index, int64_t count) {
    if (index < 0) index += count;
    return (index >= 0 && index < count) ? index : -1;
}

// MARK: - Locals, constants and the stack

TS_BODY(_NOP) {
    TS_UNUSED;
    return TS_OK;
}

TS_BODY(_LOAD_FAST) {
    (void)operand;
    ts_value *sp = *spp;
    ts_value_copy(sp, TS_LOCAL(frame, oparg));
    *spp = sp + 1;
    return TS_OK;
}

TS_BODY(_LOAD_FAST_CHECK) {
    (void)operand;
    ts_value *local = TS_LOCAL(frame, oparg);
    if (local->tag == TS_NULL) return TS_DEOPT;
    ts_value *sp = *spp;
    ts_value_copy(sp, local);
    *spp = sp + 1;
    return TS_OK;
}

TS_BODY(_STORE_FAST) {
    (void)operand;
    ts_value *sp = *spp - 1;
    ts_value_copy(TS_LOCAL(frame, oparg), sp);
    *spp = sp;
    return TS_OK;
}

TS_BODY(_LOAD_CONST) {
    (void)operand;
    ts_value *sp = *spp;
    ts_value_copy(sp, &frame->code->consts[oparg]);
    *spp = sp + 1;
    return TS_OK;
}

TS_BODY(_POP_TOP) {
    TS_UNUSED;
    *spp -= 1;
    return TS_OK;
}

TS_BODY(_PUSH_NULL) {
    TS_UNUSED;
    ts_value *sp = *spp;
    sp[0] = ts_null();
    *spp = sp + 1;
    return TS_OK;
}

TS_BODY(_COPY) {
    (void)frame, (void)operand;
    ts_value *sp = *spp;
    ts_value_copy(sp, &sp[-oparg]);
    *spp = sp + 1;
    return TS_OK;
}

TS_BODY(_SWAP) {
    (void)frame, (void)operand;
    ts_value *sp = *spp;
    ts_value top = sp[-1];
    ts_value_copy(&sp[-1], &sp[-oparg]);
    ts_value_copy(&sp[-oparg], &top);
    return TS_OK;
}

// MARK: - Ints

TS_BODY(_GUARD_BOTH_INT) {
    TS_UNUSED;
    ts_value *sp = *spp;
    return (sp[-1].tag == TS_INT && sp[-2].tag == TS_INT) ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_TOS_INT) {
    TS_UNUSED;
    return (*spp)[-1].tag == TS_INT ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_NOS_INT) {
    TS_UNUSED;
    return (*spp)[-2].tag == TS_INT ? TS_OK : TS_DEOPT;
}

#define TS_INT_BINARY(name, builtin)                                                                      \
    TS_BODY(name) {                                                                                        \
        TS_UNUSED;                                                                                         \
        ts_value *sp = *spp;                                                                               \
        int64_t result;                                                                                    \
        if (builtin(sp[-2].u.i, sp[-1].u.i, &result)) return TS_DEOPT;                                     \
        sp[-2].u.i = result;                                                                               \
        *spp = sp - 1;                                                                                     \
        return TS_OK;                                                                                      \
    }

TS_INT_BINARY(_BINARY_OP_ADD_INT, __builtin_add_overflow)
TS_INT_BINARY(_BINARY_OP_SUBTRACT_INT, __builtin_sub_overflow)
TS_INT_BINARY(_BINARY_OP_MULTIPLY_INT, __builtin_mul_overflow)

TS_BODY(_COMPARE_OP_INT) {
    (void)frame, (void)operand;
    ts_value *sp = *spp;
    int64_t a = sp[-2].u.i, b = sp[-1].u.i;
    sp[-2] = ts_bool(ts_compare_holds(oparg, (a > b) - (a < b)));
    *spp = sp - 1;
    return TS_OK;
}

// MARK: - Floats

TS_BODY(_GUARD_BOTH_FLOAT) {
    TS_UNUSED;
    ts_value *sp = *spp;
    return (sp[-1].tag == TS_FLOAT && sp[-2].tag == TS_FLOAT) ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_TOS_FLOAT) {
    TS_UNUSED;
    return (*spp)[-1].tag == TS_FLOAT ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_NOS_FLOAT) {
    TS_UNUSED;
    return (*spp)[-2].tag == TS_FLOAT ? TS_OK : TS_DEOPT;
}

#define TS_FLOAT_BINARY(name, op)                                                                         \
    TS_BODY(name) {                                                                                        \
        TS_UNUSED;                                                                                         \
        ts_value *sp = *spp;                                                                               \
        sp[-2].u.f = sp[-2].u.f op sp[-1].u.f;                                                             \
        *spp = sp - 1;                                                                                     \
        return TS_OK;                                                                                      \
    }

TS_FLOAT_BINARY(_BINARY_OP_ADD_FLOAT, +)
TS_FLOAT_BINARY(_BINARY_OP_SUBTRACT_FLOAT, -)
TS_FLOAT_BINARY(_BINARY_OP_MULTIPLY_FLOAT, *)

/// Stores a float result where a micro-op's left operand was: a word at a time, since the tag may change.
static inline void ts_set_float(ts_value *slot, double f) {
    slot->tag = TS_FLOAT;
    slot->u.f = f;
}

/// The double nearest an int64, as Python converts an int meeting a float (`cvtsi2sd` rounds to nearest,
/// ties to even, as `PyLong_AsDouble` does).
static inline double ts_int_to_double(int64_t i) { return (double)i; }

TS_BODY(_BINARY_OP_TRUE_DIVIDE_FLOAT) {
    TS_UNUSED;
    ts_value *sp = *spp;
    double divisor = sp[-1].u.f;
    if (divisor == 0.0) return TS_DEOPT;
    sp[-2].u.f = sp[-2].u.f / divisor;
    *spp = sp - 1;
    return TS_OK;
}

TS_BODY(_BINARY_OP_TRUE_DIVIDE_INT) {
    TS_UNUSED;
    ts_value *sp = *spp;
    int64_t a = sp[-2].u.i, b = sp[-1].u.i;
    const int64_t exact = (int64_t)1 << 53;
    if (b == 0 || a > exact || a < -exact || b > exact || b < -exact) return TS_DEOPT;
    ts_set_float(&sp[-2], (double)a / (double)b);
    *spp = sp - 1;
    return TS_OK;
}

/// Python's floor division and remainder of int64s: the quotient rounds toward minus infinity and the
/// remainder takes the divisor's sign. Division by zero, and INT64_MIN // -1 (which overflows, and
/// which x86 traps on), leave for the generic instruction.
static inline bool ts_floor_divmod(int64_t a, int64_t b, int64_t *quotient, int64_t *remainder) {
    if (b == 0 || (b == -1 && a == INT64_MIN)) return false;
    int64_t q = a / b, r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) {
        q -= 1;
        r += b;
    }
    *quotient = q;
    *remainder = r;
    return true;
}

#define TS_INT_DIVMOD(name, part)                                                                         \
    TS_BODY(name) {                                                                                        \
        TS_UNUSED;                                                                                         \
        ts_value *sp = *spp;                                                                               \
        int64_t quotient, remainder;                                                                       \
        if (!ts_floor_divmod(sp[-2].u.i, sp[-1].u.i, &quotient, &remainder)) return TS_DEOPT;              \
        sp[-2].u.i = part;                                                                                 \
        *spp = sp - 1;                                                                                     \
        return TS_OK;                                                                                      \
    }

TS_INT_DIVMOD(_BINARY_OP_FLOOR_DIVIDE_INT, quotient)
TS_INT_DIVMOD(_BINARY_OP_REMAINDER_INT, remainder)

// A float and an int, either way round: the int is converted, then the float operation runs. Division
// by a zero int or float leaves for the generic instruction.
#define TS_MIXED_BINARY(name, left, right, op, divides)                                                   \
    TS_BODY(name) {                                                                                        \
        TS_UNUSED;                                                                                         \
        ts_value *sp = *spp;                                                                               \
        double b = right(sp[-1]);                                                                          \
        if ((divides) && b == 0.0) return TS_DEOPT;                                                        \
        ts_set_float(&sp[-2], left(sp[-2]) op b);                                                          \
        *spp = sp - 1;                                                                                     \
        return TS_OK;                                                                                      \
    }
#define TS_AS_FLOAT(v) ((v).u.f)
#define TS_AS_INT_TO_FLOAT(v) ts_int_to_double((v).u.i)

TS_MIXED_BINARY(_BINARY_OP_ADD_FLOAT_INT, TS_AS_FLOAT, TS_AS_INT_TO_FLOAT, +, false)
TS_MIXED_BINARY(_BINARY_OP_SUBTRACT_FLOAT_INT, TS_AS_FLOAT, TS_AS_INT_TO_FLOAT, -, false)
TS_MIXED_BINARY(_BINARY_OP_MULTIPLY_FLOAT_INT, TS_AS_FLOAT, TS_AS_INT_TO_FLOAT, *, false)
TS_MIXED_BINARY(_BINARY_OP_TRUE_DIVIDE_FLOAT_INT, TS_AS_FLOAT, TS_AS_INT_TO_FLOAT, /, true)
TS_MIXED_BINARY(_BINARY_OP_ADD_INT_FLOAT, TS_AS_INT_TO_FLOAT, TS_AS_FLOAT, +, false)
TS_MIXED_BINARY(_BINARY_OP_SUBTRACT_INT_FLOAT, TS_AS_INT_TO_FLOAT, TS_AS_FLOAT, -, false)
TS_MIXED_BINARY(_BINARY_OP_MULTIPLY_INT_FLOAT, TS_AS_INT_TO_FLOAT, TS_AS_FLOAT, *, false)
TS_MIXED_BINARY(_BINARY_OP_TRUE_DIVIDE_INT_FLOAT, TS_AS_INT_TO_FLOAT, TS_AS_FLOAT, /, true)

TS_BODY(_COMPARE_OP_FLOAT) {
    (void)frame, (void)operand;
    ts_value *sp = *spp;
    double a = sp[-2].u.f, b = sp[-1].u.f;
    bool holds;
    // Written out rather than through a three-way result, so NaN compares false except for !=.
    switch (oparg) {
    case 0: holds = a < b; break;
    case 1: holds = a <= b; break;
    case 2: holds = a == b; break;
    case 3: holds = a != b; break;
    case 4: holds = a > b; break;
    default: holds = a >= b; break;
    }
    sp[-2] = ts_bool(holds);
    *spp = sp - 1;
    return TS_OK;
}

// MARK: - Strings

TS_BODY(_GUARD_BOTH_UNICODE) {
    TS_UNUSED;
    ts_value *sp = *spp;
    return (sp[-1].tag == TS_STR && sp[-2].tag == TS_STR) ? TS_OK : TS_DEOPT;
}

TS_BODY(_BINARY_OP_ADD_UNICODE) {
    (void)oparg, (void)operand;
    ts_value *sp = *spp;
    ts_runtime *rt = frame->runtime;
    sp[-2] = rt->string_concat(rt, sp[-2], sp[-1]);
    *spp = sp - 1;
    return TS_OK;
}

TS_BODY(_COMPARE_OP_STR) {
    (void)frame, (void)operand;
    ts_value *sp = *spp;
    bool equal = ts_str_equal(ts_as_str(sp[-2]), ts_as_str(sp[-1]));
    sp[-2] = ts_bool(oparg == 2 ? equal : !equal);
    *spp = sp - 1;
    return TS_OK;
}

// MARK: - Globals

TS_BODY(_GUARD_GLOBALS_VERSION) {
    (void)spp, (void)oparg;
    return (uint32_t)frame->globals->keys_version == (uint32_t)operand ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_BUILTINS_VERSION) {
    (void)spp, (void)oparg;
    return (uint32_t)frame->runtime->builtins->keys_version == (uint32_t)operand ? TS_OK : TS_DEOPT;
}

/// Pushes the value of dict entry `index`, and NULL after it for a call when the low bit of oparg is set.
static inline int ts_push_dict_entry(ts_dict *dict, ts_value *_Nonnull *_Nonnull spp, int32_t oparg, uint64_t index) {
    ts_value value = dict->entries[index].value;
    if (value.tag == TS_NULL) return TS_DEOPT;
    ts_value *sp = *spp;
    ts_value_copy(sp, &value);
    sp += 1;
    if (oparg & 1) {
        sp[0] = ts_null();
        sp += 1;
    }
    *spp = sp;
    return TS_OK;
}

TS_BODY(_LOAD_GLOBAL_MODULE) { return ts_push_dict_entry(frame->globals, spp, oparg, operand); }

TS_BODY(_LOAD_GLOBAL_BUILTINS) { return ts_push_dict_entry(frame->runtime->builtins, spp, oparg, operand); }

// MARK: - Attributes

TS_BODY(_GUARD_TYPE_VERSION) {
    (void)frame, (void)oparg;
    return ts_type_version((*spp)[-1]) == (uint32_t)operand ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_KEYS_VERSION) {
    (void)frame, (void)oparg;
    ts_instance *owner = ts_as_instance((*spp)[-1]);
    return (uint32_t)owner->cls->layout->keys_version == (uint32_t)operand ? TS_OK : TS_DEOPT;
}

TS_BODY(_LOAD_ATTR_INSTANCE_VALUE) {
    (void)frame;
    ts_value *sp = *spp;
    ts_instance *owner = ts_as_instance(sp[-1]);
    if ((int64_t)operand >= owner->nslots) return TS_DEOPT;
    ts_value value = owner->slots[operand];
    if (value.tag == TS_NULL) return TS_DEOPT;
    ts_value_copy(&sp[-1], &value);
    if (oparg & 1) {
        sp[0] = ts_null();
        sp += 1;
    }
    *spp = sp;
    return TS_OK;
}

/// The method-load form's result: the callable below, `self` on top.
static inline int ts_push_method(ts_value *_Nonnull *_Nonnull spp, ts_tag tag, uint64_t callable) {
    ts_value *sp = *spp;
    ts_value_copy(&sp[0], &sp[-1]);
    sp[-1] = (ts_value){.tag = tag, .u = {.bits = callable}};
    *spp = sp + 1;
    return TS_OK;
}

TS_BODY(_LOAD_ATTR_METHOD_WITH_VALUES) {
    (void)frame, (void)oparg;
    return ts_push_method(spp, TS_FUNCTION, operand);
}

TS_BODY(_LOAD_ATTR_METHOD_NO_DICT) {
    (void)frame, (void)oparg;
    return ts_push_method(spp, TS_BUILTIN, operand);
}

TS_BODY(_LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES) {
    (void)frame;
    ts_value *sp = *spp;
    // The operand points at the value in the class's namespace; the type version guard ensures the
    // namespace has not changed since.
    ts_value_copy(&sp[-1], (const ts_value *)(uintptr_t)operand);
    if (oparg & 1) {
        sp[0] = ts_null();
        sp += 1;
    }
    *spp = sp;
    return TS_OK;
}

TS_BODY(_STORE_ATTR_INSTANCE_VALUE) {
    (void)frame, (void)oparg;
    ts_value *sp = *spp;
    ts_instance *owner = ts_as_instance(sp[-1]);
    if ((int64_t)operand >= owner->nslots) return TS_DEOPT;
    ts_value_copy(&owner->slots[operand], &sp[-2]);
    *spp = sp - 2;
    return TS_OK;
}

// MARK: - Subscripts

TS_BODY(_GUARD_NOS_LIST) {
    TS_UNUSED;
    return (*spp)[-2].tag == TS_LIST ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_NOS_TUPLE) {
    TS_UNUSED;
    return (*spp)[-2].tag == TS_TUPLE ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_NOS_DICT) {
    TS_UNUSED;
    return (*spp)[-2].tag == TS_DICT ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_NOS_UNICODE) {
    TS_UNUSED;
    return (*spp)[-2].tag == TS_STR ? TS_OK : TS_DEOPT;
}

TS_BODY(_BINARY_SUBSCR_LIST_INT) {
    TS_UNUSED;
    ts_value *sp = *spp;
    ts_list *list = ts_as_list(sp[-2]);
    int64_t i = ts_sequence_index(sp[-1].u.i, list->count);
    if (i < 0) return TS_DEOPT;
    ts_value_copy(&sp[-2], &list->items[i]);
    *spp = sp - 1;
    return TS_OK;
}

TS_BODY(_BINARY_SUBSCR_TUPLE_INT) {
    TS_UNUSED;
    ts_value *sp = *spp;
    ts_tuple *tuple = ts_as_tuple(sp[-2]);
    int64_t i = ts_sequence_index(sp[-1].u.i, tuple->count);
    if (i < 0) return TS_DEOPT;
    ts_value_copy(&sp[-2], &ts_tuple_items(tuple)[i]);
    *spp = sp - 1;
    return TS_OK;
}

TS_BODY(_BINARY_SUBSCR_STR_INT) {
    (void)oparg, (void)operand;
    ts_value *sp = *spp;
    ts_str *s = ts_as_str(sp[-2]);
    int64_t i = ts_sequence_index(sp[-1].u.i, s->length);
    if (i < 0) return TS_DEOPT;
    uint32_t c = s->kind == 1 ? ts_str_ascii(s)[i] : ts_str_ucs4(s)[i];
    ts_runtime *rt = frame->runtime;
    sp[-2] = c < 128 ? rt->ascii_chars[c] : rt->character(rt, c);
    *spp = sp - 1;
    return TS_OK;
}

TS_BODY(_BINARY_SUBSCR_DICT) {
    (void)oparg, (void)operand;
    ts_value *sp = *spp;
    ts_runtime *rt = frame->runtime;
    ts_value value;
    // A missing or unhashable key is left to the generic instruction, which raises.
    if (rt->dict_get(rt, ts_as_dict(sp[-2]), sp[-1], &value) != 1) return TS_DEOPT;
    ts_value_copy(&sp[-2], &value);
    *spp = sp - 1;
    return TS_OK;
}

TS_BODY(_GUARD_TOS_DICT) {
    TS_UNUSED;
    return (*spp)[-1].tag == TS_DICT ? TS_OK : TS_DEOPT;
}

/// `key in dict` (`not in` when oparg is 1).
TS_BODY(_CONTAINS_OP_DICT) {
    (void)operand;
    ts_value *sp = *spp;
    ts_value key = sp[-2];
    // Only int and str keys, whose hash runs no Python code: a class's __hash__ could have side effects
    // that the generic instruction, run after a miss, would repeat.
    if (key.tag != TS_INT && key.tag != TS_STR) return TS_DEOPT;
    ts_runtime *rt = frame->runtime;
    ts_value value;
    int found = rt->dict_get(rt, ts_as_dict(sp[-1]), key, &value);
    if (found < 0) return TS_DEOPT;
    sp[-2] = ts_bool((found == 1) != (oparg != 0));
    *spp = sp - 1;
    return TS_OK;
}

TS_BODY(_STORE_SUBSCR_LIST_INT) {
    TS_UNUSED;
    ts_value *sp = *spp;
    ts_list *list = ts_as_list(sp[-2]);
    int64_t i = ts_sequence_index(sp[-1].u.i, list->count);
    if (i < 0) return TS_DEOPT;
    ts_value_copy(&list->items[i], &sp[-3]);
    *spp = sp - 3;
    return TS_OK;
}

TS_BODY(_STORE_SUBSCR_DICT) {
    (void)oparg, (void)operand;
    ts_value *sp = *spp;
    ts_runtime *rt = frame->runtime;
    if (rt->dict_set(rt, ts_as_dict(sp[-2]), sp[-1], sp[-3]) != 0) return TS_DEOPT;
    *spp = sp - 3;
    return TS_OK;
}

// MARK: - Iteration (the iterator is on top of the stack)

static inline bool ts_is_iterator(ts_value v, ts_iter_kind kind, ts_tag source) {
    if (v.tag != TS_ITERATOR) return false;
    ts_iterator *it = ts_as_iterator(v);
    return it->kind == kind && (kind == TS_ITER_RANGE || it->source.tag == source);
}

TS_BODY(_ITER_CHECK_RANGE) {
    TS_UNUSED;
    return ts_is_iterator((*spp)[-1], TS_ITER_RANGE, TS_NULL) ? TS_OK : TS_DEOPT;
}

TS_BODY(_ITER_JUMP_RANGE) {
    TS_UNUSED;
    if (ts_as_iterator((*spp)[-1])->remaining > 0) return TS_OK;
    *spp -= 1;
    return TS_JUMP;
}

TS_BODY(_GUARD_NOT_EXHAUSTED_RANGE) {
    TS_UNUSED;
    return ts_as_iterator((*spp)[-1])->remaining > 0 ? TS_OK : TS_DEOPT;
}

TS_BODY(_ITER_NEXT_RANGE) {
    TS_UNUSED;
    ts_value *sp = *spp;
    ts_iterator *it = ts_as_iterator(sp[-1]);
    int64_t value = it->index;
    it->index = value + it->step;
    it->remaining -= 1;
    sp[0] = ts_int(value);
    *spp = sp + 1;
    return TS_OK;
}

#define TS_SEQUENCE_ITERATION(SUFFIX, TAG, COUNT, ITEMS)                                                   \
    TS_BODY(_ITER_CHECK_##SUFFIX) {                                                                        \
        TS_UNUSED;                                                                                         \
        return ts_is_iterator((*spp)[-1], TS_ITER_SEQUENCE, TAG) ? TS_OK : TS_DEOPT;                       \
    }                                                                                                      \
    TS_BODY(_ITER_JUMP_##SUFFIX) {                                                                         \
        TS_UNUSED;                                                                                         \
        ts_iterator *it = ts_as_iterator((*spp)[-1]);                                                      \
        if (it->index < COUNT(it->source)) return TS_OK;                                                   \
        *spp -= 1;                                                                                         \
        return TS_JUMP;                                                                                    \
    }                                                                                                      \
    TS_BODY(_GUARD_NOT_EXHAUSTED_##SUFFIX) {                                                               \
        TS_UNUSED;                                                                                         \
        ts_iterator *it = ts_as_iterator((*spp)[-1]);                                                      \
        return it->index < COUNT(it->source) ? TS_OK : TS_DEOPT;                                           \
    }                                                                                                      \
    TS_BODY(_ITER_NEXT_##SUFFIX) {                                                                         \
        TS_UNUSED;                                                                                         \
        ts_value *sp = *spp;                                                                               \
        ts_iterator *it = ts_as_iterator(sp[-1]);                                                          \
        ts_value_copy(sp, &ITEMS(it->source)[it->index]);                                                  \
        it->index += 1;                                                                                    \
        *spp = sp + 1;                                                                                     \
        return TS_OK;                                                                                      \
    }

#define TS_LIST_COUNT(v) ts_as_list(v)->count
#define TS_LIST_ITEMS(v) ts_as_list(v)->items
#define TS_TUPLE_COUNT(v) ts_as_tuple(v)->count
#define TS_TUPLE_ITEMS(v) ts_tuple_items(ts_as_tuple(v))
TS_SEQUENCE_ITERATION(LIST, TS_LIST, TS_LIST_COUNT, TS_LIST_ITEMS)
TS_SEQUENCE_ITERATION(TUPLE, TS_TUPLE, TS_TUPLE_COUNT, TS_TUPLE_ITEMS)

// MARK: - Calls (stack: callable, self or NULL, oparg arguments)

/// The callable's slot for a call with `oparg` arguments.
static inline ts_value *ts_call_slot(ts_value *sp, int32_t oparg) { return sp - oparg - 2; }

TS_BODY(_CHECK_FUNCTION_EXACT_ARGS) {
    (void)frame;
    ts_value *callable = ts_call_slot(*spp, oparg);
    if (callable->tag != TS_FUNCTION) return TS_DEOPT;
    ts_function *f = (ts_function *)callable->u.obj;
    int32_t given = oparg + (callable[1].tag != TS_NULL ? 1 : 0);
    return (f->version == (uint32_t)operand && f->code->argument_count == given) ? TS_OK : TS_DEOPT;
}

/// Pushes the callee's frame with its arguments as its first locals. The caller's stack keeps what was
/// below the callable; the executor has written the caller's instruction pointer back already.
TS_BODY(_PUSH_FRAME) {
    (void)operand;
    ts_value *sp = *spp;
    ts_value *callable = ts_call_slot(sp, oparg);
    ts_function *f = (ts_function *)callable->u.obj;
    ts_value *args = callable[1].tag != TS_NULL ? callable + 1 : callable + 2;
    int32_t count = (int32_t)(sp - args);
    frame->stack_depth = (int32_t)(callable - ts_frame_stack_base(frame));
    ts_frame *callee = ts_frame_push(frame->runtime, f->code, f, f->globals, f->globals, TS_RETURN_PUSH);
    if (!callee) return TS_DEOPT;
    for (int32_t i = 0; i < count; i++) ts_value_copy(&callee->localsplus[i], &args[i]);
    *spp = ts_frame_stack_base(callee);
    return TS_OK;
}

/// The value below the top (a subscript's container, an operator's left operand) is an instance of the
/// class with this version. For the forms that push a special method's frame the version stands for the
/// method too (any change to a namespace in the chain bumps it), so one comparison proves both.
TS_BODY(_GUARD_NOS_TYPE_VERSION) {
    (void)frame, (void)oparg;
    ts_value container = (*spp)[-2];
    return container.tag == TS_INSTANCE && ts_type_version(container) == (uint32_t)operand ? TS_OK : TS_DEOPT;
}

/// Pushes a special method's frame with `count` arguments as its first locals. The caller's stack is
/// cut back to `base`, where the result goes when the frame returns (unless `action` drops it).
static inline int ts_push_method_frame(ts_frame *frame, ts_value *_Nonnull *_Nonnull spp, uint64_t operand,
                                       ts_value *base, const ts_value *args, int32_t count,
                                       ts_return_action action) {
    ts_function *f = (ts_function *)(uintptr_t)operand;
    frame->stack_depth = (int32_t)(base - ts_frame_stack_base(frame));
    ts_frame *callee = ts_frame_push(frame->runtime, f->code, f, f->globals, f->globals, action);
    if (!callee) return TS_DEOPT;
    for (int32_t i = 0; i < count; i++) ts_value_copy(&callee->localsplus[i], &args[i]);
    *spp = ts_frame_stack_base(callee);
    return TS_OK;
}

/// Pushes `__getitem__`'s frame (the operand) with the container and the index as its two locals. Its
/// result replaces the container on the caller's stack, as a call's replaces the callable.
TS_BODY(_PUSH_FRAME_GETITEM) {
    (void)oparg;
    ts_value *container = *spp - 2;
    return ts_push_method_frame(frame, spp, operand, container, container, 2, TS_RETURN_PUSH);
}

/// `container[key] = value` (stack: value, container, key): pushes `__setitem__`'s frame (the operand)
/// with (container, key, value) as its locals. The three leave the caller's stack, and the frame
/// discards its result.
TS_BODY(_PUSH_FRAME_SETITEM) {
    (void)oparg;
    ts_value *value = *spp - 3;
    const ts_value args[3] = {value[1], value[2], value[0]};
    return ts_push_method_frame(frame, spp, operand, value, args, 3, TS_RETURN_DISCARD);
}

/// An operator's right operand is not an instance of a class other than the left's. Such an instance
/// might be asked first (its class may derive from the left's and override the reflected method),
/// while the form always asks the left operand's method.
TS_BODY(_GUARD_TOS_NOT_OTHER_CLASS) {
    (void)frame, (void)oparg, (void)operand;
    ts_value left = (*spp)[-2], right = (*spp)[-1];
    if (right.tag != TS_INSTANCE) return TS_OK;
    return ts_as_instance(right)->cls == ts_as_instance(left)->cls ? TS_OK : TS_DEOPT;
}

/// `left op right` by the left operand's method (the operand): pushes its frame with both operands as
/// its locals. Its result replaces them, unless it is NotImplemented (see TS_RETURN_PROTOCOL).
TS_BODY(_PUSH_FRAME_OPERATOR) {
    (void)oparg;
    ts_value *left = *spp - 2;
    return ts_push_method_frame(frame, spp, operand, left, left, 2, TS_RETURN_PROTOCOL);
}

/// `item in container` (stack: item, container) by the container's `__contains__` (the operand): its
/// frame gets (container, item); the truth of its result replaces both.
TS_BODY(_PUSH_FRAME_CONTAINS) {
    (void)oparg;
    ts_value *item = *spp - 2;
    const ts_value args[2] = {item[1], item[0]};
    return ts_push_method_frame(frame, spp, operand, item, args, 2, TS_RETURN_PROTOCOL);
}

/// The truth of an instance by its class's `__bool__` (the operand), whose bool replaces it.
TS_BODY(_PUSH_FRAME_BOOL) {
    (void)oparg;
    ts_value *value = *spp - 1;
    return ts_push_method_frame(frame, spp, operand, value, value, 1, TS_RETURN_PROTOCOL);
}

/// `len(x)` (stack: len, NULL, x) by x's `__len__` (operand2; the operand names `len`): its frame gets x,
/// and the length it returns replaces all three, once checked (see TS_RETURN_PROTOCOL).
TS_BODY(_PUSH_FRAME_LEN) {
    ts_value *callable = ts_call_slot(*spp, oparg);
    return ts_push_method_frame(frame, spp, operand, callable, callable + 2, 1, TS_RETURN_PROTOCOL);
}

/// Before a traced `__len__` returns: its result is an int and not negative. Anything else leaves the
/// trace at the return, and Tier 1 converts it or raises what python3 raises.
TS_BODY(_GUARD_RESULT_LENGTH) {
    (void)frame, (void)oparg, (void)operand;
    ts_value result = (*spp)[-1];
    return result.tag == TS_INT && result.u.i >= 0 ? TS_OK : TS_DEOPT;
}

/// Before a traced operator method returns: its result is not NotImplemented. If it is, the trace leaves
/// at the return, and Tier 1 passes the operation to the other operand.
TS_BODY(_GUARD_RESULT_IMPLEMENTED) {
    (void)oparg, (void)operand;
    ts_value result = (*spp)[-1], declined = frame->runtime->not_implemented;
    return result.tag == declined.tag && result.u.bits == declined.u.bits ? TS_DEOPT : TS_OK;
}

/// The callable is the very object the cache names: a built-in, or a built-in type (an object's address
/// is its identity, and built-ins and types live for the whole run).
TS_BODY(_CHECK_CALLABLE) {
    (void)frame;
    ts_value *callable = ts_call_slot(*spp, oparg);
    return ts_is_object(*callable) && callable->u.bits == operand ? TS_OK : TS_DEOPT;
}

/// Calls built-in `builtin` with the arguments of the call whose callable is in `callable`'s slot, and
/// leaves the result there.
static inline int ts_call_builtin_at(ts_frame *frame, ts_value *_Nonnull *_Nonnull spp, int32_t oparg, ts_builtin *builtin) {
    ts_value *sp = *spp;
    ts_value *callable = ts_call_slot(sp, oparg);
    ts_value *args = callable[1].tag != TS_NULL ? callable + 1 : callable + 2;
    ts_runtime *rt = frame->runtime;
    ts_value result;
    if (rt->call_builtin(rt, builtin, args, (int32_t)(sp - args), &result) != 0) return TS_ERROR;
    ts_value_copy(callable, &result);
    *spp = callable + 1;
    return TS_OK;
}

TS_BODY(_CALL_BUILTIN_FAST) {
    (void)operand;
    return ts_call_builtin_at(frame, spp, oparg, (ts_builtin *)ts_call_slot(*spp, oparg)->u.obj);
}

TS_BODY(_CALL_BUILTIN_CLASS) {
    return ts_call_builtin_at(frame, spp, oparg, (ts_builtin *)(uintptr_t)operand);
}

TS_BODY(_CALL_LEN) {
    (void)frame, (void)operand;
    ts_value *sp = *spp;
    ts_value *callable = ts_call_slot(sp, oparg);
    if (oparg != 1 || callable[1].tag != TS_NULL) return TS_DEOPT;
    ts_value arg = sp[-1];
    int64_t length;
    switch (arg.tag) {
    case TS_STR: length = ts_as_str(arg)->length; break;
    case TS_LIST: length = ts_as_list(arg)->count; break;
    case TS_TUPLE: length = ts_as_tuple(arg)->count; break;
    case TS_DICT: length = ts_as_dict(arg)->used; break;
    default: return TS_DEOPT;
    }
    callable[0] = ts_int(length);
    *spp = callable + 1;
    return TS_OK;
}

TS_BODY(_CALL_LIST_APPEND) {
    (void)operand;
    ts_value *sp = *spp;
    ts_value *callable = ts_call_slot(sp, oparg);
    if (oparg != 1 || callable[1].tag != TS_LIST) return TS_DEOPT;
    ts_runtime *rt = frame->runtime;
    ts_list *list = ts_as_list(callable[1]);
    if (list->count < list->capacity) {
        ts_value_copy(&list->items[list->count], &sp[-1]);
        list->count += 1;
    } else {
        rt->list_append(rt, list, sp[-1]);
    }
    callable[0] = ts_none();
    *spp = callable + 1;
    return TS_OK;
}

// MARK: - Truth (for conditional jumps)

TS_BODY(_TO_BOOL_BOOL) {
    TS_UNUSED;
    return (*spp)[-1].tag == TS_BOOL ? TS_OK : TS_DEOPT;
}

#define TS_TO_BOOL(name, TAG, TRUTH)                                                                       \
    TS_BODY(name) {                                                                                        \
        TS_UNUSED;                                                                                         \
        ts_value *top = &(*spp)[-1];                                                                       \
        if (top->tag != TAG) return TS_DEOPT;                                                              \
        *top = ts_bool(TRUTH);                                                                             \
        return TS_OK;                                                                                      \
    }

TS_TO_BOOL(_TO_BOOL_INT, TS_INT, top->u.i != 0)
TS_TO_BOOL(_TO_BOOL_LIST, TS_LIST, ts_as_list(*top)->count != 0)
TS_TO_BOOL(_TO_BOOL_NONE, TS_NONE, false)
TS_TO_BOOL(_TO_BOOL_STR, TS_STR, ts_as_str(*top)->length != 0)

TS_BODY(_REPLACE_WITH_TRUE) {
    TS_UNUSED;
    (*spp)[-1] = ts_bool(true);
    return TS_OK;
}

// MARK: - Unpacking (the first item ends on top)

static inline int ts_unpack(ts_value *_Nonnull *_Nonnull spp, const ts_value *items, int64_t count, int32_t expected) {
    if (count != expected) return TS_DEOPT;
    ts_value *sp = *spp - 1;
    for (int32_t i = 0; i < expected; i++) ts_value_copy(&sp[i], &items[expected - 1 - i]);
    *spp = sp + expected;
    return TS_OK;
}

TS_BODY(_UNPACK_SEQUENCE_TWO_TUPLE) {
    (void)frame, (void)operand;
    ts_value top = (*spp)[-1];
    if (top.tag != TS_TUPLE) return TS_DEOPT;
    return ts_unpack(spp, ts_tuple_items(ts_as_tuple(top)), ts_as_tuple(top)->count, 2);
}

TS_BODY(_UNPACK_SEQUENCE_TUPLE) {
    (void)frame, (void)operand;
    ts_value top = (*spp)[-1];
    if (top.tag != TS_TUPLE) return TS_DEOPT;
    return ts_unpack(spp, ts_tuple_items(ts_as_tuple(top)), ts_as_tuple(top)->count, oparg);
}

TS_BODY(_UNPACK_SEQUENCE_LIST) {
    (void)frame, (void)operand;
    ts_value top = (*spp)[-1];
    if (top.tag != TS_LIST) return TS_DEOPT;
    return ts_unpack(spp, ts_as_list(top)->items, ts_as_list(top)->count, oparg);
}

// MARK: - Tier 2: trace structure

/// LOAD_NAME. A name bound nowhere leaves for the generic instruction, which raises the NameError.
TS_BODY(_LOAD_NAME) {
    (void)operand;
    ts_runtime *rt = frame->runtime;
    ts_value *sp = *spp;
    if (!rt->load_name(rt, frame, frame->code->names[oparg], sp)) return TS_DEOPT;
    *spp = sp + 1;
    return TS_OK;
}

TS_BODY(_STORE_NAME) {
    (void)operand;
    ts_runtime *rt = frame->runtime;
    ts_value *sp = *spp - 1;
    rt->store_name(rt, frame->names, frame->code->names[oparg], *sp);
    *spp = sp;
    return TS_OK;
}

TS_BODY(_STORE_GLOBAL) {
    (void)operand;
    ts_runtime *rt = frame->runtime;
    ts_value *sp = *spp - 1;
    rt->store_name(rt, frame->globals, frame->code->names[oparg], *sp);
    *spp = sp;
    return TS_OK;
}

TS_BODY(_START_EXECUTOR) {
    TS_UNUSED;
    return TS_OK;
}

/// Where a peeled loop's body begins: `_JUMP_TO_TOP` comes back here, past the first iteration that
/// established what the body may assume (see LoopPeeling.swift).
TS_BODY(_LOOP_HEAD) {
    TS_UNUSED;
    return TS_OK;
}

/// Records where the trace is in the bytecode, for tracebacks and for what escaping micro-ops see:
/// like a frame that is not running, `ip` holds the index of the next instruction.
TS_BODY(_SET_IP) {
    (void)spp, (void)operand;
    frame->ip = oparg + 1;
    return TS_OK;
}

/// The operand points at the executor's validity flag, cleared when something it assumed changed.
TS_BODY(_CHECK_VALIDITY) {
    (void)frame, (void)spp, (void)oparg;
    return *(const volatile uint8_t *)(uintptr_t)operand ? TS_OK : TS_DEOPT;
}

/// Goes round the loop again, unless a safe point is due: then the trace leaves through its back edge
/// so that Tier 1 collects, accounts fuel or stops, and enters again.
TS_BODY(_JUMP_TO_TOP) {
    (void)spp, (void)oparg, (void)operand;
    ts_runtime *rt = frame->runtime;
    rt->safe_point_countdown -= 1;
    return rt->safe_point_countdown < 0 ? TS_EXIT : TS_LOOP;
}

TS_BODY(_EXIT_TRACE) {
    TS_UNUSED;
    return TS_EXIT;
}

/// The branch a trace assumed: pops the condition (a bool) and fails when it went the other way.
TS_BODY(_GUARD_IS_TRUE_POP) {
    TS_UNUSED;
    ts_value *sp = *spp - 1;
    *spp = sp;
    return sp->tag == TS_BOOL && sp->u.i != 0 ? TS_OK : TS_DEOPT;
}

TS_BODY(_GUARD_IS_FALSE_POP) {
    TS_UNUSED;
    ts_value *sp = *spp - 1;
    *spp = sp;
    return sp->tag == TS_BOOL && sp->u.i == 0 ? TS_OK : TS_DEOPT;
}

/// Returns from a call the trace followed: pops the callee's frame and pushes its result on the
/// caller's stack.
TS_BODY(_POP_FRAME) {
    (void)oparg, (void)operand;
    ts_value result = (*spp)[-1];
    ts_frame *caller = frame->previous;
    ts_frame_pop(frame->runtime, frame);
    ts_value *sp = ts_frame_stack_base(caller) + caller->stack_depth;
    ts_value_copy(sp, &result);
    *spp = sp + 1;
    return TS_OK;
}

/// Enters a call the trace runs inline: no frame, only room for one checked (`operand`: the code it
/// calls, whose frame an exit would build) and the callee's locals beyond its arguments, unbound.
TS_BODY(_INLINE_CALL) {
    ts_runtime *rt = frame->runtime;
    if (!ts_frame_fits(rt, (ts_code *)(uintptr_t)operand)) return TS_DEOPT;
    ts_value *sp = *spp;
    for (int32_t k = 0; k < oparg; k++) sp[k] = ts_null();
    *spp = sp + oparg;
    return TS_OK;
}

/// Returns from a call run inline: the result replaces the callable, its receiver or NULL, the
/// arguments, the callee's locals and what is left of its stack (`oparg` values in all).
TS_BODY(_INLINE_RETURN) {
    (void)frame, (void)operand;
    ts_value *sp = *spp;
    ts_value result = sp[-1];
    sp -= oparg + 1;
    ts_value_copy(sp, &result);
    *spp = sp + 1;
    return TS_OK;
}

/// Pushes a constant the optimiser computed or promoted: the tag in oparg, the payload in operand.
TS_BODY(_LOAD_CONST_INLINE) {
    (void)frame;
    ts_value *sp = *spp;
    sp->tag = (ts_tag)oparg;
    sp->u.bits = operand;
    *spp = sp + 1;
    return TS_OK;
}

// MARK: - Tier 2: generic instructions, run by the VM's implementation

#define TS_GENERIC(name, ...)                                                                              \
    TS_BODY(name) {                                                                                        \
        (void)operand;                                                                                     \
        ts_runtime *rt = frame->runtime;                                                                   \
        int done = rt->run_generic(rt, frame, spp, TS_OP##name, oparg);                                    \
        return done == 0 ? TS_OK : done > 0 ? TS_DEOPT : TS_ERROR;                                         \
    }

TS_GENERIC_UOPS(TS_GENERIC)

TS_BODY(_GET_ITER) {
    (void)oparg, (void)operand;
    ts_runtime *rt = frame->runtime;
    return rt->get_iter(rt, &(*spp)[-1]) == 0 ? TS_OK : TS_ERROR;
}

TS_BODY(_CALL_RANGE_ITER) {
    (void)operand;
    ts_value *sp = *spp;
    ts_value *callable = ts_call_slot(sp, oparg);
    ts_value *args = sp - oparg;
    // Big ints, bools, floats, a zero step, a length past 64 bits: the call itself says what happens.
    if (oparg < 1 || oparg > 3 || callable[1].tag != TS_NULL) return TS_DEOPT;
    for (int32_t k = 0; k < oparg; k++)
        if (args[k].tag != TS_INT) return TS_DEOPT;
    int64_t start = oparg == 1 ? 0 : args[0].u.i;
    int64_t stop = oparg == 1 ? args[0].u.i : args[1].u.i;
    int64_t step = oparg == 3 ? args[2].u.i : 1;
    int64_t length;
    if (step == 0 || !ts_range_length(start, stop, step, &length)) return TS_DEOPT;
    ts_runtime *rt = frame->runtime;
    callable[0] = rt->range_iterator(rt, start, length, step);
    *spp = callable + 1;
    return TS_OK;
}

TS_BODY(_UNARY_NOT) {
    TS_UNUSED;
    ts_value *top = &(*spp)[-1];
    *top = ts_bool(!(top->tag == TS_BOOL && top->u.i != 0));
    return TS_OK;
}

TS_BODY(_IS_OP) {
    (void)frame, (void)operand;
    ts_value *sp = *spp;
    bool same = sp[-2].tag == sp[-1].tag && sp[-2].u.bits == sp[-1].u.bits;
    sp[-2] = ts_bool(same != (oparg != 0));
    *spp = sp - 1;
    return TS_OK;
}

#pragma clang assume_nonnull end

#endif
