import CTierCore

/// The bytecode instruction set, named after CPython 3.13's where the meaning matches. The numbering is
/// the C table's (`TS_OPCODES` in ts_opcodes.h), which the micro-op expansions use; a test checks that
/// this enum mirrors it.
///
/// Differences from CPython, all for simplicity of a single-module VM:
/// - jump arguments are absolute instruction indices, and FOR_ITER pops the exhausted iterator itself
///   (CPython 3.13 leaves that to END_FOR);
/// - MAKE_FUNCTION's argument picks a nested code object directly: code objects are not values here;
/// - UNARY_POSITIVE is an instruction (CPython reaches it through CALL_INTRINSIC_1);
/// - LOAD_SUPER_ATTR takes `self` only: the class comes from the running function's defining class.
public enum Opcode: UInt8, CaseIterable, Sendable {
    case NOP
    /// Function entry. Tier 2 will count hot functions here.
    case RESUME
    case POP_TOP
    case PUSH_NULL
    /// Pushes a copy of the n-th value from the top (1 is the top).
    case COPY
    /// Swaps the top with the n-th value from the top.
    case SWAP
    case LOAD_CONST
    /// Loads a local known to be bound on every path here.
    case LOAD_FAST
    /// Loads a local that may be unbound (UnboundLocalError).
    case LOAD_FAST_CHECK
    case STORE_FAST
    case DELETE_FAST
    /// Argument: name index << 1, low bit set to push NULL after the value (a call follows).
    case LOAD_GLOBAL
    case STORE_GLOBAL
    case DELETE_GLOBAL
    /// Module and class bodies: the frame's namespace, then globals, then builtins.
    case LOAD_NAME
    case STORE_NAME
    case DELETE_NAME
    /// Argument: name index << 1, low bit set for a method load that pushes (function, self) or
    /// (value, NULL) for CALL.
    case LOAD_ATTR
    case STORE_ATTR
    case DELETE_ATTR
    /// `super().name`: same argument as LOAD_ATTR; expects `self` on the stack.
    case LOAD_SUPER_ATTR
    case UNARY_NEGATIVE
    case UNARY_POSITIVE
    case UNARY_INVERT
    /// Expects a bool (TO_BOOL runs first).
    case UNARY_NOT
    case TO_BOOL
    /// Argument: the operator (`BinaryOperator`), plus 13 for the augmented form.
    case BINARY_OP
    /// Argument: the operator (`ComparisonOperator`); always pushes a bool.
    case COMPARE_OP
    /// Argument: 1 for `is not`.
    case IS_OP
    /// Argument: 1 for `not in`.
    case CONTAINS_OP
    case BINARY_SUBSCR
    case STORE_SUBSCR
    case DELETE_SUBSCR
    case BUILD_SLICE
    case BUILD_LIST
    case BUILD_TUPLE
    case BUILD_MAP
    /// Comprehensions: appends the top to the list `argument` places below it.
    case LIST_APPEND
    case MAP_ADD
    case BUILD_STRING
    /// Argument: 1 str, 2 repr, 3 ascii.
    case CONVERT_VALUE
    case FORMAT_SIMPLE
    case FORMAT_WITH_SPEC
    case GET_ITER
    /// Pushes the next item, or pops the exhausted iterator and jumps to the argument.
    case FOR_ITER
    case UNPACK_SEQUENCE
    case JUMP_FORWARD
    /// A loop's back edge: where Tier 2 will find hot loops.
    case JUMP_BACKWARD
    case POP_JUMP_IF_FALSE
    case POP_JUMP_IF_TRUE
    /// Stack: callable, self or NULL, arguments.
    case CALL
    /// As CALL, with a tuple of keyword names on top; the argument counts all arguments.
    case CALL_KW
    case MAKE_FUNCTION
    /// Argument 1: sets the function's defaults from the tuple below it.
    case SET_FUNCTION_ATTRIBUTE
    case LOAD_BUILD_CLASS
    case RETURN_VALUE
    case RETURN_CONST
    case RAISE_VARARGS
    case LOAD_ASSERTION_ERROR
    /// Tier 2: runs trace number `argument` in place of a hot loop's back edge or a hot function's
    /// RESUME (the instruction it replaced is kept with the trace).
    case ENTER_EXECUTOR

    // Tier 1: the specialised forms, each rewritten in place over its generic instruction and run as
    // its micro-op expansion (ts_expansions.h).
    case BINARY_OP_ADD_INT
    case BINARY_OP_SUBTRACT_INT
    case BINARY_OP_MULTIPLY_INT
    case BINARY_OP_ADD_FLOAT
    case BINARY_OP_SUBTRACT_FLOAT
    case BINARY_OP_MULTIPLY_FLOAT
    case BINARY_OP_ADD_UNICODE
    case COMPARE_OP_INT
    case COMPARE_OP_FLOAT
    case COMPARE_OP_STR
    case LOAD_GLOBAL_MODULE
    case LOAD_GLOBAL_BUILTIN
    case LOAD_ATTR_INSTANCE_VALUE
    case LOAD_ATTR_METHOD_WITH_VALUES
    case LOAD_ATTR_METHOD_NO_DICT
    case LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES
    case STORE_ATTR_INSTANCE_VALUE
    case BINARY_SUBSCR_LIST_INT
    case BINARY_SUBSCR_TUPLE_INT
    case BINARY_SUBSCR_STR_INT
    case BINARY_SUBSCR_DICT
    case STORE_SUBSCR_LIST_INT
    case STORE_SUBSCR_DICT
    case FOR_ITER_RANGE
    case FOR_ITER_LIST
    case FOR_ITER_TUPLE
    case CALL_PY_EXACT_ARGS
    case CALL_BUILTIN_FAST
    case CALL_LEN
    case CALL_LIST_APPEND
    case CALL_METHOD_DESCRIPTOR_FAST
    case TO_BOOL_BOOL
    case TO_BOOL_INT
    case TO_BOOL_LIST
    case TO_BOOL_NONE
    case TO_BOOL_STR
    case TO_BOOL_ALWAYS_TRUE
    case UNPACK_SEQUENCE_TWO_TUPLE
    case UNPACK_SEQUENCE_TUPLE
    case UNPACK_SEQUENCE_LIST

    /// The generic instruction: itself, or the one a specialised form was rewritten from.
    public var generic: Opcode { Opcode(rawValue: ts_opcode_generic(rawValue))! }

    public var isSpecialized: Bool { generic != self }

    /// Whether Tier 1 may rewrite this (generic) instruction into a specialised form.
    public var isSpecializable: Bool {
        switch generic {
        case .BINARY_OP, .COMPARE_OP, .LOAD_GLOBAL, .LOAD_ATTR, .STORE_ATTR, .BINARY_SUBSCR, .STORE_SUBSCR, .FOR_ITER,
            .CALL, .TO_BOOL, .UNPACK_SEQUENCE:
            true
        default:
            false
        }
    }

    /// The micro-ops this instruction runs as, if it has an expansion.
    public var expansion: [MicroOp] {
        guard let e = ts_expansion_of(rawValue) else { return [] }
        return withUnsafeBytes(of: e.pointee.uops) { raw in
            raw.bindMemory(to: UInt16.self).prefix(Int(e.pointee.count)).map(MicroOp.init(rawValue:))
        }
    }

    /// How a listing explains the argument.
    public enum ArgumentKind: Sendable {
        case none, plain, constant, local, name, global, attribute, jump, binaryOperator, compareOperator,
            count, function, conversion, invert
    }

    public var argumentKind: ArgumentKind {
        if isSpecialized { return generic.argumentKind }
        return switch self {
        case .NOP, .POP_TOP, .PUSH_NULL, .UNARY_NEGATIVE, .UNARY_POSITIVE, .UNARY_INVERT, .UNARY_NOT, .TO_BOOL,
            .BINARY_SUBSCR, .STORE_SUBSCR, .DELETE_SUBSCR, .FORMAT_SIMPLE, .FORMAT_WITH_SPEC, .GET_ITER,
            .LOAD_BUILD_CLASS, .RETURN_VALUE, .LOAD_ASSERTION_ERROR:
            .none
        case .RESUME, .COPY, .SWAP, .SET_FUNCTION_ATTRIBUTE, .RAISE_VARARGS, .LIST_APPEND, .MAP_ADD, .ENTER_EXECUTOR:
            .plain
        case .LOAD_CONST, .RETURN_CONST: .constant
        case .LOAD_FAST, .LOAD_FAST_CHECK, .STORE_FAST, .DELETE_FAST: .local
        case .STORE_GLOBAL, .DELETE_GLOBAL, .LOAD_NAME, .STORE_NAME, .DELETE_NAME, .STORE_ATTR, .DELETE_ATTR: .name
        case .LOAD_GLOBAL: .global
        case .LOAD_ATTR, .LOAD_SUPER_ATTR: .attribute
        case .FOR_ITER, .JUMP_FORWARD, .JUMP_BACKWARD, .POP_JUMP_IF_FALSE, .POP_JUMP_IF_TRUE: .jump
        case .BINARY_OP: .binaryOperator
        case .COMPARE_OP: .compareOperator
        case .IS_OP, .CONTAINS_OP: .invert
        case .BUILD_SLICE, .BUILD_LIST, .BUILD_TUPLE, .BUILD_MAP, .BUILD_STRING, .UNPACK_SEQUENCE, .CALL, .CALL_KW:
            .count
        case .MAKE_FUNCTION: .function
        case .CONVERT_VALUE: .conversion
        default: .plain
        }
    }

    /// Whether control never falls through to the next instruction.
    public var isTerminator: Bool {
        return switch generic {
        case .JUMP_FORWARD, .JUMP_BACKWARD, .RETURN_VALUE, .RETURN_CONST, .RAISE_VARARGS: true
        default: false
        }
    }

    public var isJump: Bool { argumentKind == .jump }

    /// The change in stack depth on the fall-through path (and, for jumps, on the taken path).
    public func stackEffect(_ arg: Int32, jumping: Bool) -> Int {
        let n = Int(arg)
        switch generic {
        case .NOP, .RESUME, .UNARY_NEGATIVE, .UNARY_POSITIVE, .UNARY_INVERT, .UNARY_NOT, .TO_BOOL, .GET_ITER,
            .JUMP_FORWARD, .JUMP_BACKWARD, .CONVERT_VALUE, .FORMAT_SIMPLE, .DELETE_FAST, .DELETE_GLOBAL,
            .DELETE_NAME, .MAKE_FUNCTION:
            return self == .MAKE_FUNCTION ? 1 : 0
        case .POP_TOP, .STORE_FAST, .STORE_GLOBAL, .STORE_NAME, .BINARY_OP, .COMPARE_OP, .IS_OP, .CONTAINS_OP,
            .BINARY_SUBSCR, .LIST_APPEND, .FORMAT_WITH_SPEC, .POP_JUMP_IF_FALSE, .POP_JUMP_IF_TRUE, .DELETE_ATTR,
            .SET_FUNCTION_ATTRIBUTE, .RETURN_VALUE:
            return -1
        case .PUSH_NULL, .COPY, .LOAD_CONST, .LOAD_FAST, .LOAD_FAST_CHECK, .LOAD_NAME, .LOAD_BUILD_CLASS,
            .LOAD_ASSERTION_ERROR:
            return 1
        case .SWAP, .RETURN_CONST, .ENTER_EXECUTOR: return 0
        case .LOAD_GLOBAL: return 1 + (n & 1)
        case .LOAD_ATTR, .LOAD_SUPER_ATTR: return n & 1
        case .STORE_ATTR, .DELETE_SUBSCR, .MAP_ADD: return -2
        case .STORE_SUBSCR: return -3
        case .BUILD_SLICE: return 1 - n
        case .BUILD_LIST, .BUILD_TUPLE, .BUILD_STRING: return 1 - n
        case .BUILD_MAP: return 1 - 2 * n
        case .FOR_ITER: return jumping ? -1 : 1
        case .UNPACK_SEQUENCE: return n - 1
        case .CALL: return -1 - n
        case .CALL_KW: return -2 - n
        case .RAISE_VARARGS: return -n
        default: fatalError("\(self) has no generic stack effect")
        }
    }
}

/// A micro-op: the unit of Tier 2 traces and of the JIT, and the building block of specialised
/// instructions. Its table (name, what it may do, where its operand comes from) is C's `TS_UOPS`.
public struct MicroOp: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static var count: Int { Int(TS_UOP_COUNT.rawValue) }

    /// `_GUARD_BOTH_INT`, ...
    public var name: String { String(cString: ts_uop_name(rawValue)) }
    public var description: String { name }

    public var flags: UInt32 { ts_uop_flags(rawValue) }
    /// May fail before changing anything (and send execution back to the generic instruction).
    public var isGuard: Bool { flags & UInt32(TS_UOPF_GUARD) != 0 }
    /// May fail, whether or not it changes state.
    public var mayDeoptimize: Bool { flags & UInt32(TS_UOPF_GUARD | TS_UOPF_DEOPTS) != 0 }
    public var escapes: Bool { flags & UInt32(TS_UOPF_ESCAPES) != 0 }
    public var mayJump: Bool { flags & UInt32(TS_UOPF_JUMPS) != 0 }

    /// Which inline-cache field gives the micro-op its operand.
    public var operandSource: UInt32 { ts_uop_operand_source(rawValue) }
}

/// COMPARE_OP's argument.
public enum ComparisonOperator: Int32, Sendable, CaseIterable {
    case less = 0
    case lessEqual = 1
    case equal = 2
    case notEqual = 3
    case greater = 4
    case greaterEqual = 5

    public var symbol: String {
        switch self {
        case .less: "<"
        case .lessEqual: "<="
        case .equal: "=="
        case .notEqual: "!="
        case .greater: ">"
        case .greaterEqual: ">="
        }
    }

    /// The operator with its operands swapped (`a < b` is `b > a`).
    public var swapped: ComparisonOperator {
        switch self {
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .equal: .equal
        case .notEqual: .notEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        }
    }
}
