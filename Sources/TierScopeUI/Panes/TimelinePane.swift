import TierVM

/// Every promotion and fall back as it happened, newest last: time, tiers, where, what and why.
enum TimelinePane {
    static func render(_ canvas: inout Canvas, _ rect: Rect, _ context: RenderContext, focused: Bool) -> Int {
        let model = context.model
        let theme = context.theme
        let state = context.state
        let entries = model.timeline(matching: state.filter)
        var note = Plural.of(entries.count, "row")
        if state.editingFilter {
            note = "/\(state.filter)▏ (Enter keeps, Esc clears)"
        } else if !state.filter.isEmpty {
            note = "/\(state.filter): \(entries.count) of \(model.timeline.count)"
        }
        if model.droppedEvents > 0 { note += "  \(model.droppedEvents) events dropped" }
        let inner = PaneChrome.frame(
            &canvas, rect, title: PaneID.timeline.title, focused: focused, theme: theme, note: note)
        guard !inner.isEmpty else { return 0 }
        let (top, selected) = PaneChrome.scroll(
            following: state.timelineRow, previous: state.scroll[.timeline] ?? 0, count: entries.count,
            height: inner.height)
        canvas.clipped(to: inner) { canvas in
            for row in 0..<inner.height {
                let index = top + row
                guard index < entries.count else { break }
                let entry = entries[index]
                let y = inner.y + row
                var x = inner.x
                let milliseconds = Double(entry.nanoseconds) / 1e6
                x = canvas.put(formatMilliseconds(milliseconds).leftPadded(9) + " ", x: x, y: y, style: theme.dim)
                let style: Style
                switch entry.direction {
                case .promotion: style = theme.promotion
                case .fallBack: style = theme.fallBack
                case .neutral: style = theme.dim
                case .error: style = theme.error
                }
                x = canvas.put(entry.tiers.padding(7), x: x, y: y, style: style)
                x = canvas.put(
                    entry.location.middlePadding(min(24, max(14, inner.width / 4))) + " ", x: x, y: y, style: theme.dim)
                canvas.put(entry.text, x: x, y: y, style: entry.direction == .error ? theme.error : theme.text)
                if let style = PaneChrome.rowStyle(
                    selected: focused && index == selected && state.timelineRow != nil, linked: false, focused: focused,
                    theme: theme)
                {
                    PaneChrome.highlight(&canvas, row: y, in: inner, with: style)
                }
            }
        }
        return top
    }

    static func formatMilliseconds(_ ms: Double) -> String {
        if ms < 1000 {
            let tenths = Int((ms * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)ms"
        }
        let hundredths = Int((ms / 10).rounded())
        return "\(hundredths / 100).\(String(hundredths % 100).leftPadded(2).replacingOccurrences(of: " ", with: "0"))s"
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
