// The bytecode instruction set, written once as two tables: the generic instructions with their stack
// effects, then the specialised forms with the generic instruction each belongs to. Swift's `Opcode`
// is generated from them (scripts/generate-tables; a test checks it is fresh), and the micro-op
// expansions and the JIT refer to instructions by these numbers.
#ifndef TS_OPCODES_H
#define TS_OPCODES_H

#include <stdbool.h>
#include <stdint.h>

#pragma clang assume_nonnull begin

// X(name, stack effect): the change in stack depth, a C expression of `oparg` and, for a jump,
// `jump` (whether the branch is taken).
#define TS_GENERIC_OPCODES(X) \
    X(NOP, 0) \
    /* Function entry. Tier 2 counts hot functions here. */ \
    X(RESUME, 0) \
    X(POP_TOP, -1) \
    X(PUSH_NULL, 1) \
    /* Pushes a copy of the n-th value from the top (1 is the top). */ \
    X(COPY, 1) \
    /* Swaps the top with the n-th value from the top. */ \
    X(SWAP, 0) \
    X(LOAD_CONST, 1) \
    /* Loads a local known to be bound on every path here. */ \
    X(LOAD_FAST, 1) \
    /* Loads a local that may be unbound (UnboundLocalError). */ \
    X(LOAD_FAST_CHECK, 1) \
    X(STORE_FAST, -1) \
    X(DELETE_FAST, 0) \
    /* Argument: name index << 1, low bit set to push NULL after the value (a call follows). */ \
    X(LOAD_GLOBAL, 1 + (oparg & 1)) \
    X(STORE_GLOBAL, -1) \
    X(DELETE_GLOBAL, 0) \
    /* Module and class bodies: the frame's namespace, then globals, then builtins. */ \
    X(LOAD_NAME, 1) \
    X(STORE_NAME, -1) \
    X(DELETE_NAME, 0) \
    /* Argument: name index << 1, low bit set for a method load that pushes (function, self) or */ \
    /* (value, NULL) for CALL. */ \
    X(LOAD_ATTR, oparg & 1) \
    X(STORE_ATTR, -2) \
    X(DELETE_ATTR, -1) \
    /* `super().name`: same argument as LOAD_ATTR; expects `self` on the stack. */ \
    X(LOAD_SUPER_ATTR, oparg & 1) \
    X(UNARY_NEGATIVE, 0) \
    X(UNARY_POSITIVE, 0) \
    X(UNARY_INVERT, 0) \
    /* Expects a bool (TO_BOOL runs first). */ \
    X(UNARY_NOT, 0) \
    X(TO_BOOL, 0) \
    /* Argument: the operator (`BinaryOperator`), plus 13 for the augmented form. */ \
    X(BINARY_OP, -1) \
    /* Argument: the operator (`ComparisonOperator`); always pushes a bool. */ \
    X(COMPARE_OP, -1) \
    /* Argument: 1 for `is not`. */ \
    X(IS_OP, -1) \
    /* Argument: 1 for `not in`. */ \
    X(CONTAINS_OP, -1) \
    X(BINARY_SUBSCR, -1) \
    X(STORE_SUBSCR, -3) \
    X(DELETE_SUBSCR, -2) \
    X(BUILD_SLICE, 1 - oparg) \
    X(BUILD_LIST, 1 - oparg) \
    X(BUILD_TUPLE, 1 - oparg) \
    X(BUILD_MAP, 1 - 2 * oparg) \
    /* Comprehensions: appends the top to the list `argument` places below it. */ \
    X(LIST_APPEND, -1) \
    X(MAP_ADD, -2) \
    X(BUILD_STRING, 1 - oparg) \
    /* Argument: 1 str, 2 repr, 3 ascii. */ \
    X(CONVERT_VALUE, 0) \
    X(FORMAT_SIMPLE, 0) \
    X(FORMAT_WITH_SPEC, -1) \
    X(GET_ITER, 0) \
    /* Pushes the next item, or pops the exhausted iterator and jumps to the argument. */ \
    X(FOR_ITER, jump ? -1 : 1) \
    X(UNPACK_SEQUENCE, oparg - 1) \
    X(JUMP_FORWARD, 0) \
    /* A loop's back edge: where Tier 2 finds hot loops. */ \
    X(JUMP_BACKWARD, 0) \
    X(POP_JUMP_IF_FALSE, -1) \
    X(POP_JUMP_IF_TRUE, -1) \
    /* Stack: callable, self or NULL, arguments. */ \
    X(CALL, -1 - oparg) \
    /* As CALL, with a tuple of keyword names on top; the argument counts all arguments. */ \
    X(CALL_KW, -2 - oparg) \
    X(MAKE_FUNCTION, 1) \
    /* Argument 1: sets the function's defaults from the tuple below it. */ \
    X(SET_FUNCTION_ATTRIBUTE, -1) \
    X(LOAD_BUILD_CLASS, 1) \
    X(RETURN_VALUE, -1) \
    X(RETURN_CONST, 0) \
    X(RAISE_VARARGS, -oparg) \
    X(LOAD_ASSERTION_ERROR, 1) \
    /* Tier 2: runs trace number `argument` in place of a hot loop's back edge or a hot function's */ \
    /* RESUME (the instruction it replaced is kept with the trace). */ \
    X(ENTER_EXECUTOR, 0)

// X(name, the generic instruction it specialises, the arguments it handles): same argument, same stack
// effect. Each is rewritten in place over its generic instruction by Tier 1 and runs as its micro-op
// expansion (ts_expansions.h); the names are CPython 3.13's. A form whose expansion starts with guards
// on the stack alone is chosen by running them (ts_form_admits): the first form, in this order, whose
// argument fits and whose guards pass on the operands there now.
#define TS_NB_ADD 0
#define TS_NB_FLOOR_DIVIDE 2
#define TS_NB_MULTIPLY 5
#define TS_NB_REMAINDER 6
#define TS_NB_SUBTRACT 10
#define TS_NB_TRUE_DIVIDE 11
/// BINARY_OP's argument for the augmented form (`+=`) is the operator's plus this.
#define TS_NB_INPLACE 13
#define TS_OPERATOR_IS(nb) (oparg == (nb) || oparg == (nb) + TS_NB_INPLACE)
#define TS_CMP_EQ 2
#define TS_CMP_NE 3
#define TS_SPECIALIZED_OPCODES(X) \
    X(BINARY_OP_ADD_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_ADD)) \
    X(BINARY_OP_SUBTRACT_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_SUBTRACT)) \
    X(BINARY_OP_MULTIPLY_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_MULTIPLY)) \
    X(BINARY_OP_ADD_FLOAT, BINARY_OP, TS_OPERATOR_IS(TS_NB_ADD)) \
    X(BINARY_OP_SUBTRACT_FLOAT, BINARY_OP, TS_OPERATOR_IS(TS_NB_SUBTRACT)) \
    X(BINARY_OP_MULTIPLY_FLOAT, BINARY_OP, TS_OPERATOR_IS(TS_NB_MULTIPLY)) \
    /* Ours, as the eleven below: CPython 3.14 runs division and mixed int and float operands through */ \
    /* BINARY_OP_EXTEND's table of operand pairs; each is a form of its own here, so traces see them. */ \
    X(BINARY_OP_TRUE_DIVIDE_FLOAT, BINARY_OP, TS_OPERATOR_IS(TS_NB_TRUE_DIVIDE)) \
    X(BINARY_OP_TRUE_DIVIDE_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_TRUE_DIVIDE)) \
    X(BINARY_OP_FLOOR_DIVIDE_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_FLOOR_DIVIDE)) \
    X(BINARY_OP_REMAINDER_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_REMAINDER)) \
    X(BINARY_OP_ADD_FLOAT_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_ADD)) \
    X(BINARY_OP_SUBTRACT_FLOAT_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_SUBTRACT)) \
    X(BINARY_OP_MULTIPLY_FLOAT_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_MULTIPLY)) \
    X(BINARY_OP_TRUE_DIVIDE_FLOAT_INT, BINARY_OP, TS_OPERATOR_IS(TS_NB_TRUE_DIVIDE)) \
    X(BINARY_OP_ADD_INT_FLOAT, BINARY_OP, TS_OPERATOR_IS(TS_NB_ADD)) \
    X(BINARY_OP_SUBTRACT_INT_FLOAT, BINARY_OP, TS_OPERATOR_IS(TS_NB_SUBTRACT)) \
    X(BINARY_OP_MULTIPLY_INT_FLOAT, BINARY_OP, TS_OPERATOR_IS(TS_NB_MULTIPLY)) \
    X(BINARY_OP_TRUE_DIVIDE_INT_FLOAT, BINARY_OP, TS_OPERATOR_IS(TS_NB_TRUE_DIVIDE)) \
    X(BINARY_OP_ADD_UNICODE, BINARY_OP, TS_OPERATOR_IS(TS_NB_ADD)) \
    /* Ours, as the two below: CPython 3.13 calls a class's operator methods through type slots. */ \
    X(BINARY_OP_PY_METHOD, BINARY_OP, true) \
    X(COMPARE_OP_INT, COMPARE_OP, true) \
    X(COMPARE_OP_FLOAT, COMPARE_OP, true) \
    X(COMPARE_OP_STR, COMPARE_OP, oparg == TS_CMP_EQ || oparg == TS_CMP_NE) \
    X(COMPARE_OP_PY_METHOD, COMPARE_OP, true) \
    X(LOAD_GLOBAL_MODULE, LOAD_GLOBAL, true) \
    X(LOAD_GLOBAL_BUILTIN, LOAD_GLOBAL, true) \
    X(LOAD_ATTR_INSTANCE_VALUE, LOAD_ATTR, true) \
    X(LOAD_ATTR_METHOD_WITH_VALUES, LOAD_ATTR, true) \
    X(LOAD_ATTR_METHOD_NO_DICT, LOAD_ATTR, true) \
    X(LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, LOAD_ATTR, true) \
    X(STORE_ATTR_INSTANCE_VALUE, STORE_ATTR, true) \
    X(BINARY_SUBSCR_LIST_INT, BINARY_SUBSCR, true) \
    X(BINARY_SUBSCR_TUPLE_INT, BINARY_SUBSCR, true) \
    X(BINARY_SUBSCR_STR_INT, BINARY_SUBSCR, true) \
    X(BINARY_SUBSCR_DICT, BINARY_SUBSCR, true) \
    X(BINARY_SUBSCR_GETITEM, BINARY_SUBSCR, true) \
    X(CONTAINS_OP_DICT, CONTAINS_OP, true) \
    /* Ours, as TO_BOOL_PY_METHOD: CPython 3.13 calls __contains__ and __bool__ through type slots. */ \
    X(CONTAINS_OP_PY_METHOD, CONTAINS_OP, true) \
    X(STORE_SUBSCR_LIST_INT, STORE_SUBSCR, true) \
    X(STORE_SUBSCR_DICT, STORE_SUBSCR, true) \
    /* Ours: CPython 3.13 has no specialised form for a class's __setitem__. */ \
    X(STORE_SUBSCR_SETITEM, STORE_SUBSCR, true) \
    X(FOR_ITER_RANGE, FOR_ITER, true) \
    X(FOR_ITER_LIST, FOR_ITER, true) \
    X(FOR_ITER_TUPLE, FOR_ITER, true) \
    X(CALL_PY_EXACT_ARGS, CALL, true) \
    X(CALL_BUILTIN_FAST, CALL, true) \
    /* A built-in type called to make a value (`range(a, b)`, `float(x)`): its constructor, directly. */ \
    X(CALL_BUILTIN_CLASS, CALL, true) \
    X(CALL_LEN, CALL, true) \
    /* Ours: CPython 3.13 calls a class's __len__ through its type slot. */ \
    X(CALL_LEN_PY_METHOD, CALL, true) \
    X(CALL_LIST_APPEND, CALL, true) \
    X(CALL_METHOD_DESCRIPTOR_FAST, CALL, true) \
    X(TO_BOOL_BOOL, TO_BOOL, true) \
    X(TO_BOOL_INT, TO_BOOL, true) \
    X(TO_BOOL_LIST, TO_BOOL, true) \
    X(TO_BOOL_NONE, TO_BOOL, true) \
    X(TO_BOOL_STR, TO_BOOL, true) \
    X(TO_BOOL_ALWAYS_TRUE, TO_BOOL, true) \
    X(TO_BOOL_PY_METHOD, TO_BOOL, true) \
    X(UNPACK_SEQUENCE_TWO_TUPLE, UNPACK_SEQUENCE, oparg == 2) \
    X(UNPACK_SEQUENCE_TUPLE, UNPACK_SEQUENCE, true) \
    X(UNPACK_SEQUENCE_LIST, UNPACK_SEQUENCE, true)

typedef enum : uint8_t {
#define TS_OPCODE_ENUM(name, ...) TS_OP_##name,
    TS_GENERIC_OPCODES(TS_OPCODE_ENUM)
    TS_SPECIALIZED_OPCODES(TS_OPCODE_ENUM)
#undef TS_OPCODE_ENUM
    TS_OPCODE_COUNT
} ts_opcode;

/// The instruction's name, as listings show it.
static inline const char *ts_opcode_name(uint8_t op) {
    static const char *const names[] = {
#define TS_OPCODE_NAME(name, ...) #name,
        TS_GENERIC_OPCODES(TS_OPCODE_NAME)
        TS_SPECIALIZED_OPCODES(TS_OPCODE_NAME)
#undef TS_OPCODE_NAME
    };
    return op < TS_OPCODE_COUNT ? names[op] : "?";
}

/// The generic form of an instruction: itself, or the instruction a specialised form came from.
static inline uint8_t ts_opcode_generic(uint8_t op) {
    static const uint8_t generic[] = {
#define TS_OPCODE_ITSELF(name, ...) TS_OP_##name,
#define TS_OPCODE_GENERIC(name, base, ...) TS_OP_##base,
        TS_GENERIC_OPCODES(TS_OPCODE_ITSELF)
        TS_SPECIALIZED_OPCODES(TS_OPCODE_GENERIC)
#undef TS_OPCODE_ITSELF
#undef TS_OPCODE_GENERIC
    };
    return op < TS_OPCODE_COUNT ? generic[op] : op;
}

/// Whether specialised form `op` handles argument `oparg` (true for a generic instruction).
static inline bool ts_opcode_handles(uint8_t op, int32_t oparg) {
    switch (op) {
#define TS_OPCODE_HANDLES(name, base, handles) \
    case TS_OP_##name: return (handles);
        TS_SPECIALIZED_OPCODES(TS_OPCODE_HANDLES)
#undef TS_OPCODE_HANDLES
    default: (void)oparg; return true;
    }
}

/// The change in stack depth when instruction `op` runs (`jump`: its branch is taken).
static inline int32_t ts_opcode_stack_effect(uint8_t op, int32_t oparg, bool jump) {
    switch (ts_opcode_generic(op)) {
#define TS_OPCODE_EFFECT(name, effect) \
    case TS_OP_##name: return (effect);
        TS_GENERIC_OPCODES(TS_OPCODE_EFFECT)
#undef TS_OPCODE_EFFECT
    default: (void)oparg, (void)jump; return 0;
    }
}

#pragma clang assume_nonnull end

#endif
