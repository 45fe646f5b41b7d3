/// A frame as a file for slides: plain text, or text with ANSI colour escapes (24-bit, as the theme
/// names its colours) that `cat` or `less -R` shows as it looked on screen.
public enum ScreenSnapshot {
    /// Whether a snapshot written to `path` should carry colours: `.ans` and `.ansi` files do.
    public static func wantsColour(path: String) -> Bool {
        path.hasSuffix(".ans") || path.hasSuffix(".ansi")
    }

    public static func text(of canvas: Canvas, colour: Bool) -> String {
        guard colour else {
            return (0..<canvas.height).map { canvas.line($0) }.joined(separator: "\n") + "\n"
        }
        var out = ""
        for row in 0..<canvas.height {
            var current: Style?
            for column in 0..<canvas.width where canvas[column, row].width != 0 {
                let cell = canvas[column, row]
                if cell.style != current {
                    out += escape(for: cell.style)
                    current = cell.style
                }
                out.append(cell.glyph)
                if cell.style.attributes.contains(.strike) { out.unicodeScalars.append("\u{336}") }
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    /// The SGR sequence that sets exactly `style`.
    static func escape(for style: Style) -> String {
        var codes = ["0"]
        let attributes: [(Attributes, String)] = [
            (.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"), (.reverse, "7"),
        ]
        for (attribute, code) in attributes where style.attributes.contains(attribute) { codes.append(code) }
        if let foreground = code(for: style.foreground, base: 38) { codes.append(foreground) }
        if let background = code(for: style.background, base: 48) { codes.append(background) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func code(for color: Color, base: Int) -> String? {
        switch color {
        case .default: nil
        case .palette(let index): "\(base);5;\(index)"
        case .rgb(let r, let g, let b): "\(base);2;\(r);\(g);\(b)"
        }
    }
}
