/// One token of the Python subset.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An identifier or keyword; the parser tells them apart.
        case name(String)
        case int(BigInt)
        case float(Double)
        case string(StringLiteral)
        /// An operator or delimiter, spelled as in the source (`+=`, `(`, `->`).
        case op(String)
        case newline
        case indent
        case dedent
        case endOfFile
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// A string literal after escape processing. An f-string keeps its replacement fields apart so the
/// parser can parse each expression where it stands in the source.
public struct StringLiteral: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case field(FormatField)
    }

    public var parts: [Part]
    public var isFormatted: Bool

    public init(parts: [Part], isFormatted: Bool) {
        self.parts = parts
        self.isFormatted = isFormatted
    }

    /// The value of a plain literal.
    public var plainText: String {
        parts.reduce(into: "") { text, part in
            if case .text(let s) = part { text += s }
        }
    }
}

/// `{expression!conversion:spec}` inside an f-string.
public struct FormatField: Sendable, Equatable {
    /// The expression's source text and where it starts.
    public var expression: String
    public var start: SourcePosition
    /// `s`, `r` or `a` after `!`, if any.
    public var conversion: Character?
    /// The format spec after `:`, which may itself hold fields (`{x:{width}}`).
    public var spec: [StringLiteral.Part]?
    /// For `{x=}`: the text `x=` printed before the value.
    public var debugText: String?
}

/// Python's keywords: names the parser never treats as identifiers.
let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]
