/// What the UI's main loop needs from a terminal: its size and abilities, a way to put a frame on it, and
/// the keys the user presses. `NcursesTerminal` is the real one; tests can drive the loop with a fake.
public protocol TerminalScreen: AnyObject {
    /// The screen's size in cells; it changes only when `nextKey` returns `.resize`.
    var width: Int { get }
    var height: Int { get }
    /// How far colours must be brought down before drawing (`Style.downgraded(to:)`).
    var colorDepth: ColorDepth { get }
    /// False when the terminal can show only ASCII: box lines, heat blocks and arrows are then drawn
    /// with ASCII stand-ins, and layout stays the same.
    var unicode: Bool { get }
    /// True once the user asked the program to stop (SIGINT, SIGTERM, SIGHUP); the loop should then
    /// quit cleanly, which restores the terminal.
    var interruptRequested: Bool { get }

    /// Puts `canvas` on the screen, clipped to the screen's size.
    func draw(_ canvas: Canvas)
    /// The next key, or nil when none came within `timeoutMilliseconds` (negative waits for ever) or a
    /// signal interrupted the wait.
    func nextKey(timeoutMilliseconds: Int) -> Key?
    /// Gives the terminal back as it was. Safe to call more than once.
    func shutdown()
}

/// Why the UI could not take over the terminal; `description` is the message to print.
public struct TerminalError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    /// stdin or stdout is a pipe or a file.
    public static let notATerminal = TerminalError(
        "tierscope: the UI needs a terminal; `tierscope run FILE.py` prints the program's output instead")

    /// terminfo has no entry for `TERM` (or it is unset).
    public static func unsupportedTerminal(_ name: String?) -> TerminalError {
        guard let name, !name.isEmpty else {
            return TerminalError("tierscope: cannot drive the terminal: TERM is not set")
        }
        return TerminalError("tierscope: cannot drive terminal type '\(name)'")
    }
}
