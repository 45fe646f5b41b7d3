/// How many colours the terminal shows, and so how far theme colours are brought down before drawing.
public enum ColorDepth: Int, Sendable, Comparable, CaseIterable {
    /// No colour at all: NO_COLOR is set, or the terminal has none. Attributes still show.
    case none
    /// The eight ANSI colours.
    case eight
    /// The xterm 256-colour palette.
    case palette256
    /// 24-bit colour.
    case trueColor

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }
}
