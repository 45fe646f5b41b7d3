/// The syntax tree of the Python subset. Every node carries the source range it was parsed from, so
/// every instruction compiled from it can point back at its line and columns.
public struct Expr: Sendable {
    public var kind: ExprKind
    public var range: SourceRange

    public init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public indirect enum ExprKind: Sendable {
    case name(String)
    case constant(Constant)
    /// An f-string: text pieces and formatted values.
    case formatted([FormattedPiece])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `a and b and c` / `a or b`: evaluates to the deciding operand, not to a bool.
    case boolean(BooleanOperator, [Expr])
    /// `a < b <= c`: each operand is evaluated once.
    case compare(Expr, [Comparison])
    case call(Expr, arguments: [Expr], keywords: [Keyword])
    case attribute(Expr, String)
    case subscription(Expr, Expr)
    /// `lower:upper:step` inside a subscript.
    case slice(Expr?, Expr?, Expr?)
    case list([Expr])
    case tuple([Expr])
    case dict([(key: Expr, value: Expr)])
    case conditional(test: Expr, body: Expr, orElse: Expr)
    case lambda(Parameters, Expr)
    case listComprehension(Expr, [ComprehensionClause])
    case dictComprehension(key: Expr, value: Expr, [ComprehensionClause])
}

/// A literal value as the parser and compiler see it (before it becomes a heap value).
public enum Constant: Sendable, Hashable {
    case none
    case bool(Bool)
    case int(BigInt)
    case float(Double)
    case str(String)
    /// Only made by the compiler: a tuple of constants (keyword names, folded tuples).
    case tuple([Constant])

    public static func == (a: Constant, b: Constant) -> Bool {
        switch (a, b) {
        case (.none, .none): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        // Bitwise, so 0.0 and -0.0 (and every NaN) stay distinct constants.
        case (.float(let x), .float(let y)): x.bitPattern == y.bitPattern
        case (.str(let x), .str(let y)): x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.tuple(let x), .tuple(let y)): x == y
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .none: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(i)
        case .float(let f): hasher.combine(f.bitPattern)
        case .str(let s): hasher.combine(Array(s.unicodeScalars.map(\.value)))
        case .tuple(let t): hasher.combine(t)
        }
    }
}

public enum FormattedPiece: Sendable {
    case text(String)
    /// `{value!conversion:spec}`; the spec is itself an f-string.
    case value(Expr, conversion: Character?, spec: [FormattedPiece]?)
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case plus = "+"
    case invert = "~"
    case not = "not"
}

/// Binary operators, numbered as CPython numbers BINARY_OP's argument (`NB_ADD` is 0, ...).
public enum BinaryOperator: Int32, Sendable, CaseIterable {
    case add = 0
    case and = 1
    case floorDivide = 2
    case leftShift = 3
    case matrixMultiply = 4
    case multiply = 5
    case remainder = 6
    case or = 7
    case power = 8
    case rightShift = 9
    case subtract = 10
    case trueDivide = 11
    case xor = 12

    /// The operator as written: `+`, `//`, ...
    public var symbol: String {
        switch self {
        case .add: "+"
        case .and: "&"
        case .floorDivide: "//"
        case .leftShift: "<<"
        case .matrixMultiply: "@"
        case .multiply: "*"
        case .remainder: "%"
        case .or: "|"
        case .power: "**"
        case .rightShift: ">>"
        case .subtract: "-"
        case .trueDivide: "/"
        case .xor: "^"
        }
    }

    /// CPython's BINARY_OP argument for the augmented form (`+=` is 13).
    public static let inPlaceOffset: Int32 = 13

    /// The operator a BINARY_OP argument names, and whether it is the augmented form.
    public static func decode(_ arg: Int32) -> (op: BinaryOperator, inPlace: Bool)? {
        let inPlace = arg >= inPlaceOffset
        return BinaryOperator(rawValue: inPlace ? arg - inPlaceOffset : arg).map { ($0, inPlace) }
    }

    public init?(symbol: String) {
        guard let op = BinaryOperator.allCases.first(where: { $0.symbol == symbol }) else { return nil }
        self = op
    }
}

public enum BooleanOperator: String, Sendable {
    case and
    case or
}

/// Comparison operators, numbered as COMPARE_OP's argument; `is`, `in` and their negations compile to
/// IS_OP and CONTAINS_OP instead.
public enum CompareOperator: String, Sendable {
    case less = "<"
    case lessEqual = "<="
    case equal = "=="
    case notEqual = "!="
    case greater = ">"
    case greaterEqual = ">="
    case `is` = "is"
    case isNot = "is not"
    case `in` = "in"
    case notIn = "not in"
}

public struct Comparison: Sendable {
    public var op: CompareOperator
    public var right: Expr
}

public struct Keyword: Sendable {
    public var name: String
    public var value: Expr
    public var range: SourceRange
}

public struct ComprehensionClause: Sendable {
    public var target: Expr
    public var iterable: Expr
    public var conditions: [Expr]
}

public struct Parameters: Sendable {
    public var names: [String]
    /// Defaults for the last `defaults.count` parameters.
    public var defaults: [Expr]
    public var ranges: [SourceRange]
}

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var range: SourceRange

    public init(_ kind: StmtKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public indirect enum StmtKind: Sendable {
    case expression(Expr)
    /// `a = b = value`: one or more targets.
    case assign(targets: [Expr], value: Expr)
    case augmentedAssign(target: Expr, op: BinaryOperator, value: Expr)
    case `if`(test: Expr, body: [Stmt], orElse: [Stmt])
    case `while`(test: Expr, body: [Stmt], orElse: [Stmt])
    case `for`(target: Expr, iterable: Expr, body: [Stmt], orElse: [Stmt])
    case `break`
    case `continue`
    case pass
    case functionDef(FunctionDef)
    case classDef(ClassDef)
    case `return`(Expr?)
    case global([String])
    case assert(test: Expr, message: Expr?)
    case delete([Expr])
    case raise(Expr?)
}

public struct FunctionDef: Sendable {
    public var name: String
    public var parameters: Parameters
    public var body: [Stmt]
    /// The `def ...:` line, where tracebacks and listings place the function.
    public var headerRange: SourceRange
}

public struct ClassDef: Sendable {
    public var name: String
    public var base: Expr?
    public var body: [Stmt]
    public var headerRange: SourceRange
}

/// A parsed program.
public struct Module: Sendable {
    public var body: [Stmt]
}
