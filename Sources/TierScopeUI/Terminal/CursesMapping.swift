import CNcursesw

/// How a canvas cell becomes what ncurses draws: glyph, attribute bits and colour numbers. Pure functions,
/// so that tests check them without a terminal.
enum CursesMapping {
    /// The combining long stroke drawn over a glyph for `.strike`, which curses has no attribute for.
    static let strikeMark: Unicode.Scalar = "\u{0336}"

    /// The curses attribute bits for `attributes`; `.strike` has none (see `wideCharacters`).
    static func attributes(_ attributes: Attributes) -> attr_t {
        var bits = attr_t(TS_A_NORMAL)
        if attributes.contains(.bold) { bits |= TS_A_BOLD }
        if attributes.contains(.dim) { bits |= TS_A_DIM }
        if attributes.contains(.italic) { bits |= TS_A_ITALIC }
        if attributes.contains(.underline) { bits |= TS_A_UNDERLINE }
        if attributes.contains(.reverse) { bits |= TS_A_REVERSE }
        return bits
    }

    /// The null-terminated wide string `setcchar` takes for `glyph`, with the strike mark after it. A
    /// `cchar_t` holds `CCHARW_MAX` (5) characters with the terminator, so long grapheme clusters keep
    /// their first scalars.
    static func wideCharacters(for glyph: Character, strike: Bool) -> [wchar_t] {
        let capacity = 4
        var scalars = glyph.unicodeScalars.prefix(strike ? capacity - 1 : capacity).map { wchar_t($0.value) }
        if strike { scalars.append(wchar_t(strikeMark.value)) }
        scalars.append(0)
        return scalars
    }

    /// The ncurses colour number for `color` on a terminal with `terminalColors` colours drawn at `depth`;
    /// -1 is the terminal's default colour (after `use_default_colors`).
    ///
    /// The caller is expected to have brought colours down to `depth` already; this only keeps a stray
    /// colour from being misread. A direct-colour terminfo (2^24 colours) has no palette: ncurses takes
    /// `r<<16|g<<8|b` there and reads only values below 8 as the ANSI colours, so other palette entries go
    /// through their RGB value, whatever the depth.
    static func colorNumber(_ color: Color, depth: ColorDepth, terminalColors: Int) -> Int32 {
        let direct = terminalColors >= 0x100_0000
        switch color {
        case .default:
            return -1
        case _ where depth == .none:
            return -1
        case .palette(let index):
            if direct && index >= 16 {
                let (r, g, b) = rgb(ofPaletteIndex: index)
                return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
            }
            if Int(index) < min(terminalColors, direct ? 8 : 256) { return Int32(index) }
            // The bright ANSI colours fall back to their plain counterparts.
            if index >= 8 && index < 16 && terminalColors >= 8 { return Int32(index - 8) }
            return -1
        case .rgb(let r, let g, let b):
            if direct { return Int32(r) << 16 | Int32(g) << 8 | Int32(b) }
            if terminalColors >= 256 { return Int32(nearestCubeIndex(r, g, b)) }
            return -1
        }
    }

    /// The entry of xterm's 6×6×6 colour cube nearest to an RGB value (the grey ramp is not considered: a
    /// stray RGB colour here is a caller's slip, not a look to get right).
    static func nearestCubeIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func step(_ v: UInt8) -> UInt8 { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
        return 16 + 36 * step(r) + 6 * step(g) + step(b)
    }

    /// The RGB value of xterm's palette entries 16–255: the colour cube, then the grey ramp.
    static func rgb(ofPaletteIndex index: UInt8) -> (UInt8, UInt8, UInt8) {
        if index >= 232 {
            let grey = 8 + 10 * (index - 232)
            return (grey, grey, grey)
        }
        let cube = Int(max(index, 16)) - 16
        func level(_ step: Int) -> UInt8 { step == 0 ? 0 : UInt8(55 + 40 * step) }
        return (level(cube / 36), level(cube / 6 % 6), level(cube % 6))
    }

    /// The glyph to draw under a locale that is not UTF-8, where curses can only put ASCII on the screen:
    /// lines of boxes become `-`, `|` and `+`, each heat level its own character of ` .:-=+*#`, arrows `^ v
    /// < >`, and anything else not ASCII `?`.
    static func asciiFallback(_ glyph: Character) -> Character {
        guard let scalar = glyph.unicodeScalars.first else { return " " }
        if scalar.isASCII { return Character(scalar) }
        let v = scalar.value
        switch v {
        case 0x2500...0x257F:
            if horizontalLines.contains(v) { return "-" }
            if verticalLines.contains(v) { return "|" }
            return "+"
        case 0x2581...0x2588:
            return Array(" .:-=+*#")[Int(v - 0x2581)]
        case 0x2589...0x258F:  // ▉ to ▏, the left blocks of a bar or a cursor
            return "|"
        case 0x00A0:
            return " "
        default:
            return symbols[v] ?? "?"
        }
    }

    /// Light, heavy, double and dashed horizontal lines, and the half lines (╴╶╸╺╼╾).
    private static let horizontalLines: Set<UInt32> = [
        0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D, 0x2550, 0x2574, 0x2576, 0x2578, 0x257A,
        0x257C, 0x257E,
    ]
    private static let verticalLines: Set<UInt32> = [
        0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F, 0x2551, 0x2575, 0x2577, 0x2579, 0x257B,
        0x257D, 0x257F,
    ]
    private static let symbols: [UInt32: Character] = [
        0x2191: "^", 0x25B2: "^", 0x25B4: "^",  // ↑ ▲ ▴
        0x2193: "v", 0x25BC: "v", 0x25BE: "v",  // ↓ ▼ ▾
        0x2190: "<", 0x25C0: "<", 0x25C2: "<",  // ← ◀ ◂
        0x2192: ">", 0x25B6: ">", 0x25B8: ">",  // → ▶ ▸
        0x2022: "*", 0x25CF: "*",  // • ●
        0x2717: "x", 0x2718: "x",  // ✗ ✘
        0x2026: ".", 0x00B7: ".",  // … ·
        0x25C6: "*",  // ◆ a specialisation
        0x21E5: ">", 0x21BA: "@",  // ⇥ an exit, ↺ a loop head
        0x25A0: "#", 0x23F8: "=", 0x23EF: ">",  // ■ finished, ⏸ paused, ⏯ stepping
        0x00B5: "u", 0x00D7: "x",  // µ (micro-op), ×
        0x2014: "-", 0x2013: "-", 0x2423: "_",  // — – ␣
    ]
}
