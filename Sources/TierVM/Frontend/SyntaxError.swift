/// A program the front end rejects, reported the way CPython reports it:
///
///     File "x.py", line 3
///       if x
///           ^
///     SyntaxError: expected ':'
public struct SyntaxError: Error, Sendable, Equatable {
    /// `SyntaxError`, or one of its subclasses `IndentationError` and `TabError`.
    public enum Kind: String, Sendable {
        case syntax = "SyntaxError"
        case indentation = "IndentationError"
        case tab = "TabError"
    }

    public var kind: Kind
    public var message: String
    /// Where the caret points; `end` widens it to a range of carets.
    public var range: SourceRange

    public init(_ kind: Kind, _ message: String, at range: SourceRange) {
        self.kind = kind
        self.message = message
        self.range = range
    }

    public init(_ kind: Kind, _ message: String, at position: SourcePosition) {
        self.init(kind, message, at: SourceRange(position))
    }

    public init(_ message: String, at range: SourceRange) {
        self.init(.syntax, message, at: range)
    }

    public init(_ message: String, at position: SourcePosition) {
        self.init(.syntax, message, at: SourceRange(position))
    }

    /// The last line of the report: `SyntaxError: expected ':'`.
    public var summary: String { "\(kind.rawValue): \(message)" }

    /// The full report, as printed on stderr.
    public func report(source: SourceText) -> String {
        var text = "  File \"\(source.path)\", line \(range.start.line)\n"
        let line = source.line(range.start.line)
        if !line.isEmpty {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{0C}" }
            let indent = line.unicodeScalars.count - trimmed.unicodeScalars.count
            let startColumn = max(0, Int(range.start.column) - indent)
            let lineLength = trimmed.unicodeScalars.count
            var width = 1
            if range.end.line == range.start.line, range.end.column > range.start.column {
                width = Int(range.end.column - range.start.column)
            }
            width = max(1, min(width, lineLength - startColumn))
            text += "    \(trimmed)\n"
            text +=
                "    " + String(repeating: " ", count: min(startColumn, lineLength))
                + String(repeating: "^", count: width) + "\n"
        }
        text += summary + "\n"
        return text
    }
}
