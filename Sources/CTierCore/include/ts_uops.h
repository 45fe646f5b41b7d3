// Micro-ops: the table, written once: names, what each may do, where its operand comes from, what it
// does to the stack and what the optimiser may conclude from it. The executors, the optimiser, the
// listings and (through scripts/generate-tables) Swift's `MicroOp` all read it. The bodies are in
// ts_uop_bodies.h; the expansions of instructions into micro-ops in ts_expansions.h.
#ifndef TS_UOPS_H
#define TS_UOPS_H

#include <stdint.h>

#include "ts_opcodes.h"

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
    /// Reads only its inputs and writes only its outputs, so the optimiser may run it on constants.
    TS_UOPF_PURE = 64,
};

/// What the optimiser can know about a value's type (Swift's `Fact.Kind`, instances aside).
typedef enum : uint8_t {
    TS_FACT_UNKNOWN = 0,
    TS_FACT_NULL,
    TS_FACT_NONE,
    TS_FACT_BOOL,
    TS_FACT_INT,
    TS_FACT_FLOAT,
    TS_FACT_STR,
    TS_FACT_LIST,
    TS_FACT_TUPLE,
    TS_FACT_DICT,
    TS_FACT_RANGE_ITERATOR,
    TS_FACT_LIST_ITERATOR,
    TS_FACT_TUPLE_ITERATOR,
    TS_FACT_FUNCTION,
    TS_FACT_BUILTIN,
} ts_fact;

/// A guard's proof: the kinds of the value below the top (nos) and of the top (tos).
#define TS_PROVES(nos, tos) (((uint16_t)(nos) << 8) | (uint16_t)(tos))
#define TS_PROVES_NOTHING TS_PROVES(TS_FACT_UNKNOWN, TS_FACT_UNKNOWN)

/// Where a micro-op's 64-bit operand comes from in its instruction's inline cache.
enum {
    TS_SRC_NONE = 0,
    TS_SRC_VERSION = 1,
    TS_SRC_OPERAND = 2,
    TS_SRC_OPERAND2 = 3,
};

// X(name, flags, operand source, inputs, outputs, proves, result)
// - inputs: values it takes off the stack; outputs: values it leaves in their place (C expressions of
//   `oparg`). Values below them that it only reads are in neither, so a guard is 0, 0.
// - proves: what a guard establishes about the top two values when it passes (TS_PROVES(nos, tos)).
// - result: what is known of the topmost output, whatever the operands.
#define TS_SPECIFIC_UOPS(X) \
    X(_NOP, 0, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_FAST, 0, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_FAST_CHECK, TS_UOPF_GUARD, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_STORE_FAST, 0, TS_SRC_NONE, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_CONST, 0, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_POP_TOP, 0, TS_SRC_NONE, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_PUSH_NULL, 0, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_NULL) \
    X(_COPY, 0, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_SWAP, 0, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_BOTH_INT, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_INT, TS_FACT_INT), TS_FACT_UNKNOWN) \
    X(_GUARD_TOS_INT, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_UNKNOWN, TS_FACT_INT), TS_FACT_UNKNOWN) \
    X(_GUARD_NOS_INT, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_INT, TS_FACT_UNKNOWN), TS_FACT_UNKNOWN) \
    X(_BINARY_OP_ADD_INT, TS_UOPF_DEOPTS | TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_INT) \
    X(_BINARY_OP_SUBTRACT_INT, TS_UOPF_DEOPTS | TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_INT) \
    X(_BINARY_OP_MULTIPLY_INT, TS_UOPF_DEOPTS | TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_INT) \
    X(_COMPARE_OP_INT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_GUARD_BOTH_FLOAT, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_FLOAT, TS_FACT_FLOAT), TS_FACT_UNKNOWN) \
    X(_GUARD_TOS_FLOAT, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_UNKNOWN, TS_FACT_FLOAT), TS_FACT_UNKNOWN) \
    X(_GUARD_NOS_FLOAT, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_FLOAT, TS_FACT_UNKNOWN), TS_FACT_UNKNOWN) \
    X(_BINARY_OP_ADD_FLOAT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_SUBTRACT_FLOAT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_MULTIPLY_FLOAT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_COMPARE_OP_FLOAT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    /* Division by zero leaves for the generic instruction, which raises ZeroDivisionError. */ \
    X(_BINARY_OP_TRUE_DIVIDE_FLOAT, TS_UOPF_DEOPTS | TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    /* Only ints a double holds exactly (|i| <= 2**53), as CPython's fast path: others round twice. */ \
    X(_BINARY_OP_TRUE_DIVIDE_INT, TS_UOPF_DEOPTS | TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_FLOOR_DIVIDE_INT, TS_UOPF_DEOPTS | TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_INT) \
    X(_BINARY_OP_REMAINDER_INT, TS_UOPF_DEOPTS | TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_INT) \
    /* A float and an int: the int converts to the nearest double first, as float.__add__ does. */ \
    X(_BINARY_OP_ADD_FLOAT_INT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_SUBTRACT_FLOAT_INT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_MULTIPLY_FLOAT_INT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_TRUE_DIVIDE_FLOAT_INT, TS_UOPF_DEOPTS | TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_ADD_INT_FLOAT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_SUBTRACT_INT_FLOAT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_MULTIPLY_INT_FLOAT, TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_BINARY_OP_TRUE_DIVIDE_INT_FLOAT, TS_UOPF_DEOPTS | TS_UOPF_PURE, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FLOAT) \
    X(_GUARD_BOTH_UNICODE, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_STR, TS_FACT_STR), TS_FACT_UNKNOWN) \
    X(_BINARY_OP_ADD_UNICODE, TS_UOPF_ESCAPES, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_STR) \
    X(_COMPARE_OP_STR, 0, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_GUARD_GLOBALS_VERSION, TS_UOPF_GUARD, TS_SRC_VERSION, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_BUILTINS_VERSION, TS_UOPF_GUARD, TS_SRC_OPERAND2, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_GLOBAL_MODULE, TS_UOPF_DEOPTS, TS_SRC_OPERAND, 0, 1 + (oparg & 1), TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_GLOBAL_BUILTINS, TS_UOPF_DEOPTS, TS_SRC_OPERAND, 0, 1 + (oparg & 1), TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_TYPE_VERSION, TS_UOPF_GUARD, TS_SRC_VERSION, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_KEYS_VERSION, TS_UOPF_GUARD, TS_SRC_OPERAND2, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_ATTR_INSTANCE_VALUE, TS_UOPF_DEOPTS, TS_SRC_OPERAND, 1, 1 + (oparg & 1), TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_ATTR_METHOD_WITH_VALUES, 0, TS_SRC_OPERAND, 1, 2, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_ATTR_METHOD_NO_DICT, 0, TS_SRC_OPERAND, 1, 2, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, 0, TS_SRC_OPERAND, 1, 1 + (oparg & 1), TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_STORE_ATTR_INSTANCE_VALUE, TS_UOPF_DEOPTS, TS_SRC_OPERAND, 2, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_NOS_LIST, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_LIST, TS_FACT_UNKNOWN), TS_FACT_UNKNOWN) \
    X(_GUARD_NOS_TUPLE, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_TUPLE, TS_FACT_UNKNOWN), TS_FACT_UNKNOWN) \
    X(_GUARD_NOS_DICT, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_DICT, TS_FACT_UNKNOWN), TS_FACT_UNKNOWN) \
    X(_GUARD_NOS_UNICODE, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_STR, TS_FACT_UNKNOWN), TS_FACT_UNKNOWN) \
    X(_BINARY_SUBSCR_LIST_INT, TS_UOPF_DEOPTS, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_BINARY_SUBSCR_TUPLE_INT, TS_UOPF_DEOPTS, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_BINARY_SUBSCR_STR_INT, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_STR) \
    X(_GUARD_TOS_DICT, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_UNKNOWN, TS_FACT_DICT), TS_FACT_UNKNOWN) \
    X(_CONTAINS_OP_DICT, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_BINARY_SUBSCR_DICT, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_STORE_SUBSCR_LIST_INT, TS_UOPF_DEOPTS, TS_SRC_NONE, 3, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_STORE_SUBSCR_DICT, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE, 3, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_ITER_CHECK_RANGE, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_UNKNOWN, TS_FACT_RANGE_ITERATOR), TS_FACT_UNKNOWN) \
    X(_ITER_JUMP_RANGE, TS_UOPF_JUMPS, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_NOT_EXHAUSTED_RANGE, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_ITER_NEXT_RANGE, 0, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_INT) \
    X(_ITER_CHECK_LIST, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_UNKNOWN, TS_FACT_LIST_ITERATOR), TS_FACT_UNKNOWN) \
    X(_ITER_JUMP_LIST, TS_UOPF_JUMPS, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_NOT_EXHAUSTED_LIST, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_ITER_NEXT_LIST, 0, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_ITER_CHECK_TUPLE, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_UNKNOWN, TS_FACT_TUPLE_ITERATOR), TS_FACT_UNKNOWN) \
    X(_ITER_JUMP_TUPLE, TS_UOPF_JUMPS, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_NOT_EXHAUSTED_TUPLE, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_ITER_NEXT_TUPLE, 0, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_CHECK_FUNCTION_EXACT_ARGS, TS_UOPF_GUARD, TS_SRC_VERSION, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_PUSH_FRAME, TS_UOPF_DEOPTS | TS_UOPF_FRAME, TS_SRC_NONE, oparg + 2, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_NOS_TYPE_VERSION, TS_UOPF_GUARD, TS_SRC_VERSION, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_PUSH_FRAME_GETITEM, TS_UOPF_DEOPTS | TS_UOPF_FRAME, TS_SRC_OPERAND, 2, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_PUSH_FRAME_SETITEM, TS_UOPF_DEOPTS | TS_UOPF_FRAME, TS_SRC_OPERAND, 3, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_TOS_NOT_OTHER_CLASS, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_PUSH_FRAME_OPERATOR, TS_UOPF_DEOPTS | TS_UOPF_FRAME, TS_SRC_OPERAND, 2, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_RESULT_IMPLEMENTED, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_PUSH_FRAME_CONTAINS, TS_UOPF_DEOPTS | TS_UOPF_FRAME, TS_SRC_OPERAND, 2, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_PUSH_FRAME_BOOL, TS_UOPF_DEOPTS | TS_UOPF_FRAME, TS_SRC_OPERAND, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_PUSH_FRAME_LEN, TS_UOPF_DEOPTS | TS_UOPF_FRAME, TS_SRC_OPERAND2, oparg + 2, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_RESULT_LENGTH, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_UNKNOWN, TS_FACT_INT), TS_FACT_UNKNOWN) \
    X(_CHECK_CALLABLE, TS_UOPF_GUARD, TS_SRC_OPERAND, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_CALL_BUILTIN_FAST, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, oparg + 2, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    /* The operand is the type's constructor, a built-in: the class itself is only checked. */ \
    X(_CALL_BUILTIN_CLASS, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_OPERAND2, oparg + 2, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_CALL_LEN, TS_UOPF_DEOPTS, TS_SRC_NONE, oparg + 2, 1, TS_PROVES_NOTHING, TS_FACT_INT) \
    X(_CALL_LIST_APPEND, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE, oparg + 2, 1, TS_PROVES_NOTHING, TS_FACT_NONE) \
    X(_TO_BOOL_BOOL, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES(TS_FACT_UNKNOWN, TS_FACT_BOOL), TS_FACT_UNKNOWN) \
    X(_TO_BOOL_INT, TS_UOPF_DEOPTS, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_TO_BOOL_LIST, TS_UOPF_DEOPTS, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_TO_BOOL_NONE, TS_UOPF_DEOPTS, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_TO_BOOL_STR, TS_UOPF_DEOPTS, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_REPLACE_WITH_TRUE, 0, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_UNPACK_SEQUENCE_TWO_TUPLE, TS_UOPF_DEOPTS, TS_SRC_NONE, 1, oparg, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_UNPACK_SEQUENCE_TUPLE, TS_UOPF_DEOPTS, TS_SRC_NONE, 1, oparg, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_UNPACK_SEQUENCE_LIST, TS_UOPF_DEOPTS, TS_SRC_NONE, 1, oparg, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    /* Tier 2: trace structure */ \
    X(_START_EXECUTOR, 0, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOOP_HEAD, 0, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_SET_IP, 0, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_CHECK_VALIDITY, TS_UOPF_GUARD, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_JUMP_TO_TOP, TS_UOPF_JUMPS, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_EXIT_TRACE, TS_UOPF_JUMPS, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_IS_TRUE_POP, TS_UOPF_DEOPTS, TS_SRC_NONE, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_GUARD_IS_FALSE_POP, TS_UOPF_DEOPTS, TS_SRC_NONE, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_POP_FRAME, TS_UOPF_FRAME, TS_SRC_NONE, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    /* Calls run inline (the call inlining pass): the callee's locals are the arguments already on */ \
    /* the caller's stack and `oparg` more, unbound; the operand is the frame it would need, which */ \
    /* must fit, so that an exit can build it. The return takes the `oparg` values below the result. */ \
    X(_INLINE_CALL, TS_UOPF_DEOPTS, TS_SRC_NONE, 0, oparg, TS_PROVES_NOTHING, TS_FACT_NULL) \
    X(_INLINE_RETURN, 0, TS_SRC_NONE, oparg + 1, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_CONST_INLINE, 0, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    /* Names in a namespace dict; a store may invalidate traces that folded the name */ \
    X(_LOAD_NAME, TS_UOPF_DEOPTS, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_STORE_NAME, TS_UOPF_ESCAPES, TS_SRC_NONE, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_STORE_GLOBAL, TS_UOPF_ESCAPES, TS_SRC_NONE, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    /* Through its own helper rather than the VM's generic instructions: a loop nested in a trace */ \
    /* makes its iterator on every trip of the outer loop. */ \
    X(_GET_ITER, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    /* `range(...)` whose only use is the `for` right after it (constant folding): the iterator, made */ \
    /* from the int arguments with no range object; anything else goes back to the call. */ \
    X(_CALL_RANGE_ITER, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES, TS_SRC_NONE, oparg + 2, 1, TS_PROVES_NOTHING, TS_FACT_RANGE_ITERATOR) \
    X(_UNARY_NOT, 0, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_IS_OP, 0, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_BOOL)

// The generic instructions inside traces: each runs its instruction's implementation in the VM
// (`TS_OP_<name without the underscore>`), so one row here is its body, its name and its flags.
#define TS_GENERIC_UOPS(X) \
    X(_BINARY_OP, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_COMPARE_OP, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_TO_BOOL, TS_UOPF_ESCAPES, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_UNARY_NEGATIVE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_UNARY_INVERT, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_CONTAINS_OP, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_BOOL) \
    X(_BINARY_SUBSCR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_STORE_SUBSCR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 3, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_BUILD_TUPLE, TS_UOPF_ESCAPES, TS_SRC_NONE, oparg, 1, TS_PROVES_NOTHING, TS_FACT_TUPLE) \
    X(_BUILD_LIST, TS_UOPF_ESCAPES, TS_SRC_NONE, oparg, 1, TS_PROVES_NOTHING, TS_FACT_LIST) \
    X(_LOAD_ATTR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, 1 + (oparg & 1), TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_STORE_ATTR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_LOAD_GLOBAL, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 0, 1 + (oparg & 1), TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_DELETE_GLOBAL, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_DELETE_NAME, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 0, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_DELETE_ATTR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_UNARY_POSITIVE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_DELETE_SUBSCR, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_BUILD_SLICE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, oparg, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_BUILD_MAP, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2 * oparg, 1, TS_PROVES_NOTHING, TS_FACT_DICT) \
    X(_LIST_APPEND, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_MAP_ADD, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2, 0, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_BUILD_STRING, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, oparg, 1, TS_PROVES_NOTHING, TS_FACT_STR) \
    X(_CONVERT_VALUE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_STR) \
    X(_FORMAT_SIMPLE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, 1, TS_PROVES_NOTHING, TS_FACT_STR) \
    X(_FORMAT_WITH_SPEC, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_STR) \
    X(_UNPACK_SEQUENCE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 1, oparg, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_MAKE_FUNCTION, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 0, 1, TS_PROVES_NOTHING, TS_FACT_FUNCTION) \
    X(_SET_FUNCTION_ATTRIBUTE, TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, 2, 1, TS_PROVES_NOTHING, TS_FACT_FUNCTION) \
    X(_CALL, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, oparg + 2, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN) \
    X(_CALL_KW, TS_UOPF_DEOPTS | TS_UOPF_ESCAPES | TS_UOPF_ERROR, TS_SRC_NONE, oparg + 3, 1, TS_PROVES_NOTHING, TS_FACT_UNKNOWN)

#define TS_UOPS(X) TS_SPECIFIC_UOPS(X) TS_GENERIC_UOPS(X)

typedef enum : uint16_t {
#define TS_UOP_ENUM(name, ...) TS_UOP##name,
    TS_UOPS(TS_UOP_ENUM)
#undef TS_UOP_ENUM
    TS_UOP_COUNT
} ts_uop;

/// Each micro-op's operand source, as a constant the expansions use at compile time.
enum {
#define TS_UOP_SOURCE(name, flags, source, ...) TS_SOURCE_OF##name = source,
    TS_UOPS(TS_UOP_SOURCE)
#undef TS_UOP_SOURCE
};

static inline const char *ts_uop_name(uint16_t uop) {
    static const char *const names[] = {
#define TS_UOP_NAME(name, ...) #name,
        TS_UOPS(TS_UOP_NAME)
#undef TS_UOP_NAME
    };
    return uop < TS_UOP_COUNT ? names[uop] : "?";
}

static inline uint32_t ts_uop_flags(uint16_t uop) {
    static const uint32_t flags[] = {
#define TS_UOP_FLAGS(name, f, ...) (uint32_t)(f),
        TS_UOPS(TS_UOP_FLAGS)
#undef TS_UOP_FLAGS
    };
    return uop < TS_UOP_COUNT ? flags[uop] : 0;
}

static inline uint32_t ts_uop_operand_source(uint16_t uop) {
    static const uint32_t sources[] = {
#define TS_UOP_SOURCES(name, flags, source, ...) (uint32_t)(source),
        TS_UOPS(TS_UOP_SOURCES)
#undef TS_UOP_SOURCES
    };
    return uop < TS_UOP_COUNT ? sources[uop] : 0;
}

/// How many values the micro-op takes off the stack.
static inline int32_t ts_uop_inputs(uint16_t uop, int32_t oparg) {
    switch (uop) {
#define TS_UOP_INPUTS(name, flags, source, inputs, ...) \
    case TS_UOP##name: return (inputs);
        TS_UOPS(TS_UOP_INPUTS)
#undef TS_UOP_INPUTS
    default: (void)oparg; return 0;
    }
}

/// How many values the micro-op leaves in place of its inputs.
static inline int32_t ts_uop_outputs(uint16_t uop, int32_t oparg) {
    switch (uop) {
#define TS_UOP_OUTPUTS(name, flags, source, inputs, outputs, ...) \
    case TS_UOP##name: return (outputs);
        TS_UOPS(TS_UOP_OUTPUTS)
#undef TS_UOP_OUTPUTS
    default: (void)oparg; return 0;
    }
}

/// What the micro-op, as a guard that passed, proves about the value `depth` from the top (1 or 2).
static inline ts_fact ts_uop_proves(uint16_t uop, int32_t depth) {
    static const uint16_t proofs[] = {
#define TS_UOP_PROOF(name, flags, source, inputs, outputs, proves, result) (proves),
        TS_UOPS(TS_UOP_PROOF)
#undef TS_UOP_PROOF
    };
    if (uop >= TS_UOP_COUNT || depth < 1 || depth > 2) return TS_FACT_UNKNOWN;
    return (ts_fact)(depth == 1 ? proofs[uop] & 0xFF : proofs[uop] >> 8);
}

/// What is known of the topmost value the micro-op leaves.
static inline ts_fact ts_uop_result(uint16_t uop) {
    static const uint8_t results[] = {
#define TS_UOP_RESULT(name, flags, source, inputs, outputs, proves, result) (result),
        TS_UOPS(TS_UOP_RESULT)
#undef TS_UOP_RESULT
    };
    return uop < TS_UOP_COUNT ? (ts_fact)results[uop] : TS_FACT_UNKNOWN;
}

/// The generic micro-op that runs instruction `op` inside a trace, or TS_UOP_COUNT if it has none.
static inline uint16_t ts_generic_uop_of(uint8_t op) {
    switch (op) {
#define TS_GENERIC_CASE(name, ...) \
    case TS_OP##name: return TS_UOP##name;
        TS_GENERIC_UOPS(TS_GENERIC_CASE)
#undef TS_GENERIC_CASE
    default: return TS_UOP_COUNT;
    }
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
