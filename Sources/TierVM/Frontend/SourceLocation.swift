/// A position in the source: 1-based line, 0-based column counted in Unicode code points.
public struct SourcePosition: Hashable, Sendable, Comparable {
    public var line: Int32
    public var column: Int32

    public init(line: Int32, column: Int32) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// The span of source a token, node or instruction comes from.
public struct SourceRange: Hashable, Sendable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    public init(_ start: SourcePosition) {
        self.start = start
        self.end = SourcePosition(line: start.line, column: start.column + 1)
    }

    public static func to(_ a: SourceRange, _ b: SourceRange) -> SourceRange {
        SourceRange(start: a.start, end: b.end)
    }

    public var line: Int32 { start.line }
}

/// A program's text split into lines, for error messages and listings.
public struct SourceText: Sendable {
    public let path: String
    public let text: String
    public let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// The text of a 1-based line, or an empty string when out of range.
    public func line(_ number: Int32) -> Substring {
        let index = Int(number) - 1
        return lines.indices.contains(index) ? lines[index] : ""
    }
}
