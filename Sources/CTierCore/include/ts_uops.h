// Micro-ops: the table (names, what each may do, where its operand comes from), written once. The
// bodies are in ts_uop_bodies.h; the expansions of instructions into micro-ops in ts_expansions.h.
#ifndef TS_UOPS_H
#define TS_UOPS_H

#include <stdint.h>

#pragma clang assume_nonnull begin

/// What a micro-op may do, for executors and the optimiser.
enum {
    /// May fail and send execution back to the generic instruction, before changing anything.
    TS_UOPF_GUARD = 1,
    /// Changes state, but may still fail first (an int overflow, an index out of range).
    TS_UOPF_DEOPTS = 2,
    /// Calls into the VM (allocates, may run Python code and collect): frame state must be written back.
    TS_UOPF_ESCAPES = 4,
    /// May jump to the instruction's target (a loop's exit).
    TS_UOPF_JUMPS = 8,
    /// May raise; the VM holds the error.
    TS_UOPF_ERROR = 16,
    /// Switches to another frame.
    TS_UOPF_FRAME = 32,
};

/// Where a micro-op's 64-bit operand comes from in its instruction's inline cache.
enum {
    TS_SRC_NONE = 0,
    TS_SRC_VERSION = 1,
    TS_SRC_OPERAND = 2,
    TS_SRC_OPERAND2 = 3,
};

// X(name, flags, operand source)
#define TS_UOPS(X) \
    X(_NOP, 0, TS_SRC_NONE) \
    X(_LOAD_FAST, 0, TS_SRC_NONE) \
    X(_LOAD_FAST_CHECK, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_STORE_FAST, 0, TS_SRC_NONE) \
    X(_LOAD_CONST, 0, TS_SRC_NONE) \
    X(_POP_TOP, 0, TS_SRC_NONE) \
    X(_PUSH_NULL, 0, TS_SRC_NONE) \
    X(_COPY, 0, TS_SRC_NONE) \
    X(_SWAP, 0, TS_SRC_NONE) \
    X(_GUARD_BOTH_INT, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_GUARD_TOS_INT, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_GUARD_NOS_INT, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_BINARY_OP_ADD_INT, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_BINARY_OP_SUBTRACT_INT, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_BINARY_OP_MULTIPLY_INT, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_COMPARE_OP_INT, 0, TS_SRC_NONE) \
    X(_GUARD_BOTH_FLOAT, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_GUARD_TOS_FLOAT, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_GUARD_NOS_FLOAT, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_BINARY_OP_ADD_FLOAT, 0, TS_SRC_NONE) \
    X(_BINARY_OP_SUBTRACT_FLOAT, 0, TS_SRC_NONE) \
    X(_BINARY_OP_MULTIPLY_FLOAT, 0, TS_SRC_NONE) \
    X(_COMPARE_OP_FLOAT, 0, TS_SRC_NONE) \
    X(_GUARD_BOTH_UNICODE, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_BINARY_OP_ADD_UNICODE, TS_UOPF_ESCAPES, TS_SRC_NONE) \
    X(_COMPARE_OP_STR, 0, TS_SRC_NONE) \
    X(_GUARD_GLOBALS_VERSION, TS_UOPF_GUARD, TS_SRC_VERSION) \
    X(_GUARD_BUILTINS_VERSION, TS_UOPF_GUARD, TS_SRC_OPERAND2) \
    X(_LOAD_GLOBAL_MODULE, TS_UOPF_DEOPTS, TS_SRC_OPERAND) \
    X(_LOAD_GLOBAL_BUILTINS, TS_UOPF_DEOPTS, TS_SRC_OPERAND) \
    X(_GUARD_TYPE_VERSION, TS_UOPF_GUARD, TS_SRC_VERSION) \
    X(_GUARD_KEYS_VERSION, TS_UOPF_GUARD, TS_SRC_OPERAND2) \
    X(_LOAD_ATTR_INSTANCE_VALUE, TS_UOPF_DEOPTS, TS_SRC_OPERAND) \
    X(_LOAD_ATTR_METHOD_WITH_VALUES, 0, TS_SRC_OPERAND) \
    X(_LOAD_ATTR_METHOD_NO_DICT, 0, TS_SRC_OPERAND) \
    X(_LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, 0, TS_SRC_OPERAND) \
    X(_STORE_ATTR_INSTANCE_VALUE, TS_UOPF_DEOPTS, TS_SRC_OPERAND) \
    X(_GUARD_NOS_LIST, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_GUARD_NOS_TUPLE, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_GUARD_NOS_DICT, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_GUARD_NOS_UNICODE, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_BINARY_SUBSCR_LIST_INT, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_BINARY_SUBSCR_TUPLE_INT, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_BINARY_SUBSCR_STR_INT, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE) \
    X(_BINARY_SUBSCR_DICT, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE) \
    X(_STORE_SUBSCR_LIST_INT, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_STORE_SUBSCR_DICT, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE) \
    X(_ITER_CHECK_RANGE, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_ITER_JUMP_RANGE, TS_UOPF_JUMPS, TS_SRC_NONE) \
    X(_GUARD_NOT_EXHAUSTED_RANGE, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_ITER_NEXT_RANGE, 0, TS_SRC_NONE) \
    X(_ITER_CHECK_LIST, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_ITER_JUMP_LIST, TS_UOPF_JUMPS, TS_SRC_NONE) \
    X(_GUARD_NOT_EXHAUSTED_LIST, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_ITER_NEXT_LIST, 0, TS_SRC_NONE) \
    X(_ITER_CHECK_TUPLE, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_ITER_JUMP_TUPLE, TS_UOPF_JUMPS, TS_SRC_NONE) \
    X(_GUARD_NOT_EXHAUSTED_TUPLE, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_ITER_NEXT_TUPLE, 0, TS_SRC_NONE) \
    X(_CHECK_FUNCTION_EXACT_ARGS, TS_UOPF_GUARD, TS_SRC_VERSION) \
    X(_PUSH_FRAME, TS_UOPF_DEOPTS | TS_UOPF_FRAME, TS_SRC_NONE) \
    X(_CHECK_CALLABLE, TS_UOPF_GUARD, TS_SRC_OPERAND) \
    X(_CALL_BUILTIN_FAST, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_CALL_LEN, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_CALL_LIST_APPEND, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE) \
    X(_TO_BOOL_BOOL, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_TO_BOOL_INT, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_TO_BOOL_LIST, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_TO_BOOL_NONE, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_TO_BOOL_STR, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_REPLACE_WITH_TRUE, 0, TS_SRC_NONE) \
    X(_UNPACK_SEQUENCE_TWO_TUPLE, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_UNPACK_SEQUENCE_TUPLE, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_UNPACK_SEQUENCE_LIST, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    /* Tier 2: trace structure */ \
    X(_START_EXECUTOR, 0, TS_SRC_NONE) \
    X(_LOOP_HEAD, 0, TS_SRC_NONE) \
    X(_SET_IP, 0, TS_SRC_NONE) \
    X(_CHECK_VALIDITY, TS_UOPF_GUARD, TS_SRC_NONE) \
    X(_JUMP_TO_TOP, TS_UOPF_JUMPS, TS_SRC_NONE) \
    X(_EXIT_TRACE, TS_UOPF_JUMPS, TS_SRC_NONE) \
    X(_GUARD_IS_TRUE_POP, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_GUARD_IS_FALSE_POP, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_POP_FRAME, TS_UOPF_FRAME, TS_SRC_NONE) \
    X(_LOAD_CONST_INLINE, 0, TS_SRC_NONE) \
    /* Names in a namespace dict; a store may invalidate traces that folded the name */ \
    X(_LOAD_NAME, TS_UOPF_DEOPTS, TS_SRC_NONE) \
    X(_STORE_NAME, TS_UOPF_ESCAPES, TS_SRC_NONE) \
    X(_STORE_GLOBAL, TS_UOPF_ESCAPES, TS_SRC_NONE) \
    /* Tier 2: generic instructions inside traces, run by the VM's own implementation */ \
    X(_BINARY_OP, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_COMPARE_OP, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_TO_BOOL, TS_UOPF_ESCAPES, TS_SRC_NONE) \
    X(_UNARY_NEGATIVE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_UNARY_INVERT, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_UNARY_NOT, 0, TS_SRC_NONE) \
    X(_IS_OP, 0, TS_SRC_NONE) \
    X(_CONTAINS_OP, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_BINARY_SUBSCR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_STORE_SUBSCR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_BUILD_TUPLE, TS_UOPF_ESCAPES, TS_SRC_NONE) \
    X(_BUILD_LIST, TS_UOPF_ESCAPES, TS_SRC_NONE) \
    X(_LOAD_ATTR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_STORE_ATTR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_LOAD_GLOBAL, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_DELETE_GLOBAL, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_DELETE_NAME, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_DELETE_ATTR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_UNARY_POSITIVE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_DELETE_SUBSCR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_BUILD_SLICE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_BUILD_MAP, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_LIST_APPEND, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_MAP_ADD, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_BUILD_STRING, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_CONVERT_VALUE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_FORMAT_SIMPLE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_FORMAT_WITH_SPEC, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_GET_ITER, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_UNPACK_SEQUENCE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_MAKE_FUNCTION, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_SET_FUNCTION_ATTRIBUTE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_CALL, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE) \
    X(_CALL_KW, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE)

typedef enum : uint16_t {
#define TS_UOP_ENUM(name, flags, source) TS_UOP##name,
    TS_UOPS(TS_UOP_ENUM)
#undef TS_UOP_ENUM
    TS_UOP_COUNT
} ts_uop;

/// Each micro-op's operand source, as a constant the expansions use at compile time.
enum {
#define TS_UOP_SOURCE(name, flags, source) TS_SOURCE_OF##name = source,
    TS_UOPS(TS_UOP_SOURCE)
#undef TS_UOP_SOURCE
};

static inline const char *ts_uop_name(uint16_t uop) {
    static const char *const names[] = {
#define TS_UOP_NAME(name, flags, source) #name,
        TS_UOPS(TS_UOP_NAME)
#undef TS_UOP_NAME
    };
    return uop < TS_UOP_COUNT ? names[uop] : "?";
}

static inline uint32_t ts_uop_flags(uint16_t uop) {
    static const uint32_t flags[] = {
#define TS_UOP_FLAGS(name, f, source) (uint32_t)(f),
        TS_UOPS(TS_UOP_FLAGS)
#undef TS_UOP_FLAGS
    };
    return uop < TS_UOP_COUNT ? flags[uop] : 0;
}

static inline uint32_t ts_uop_operand_source(uint16_t uop) {
    static const uint32_t sources[] = {
#define TS_UOP_SOURCES(name, flags, source) (uint32_t)(source),
        TS_UOPS(TS_UOP_SOURCES)
#undef TS_UOP_SOURCES
    };
    return uop < TS_UOP_COUNT ? sources[uop] : 0;
}

/// What a micro-op body returns.
enum {
    TS_OK = 0,
    /// A guard failed: nothing changed; run the generic instruction instead.
    TS_DEOPT = 1,
    /// The instruction's branch is taken (a loop ran out): continue at its target.
    TS_JUMP = 2,
    /// A runtime helper raised; the VM holds the error.
    TS_ERROR = 3,
    /// A trace's loop goes round again.
    TS_LOOP = 4,
    /// The trace ends here and hands over to Tier 1 (or to a linked trace).
    TS_EXIT = 5,
};

#pragma clang assume_nonnull end

#endif
