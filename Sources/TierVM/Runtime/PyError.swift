/// A Python exception on its way out of the program. There is no `try` in the language, so an exception
/// is never caught: it unwinds every frame, gathering the traceback, and ends the run.
public struct PyError: Error, Sendable {
    /// The exception's class name: `TypeError`, or a user class such as `BankError`.
    public var typeName: String
    /// `str()` of the exception; empty when it was raised without arguments.
    public var message: String
    /// Frames the exception passed through, innermost first.
    public var traceback: [TracebackEntry] = []
    /// Whether this is not the program's error but a stop requested from outside.
    public var isCancellation = false

    public init(_ typeName: String, _ message: String) {
        self.typeName = typeName
        self.message = message
    }

    /// The last line of the report: `ZeroDivisionError: division by zero`.
    public var summary: String { message.isEmpty ? typeName : "\(typeName): \(message)" }

    static func typeError(_ message: String) -> PyError { PyError("TypeError", message) }
    static func valueError(_ message: String) -> PyError { PyError("ValueError", message) }
    static func indexError(_ message: String) -> PyError { PyError("IndexError", message) }
    static func zeroDivision(_ message: String) -> PyError { PyError("ZeroDivisionError", message) }
    static func overflow(_ message: String) -> PyError { PyError("OverflowError", message) }
    static func attributeError(_ message: String) -> PyError { PyError("AttributeError", message) }
    static func nameError(_ message: String) -> PyError { PyError("NameError", message) }
    static func recursionError(_ message: String) -> PyError { PyError("RecursionError", message) }
    static func memoryError() -> PyError { PyError("MemoryError", "") }

    /// The run was stopped from outside (a debugger quit, Ctrl-C): reported like CPython's
    /// KeyboardInterrupt.
    static func cancellation() -> PyError {
        var error = PyError("KeyboardInterrupt", "")
        error.isCancellation = true
        return error
    }
}

/// One line of a traceback: a frame that was running when the exception passed.
public struct TracebackEntry: Sendable {
    public var filename: String
    public var line: Int32
    /// The function's name, or `<module>`.
    public var function: String
    /// The instruction's source range, for the `^^^^` markers under the line.
    public var range: SourceRange
}

extension PyError {
    /// The full report, as CPython prints it on stderr.
    public func report(source: SourceText?) -> String {
        var text = ""
        if !traceback.isEmpty {
            text += "Traceback (most recent call last):\n"
            for entry in traceback.reversed() {
                text += "  File \"\(entry.filename)\", line \(entry.line), in \(entry.function)\n"
                if let source, entry.filename == source.path {
                    let line = source.line(entry.line)
                    let trimmed = line.drop { $0 == " " || $0 == "\t" }
                    if !trimmed.isEmpty { text += "    \(trimmed)\n" }
                }
            }
        }
        return text + summary + "\n"
    }
}
