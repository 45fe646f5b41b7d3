// Each specialised instruction as the micro-ops it is made of, written once. From this one table come:
// - `ts_inst_NAME`, the instruction run as its micro-ops in order (what Tier 1 executes);
// - `ts_expansion_of`, the same sequence as data (what the trace recorder projects into traces).
//
// Guards come first in every expansion, so an instruction that fails leaves the frame as it found it
// and the generic instruction can run in its place (a test checks the order).
#ifndef TS_EXPANSIONS_H
#define TS_EXPANSIONS_H

#include "ts_opcodes.h"
#include "ts_uop_bodies.h"

#pragma clang assume_nonnull begin

// X(instruction, micro-ops...)
#define TS_EXPANSIONS(X) \
    X(LOAD_FAST, _LOAD_FAST) \
    X(LOAD_FAST_CHECK, _LOAD_FAST_CHECK) \
    X(STORE_FAST, _STORE_FAST) \
    X(LOAD_CONST, _LOAD_CONST) \
    X(POP_TOP, _POP_TOP) \
    X(PUSH_NULL, _PUSH_NULL) \
    X(COPY, _COPY) \
    X(SWAP, _SWAP) \
    X(NOP, _NOP) \
    X(IS_OP, _IS_OP) \
    X(UNARY_NOT, _UNARY_NOT) \
    X(LOAD_NAME, _LOAD_NAME) \
    X(STORE_NAME, _STORE_NAME) \
    X(STORE_GLOBAL, _STORE_GLOBAL) \
    X(GET_ITER, _GET_ITER) \
    X(BINARY_OP_ADD_INT, _GUARD_BOTH_INT, _BINARY_OP_ADD_INT) \
    X(BINARY_OP_SUBTRACT_INT, _GUARD_BOTH_INT, _BINARY_OP_SUBTRACT_INT) \
    X(BINARY_OP_MULTIPLY_INT, _GUARD_BOTH_INT, _BINARY_OP_MULTIPLY_INT) \
    X(BINARY_OP_ADD_FLOAT, _GUARD_BOTH_FLOAT, _BINARY_OP_ADD_FLOAT) \
    X(BINARY_OP_SUBTRACT_FLOAT, _GUARD_BOTH_FLOAT, _BINARY_OP_SUBTRACT_FLOAT) \
    X(BINARY_OP_MULTIPLY_FLOAT, _GUARD_BOTH_FLOAT, _BINARY_OP_MULTIPLY_FLOAT) \
    X(BINARY_OP_TRUE_DIVIDE_FLOAT, _GUARD_BOTH_FLOAT, _BINARY_OP_TRUE_DIVIDE_FLOAT) \
    X(BINARY_OP_TRUE_DIVIDE_INT, _GUARD_BOTH_INT, _BINARY_OP_TRUE_DIVIDE_INT) \
    X(BINARY_OP_FLOOR_DIVIDE_INT, _GUARD_BOTH_INT, _BINARY_OP_FLOOR_DIVIDE_INT) \
    X(BINARY_OP_REMAINDER_INT, _GUARD_BOTH_INT, _BINARY_OP_REMAINDER_INT) \
    X(BINARY_OP_ADD_FLOAT_INT, _GUARD_NOS_FLOAT, _GUARD_TOS_INT, _BINARY_OP_ADD_FLOAT_INT) \
    X(BINARY_OP_SUBTRACT_FLOAT_INT, _GUARD_NOS_FLOAT, _GUARD_TOS_INT, _BINARY_OP_SUBTRACT_FLOAT_INT) \
    X(BINARY_OP_MULTIPLY_FLOAT_INT, _GUARD_NOS_FLOAT, _GUARD_TOS_INT, _BINARY_OP_MULTIPLY_FLOAT_INT) \
    X(BINARY_OP_TRUE_DIVIDE_FLOAT_INT, _GUARD_NOS_FLOAT, _GUARD_TOS_INT, _BINARY_OP_TRUE_DIVIDE_FLOAT_INT) \
    X(BINARY_OP_ADD_INT_FLOAT, _GUARD_NOS_INT, _GUARD_TOS_FLOAT, _BINARY_OP_ADD_INT_FLOAT) \
    X(BINARY_OP_SUBTRACT_INT_FLOAT, _GUARD_NOS_INT, _GUARD_TOS_FLOAT, _BINARY_OP_SUBTRACT_INT_FLOAT) \
    X(BINARY_OP_MULTIPLY_INT_FLOAT, _GUARD_NOS_INT, _GUARD_TOS_FLOAT, _BINARY_OP_MULTIPLY_INT_FLOAT) \
    X(BINARY_OP_TRUE_DIVIDE_INT_FLOAT, _GUARD_NOS_INT, _GUARD_TOS_FLOAT, _BINARY_OP_TRUE_DIVIDE_INT_FLOAT) \
    X(BINARY_OP_ADD_UNICODE, _GUARD_BOTH_UNICODE, _BINARY_OP_ADD_UNICODE) \
    X(COMPARE_OP_INT, _GUARD_BOTH_INT, _COMPARE_OP_INT) \
    X(COMPARE_OP_FLOAT, _GUARD_BOTH_FLOAT, _COMPARE_OP_FLOAT) \
    X(COMPARE_OP_STR, _GUARD_BOTH_UNICODE, _COMPARE_OP_STR) \
    X(LOAD_GLOBAL_MODULE, _GUARD_GLOBALS_VERSION, _LOAD_GLOBAL_MODULE) \
    X(LOAD_GLOBAL_BUILTIN, _GUARD_GLOBALS_VERSION, _GUARD_BUILTINS_VERSION, _LOAD_GLOBAL_BUILTINS) \
    X(LOAD_ATTR_INSTANCE_VALUE, _GUARD_TYPE_VERSION, _LOAD_ATTR_INSTANCE_VALUE) \
    X(LOAD_ATTR_METHOD_WITH_VALUES, _GUARD_TYPE_VERSION, _GUARD_KEYS_VERSION, _LOAD_ATTR_METHOD_WITH_VALUES) \
    X(LOAD_ATTR_METHOD_NO_DICT, _GUARD_TYPE_VERSION, _LOAD_ATTR_METHOD_NO_DICT) \
    X(LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, _GUARD_TYPE_VERSION, _GUARD_KEYS_VERSION, _LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES) \
    X(STORE_ATTR_INSTANCE_VALUE, _GUARD_TYPE_VERSION, _STORE_ATTR_INSTANCE_VALUE) \
    X(BINARY_SUBSCR_LIST_INT, _GUARD_NOS_LIST, _GUARD_TOS_INT, _BINARY_SUBSCR_LIST_INT) \
    X(BINARY_SUBSCR_TUPLE_INT, _GUARD_NOS_TUPLE, _GUARD_TOS_INT, _BINARY_SUBSCR_TUPLE_INT) \
    X(BINARY_SUBSCR_STR_INT, _GUARD_NOS_UNICODE, _GUARD_TOS_INT, _BINARY_SUBSCR_STR_INT) \
    X(BINARY_SUBSCR_DICT, _GUARD_NOS_DICT, _BINARY_SUBSCR_DICT) \
    X(CONTAINS_OP_DICT, _GUARD_TOS_DICT, _CONTAINS_OP_DICT) \
    X(CONTAINS_OP_PY_METHOD, _GUARD_TYPE_VERSION, _PUSH_FRAME_CONTAINS) \
    X(STORE_SUBSCR_LIST_INT, _GUARD_NOS_LIST, _GUARD_TOS_INT, _STORE_SUBSCR_LIST_INT) \
    X(STORE_SUBSCR_DICT, _GUARD_NOS_DICT, _STORE_SUBSCR_DICT) \
    X(FOR_ITER_RANGE, _ITER_CHECK_RANGE, _ITER_JUMP_RANGE, _ITER_NEXT_RANGE) \
    X(FOR_ITER_LIST, _ITER_CHECK_LIST, _ITER_JUMP_LIST, _ITER_NEXT_LIST) \
    X(FOR_ITER_TUPLE, _ITER_CHECK_TUPLE, _ITER_JUMP_TUPLE, _ITER_NEXT_TUPLE) \
    X(CALL_PY_EXACT_ARGS, _CHECK_FUNCTION_EXACT_ARGS, _PUSH_FRAME) \
    X(BINARY_SUBSCR_GETITEM, _GUARD_NOS_TYPE_VERSION, _PUSH_FRAME_GETITEM) \
    X(STORE_SUBSCR_SETITEM, _GUARD_NOS_TYPE_VERSION, _PUSH_FRAME_SETITEM) \
    X(BINARY_OP_PY_METHOD, _GUARD_NOS_TYPE_VERSION, _GUARD_TOS_NOT_OTHER_CLASS, _PUSH_FRAME_OPERATOR) \
    X(COMPARE_OP_PY_METHOD, _GUARD_NOS_TYPE_VERSION, _GUARD_TOS_NOT_OTHER_CLASS, _PUSH_FRAME_OPERATOR) \
    X(CALL_BUILTIN_FAST, _CHECK_CALLABLE, _CALL_BUILTIN_FAST) \
    X(CALL_BUILTIN_CLASS, _CHECK_CALLABLE, _CALL_BUILTIN_CLASS) \
    X(CALL_LEN, _CHECK_CALLABLE, _CALL_LEN) \
    X(CALL_LEN_PY_METHOD, _CHECK_CALLABLE, _GUARD_TYPE_VERSION, _PUSH_FRAME_LEN) \
    X(CALL_LIST_APPEND, _CHECK_CALLABLE, _CALL_LIST_APPEND) \
    X(CALL_METHOD_DESCRIPTOR_FAST, _CHECK_CALLABLE, _CALL_BUILTIN_FAST) \
    X(TO_BOOL_BOOL, _TO_BOOL_BOOL) \
    X(TO_BOOL_INT, _TO_BOOL_INT) \
    X(TO_BOOL_LIST, _TO_BOOL_LIST) \
    X(TO_BOOL_NONE, _TO_BOOL_NONE) \
    X(TO_BOOL_STR, _TO_BOOL_STR) \
    X(TO_BOOL_ALWAYS_TRUE, _GUARD_TYPE_VERSION, _REPLACE_WITH_TRUE) \
    X(TO_BOOL_PY_METHOD, _GUARD_TYPE_VERSION, _PUSH_FRAME_BOOL) \
    X(UNPACK_SEQUENCE_TWO_TUPLE, _UNPACK_SEQUENCE_TWO_TUPLE) \
    X(UNPACK_SEQUENCE_TUPLE, _UNPACK_SEQUENCE_TUPLE) \
    X(UNPACK_SEQUENCE_LIST, _UNPACK_SEQUENCE_LIST)

/// The most micro-ops an instruction expands to.
#define TS_MAX_EXPANSION 4

typedef struct ts_expansion {
    uint16_t count;
    uint16_t uops[TS_MAX_EXPANSION];
} ts_expansion;

/// The operand a micro-op takes from its instruction's cache.
static inline uint64_t ts_cache_operand(const ts_cache *cache, uint32_t source) {
    switch (source) {
    case TS_SRC_VERSION: return cache->version;
    case TS_SRC_OPERAND: return cache->operand;
    case TS_SRC_OPERAND2: return cache->operand2;
    default: return 0;
    }
}

// Applying a macro to each of up to four arguments.
#define TS_EACH_1(m, a) m(a)
#define TS_EACH_2(m, a, ...) m(a) TS_EACH_1(m, __VA_ARGS__)
#define TS_EACH_3(m, a, ...) m(a) TS_EACH_2(m, __VA_ARGS__)
#define TS_EACH_4(m, a, ...) m(a) TS_EACH_3(m, __VA_ARGS__)
#define TS_PICK(_1, _2, _3, _4, name, ...) name
#define TS_EACH(m, ...) TS_PICK(__VA_ARGS__, TS_EACH_4, TS_EACH_3, TS_EACH_2, TS_EACH_1)(m, __VA_ARGS__)
#define TS_COUNT(...) TS_PICK(__VA_ARGS__, 4, 3, 2, 1)

#define TS_RUN_UOP(uop)                                                                                   \
    {                                                                                                      \
        int status_ = ts_uop_##uop(frame, spp, oparg, ts_cache_operand(cache, TS_SOURCE_OF##uop));         \
        if (status_ != TS_OK) return status_;                                                              \
    }

/// ts_inst_NAME: the instruction run as its micro-ops, stopping at the first that does not succeed.
#define TS_DEFINE_INSTRUCTION(name, ...)                                                                   \
    static inline __attribute__((always_inline)) int ts_inst_##name(                                      \
        ts_frame *frame, ts_value *_Nonnull *_Nonnull spp, int32_t oparg, const ts_cache *cache) {         \
        (void)cache;                                                                                       \
        TS_EACH(TS_RUN_UOP, __VA_ARGS__)                                                                   \
        return TS_OK;                                                                                      \
    }
TS_EXPANSIONS(TS_DEFINE_INSTRUCTION)
#undef TS_DEFINE_INSTRUCTION

#define TS_UOP_ID(uop) TS_UOP##uop,

/// The micro-ops of an instruction, or NULL for an instruction that has no expansion.
static inline const ts_expansion *_Nullable ts_expansion_of(uint8_t op) {
    switch (op) {
#define TS_EXPANSION_CASE(name, ...)                                                                       \
    case TS_OP_##name: {                                                                                   \
        static const ts_expansion expansion = {TS_COUNT(__VA_ARGS__), {TS_EACH(TS_UOP_ID, __VA_ARGS__)}}; \
        return &expansion;                                                                                 \
    }
        TS_EXPANSIONS(TS_EXPANSION_CASE)
#undef TS_EXPANSION_CASE
    default: return NULL;
    }
}

#define TS_LAST_OF(...) TS_PICK(__VA_ARGS__, TS_LAST_4, TS_LAST_3, TS_LAST_2, TS_LAST_1)(__VA_ARGS__)
#define TS_LAST_1(a) a
#define TS_LAST_2(a, b) b
#define TS_LAST_3(a, b, c) c
#define TS_LAST_4(a, b, c, d) d
// Two steps, so that the argument (a TS_LAST_OF) is expanded before it is pasted.
#define TS_UOP_ID_OF(uop) TS_UOP_ID_OF_(uop)
#define TS_UOP_ID_OF_(uop) TS_UOP##uop

/// Runs one micro-op by number: how the specialiser tries a form's guards on the live stack.
static inline int ts_uop_run(uint16_t uop, ts_frame *frame, ts_value *_Nonnull *_Nonnull spp, int32_t oparg,
                             uint64_t operand) {
    switch (uop) {
#define TS_UOP_RUN_CASE(name, ...)                                                                         \
    case TS_UOP##name: return ts_uop_##name(frame, spp, oparg, operand);
        TS_UOPS(TS_UOP_RUN_CASE)
#undef TS_UOP_RUN_CASE
    default: return TS_DEOPT;
    }
}

/// Whether specialised form `op` fits the operands on the stack now (`sp` is the stack pointer): it
/// handles `oparg`, and the guards its expansion starts with, which read the stack alone, all pass.
/// False for a form that does not start with such guards: choosing it needs the specialiser's own
/// judgement, and its inline cache filled in.
static inline bool ts_form_admits(uint8_t op, ts_frame *frame, ts_value *sp, int32_t oparg) {
    const ts_expansion *expansion = ts_expansion_of(op);
    if (!expansion || !ts_opcode_handles(op, oparg)) return false;
    uint16_t guards = 0;
    while (guards < expansion->count) {
        uint16_t uop = expansion->uops[guards];
        if (!(ts_uop_flags(uop) & TS_UOPF_GUARD) || ts_uop_operand_source(uop) != TS_SRC_NONE) break;
        guards++;
    }
    if (guards == 0) return false;
    for (uint16_t i = 0; i < guards; i++) {
        ts_value *probe = sp;
        if (ts_uop_run(expansion->uops[i], frame, &probe, oparg, 0) != TS_OK) return false;
    }
    return true;
}

/// Whether instruction `op` only reads and computes: every micro-op of its expansion is pure or a guard
/// on its operands alone (no operand from the cache).
static inline bool ts_expansion_is_pure(uint8_t op) {
    const ts_expansion *expansion = ts_expansion_of(op);
    if (!expansion) return false;
    for (uint16_t i = 0; i < expansion->count; i++) {
        uint16_t uop = expansion->uops[i];
        uint32_t flags = ts_uop_flags(uop);
        bool operand_guard = (flags & TS_UOPF_GUARD) && ts_uop_operand_source(uop) == TS_SRC_NONE;
        if (!(flags & TS_UOPF_PURE) && !operand_guard) return false;
    }
    return true;
}

/// Constant folding, through the very code that runs: the instruction whose expansion ends in pure
/// micro-op `uop` is run, guards included, on a scratch stack holding `left` and `right`. False when
/// no pure instruction ends in `uop` or it would not complete (a guard fails because an operand is not
/// what it checks, an int overflows): then the trace keeps the operation and its exit.
static inline bool ts_fold_binary(uint16_t uop, int32_t oparg, ts_value left, ts_value right, ts_value *result) {
    if (!(ts_uop_flags(uop) & TS_UOPF_PURE)) return false;
    // What ts_expansion_is_pure admits touches neither the frame nor the cache.
    ts_frame scratch_frame = {0};
    const ts_cache no_cache = {0};
    ts_value stack[2] = {left, right};
    ts_value *sp = stack + 2;
    int status = TS_DEOPT;
    bool ran = false;
#define TS_FOLD_TRY(name, ...)                                                                             \
    if (!ran && TS_UOP_ID_OF(TS_LAST_OF(__VA_ARGS__)) == uop && ts_expansion_is_pure(TS_OP_##name)) {      \
        ran = true;                                                                                        \
        status = ts_inst_##name(&scratch_frame, &sp, oparg, &no_cache);                                   \
    }
    TS_EXPANSIONS(TS_FOLD_TRY)
#undef TS_FOLD_TRY
    if (status != TS_OK || sp != stack + 1) return false;
    *result = stack[0];
    return true;
}

#pragma clang assume_nonnull end

#endif
