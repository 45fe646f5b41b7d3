/// Turns source text into tokens the way CPython's tokenizer does: INDENT and DEDENT from leading
/// whitespace (tabs to multiples of eight, checked for consistency), NEWLINE only at the end of a logical
/// line, newlines inside brackets and after a backslash joined away, and the same error messages.
public struct Lexer {
    private let text: [Unicode.Scalar]
    private var index = 0
    private var line: Int32 = 1
    private var lineStart = 0
    private var indents: [Int] = [0]
    private var altIndents: [Int] = [0]
    private var brackets: [(scalar: Unicode.Scalar, position: SourcePosition)] = []
    private var atLineStart = true
    private var tokens: [Token] = []
    /// Where the text sits in the file: f-string expressions are lexed on their own but report
    /// positions in the enclosing file.
    private let origin: SourcePosition

    /// CPython's limits, which also keep the parser's recursion shallow.
    static let maximumBracketDepth = 200
    static let maximumIndentation = 100

    /// Tokenizes a whole program.
    public static func tokenize(_ source: String) throws(SyntaxError) -> [Token] {
        var lexer = Lexer(text: Array(source.unicodeScalars), origin: SourcePosition(line: 1, column: 0))
        return try lexer.run()
    }

    /// Tokenizes the expression of an f-string field as if it stood inside parentheses.
    static func tokenizeExpression(_ source: String, at origin: SourcePosition) throws(SyntaxError) -> [Token] {
        var lexer = Lexer(text: Array(source.unicodeScalars), origin: origin)
        lexer.atLineStart = false
        lexer.brackets = [("(", origin)]
        return try lexer.run(expressionOnly: true)
    }

    private init(text: [Unicode.Scalar], origin: SourcePosition) {
        self.text = text
        self.origin = origin
        self.line = origin.line
    }

    // MARK: - Positions

    private var position: SourcePosition { position(at: index) }

    private func position(at offset: Int) -> SourcePosition {
        let column = Int32(offset - lineStart)
        return SourcePosition(line: line, column: line == origin.line ? column + origin.column : column)
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let at = index + ahead
        return at < text.count ? text[at] : nil
    }

    private mutating func newLine(afterNewlineAt offset: Int) {
        line += 1
        lineStart = offset + 1
    }

    private func error(
        _ message: String, at position: SourcePosition, _ kind: SyntaxError.Kind = .syntax
    ) -> SyntaxError {
        SyntaxError(kind, message, at: position)
    }

    private mutating func emit(_ kind: Token.Kind, from start: SourcePosition) {
        tokens.append(Token(kind, SourceRange(start: start, end: position)))
    }

    // MARK: - Main loop

    private mutating func run(expressionOnly: Bool = false) throws(SyntaxError) -> [Token] {
        while true {
            if atLineStart && brackets.isEmpty {
                if try !measureIndentation() { break }
            }
            skipBlanks()
            guard let c = peek() else { break }
            switch c {
            case "#":
                if expressionOnly {
                    throw error("f-string expression part cannot include '#'", at: position)
                }
                while let n = peek(), n != "\n", n != "\r" { index += 1 }
            case "\n", "\r":
                let start = position
                let newlineAt = index
                index += 1
                if c == "\r", peek() == "\n" { index += 1 }
                if brackets.isEmpty {
                    tokens.append(Token(.newline, SourceRange(start)))
                    atLineStart = true
                }
                newLine(afterNewlineAt: index - 1)
                _ = newlineAt
            case "\\":
                let start = position
                index += 1
                if peek() == "\r" { index += 1 }
                guard let n = peek() else { throw error("unexpected EOF while parsing", at: start) }
                guard n == "\n" else {
                    throw error("unexpected character after line continuation character", at: start)
                }
                index += 1
                newLine(afterNewlineAt: index - 1)
            case "0"..."9":
                try lexNumber()
            case ".":
                if let n = peek(1), ("0"..."9").contains(n) {
                    try lexNumber()
                } else {
                    try lexOperator()
                }
            case "\"", "'":
                try lexString(prefix: "", start: position)
            default:
                if isIdentifierStart(c) {
                    try lexName()
                } else {
                    try lexOperator()
                }
            }
        }
        return try finish(expressionOnly: expressionOnly)
    }

    private mutating func finish(expressionOnly: Bool) throws(SyntaxError) -> [Token] {
        if expressionOnly {
            tokens.append(Token(.endOfFile, SourceRange(position)))
            return tokens
        }
        if let open = brackets.last {
            throw error("'\(open.scalar)' was never closed", at: open.position)
        }
        let end = position
        if let last = tokens.last {
            switch last.kind {
            case .newline, .dedent: break
            default: tokens.append(Token(.newline, SourceRange(end)))
            }
        }
        for _ in 1..<indents.count {
            tokens.append(Token(.dedent, SourceRange(end)))
        }
        tokens.append(Token(.endOfFile, SourceRange(end)))
        return tokens
    }

    private mutating func skipBlanks() {
        while let c = peek(), c == " " || c == "\t" || c == "\u{0C}" { index += 1 }
    }

    /// Reads the indentation of a new logical line and emits INDENT/DEDENT. Returns false at the end of
    /// the text. Blank and comment-only lines are skipped whole, as CPython does.
    private mutating func measureIndentation() throws(SyntaxError) -> Bool {
        while true {
            var column = 0
            var altColumn = 0
            while let c = peek() {
                if c == " " {
                    column += 1
                    altColumn += 1
                } else if c == "\t" {
                    column = (column / 8 + 1) * 8
                    altColumn += 1
                } else if c == "\u{0C}" {
                    column = 0
                    altColumn = 0
                } else {
                    break
                }
                index += 1
            }
            guard let c = peek() else { return false }
            if c == "#" {
                while let n = peek(), n != "\n", n != "\r" { index += 1 }
                continue
            }
            if c == "\n" || c == "\r" {
                index += 1
                if c == "\r", peek() == "\n" { index += 1 }
                newLine(afterNewlineAt: index - 1)
                continue
            }
            atLineStart = false
            try applyIndentation(column: column, altColumn: altColumn)
            return true
        }
    }

    private mutating func applyIndentation(column: Int, altColumn: Int) throws(SyntaxError) {
        let here = position
        let inconsistent = "inconsistent use of tabs and spaces in indentation"
        if column == indents.last! {
            if altColumn != altIndents.last! { throw error(inconsistent, at: here, .tab) }
        } else if column > indents.last! {
            if altColumn <= altIndents.last! { throw error(inconsistent, at: here, .tab) }
            indents.append(column)
            altIndents.append(altColumn)
            if indents.count > Lexer.maximumIndentation {
                throw error("too many levels of indentation", at: here, .indentation)
            }
            tokens.append(Token(.indent, SourceRange(start: SourcePosition(line: here.line, column: 0), end: here)))
        } else {
            while indents.count > 1 && column < indents.last! {
                indents.removeLast()
                altIndents.removeLast()
                tokens.append(Token(.dedent, SourceRange(here)))
            }
            if column != indents.last! {
                throw error("unindent does not match any outer indentation level", at: here, .indentation)
            }
            if altColumn != altIndents.last! { throw error(inconsistent, at: here, .tab) }
        }
    }

    // MARK: - Names

    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            return ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
        }
        return c.properties.isXIDStart
    }

    private func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            return ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
        }
        return c.properties.isXIDContinue
    }

    private mutating func lexName() throws(SyntaxError) {
        let start = position
        let begin = index
        while let c = peek(), isIdentifierContinue(c) { index += 1 }
        let name = String(String.UnicodeScalarView(text[begin..<index]))
        if let q = peek(), q == "\"" || q == "'", name.count <= 2,
            name.lowercased().allSatisfy({ "rubf".contains($0) })
        {
            let lower = name.lowercased()
            if Set(lower).count == lower.count, !(lower.contains("u") && lower.count > 1),
                !(lower.contains("b") && lower.contains("f"))
            {
                try lexString(prefix: lower, start: start)
                return
            }
        }
        emit(.name(name), from: start)
    }

    // MARK: - Numbers

    private func isDigit(_ c: Unicode.Scalar?, radix: Int) -> Bool {
        guard let c, c.isASCII else { return false }
        switch radix {
        case 2: return c == "0" || c == "1"
        case 8: return ("0"..."7").contains(c)
        case 16: return ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
        default: return ("0"..."9").contains(c)
        }
    }

    /// Reads digits of a radix with single underscores between them. Returns the digits, or nil when an
    /// underscore is misplaced.
    private mutating func scanDigits(radix: Int) -> String? {
        var digits = ""
        while true {
            if isDigit(peek(), radix: radix) {
                digits.unicodeScalars.append(peek()!)
                index += 1
            } else if peek() == "_" {
                guard !digits.isEmpty, isDigit(peek(1), radix: radix) else { return nil }
                index += 1
            } else {
                return digits
            }
        }
    }

    private mutating func lexNumber() throws(SyntaxError) {
        let start = position
        if peek() == "0", let p = peek(1), "xXoObB".unicodeScalars.contains(p) {
            index += 2
            let (radix, name): (Int, String) =
                switch p {
                case "x", "X": (16, "hexadecimal")
                case "o", "O": (8, "octal")
                default: (2, "binary")
                }
            if peek() == "_" { index += 1 }
            guard let digits = scanDigits(radix: radix), !digits.isEmpty else {
                throw error("invalid \(name) literal", at: start)
            }
            if let c = peek(), isIdentifierContinue(c) {
                if radix < 16, isDigit(c, radix: 10) {
                    throw error("invalid digit '\(c)' in \(name) literal", at: position)
                }
                throw error("invalid \(name) literal", at: start)
            }
            emit(.int(BigInt(digits, radix: radix)!), from: start)
            return
        }
        let invalid = "invalid decimal literal"
        var integerPart = ""
        if peek() != "." {
            guard let digits = scanDigits(radix: 10) else { throw error(invalid, at: start) }
            integerPart = digits
        }
        var isFloat = false
        var literal = integerPart
        if peek() == "." {
            isFloat = true
            index += 1
            literal += "."
            if isDigit(peek(), radix: 10) {
                guard let fraction = scanDigits(radix: 10) else { throw error(invalid, at: start) }
                literal += fraction
            }
        }
        if let e = peek(), e == "e" || e == "E" {
            let save = index
            index += 1
            var exponent = "e"
            if let sign = peek(), sign == "+" || sign == "-" {
                exponent.unicodeScalars.append(sign)
                index += 1
            }
            if let digits = scanDigits(radix: 10), !digits.isEmpty {
                isFloat = true
                literal += exponent + digits
            } else {
                index = save
                throw error(invalid, at: start)
            }
        }
        if let j = peek(), j == "j" || j == "J" {
            throw error("complex numbers are not supported by tierscope", at: start)
        }
        if let c = peek(), isIdentifierContinue(c) {
            throw error(invalid, at: start)
        }
        if isFloat {
            emit(.float(Double(literal) ?? .infinity), from: start)
        } else {
            if integerPart.count > 1, integerPart.first == "0", integerPart.contains(where: { $0 != "0" }) {
                throw error(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    at: start)
            }
            emit(.int(BigInt(integerPart)!), from: start)
        }
    }

    // MARK: - Operators

    private static let operators: [[String]] = [
        ["**=", "//=", ">>=", "<<=", "..."],
        [
            "!=", "**", "//", ">>", "<<", "<=", ">=", "==", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
            ":=",
        ],
        [
            "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".",
            "=", "@",
        ],
    ]

    private mutating func lexOperator() throws(SyntaxError) {
        let start = position
        for group in Lexer.operators {
            let width = group[0].unicodeScalars.count
            guard index + width <= text.count else { continue }
            let candidate = String(String.UnicodeScalarView(text[index..<index + width]))
            guard group.contains(candidate) else { continue }
            index += width
            try trackBracket(candidate, at: start)
            emit(.op(candidate), from: start)
            return
        }
        let c = peek()!
        if c.isASCII && c.value >= 0x20 && c.value < 0x7F {
            throw error("invalid syntax", at: start)
        }
        let code = "U+" + String(String(c.value, radix: 16, uppercase: true).leftPadded(to: 4))
        if c.properties.generalCategory.isPrintable {
            throw error("invalid character '\(c)' (\(code))", at: start)
        }
        throw error("invalid non-printable character \(code)", at: start)
    }

    private mutating func trackBracket(_ op: String, at start: SourcePosition) throws(SyntaxError) {
        switch op {
        case "(", "[", "{":
            brackets.append((op.unicodeScalars.first!, start))
            if brackets.count > Lexer.maximumBracketDepth {
                throw error("too many nested parentheses", at: start)
            }
        case ")", "]", "}":
            let close = op.unicodeScalars.first!
            guard let open = brackets.popLast() else {
                throw error("unmatched '\(op)'", at: start)
            }
            let expected: Unicode.Scalar = open.scalar == "(" ? ")" : open.scalar == "[" ? "]" : "}"
            if close != expected {
                if open.position.line != start.line {
                    throw error(
                        "closing parenthesis '\(op)' does not match opening parenthesis '\(open.scalar)' on line \(open.position.line)",
                        at: start)
                }
                throw error(
                    "closing parenthesis '\(op)' does not match opening parenthesis '\(open.scalar)'", at: start)
            }
        default:
            break
        }
    }

    // MARK: - Strings

    private mutating func lexString(prefix: String, start: SourcePosition) throws(SyntaxError) {
        if prefix.contains("b") {
            throw error("bytes literals are not supported by tierscope", at: start)
        }
        let raw = prefix.contains("r")
        let formatted = prefix.contains("f")
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        index += triple ? 3 : 1
        var body: [Unicode.Scalar] = []
        var positions: [SourcePosition] = []
        while true {
            guard let c = peek() else {
                let kind = triple ? "unterminated triple-quoted string literal" : "unterminated string literal"
                // CPython counts the last line that has text, not the empty one after a final newline.
                let endsWithNewline = index > 0 && (text[index - 1] == "\n" || text[index - 1] == "\r")
                throw error("\(kind) (detected at line \(endsWithNewline ? line - 1 : line))", at: start)
            }
            if c == quote {
                if !triple {
                    index += 1
                    break
                }
                if peek(1) == quote && peek(2) == quote {
                    index += 3
                    break
                }
            }
            if (c == "\n" || c == "\r") && !triple {
                throw error("unterminated string literal (detected at line \(line))", at: start)
            }
            positions.append(position)
            body.append(c)
            index += 1
            if c == "\\", let n = peek() {
                positions.append(position)
                body.append(n)
                index += 1
                if n == "\n" { newLine(afterNewlineAt: index - 1) }
            } else if c == "\n" {
                newLine(afterNewlineAt: index - 1)
            }
        }
        var decoder = StringBodyDecoder(body: body, positions: positions, raw: raw, start: start)
        let parts = formatted ? try decoder.formattedParts() : [.text(try decoder.decode(0..<body.count))]
        emit(.string(StringLiteral(parts: parts, isFormatted: formatted)), from: start)
    }
}

/// Decodes the body of a string literal: escape sequences, and for f-strings the replacement fields.
struct StringBodyDecoder {
    let body: [Unicode.Scalar]
    let positions: [SourcePosition]
    let raw: Bool
    let start: SourcePosition

    private func fail(_ message: String, at offset: Int) -> SyntaxError {
        SyntaxError(message, at: offset >= 0 && offset < positions.count ? positions[offset] : start)
    }

    /// Decodes escapes in `body[range]`.
    func decode(_ range: Range<Int>) throws(SyntaxError) -> String {
        var out = String.UnicodeScalarView()
        var i = range.lowerBound
        while i < range.upperBound {
            let c = body[i]
            guard c == "\\", !raw, i + 1 < range.upperBound else {
                out.append(c)
                i += 1
                continue
            }
            let e = body[i + 1]
            let escapeStart = i
            i += 2
            switch e {
            case "\n": break
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "0"..."7":
                var value = Int(e.value - 48)
                var digits = 1
                while digits < 3, i < range.upperBound, ("0"..."7").contains(body[i]) {
                    value = value * 8 + Int(body[i].value - 48)
                    digits += 1
                    i += 1
                }
                out.append(Unicode.Scalar(UInt32(value)) ?? "\u{FFFD}")
            case "x", "u", "U":
                let width = e == "x" ? 2 : e == "u" ? 4 : 8
                var value: UInt32 = 0
                var digits = 0
                while digits < width, i < range.upperBound, let d = body[i].hexDigitValue {
                    value = value &* 16 &+ UInt32(d)
                    digits += 1
                    i += 1
                }
                let first = escapeStart - range.lowerBound
                if digits < width {
                    let pattern = e == "x" ? "\\xXX" : e == "u" ? "\\uXXXX" : "\\UXXXXXXXX"
                    throw fail(
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position \(first)-\(i - range.lowerBound - 1): truncated \(pattern) escape",
                        at: escapeStart)
                }
                guard value <= 0x10FFFF else {
                    throw fail(
                        "(unicode error) 'unicodeescape' codec can't decode bytes in position \(first)-\(i - range.lowerBound - 1): illegal Unicode character",
                        at: escapeStart)
                }
                // Lone surrogates cannot live in a Swift string; CPython could not print them either.
                out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            case "N":
                throw fail("\\N{...} escapes are not supported by tierscope", at: escapeStart)
            default:
                out.append("\\")
                out.append(e)
            }
        }
        return String(out)
    }

    /// Splits an f-string body into text and replacement fields.
    mutating func formattedParts() throws(SyntaxError) -> [StringLiteral.Part] {
        var index = 0
        return try parts(&index, until: nil)
    }

    private func parts(_ i: inout Int, until terminator: Unicode.Scalar?) throws(SyntaxError) -> [StringLiteral.Part] {
        var result: [StringLiteral.Part] = []
        var textStart = i
        var text = ""
        func flush(_ end: Int) throws(SyntaxError) {
            text += try decode(textStart..<end)
        }
        while i < body.count {
            let c = body[i]
            if c == "\\" && !raw && i + 1 < body.count {
                i += 2
                continue
            }
            if let terminator, c == terminator {
                break
            }
            if c == "{" {
                if terminator == nil, i + 1 < body.count, body[i + 1] == "{" {
                    try flush(i + 1)
                    i += 2
                    textStart = i
                    continue
                }
                try flush(i)
                if !text.isEmpty { result.append(.text(text)) }
                text = ""
                i += 1
                let field = try formatField(&i)
                if let debug = field.debugText { result.append(.text(debug)) }
                result.append(.field(field))
                textStart = i
                continue
            }
            if c == "}" {
                if terminator == nil, i + 1 < body.count, body[i + 1] == "}" {
                    try flush(i + 1)
                    i += 2
                    textStart = i
                    continue
                }
                throw fail("f-string: single '}' is not allowed", at: i)
            }
            i += 1
        }
        try flush(i)
        if !text.isEmpty { result.append(.text(text)) }
        return result
    }

    /// Reads `expression[=][!c][:spec]}` with `i` just past the opening brace.
    private func formatField(_ i: inout Int) throws(SyntaxError) -> FormatField {
        let expressionStart = i
        var depth = 0
        var quote: Unicode.Scalar? = nil
        var expressionEnd = -1
        var debug = false
        scan: while i < body.count {
            let c = body[i]
            if let q = quote {
                if c == q { quote = nil }
                i += 1
                continue
            }
            switch c {
            case "\\":
                throw fail("f-string expression part cannot include a backslash", at: i)
            case "#":
                throw fail("f-string expression part cannot include '#'", at: i)
            case "'", "\"":
                quote = c
            case "(", "[", "{":
                depth += 1
            case ")", "]":
                depth -= 1
            case "}":
                if depth == 0 {
                    expressionEnd = i
                    break scan
                }
                depth -= 1
            case "!" where depth == 0 && (i + 1 >= body.count || body[i + 1] != "="):
                expressionEnd = i
                break scan
            case ":" where depth == 0:
                expressionEnd = i
                break scan
            case "=" where depth == 0:
                let next = i + 1 < body.count ? body[i + 1] : nil
                let previous = i > expressionStart ? body[i - 1] : nil
                if next != "=", let previous, !"=!<>".unicodeScalars.contains(previous) {
                    debug = true
                    expressionEnd = i
                    i += 1
                    break scan
                }
                if next == "=" { i += 1 }
            default:
                break
            }
            i += 1
        }
        guard expressionEnd >= 0 else {
            throw fail("f-string: expecting '}'", at: expressionStart > 0 ? expressionStart - 1 : 0)
        }
        let source = String(String.UnicodeScalarView(body[expressionStart..<expressionEnd]))
        if source.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) {
            throw fail("f-string: empty expression not allowed", at: expressionStart)
        }
        var field = FormatField(
            expression: source,
            start: expressionStart < positions.count ? positions[expressionStart] : start,
            conversion: nil, spec: nil, debugText: nil)
        if debug {
            // `{x = }` keeps the spaces around `=` in what it prints.
            var spacesAfter = ""
            while i < body.count, body[i] == " " {
                spacesAfter += " "
                i += 1
            }
            field.debugText = source + "=" + spacesAfter
        }
        if i < body.count, body[i] == "!" {
            i += 1
            guard i < body.count, "sra".unicodeScalars.contains(body[i]) else {
                throw fail("f-string: invalid conversion character: expected 's', 'r', or 'a'", at: i)
            }
            field.conversion = Character(body[i])
            i += 1
        } else if debug {
            field.conversion = "r"
        }
        if i < body.count, body[i] == ":" {
            i += 1
            field.spec = try parts(&i, until: "}")
            if debug, field.conversion == "r" { field.conversion = nil }
        }
        guard i < body.count, body[i] == "}" else {
            throw fail("f-string: expecting '}'", at: min(i, body.count - 1))
        }
        i += 1
        return field
    }
}

extension Unicode.Scalar {
    var hexDigitValue: Int? {
        switch self {
        case "0"..."9": Int(value - 48)
        case "a"..."f": Int(value - 87)
        case "A"..."F": Int(value - 55)
        default: nil
        }
    }
}

extension Unicode.GeneralCategory {
    /// Whether Python's `str.isprintable` counts a character of this category as printable.
    var isPrintable: Bool {
        switch self {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            false
        default:
            true
        }
    }
}

extension String {
    /// The text behind as many `pad`s as make it `width` long (`07`, hex bytes, aligned counts).
    public func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
