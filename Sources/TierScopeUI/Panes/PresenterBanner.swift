/// Presenter mode's banner across the top: which stage the demo is at and what to say about it, in
/// words large enough to read from the back of a room (bold, wrapped, never cut).
enum PresenterBanner {
    /// Most lines a narration may take; a longer one is cut with an ellipsis.
    static let maximumLines = 4

    /// Rows the banner takes at `width`: a heading, and room for the longest narration of the demo, so
    /// that the panes below keep their place from stage to stage.
    static func height(_ presenter: Presenter, width: Int) -> Int {
        let lines = presenter.allNarrations.map { wrap($0, to: width - 2).count }.max() ?? 1
        return 1 + min(maximumLines, max(1, lines))
    }

    static func render(_ canvas: inout Canvas, _ rect: Rect, _ context: RenderContext) {
        guard let presenter = context.state.presenter else { return }
        let theme = context.theme
        canvas.fill(rect, style: theme.overlay)
        let stage =
            presenter.reached == 0
            ? "\(presenter.name): \(presenter.title)"
            : "Stage \(presenter.reached) of \(presenter.stages.count) · \(presenter.name)"
        canvas.clipped(to: rect) { canvas in
            let hint = hint(context)
            let hintWidth = TextWidth.columns(of: hint)
            let headingWidth = max(0, rect.width - hintWidth - 3)
            canvas.put(
                " " + TextWidth.truncate(stage, to: headingWidth), x: rect.x, y: rect.y,
                style: theme.overlay.with(.bold))
            if hintWidth + 2 <= rect.width {
                canvas.put(hint, x: rect.maxX - hintWidth - 1, y: rect.y, style: theme.key)
            }
            var lines = wrap(presenter.narration, to: rect.width - 2)
            if lines.count > min(maximumLines, rect.height - 1) {
                lines = Array(lines.prefix(max(0, min(maximumLines, rect.height - 1))))
                if let last = lines.popLast() { lines.append(TextWidth.truncate(last + " …", to: rect.width - 2)) }
            }
            for (i, line) in lines.enumerated() {
                canvas.put(line, x: rect.x + 1, y: rect.y + 1 + i, style: theme.overlay.with(.bold))
            }
        }
    }

    /// What the presenter does next, by where the run is.
    static func hint(_ context: RenderContext) -> String {
        guard let presenter = context.state.presenter else { return "" }
        if context.model.result != nil { return " finished · q quits · r again " }
        switch context.state.runState {
        case .running:
            return presenter.reached < presenter.stages.count ? " running to the next stage " : " running to the end "
        case .paused, .stepping, .finished:
            return presenter.reached < presenter.stages.count ? " space: on to the next stage " : " space: to the end "
        }
    }

    /// `text` in lines of at most `width` columns, broken between words (a word longer than a line is
    /// cut to fit).
    static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if TextWidth.columns(of: candidate) <= width {
                line = candidate
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = TextWidth.truncate(String(word), to: width)
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }
}
