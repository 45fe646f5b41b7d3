import TierVM

/// The last row: the program, what the engine is doing, speed, executions per tier, the event count,
/// the theme, and the keys.
enum StatusBar {
    static func render(_ canvas: inout Canvas, row y: Int, width: Int, _ context: RenderContext) {
        let theme = context.theme
        let model = context.model
        let state = context.state
        canvas.fill(Rect(x: 0, y: y, width: width, height: 1), style: theme.statusBar)
        let name = model.listing.path.split(separator: "/").last.map(String.init) ?? model.listing.path
        var x = canvas.put(" tierscope · \(name) · ", x: 0, y: y, style: theme.statusBar)
        x = canvas.put(stateText(context), x: x, y: y, style: theme.statusBar.with(.bold))
        if state.slowMotion > 0 {
            x = canvas.put(
                " · slow motion \(SpeedText.describe(state.slowMotion))", x: x, y: y, style: theme.statusBar)
        }
        let totals = model.tierTotals
        x = canvas.put(
            " · T0 \(PaneChrome.count(totals[.interpreter] ?? 0)) T1 \(PaneChrome.count(totals[.specialized] ?? 0))"
                + " T2 \(PaneChrome.count(totals[.traced] ?? 0))"
                + (totals[.jit].map { " JIT \(PaneChrome.count($0))" } ?? ""), x: x, y: y, style: theme.statusBar)
        x = canvas.put(" · \(PaneChrome.count(model.eventCount)) events", x: x, y: y, style: theme.statusBar)
        if model.droppedEvents > 0 {
            x = canvas.put(" (\(model.droppedEvents) dropped)", x: x, y: y, style: theme.statusBar.with(.bold))
        }
        x = canvas.put(" · \(theme.name)", x: x, y: y, style: theme.statusBar)
        x += 1
        // As many key hints as fit, the essential ones last to go.
        let all: [(String, String)] = [
            ("␣", "run/pause"), ("n", "event"), ("b", "instr"), ("u", "µop"), ("?", "help"), ("q", "quit"),
        ]
        var keys = all
        func hintWidth(_ keys: [(String, String)]) -> Int {
            keys.reduce(0) { $0 + TextWidth.columns(of: "\($1.0) \($1.1)  ") }
        }
        while keys.count > 2 && x + hintWidth(keys) + 1 > width { keys.removeFirst() }
        guard x + hintWidth(keys) + 1 <= width else { return }
        var hx = width - hintWidth(keys)
        for (key, what) in keys {
            hx = canvas.put(key, x: hx, y: y, style: theme.key)
            hx = canvas.put(" \(what)  ", x: hx, y: y, style: theme.statusBar)
        }
    }

    static func stateText(_ context: RenderContext) -> String {
        if let result = context.model.result {
            if result.cancelled { return "■ stopped" }
            return result.exitStatus == 0
                ? "■ finished" : "■ finished: \(result.errorSummary ?? "exit \(result.exitStatus)")"
        }
        switch context.state.runState {
        case .running: return "▶ running"
        case .paused: return context.model.snapshot?.stop == nil ? "⏸ pausing" : "⏸ paused"
        case .stepping: return "⏯ stepping"
        case .finished: return "■ finished"
        }
    }
}

/// `?`: every key, over the panes.
enum HelpOverlay {
    static let keys: [(String, String)] = [
        ("space", "run / pause"),
        ("n", "step to the next event"),
        ("b", "step to the next bytecode instruction (a trace counts as one)"),
        ("u", "step one micro-op inside a trace (locals and stack in the Output pane)"),
        ("+ / -", "faster / slower (slow motion for workshops)"),
        ("Tab / Shift-Tab", "focus the next / previous pane"),
        ("h j k l, arrows", "move between panes / move the selection"),
        ("PgUp / PgDn, g / G", "page up / down, first / last"),
        ("[ / ]", "previous / next trace"),
        ("o", "trace: all recorded micro-ops, or only the optimised ones"),
        ("/", "filter the tier timeline (Enter keeps, Esc clears)"),
        ("z", "zoom the focused pane"),
        ("t", "next colour theme"),
        ("mouse", "click to focus and select, wheel to scroll"),
        ("?", "this help (any key closes it)"),
        ("r", "run the program again from the start"),
        ("q", "quit"),
    ]

    static func render(_ canvas: inout Canvas, _ context: RenderContext) {
        let theme = context.theme
        let width = min(canvas.width - 2, 96)
        let height = min(canvas.height - 2, keys.count + 6)
        let rect = Rect(x: (canvas.width - width) / 2, y: (canvas.height - height) / 2, width: width, height: height)
        canvas.fill(rect, style: theme.overlay)
        canvas.box(rect, title: "Keys", style: theme.overlay, titleStyle: theme.overlay.with(.bold))
        let inner = rect.inset(by: 1)
        canvas.clipped(to: inner) { canvas in
            canvas.put(
                "Selecting a line, instruction or micro-op highlights its counterparts.", x: inner.x + 1, y: inner.y,
                style: theme.overlay)
            for (i, (key, what)) in keys.enumerated() where inner.y + 2 + i < inner.maxY {
                let y = inner.y + 2 + i
                canvas.put(key, x: inner.x + 2, y: y, style: theme.overlay.with(.bold))
                canvas.put(what, x: inner.x + 23, y: y, style: theme.overlay)
            }
        }
    }
}
