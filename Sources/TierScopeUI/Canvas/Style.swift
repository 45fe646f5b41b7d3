/// A colour as a theme names it: the terminal's own default, an entry of the 256-colour palette, or an
/// RGB value. The terminal backend brings it down to what the terminal can show (see `ColorDepth`).
public enum Color: Hashable, Sendable {
    case `default`
    case palette(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// Text attributes. `strike` has no curses attribute: the backend draws it with a combining long
/// stroke (U+0336) over each glyph.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let italic = Attributes(rawValue: 1 << 2)
    public static let underline = Attributes(rawValue: 1 << 3)
    public static let reverse = Attributes(rawValue: 1 << 4)
    public static let strike = Attributes(rawValue: 1 << 5)
}

/// How a cell looks: colours and attributes.
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes

    public init(foreground: Color = .default, background: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()

    /// This style with `other`'s colours where `other` sets them, and both styles' attributes.
    public func merged(with other: Style) -> Style {
        Style(
            foreground: other.foreground == .default ? foreground : other.foreground,
            background: other.background == .default ? background : other.background,
            attributes: attributes.union(other.attributes))
    }

    public func with(_ attributes: Attributes) -> Style {
        var style = self
        style.attributes.formUnion(attributes)
        return style
    }

    public func with(background: Color) -> Style {
        var style = self
        style.background = background
        return style
    }

    public func with(foreground: Color) -> Style {
        var style = self
        style.foreground = foreground
        return style
    }
}
