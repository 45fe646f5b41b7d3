/// The bytecode instruction set, named after CPython 3.13's where the meaning matches.
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

    /// How a listing explains the argument.
    public enum ArgumentKind: Sendable {
        case none, plain, constant, local, name, global, attribute, jump, binaryOperator, compareOperator,
            count, function, conversion, invert
    }

    public var argumentKind: ArgumentKind {
        switch self {
        case .NOP, .POP_TOP, .PUSH_NULL, .UNARY_NEGATIVE, .UNARY_POSITIVE, .UNARY_INVERT, .UNARY_NOT, .TO_BOOL,
            .BINARY_SUBSCR, .STORE_SUBSCR, .DELETE_SUBSCR, .FORMAT_SIMPLE, .FORMAT_WITH_SPEC, .GET_ITER,
            .LOAD_BUILD_CLASS, .RETURN_VALUE, .LOAD_ASSERTION_ERROR:
            .none
        case .RESUME, .COPY, .SWAP, .SET_FUNCTION_ATTRIBUTE, .RAISE_VARARGS, .LIST_APPEND, .MAP_ADD: .plain
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
        }
    }

    /// Whether control never falls through to the next instruction.
    public var isTerminator: Bool {
        switch self {
        case .JUMP_FORWARD, .JUMP_BACKWARD, .RETURN_VALUE, .RETURN_CONST, .RAISE_VARARGS: true
        default: false
        }
    }

    public var isJump: Bool { argumentKind == .jump }

    /// The change in stack depth on the fall-through path (and, for jumps, on the taken path).
    public func stackEffect(_ arg: Int32, jumping: Bool) -> Int {
        let n = Int(arg)
        switch self {
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
        case .SWAP, .RETURN_CONST: return 0
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
        }
    }
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
