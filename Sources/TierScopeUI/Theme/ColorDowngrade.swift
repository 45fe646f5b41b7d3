extension ColorDepth {
    /// The depth to draw at, from the environment and the number of colours terminfo reports.
    ///
    /// `NO_COLOR` wins whenever it is set to anything but the empty string (no-color.org). `COLORTERM` is
    /// how terminals announce 24-bit colour, since terminfo rarely does; it is trusted only on a terminal
    /// that shows colour at all, so a stale variable inherited by a monochrome terminal changes nothing.
    public static func detect(environment: [String: String], terminalColors: Int) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        let colorTerm = environment["COLORTERM"]?.lowercased()
        if colorTerm == "truecolor" || colorTerm == "24bit", terminalColors >= 8 { return .trueColor }
        if terminalColors >= 256 { return .palette256 }
        if terminalColors >= 8 { return .eight }
        return .none
    }
}

extension Color {
    /// This colour as a terminal of `depth` can show it: the nearest colour it has, or `.default` when it
    /// has none.
    public func downgraded(to depth: ColorDepth) -> Color {
        switch (depth, self) {
        case (.trueColor, _), (_, .default): self
        case (.none, _): .default
        case (.palette256, .palette): self
        case (.palette256, .rgb(let r, let g, let b)): .palette(XtermPalette.nearest256(r, g, b))
        case (.eight, .palette(let index)) where index < 8: self
        case (.eight, .palette(let index)):
            .palette(XtermPalette.nearestEight(XtermPalette.rgb(of: index)))
        case (.eight, .rgb(let r, let g, let b)): .palette(XtermPalette.nearestEight((r, g, b)))
        }
    }
}

extension Style {
    /// This style as a terminal of `depth` shows it. With no colour at all the style adds `mono`, the
    /// attributes its theme gives it in place of colour, so that a role told apart only by colour (a
    /// selection that is only a background, say) stays visible.
    public func downgraded(to depth: ColorDepth, mono: Attributes = []) -> Style {
        Style(
            foreground: foreground.downgraded(to: depth), background: background.downgraded(to: depth),
            attributes: depth == .none ? attributes.union(mono) : attributes)
    }
}

/// xterm's 256-colour palette: the sixteen ANSI colours, a 6×6×6 colour cube and a 24-step grey ramp.
enum XtermPalette {
    typealias RGB = (r: UInt8, g: UInt8, b: UInt8)

    /// xterm's defaults for the sixteen ANSI colours; terminals differ here, but a theme that names an
    /// ANSI colour means whatever the terminal shows for it, so this only decides the nearest of eight.
    static let ansi: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    static func rgb(of index: UInt8) -> RGB {
        switch index {
        case 0..<16:
            return ansi[Int(index)]
        case 16..<232:
            let cube = Int(index) - 16
            return (
                UInt8(cubeLevels[cube / 36]), UInt8(cubeLevels[cube / 6 % 6]), UInt8(cubeLevels[cube % 6])
            )
        default:
            let grey = UInt8(8 + 10 * (Int(index) - 232))
            return (grey, grey, grey)
        }
    }

    /// The nearest cube colour or grey, whichever is closer, as tmux's `colour_find_rgb` chooses. The
    /// sixteen ANSI entries are never chosen: terminals redefine them, so they would not show `rgb`.
    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let (qr, qg, qb) = (cubeStep(r), cubeStep(g), cubeStep(b))
        let cube = (cubeLevels[qr], cubeLevels[qg], cubeLevels[qb])
        let cubeIndex = UInt8(16 + 36 * qr + 6 * qg + qb)
        if cube == (Int(r), Int(g), Int(b)) { return cubeIndex }

        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyStep = average > 238 ? 23 : max(0, (average - 3) / 10)
        let grey = 8 + 10 * greyStep
        let target = (Int(r), Int(g), Int(b))
        return distanceSquared((grey, grey, grey), target) < distanceSquared(cube, target)
            ? UInt8(232 + greyStep) : cubeIndex
    }

    /// The nearest of the eight basic ANSI colours, by xterm's values for them.
    static func nearestEight(_ colour: RGB) -> UInt8 {
        let target = (Int(colour.r), Int(colour.g), Int(colour.b))
        var best: (index: UInt8, distance: Int) = (0, .max)
        for index in 0..<8 {
            let entry = ansi[index]
            let distance = distanceSquared((Int(entry.r), Int(entry.g), Int(entry.b)), target)
            if distance < best.distance { best = (UInt8(index), distance) }
        }
        return best.index
    }

    /// The index of the cube level nearest to `value`, with tmux's thresholds (the midpoints between levels).
    private static func cubeStep(_ value: UInt8) -> Int {
        if value < 48 { return 0 }
        if value < 114 { return 1 }
        return (Int(value) - 35) / 40
    }

    private static func distanceSquared(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return dr * dr + dg * dg + db * db
    }
}
