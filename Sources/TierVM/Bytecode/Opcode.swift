import CTierCore

/// The bytecode instruction set, named after CPython 3.13's where the meaning matches. The cases are
/// generated from the C tables (ts_opcodes.h) into Tables.generated.swift; what Swift needs beyond the
/// name (generic form, stack effect, expansion) it asks C.
///
/// Differences from CPython, all for simplicity of a single-module VM:
/// - jump arguments are absolute instruction indices, and FOR_ITER pops the exhausted iterator itself
///   (CPython 3.13 leaves that to END_FOR);
/// - MAKE_FUNCTION's argument picks a nested code object directly: code objects are not values here;
/// - UNARY_POSITIVE is an instruction (CPython reaches it through CALL_INTRINSIC_1);
/// - LOAD_SUPER_ATTR takes `self` only: the class comes from the running function's defining class.
extension Opcode {
    /// The generic instruction: itself, or the one a specialised form was rewritten from.
    public var generic: Opcode { Opcode(rawValue: ts_opcode_generic(rawValue))! }

    public var isSpecialized: Bool { generic != self }

    /// Whether Tier 1 may rewrite this (generic) instruction into a specialised form: the table has one.
    public var isSpecializable: Bool { !Opcode.specializedForms[Int(generic.rawValue)].isEmpty }

    /// The specialised forms of each generic instruction, in table order (the order they are tried in).
    static let specializedForms: [[Opcode]] = {
        var forms = [[Opcode]](repeating: [], count: Opcode.allCases.count)
        for op in Opcode.allCases where op.isSpecialized { forms[Int(op.generic.rawValue)].append(op) }
        return forms
    }()

    /// The first specialised form of this generic instruction that the operands on the stack now admit,
    /// by the guards its expansion starts with (`ts_form_admits`); nil if none does, or if every form
    /// needs more than guards on the stack to be chosen (an inline cache to fill in).
    func formAdmitting(_ oparg: Int32, frame: FrameRef, stackPointer: UnsafeMutablePointer<ts_value>) -> Opcode? {
        Opcode.specializedForms[Int(rawValue)].first { ts_form_admits($0.rawValue, frame, stackPointer, oparg) }
    }

    /// How many values from the top the guards at the head of the expansion look at (1 or 2).
    var valuesItsGuardsCheck: Int {
        expansion.prefix(while: \.isGuard).contains { $0.proofs.nos != .unknown } ? 2 : 1
    }

    /// The micro-ops this instruction runs as, if it has an expansion.
    public var expansion: [MicroOp] {
        guard let e = ts_expansion_of(rawValue) else { return [] }
        return withUnsafeBytes(of: e.pointee.uops) { raw in
            raw.bindMemory(to: UInt16.self).prefix(Int(e.pointee.count)).map { MicroOp(rawValue: $0)! }
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
        Int(ts_opcode_stack_effect(rawValue, arg, jumping))
    }
}

extension MicroOp: CustomStringConvertible {
    public static var count: Int { Int(TS_UOP_COUNT.rawValue) }

    /// `_GUARD_BOTH_INT`, ...: made once, since listings and the JIT's events ask for names per micro-op.
    public var name: String { MicroOp.names[Int(rawValue)] }
    private static let names = (0..<UInt16(count)).map { String(cString: ts_uop_name($0)) }
    public var description: String { name }

    public var flags: UInt32 { ts_uop_flags(rawValue) }
    /// May fail before changing anything (and send execution back to the generic instruction).
    public var isGuard: Bool { flags & UInt32(TS_UOPF_GUARD) != 0 }
    /// May fail, whether or not it changes state.
    public var mayDeoptimize: Bool { flags & UInt32(TS_UOPF_GUARD | TS_UOPF_DEOPTS) != 0 }
    public var escapes: Bool { flags & UInt32(TS_UOPF_ESCAPES) != 0 }
    public var mayJump: Bool { flags & UInt32(TS_UOPF_JUMPS) != 0 }
    /// Reads only its inputs: the optimiser may run it on constants (`ts_fold`).
    public var isPure: Bool { flags & UInt32(TS_UOPF_PURE) != 0 }

    /// Which inline-cache field gives the micro-op its operand.
    public var operandSource: UInt32 { ts_uop_operand_source(rawValue) }

    /// Values it takes off the stack, and values it leaves in their place.
    func inputs(_ oparg: Int32) -> Int { Int(ts_uop_inputs(rawValue, oparg)) }
    func outputs(_ oparg: Int32) -> Int { Int(ts_uop_outputs(rawValue, oparg)) }

    /// The micro-op an event or a recording names (they carry names, so that recordings stay readable
    /// when the table is renumbered).
    public init?(named name: String) {
        guard let uop = MicroOp.byName[name] else { return nil }
        self = uop
    }

    private static let byName = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })

    /// A loop's exit inside a trace: leaves when the iterator has run out.
    /// Whether it computes a binary operator: `_BINARY_OP` itself or a micro-op of one of its specialised
    /// forms, which all keep BINARY_OP's argument, the operator.
    public var isBinaryOperator: Bool { MicroOp.binaryOperators.contains(self) }

    private static let binaryOperators: Set<MicroOp> = Set(
        Opcode.allCases.filter { $0.generic == .BINARY_OP }.compactMap(\.expansion.last)
            .filter { $0.flags & UInt32(TS_UOPF_FRAME) == 0 }
    ).union([._BINARY_OP])

    public var endsLoop: Bool {
        [._GUARD_NOT_EXHAUSTED_RANGE, ._GUARD_NOT_EXHAUSTED_LIST, ._GUARD_NOT_EXHAUSTED_TUPLE].contains(self)
    }

    /// The micro-op a trace runs for generic instruction `op`, if it has one.
    static func generic(running op: Opcode) -> MicroOp? {
        MicroOp(rawValue: ts_generic_uop_of(op.rawValue))
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
