import TierVM

/// What every pane draws from: the run as the UI knows it, the UI's state, and the theme.
public struct RenderContext {
    public var model: RunModel
    public var state: AppState
    public var theme: Theme

    public init(model: RunModel, state: AppState, theme: Theme) {
        self.model = model
        self.state = state
        self.theme = theme
    }

    /// Whether the engine is held (so panes mark where).
    var stop: StopPoint? {
        state.runState == .running ? nil : model.snapshot?.stop
    }
}

enum PaneChrome {
    /// Draws the pane's frame and title and returns the rectangle inside it.
    static func frame(
        _ canvas: inout Canvas, _ rect: Rect, title: String, focused: Bool, theme: Theme, note: String = ""
    ) -> Rect {
        canvas.fill(rect, style: theme.text)
        canvas.box(
            rect, title: title, style: focused ? theme.focusedBorder : theme.border,
            titleStyle: focused ? theme.focusedTitle : theme.title)
        if !note.isEmpty && rect.width > TextWidth.columns(of: title) + 10 {
            let text = " \(note) "
            let width = TextWidth.columns(of: text)
            let x = max(rect.x + TextWidth.columns(of: title) + 5, rect.maxX - 1 - width)
            canvas.clipped(to: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1)) {
                $0.put(text, x: x, y: rect.y, style: theme.dim)
            }
        }
        return rect.inset(by: 1)
    }

    /// The first row to show so that `selected` is visible: moving the view as little as possible when
    /// the selection steps just past an edge (the arrows), and with the selection in the middle when it
    /// jumps further (a stage, a breakpoint, a replay's cursor), so that what surrounds it shows too.
    static func scroll(_ previous: Int, selected: Int, count: Int, height: Int) -> Int {
        guard height > 0, count > height else { return 0 }
        var top = min(max(0, previous), count - height)
        if selected < top - 1 || selected > top + height {
            top = selected - height / 2
        } else if selected < top {
            top = selected
        } else if selected >= top + height {
            top = selected - height + 1
        }
        return max(0, min(top, count - height))
    }

    /// For a list that follows its newest row until one is selected (the timeline, the output): the first
    /// row to show, and the selected row (the newest when none is).
    static func scroll(following row: Int?, previous: Int, count: Int, height: Int) -> (top: Int, selected: Int) {
        guard let row else { return (max(0, count - height), max(0, count - 1)) }
        return (scroll(previous, selected: row, count: count, height: height), row)
    }

    /// A row's style: selected, linked to the selection elsewhere, or plain.
    static func rowStyle(selected: Bool, linked: Bool, focused: Bool, theme: Theme) -> Style? {
        if selected { return focused ? theme.selection : theme.linked }
        if linked { return theme.linked }
        return nil
    }

    /// Paints a row's background (keeping its glyphs' foregrounds where the row style has none).
    static func highlight(_ canvas: inout Canvas, row: Int, in rect: Rect, with style: Style) {
        canvas.restyle(Rect(x: rect.x, y: row, width: rect.width, height: 1)) { cell in
            var merged = cell.merged(with: style)
            if style.foreground != .default { merged.foreground = style.foreground }
            return merged
        }
    }

    static let heatGlyphs: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One glyph for a heat level in 0...1 (a space for never run).
    static func heatGlyph(_ level: Double, ran: Bool) -> Character {
        guard ran else { return " " }
        return heatGlyphs[min(7, max(0, Int((level * 7).rounded())))]
    }

    /// A bar `width` cells wide, in eighths, for a level in 0...1.
    static func heatBar(_ level: Double, width: Int) -> String {
        let eighths = Int((max(0, min(1, level)) * Double(width * 8)).rounded())
        let partial: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var bar = String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
        bar += String(repeating: " ", count: max(0, width - TextWidth.columns(of: bar)))
        return bar
    }

    /// 999, 1.2k, 34k, 5.6M, 7.8G.
    static func count(_ n: UInt64) -> String {
        let value = Double(n)
        func scaled(_ unit: Double, _ suffix: String) -> String {
            let x = value / unit
            return x < 10 ? "\(Int(x * 10) / 10).\(Int(x * 10) % 10)\(suffix)" : "\(Int(x))\(suffix)"
        }
        if n < 1000 { return "\(n)" }
        if n < 1_000_000 { return scaled(1e3, "k") }
        if n < 1_000_000_000 { return scaled(1e6, "M") }
        return scaled(1e9, "G")
    }

    static func tierStyle(_ tier: Tier?, _ theme: Theme) -> Style {
        switch tier {
        case .interpreter: theme.tier0
        case .specialized: theme.tier1
        case .traced: theme.tier2
        case .jit: theme.tierJIT
        case nil: theme.dim
        }
    }
}
