/// A rectangle of cells, in columns and rows from the top left.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    /// The rectangle shrunk by `n` cells on every side.
    public func inset(by n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }

    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        return Rect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
    }
}

/// One screen cell: a glyph (a grapheme cluster, possibly two columns wide) and its style. The cell to
/// the right of a wide glyph holds an empty glyph and belongs to it.
public struct Cell: Hashable, Sendable {
    public var glyph: Character
    /// 1, 2 for a wide glyph, 0 for the second half of one.
    public var width: UInt8
    public var style: Style

    public init(_ glyph: Character = " ", width: UInt8 = 1, style: Style = .plain) {
        self.glyph = glyph
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
}

/// The screen as a grid of cells. Panes draw into it; the terminal backend puts it on the screen, and
/// tests compare it as text (`Canvas.text`) and styles. Drawing is clipped to a `clip` rectangle, so a
/// pane can never draw outside its own area.
public struct Canvas: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Drawing outside this rectangle is dropped.
    public var clip: Rect

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
        clip = Rect(x: 0, y: 0, width: self.width, height: self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Runs `body` with drawing clipped to `rect` (within the current clip), then restores the clip.
    @discardableResult
    public mutating func clipped<R>(to rect: Rect, _ body: (inout Canvas) -> R) -> R {
        let saved = clip
        clip = clip.intersection(rect)
        defer { clip = saved }
        return body(&self)
    }

    /// Writes `text` from column `x` of row `y`, clipped, and returns the column after the last glyph
    /// written (or that would have been written). Control characters show as `?`; a wide glyph that
    /// would be cut by the clip's right edge is left out.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, style: Style) -> Int {
        var column = x
        guard y >= clip.y && y < clip.maxY else {
            for character in text { column += TextWidth.columns(of: character) }
            return column
        }
        for character in text {
            let columns = TextWidth.columns(of: character)
            if columns == 0 { continue }
            let glyph: Character = character.isPrintableGlyph ? character : "?"
            if column >= clip.x && column + columns <= clip.maxX {
                self[column, y] = Cell(glyph, width: UInt8(columns), style: style)
                if columns == 2 { self[column + 1, y] = Cell(" ", width: 0, style: style) }
            }
            column += columns
            if column >= clip.maxX { break }
        }
        return column
    }

    /// Fills a rectangle (clipped) with one glyph in one style.
    public mutating func fill(_ rect: Rect, glyph: Character = " ", style: Style) {
        let area = rect.intersection(clip)
        guard !area.isEmpty else { return }
        let cell = Cell(glyph, width: 1, style: style)
        for row in area.y..<area.maxY {
            for column in area.x..<area.maxX { self[column, row] = cell }
        }
    }

    /// Changes the style of the cells in a rectangle (clipped), keeping their glyphs.
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let area = rect.intersection(clip)
        guard !area.isEmpty else { return }
        for row in area.y..<area.maxY {
            for column in area.x..<area.maxX { self[column, row].style = transform(self[column, row].style) }
        }
    }

    /// Draws a box with light lines around `rect`, and a title in its top edge.
    public mutating func box(_ rect: Rect, title: String = "", style: Style, titleStyle: Style? = nil) {
        guard rect.width >= 2 && rect.height >= 2 else { return }
        let (left, right, top, bottom) = (rect.x, rect.maxX - 1, rect.y, rect.maxY - 1)
        put("┌", x: left, y: top, style: style)
        put("┐", x: right, y: top, style: style)
        put("└", x: left, y: bottom, style: style)
        put("┘", x: right, y: bottom, style: style)
        for column in (left + 1)..<right {
            put("─", x: column, y: top, style: style)
            put("─", x: column, y: bottom, style: style)
        }
        for row in (top + 1)..<bottom {
            put("│", x: left, y: row, style: style)
            put("│", x: right, y: row, style: style)
        }
        if !title.isEmpty && rect.width > 4 {
            clipped(to: Rect(x: left + 1, y: top, width: rect.width - 2, height: 1)) { canvas in
                canvas.put(" \(title) ", x: left + 1, y: top, style: titleStyle ?? style)
            }
        }
    }

    /// The grid as plain text, one line per row, trailing spaces kept: what a snapshot test compares.
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for row in 0..<height {
            var line = ""
            for column in 0..<width where self[column, row].width != 0 {
                line.append(self[column, row].glyph)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// One row as text, trailing spaces trimmed.
    public func line(_ row: Int) -> String {
        var line = ""
        for column in 0..<width where self[column, row].width != 0 { line.append(self[column, row].glyph) }
        while line.last == " " { line.removeLast() }
        return line
    }
}

/// How many columns a character takes on a terminal. Decided here rather than by the C library's
/// `wcwidth`, which answers only under a UTF-8 locale, so that layout (and every snapshot test) is the
/// same whatever the locale.
public enum TextWidth {
    public static func columns(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.isASCII { return 1 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(first.value) ? 2 : 1
    }

    /// East Asian wide and fullwidth ranges, and the emoji blocks terminals draw two columns wide.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    public static func columns(of text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + columns(of: $1) }
    }

    /// `text` cut to at most `width` columns, ending in `…` when it was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard columns(of: text) > width else { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = columns(of: character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` shortened to at most `width` columns by taking out its middle (`BINARY_…PLY_INT`): for
    /// names whose ends tell them apart, where cutting the end would leave only a shared prefix.
    public static func middle(_ text: String, to width: Int) -> String {
        guard columns(of: text) > width else { return text }
        guard width > 2 else { return truncate(text, to: width) }
        let characters = Array(text)
        let tailWidth = (width - 1) / 2
        var tail = ""
        var used = 0
        for character in characters.reversed() {
            let w = columns(of: character)
            if used + w > tailWidth { break }
            tail = String(character) + tail
            used += w
        }
        var head = ""
        for character in characters {
            let w = columns(of: character)
            if used + w > width - 1 { break }
            head.append(character)
            used += w
        }
        return head + "…" + tail
    }

    /// `text` padded with spaces (or cut) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        return cut + String(repeating: " ", count: max(0, width - columns(of: cut)))
    }
}

extension Character {
    /// Not a control character (which would move the cursor or ring the bell).
    var isPrintableGlyph: Bool {
        guard let first = unicodeScalars.first else { return false }
        return !(first.value < 0x20 || (first.value >= 0x7F && first.value < 0xA0))
    }
}
