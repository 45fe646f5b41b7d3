/// A replay's position across the screen, above the detail line: the event the cursor is at, its time,
/// a bar with the cursor (●) and the stages or traces (◆) along it, and how many of those it has passed.
/// A click on the bar moves the cursor there.
enum ScrubBar {
    /// The row's parts at a width: the text before the bar, the text after it, and the bar's columns.
    struct Parts {
        var left: String
        var right: String
        var bar: Range<Int>
    }

    static func parts(_ replay: ReplayPosition, width: Int) -> Parts {
        let time = TimelinePane.formatMilliseconds(Double(replay.nanoseconds) / 1e6)
        let left = " \(replay.playing ? "▶" : "⏸") event \(replay.cursor) of \(replay.count) · \(time) "
        var right = " "
        if !replay.marks.isEmpty { right = " \(replay.markName) \(replay.marksReached)/\(replay.marks.count) " }
        if let keyframe = replay.keyframe, keyframe != replay.cursor { right += "· counts as of \(keyframe) " }
        let start = TextWidth.columns(of: left) + 1
        let end = width - TextWidth.columns(of: right) - 1
        return Parts(left: left, right: right, bar: start..<max(start, end))
    }

    static func render(_ canvas: inout Canvas, row y: Int, width: Int, _ context: RenderContext) {
        guard let replay = context.state.replay else { return }
        let theme = context.theme
        canvas.fill(Rect(x: 0, y: y, width: width, height: 1), style: theme.text)
        let parts = parts(replay, width: width)
        canvas.put(parts.left, x: 0, y: y, style: theme.key)
        canvas.put(parts.right, x: max(0, width - TextWidth.columns(of: parts.right)), y: y, style: theme.dim)
        guard parts.bar.count >= 8 else { return }
        var glyphs = Array(repeating: Character("─"), count: parts.bar.count)
        for mark in replay.marks { glyphs[column(of: mark, replay, parts.bar.count)] = "◆" }
        let at = column(of: replay.cursor, replay, parts.bar.count)
        for i in 0..<at where glyphs[i] == "─" { glyphs[i] = "━" }
        glyphs[at] = "●"
        for (i, glyph) in glyphs.enumerated() {
            let style = glyph == "●" ? theme.traceMarker : glyph == "◆" ? theme.promotion : theme.dim
            canvas.put(String(glyph), x: parts.bar.lowerBound + i, y: y, style: style)
        }
    }

    /// The column along a bar `width` wide for a cursor.
    private static func column(of cursor: Int, _ replay: ReplayPosition, _ width: Int) -> Int {
        min(width - 1, max(0, Int((Double(cursor) * Double(width - 1) / Double(max(1, replay.count))).rounded())))
    }

    /// The cursor a click at column `x` asks for, if the click is on the bar.
    static func cursor(atColumn x: Int, width: Int, _ replay: ReplayPosition) -> Int? {
        let bar = parts(replay, width: width).bar
        guard bar.count >= 8, bar.contains(x) else { return nil }
        return Int((Double(x - bar.lowerBound) / Double(bar.count - 1) * Double(replay.count)).rounded())
    }
}
