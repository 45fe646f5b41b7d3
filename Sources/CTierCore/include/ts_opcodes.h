// The bytecode instruction set, written once as a table: each instruction and the generic instruction
// it belongs to (itself, or the one it specialises). Swift's `Opcode` mirrors the numbering (a test
// checks it), and the micro-op expansions and the JIT refer to instructions by these numbers.
#ifndef TS_OPCODES_H
#define TS_OPCODES_H

#include <stdint.h>

#pragma clang assume_nonnull begin

// X(name, generic form)
#define TS_OPCODES(X) \
    X(NOP, NOP) \
    X(RESUME, RESUME) \
    X(POP_TOP, POP_TOP) \
    X(PUSH_NULL, PUSH_NULL) \
    X(COPY, COPY) \
    X(SWAP, SWAP) \
    X(LOAD_CONST, LOAD_CONST) \
    X(LOAD_FAST, LOAD_FAST) \
    X(LOAD_FAST_CHECK, LOAD_FAST_CHECK) \
    X(STORE_FAST, STORE_FAST) \
    X(DELETE_FAST, DELETE_FAST) \
    X(LOAD_GLOBAL, LOAD_GLOBAL) \
    X(STORE_GLOBAL, STORE_GLOBAL) \
    X(DELETE_GLOBAL, DELETE_GLOBAL) \
    X(LOAD_NAME, LOAD_NAME) \
    X(STORE_NAME, STORE_NAME) \
    X(DELETE_NAME, DELETE_NAME) \
    X(LOAD_ATTR, LOAD_ATTR) \
    X(STORE_ATTR, STORE_ATTR) \
    X(DELETE_ATTR, DELETE_ATTR) \
    X(LOAD_SUPER_ATTR, LOAD_SUPER_ATTR) \
    X(UNARY_NEGATIVE, UNARY_NEGATIVE) \
    X(UNARY_POSITIVE, UNARY_POSITIVE) \
    X(UNARY_INVERT, UNARY_INVERT) \
    X(UNARY_NOT, UNARY_NOT) \
    X(TO_BOOL, TO_BOOL) \
    X(BINARY_OP, BINARY_OP) \
    X(COMPARE_OP, COMPARE_OP) \
    X(IS_OP, IS_OP) \
    X(CONTAINS_OP, CONTAINS_OP) \
    X(BINARY_SUBSCR, BINARY_SUBSCR) \
    X(STORE_SUBSCR, STORE_SUBSCR) \
    X(DELETE_SUBSCR, DELETE_SUBSCR) \
    X(BUILD_SLICE, BUILD_SLICE) \
    X(BUILD_LIST, BUILD_LIST) \
    X(BUILD_TUPLE, BUILD_TUPLE) \
    X(BUILD_MAP, BUILD_MAP) \
    X(LIST_APPEND, LIST_APPEND) \
    X(MAP_ADD, MAP_ADD) \
    X(BUILD_STRING, BUILD_STRING) \
    X(CONVERT_VALUE, CONVERT_VALUE) \
    X(FORMAT_SIMPLE, FORMAT_SIMPLE) \
    X(FORMAT_WITH_SPEC, FORMAT_WITH_SPEC) \
    X(GET_ITER, GET_ITER) \
    X(FOR_ITER, FOR_ITER) \
    X(UNPACK_SEQUENCE, UNPACK_SEQUENCE) \
    X(JUMP_FORWARD, JUMP_FORWARD) \
    X(JUMP_BACKWARD, JUMP_BACKWARD) \
    X(POP_JUMP_IF_FALSE, POP_JUMP_IF_FALSE) \
    X(POP_JUMP_IF_TRUE, POP_JUMP_IF_TRUE) \
    X(CALL, CALL) \
    X(CALL_KW, CALL_KW) \
    X(MAKE_FUNCTION, MAKE_FUNCTION) \
    X(SET_FUNCTION_ATTRIBUTE, SET_FUNCTION_ATTRIBUTE) \
    X(LOAD_BUILD_CLASS, LOAD_BUILD_CLASS) \
    X(RETURN_VALUE, RETURN_VALUE) \
    X(RETURN_CONST, RETURN_CONST) \
    X(RAISE_VARARGS, RAISE_VARARGS) \
    X(LOAD_ASSERTION_ERROR, LOAD_ASSERTION_ERROR) \
    /* Tier 2: runs a trace in place of a hot loop's back edge or a hot function's RESUME */ \
    X(ENTER_EXECUTOR, ENTER_EXECUTOR) \
    /* Tier 1: specialised forms, CPython 3.13's names */ \
    X(BINARY_OP_ADD_INT, BINARY_OP) \
    X(BINARY_OP_SUBTRACT_INT, BINARY_OP) \
    X(BINARY_OP_MULTIPLY_INT, BINARY_OP) \
    X(BINARY_OP_ADD_FLOAT, BINARY_OP) \
    X(BINARY_OP_SUBTRACT_FLOAT, BINARY_OP) \
    X(BINARY_OP_MULTIPLY_FLOAT, BINARY_OP) \
    X(BINARY_OP_ADD_UNICODE, BINARY_OP) \
    X(COMPARE_OP_INT, COMPARE_OP) \
    X(COMPARE_OP_FLOAT, COMPARE_OP) \
    X(COMPARE_OP_STR, COMPARE_OP) \
    X(LOAD_GLOBAL_MODULE, LOAD_GLOBAL) \
    X(LOAD_GLOBAL_BUILTIN, LOAD_GLOBAL) \
    X(LOAD_ATTR_INSTANCE_VALUE, LOAD_ATTR) \
    X(LOAD_ATTR_METHOD_WITH_VALUES, LOAD_ATTR) \
    X(LOAD_ATTR_METHOD_NO_DICT, LOAD_ATTR) \
    X(LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, LOAD_ATTR) \
    X(STORE_ATTR_INSTANCE_VALUE, STORE_ATTR) \
    X(BINARY_SUBSCR_LIST_INT, BINARY_SUBSCR) \
    X(BINARY_SUBSCR_TUPLE_INT, BINARY_SUBSCR) \
    X(BINARY_SUBSCR_STR_INT, BINARY_SUBSCR) \
    X(BINARY_SUBSCR_DICT, BINARY_SUBSCR) \
    X(STORE_SUBSCR_LIST_INT, STORE_SUBSCR) \
    X(STORE_SUBSCR_DICT, STORE_SUBSCR) \
    X(FOR_ITER_RANGE, FOR_ITER) \
    X(FOR_ITER_LIST, FOR_ITER) \
    X(FOR_ITER_TUPLE, FOR_ITER) \
    X(CALL_PY_EXACT_ARGS, CALL) \
    X(CALL_BUILTIN_FAST, CALL) \
    X(CALL_LEN, CALL) \
    X(CALL_LIST_APPEND, CALL) \
    X(CALL_METHOD_DESCRIPTOR_FAST, CALL) \
    X(TO_BOOL_BOOL, TO_BOOL) \
    X(TO_BOOL_INT, TO_BOOL) \
    X(TO_BOOL_LIST, TO_BOOL) \
    X(TO_BOOL_NONE, TO_BOOL) \
    X(TO_BOOL_STR, TO_BOOL) \
    X(TO_BOOL_ALWAYS_TRUE, TO_BOOL) \
    X(UNPACK_SEQUENCE_TWO_TUPLE, UNPACK_SEQUENCE) \
    X(UNPACK_SEQUENCE_TUPLE, UNPACK_SEQUENCE) \
    X(UNPACK_SEQUENCE_LIST, UNPACK_SEQUENCE)

typedef enum : uint8_t {
#define TS_OPCODE_ENUM(name, generic) TS_OP_##name,
    TS_OPCODES(TS_OPCODE_ENUM)
#undef TS_OPCODE_ENUM
    TS_OPCODE_COUNT
} ts_opcode;

/// The instruction's name, as listings show it.
static inline const char *ts_opcode_name(uint8_t op) {
    static const char *const names[] = {
#define TS_OPCODE_NAME(name, generic) #name,
        TS_OPCODES(TS_OPCODE_NAME)
#undef TS_OPCODE_NAME
    };
    return op < TS_OPCODE_COUNT ? names[op] : "?";
}

/// The generic form of an instruction: itself, or the instruction a specialised form came from.
static inline uint8_t ts_opcode_generic(uint8_t op) {
    static const uint8_t generic[] = {
#define TS_OPCODE_GENERIC(name, base) TS_OP_##base,
        TS_OPCODES(TS_OPCODE_GENERIC)
#undef TS_OPCODE_GENERIC
    };
    return op < TS_OPCODE_COUNT ? generic[op] : op;
}

#pragma clang assume_nonnull end

#endif
