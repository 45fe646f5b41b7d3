import TierVM

/// Composes a whole frame: every pane in its place, the status bar, the help overlay, or the message
/// that the terminal is too small. Pure: the same model, state and theme give the same cells.
public enum Screen {
    /// Draws the frame and returns the state with each pane's scroll position and rectangle updated.
    public static func render(
        width: Int, height: Int, model: RunModel, state: AppState, theme: Theme
    ) -> (Canvas, AppState) {
        var canvas = Canvas(width: width, height: height, fill: Cell(" ", style: theme.text))
        var state = state
        guard Layout.fits(width: width, height: height) else {
            tooSmall(&canvas, theme: theme)
            state.paneRects = [:]
            return (canvas, state)
        }
        var top = 0
        if let presenter = state.presenter, presenter.showsBanner {
            top = PresenterBanner.height(presenter, width: width)
        }
        // A replay's scrub bar takes the row above the detail line.
        let bottom = state.replay == nil ? 0 : 1
        let rects = Layout.panes(
            width: width, height: height - bottom, zoomed: state.zoomed ? state.focus : nil,
            inspector: state.inspector, top: top, emphasis: top > 0 ? state.focus : nil)
        state.paneRects = rects
        let context = RenderContext(model: model, state: state, theme: theme)
        if top > 0 { PresenterBanner.render(&canvas, Rect(x: 0, y: 0, width: width, height: top), context) }
        for (pane, rect) in rects.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let focused = pane == state.focus
            let top: Int
            switch pane {
            case .source: top = SourcePane.render(&canvas, rect, context, focused: focused)
            case .bytecode: top = BytecodePane.render(&canvas, rect, context, focused: focused)
            case .trace: top = TracePane.render(&canvas, rect, context, focused: focused)
            case .timeline: top = TimelinePane.render(&canvas, rect, context, focused: focused)
            case .machineCode: top = MachineCodePane.render(&canvas, rect, context, focused: focused)
            case .output: top = OutputPane.render(&canvas, rect, context, focused: focused)
            }
            state.scroll[pane] = top
        }
        if bottom > 0 { ScrubBar.render(&canvas, row: height - 3, width: width, context) }
        DetailLine.render(&canvas, row: height - 2, width: width, context)
        StatusBar.render(&canvas, row: height - 1, width: width, context)
        if state.showHelp { HelpOverlay.render(&canvas, context) }
        // Roles name only the colours they change: the rest is the theme's text colours, so the screen
        // has one background rather than a patchwork of the terminal's own and the theme's.
        canvas.restyle(canvas.bounds) { style in
            var style = style
            if style.background == .default { style.background = theme.text.background }
            if style.foreground == .default { style.foreground = theme.text.foreground }
            return style
        }
        return (canvas, state)
    }

    private static func tooSmall(_ canvas: inout Canvas, theme: Theme) {
        let lines = [
            "Terminal too small: \(canvas.width)×\(canvas.height).",
            "tierscope needs \(Layout.minimumWidth)×\(Layout.minimumHeight); enlarge the window, or q to quit.",
        ]
        for (i, line) in lines.enumerated() {
            let text = TextWidth.truncate(line, to: canvas.width)
            let x = max(0, (canvas.width - TextWidth.columns(of: text)) / 2)
            canvas.put(text, x: x, y: max(0, canvas.height / 2 - 1) + i, style: i == 0 ? theme.error : theme.text)
        }
    }
}
