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
        let totals = model.tierTotals
        let (t0, t1) = (PaneChrome.count(totals[.interpreter] ?? 0), PaneChrome.count(totals[.specialized] ?? 0))
        let t2 = PaneChrome.count(totals[.traced] ?? 0)
        let jit = totals[.jit].map { " JIT \(PaneChrome.count($0))" } ?? ""
        // Instructions run in Tier 0 and Tier 1; trips round traces in the micro-op interpreter and in
        // native code (the legend in ? says so). A narrow terminal loses the words first: the theme's
        // name, the event count, "tierscope ·", the counters' labels, then the program's name.
        var prefix = " tierscope · \(name) · "
        let pace =
            state.instructionDelay > 0
            ? SpeedText.describe(instructionDelay: state.instructionDelay)
            : state.slowMotion > 0 ? SpeedText.describe(state.slowMotion) : ""
        var slow = pace.isEmpty ? "" : " · slow motion \(pace)"
        var counters = " · instrs T0 \(t0) T1 \(t1) · trace iters T2 \(t2)\(jit)"
        var events = " · \(PaneChrome.count(model.eventCount)) events"
        var themeName = " · \(theme.name)"
        let fewestHints = TextWidth.columns(of: "q quit  ? help  ") + 1
        func fits() -> Bool {
            TextWidth.columns(of: prefix + stateText(context) + slow + counters + events + themeName) + fewestHints
                <= width
        }
        if !fits() { themeName = "" }
        if !fits() { events = "" }
        if !fits() { prefix = " \(name) · " }
        if !fits() { counters = " · T0 \(t0) T1 \(t1) · T2 \(t2)\(jit)" }
        if !fits(), !pace.isEmpty { slow = " · \(pace)" }
        // Last, the program's name: the Source pane's title has it too.
        if !fits() { prefix = " " }
        var x = canvas.put(prefix, x: 0, y: y, style: theme.statusBar)
        x = canvas.put(stateText(context), x: x, y: y, style: theme.statusBar.with(.bold))
        x = canvas.put(slow + counters + events, x: x, y: y, style: theme.statusBar)
        if model.droppedEvents > 0 {
            x = canvas.put(" (\(model.droppedEvents) dropped)", x: x, y: y, style: theme.statusBar.with(.bold))
        }
        x = canvas.put(themeName, x: x, y: y, style: theme.statusBar)
        x += 1
        // As many key hints as fit: the focused pane's own first to go, the essential ones last.
        var keys = keyHints(for: state.focus) + [("␣", "run/pause"), ("q", "quit"), ("?", "help")]
        if let replay = state.replay {
            keys = [("Home End", "ends"), ("[ ]", replay.markName), ("← →", "event"), ("␣", "play"), ("q", "quit")]
            keys.append(("?", "help"))
        }
        func hintWidth(_ keys: [(String, String)]) -> Int {
            keys.reduce(0) { $0 + TextWidth.columns(of: "\($1.0) \($1.1)  ") }
        }
        while keys.count > 1 && x + hintWidth(keys) + 1 > width { keys.removeFirst() }
        guard x + hintWidth(keys) + 1 <= width else { return }
        var hx = width - hintWidth(keys)
        for (key, what) in keys {
            hx = canvas.put(key, x: hx, y: y, style: theme.key)
            hx = canvas.put(" \(what)  ", x: hx, y: y, style: theme.statusBar)
        }
    }

    /// The keys that do something in the focused pane, besides the ones that work everywhere.
    static func keyHints(for pane: PaneID) -> [(String, String)] {
        switch pane {
        case .source, .bytecode: [("n", "event"), ("b", "instr"), ("u", "µop")]
        case .trace: [("[ ]", "trace"), ("o", "view"), ("< >", "passes"), ("u", "µop")]
        case .timeline: [("/", "filter"), ("n", "event")]
        case .machineCode: [("[ ]", "trace"), ("u", "µop")]
        case .output: [("n", "event"), ("b", "instr")]
        }
    }

    static func stateText(_ context: RenderContext) -> String {
        if let replay = context.state.replay {
            return replay.playing ? "▶ replaying" : replay.cursor == replay.count ? "⏹ replay, at the end" : "⏸ replay"
        }
        if let result = context.model.result {
            if result.cancelled { return "■ stopped" }
            return result.exitStatus == 0
                ? "■ finished" : "■ finished: \(result.errorSummary ?? "exit \(result.exitStatus)")"
        }
        switch context.state.runState {
        case .running: return "▶ running"
        case .paused:
            return context.model.snapshot?.stop == nil && !context.state.engineHeld ? "⏸ pausing" : "⏸ paused"
        case .stepping: return "⏯ stepping"
        case .finished: return "■ finished"
        }
    }
}

/// `?`: every key, and what every mark and colour on the screen means, over the panes.
enum HelpOverlay {
    static let keys: [(String, String)] = [
        ("space", "run / pause"),
        ("n / b / u", "step: the next event / bytecode instruction / micro-op in a trace"),
        ("+ / -", "faster / slower (slow motion for workshops)"),
        ("1 2 3 4 5", "run to the next specialisation, guard failure, trace, compile, invalidation"),
        (".", "run to the next event at the selected source line"),
        ("Tab / Shift-Tab", "focus the next / previous pane"),
        ("h j k l, arrows", "move between panes / move the selection"),
        ("PgUp / PgDn, g / G", "page up / down, first / last"),
        ("[ / ], o", "previous / next trace; o: what it lists (changes, optimised, all)"),
        ("< / >", "trace: as recorded, after each optimiser pass, as compiled"),
        ("/", "filter the tier timeline (Enter keeps, Esc clears)"),
        ("z", "zoom the focused pane"),
        ("P", "presenter mode (tierscope demo): show / hide the stage banner"),
        ("t", "next colour theme"),
        ("mouse", "click to focus and select, wheel to scroll"),
        ("?", "this help (any key closes it)"),
        ("r", "run the program again from the start"),
        ("S", "write the screen to tierscope-PROGRAM-N.ans (cat shows it, colours and all)"),
        ("q", "quit"),
    ]

    /// The marks, in the words a newcomer needs; the timeline's colours are shown after them.
    static let marks: [(String, String)] = [
        ("▁▂▃▄▅▆▇█", "heat: how often a line or instruction ran, on a log scale to the hottest"),
        ("T0 T1 T2 JIT", "the highest tier a line reached: bytecode, specialised, trace, native code"),
        ("◆ trace N", "a trace starts at this instruction (✗: invalidated)"),
        ("↺ enters N", "ENTER_EXECUTOR: the loop's back edge runs trace N instead of the bytecode"),
        ("⇥ exit N ×K", "the shown trace leaves here to Tier 1 (taken K times; side: a side trace)"),
        ("▶", "where the engine is held (stepping)"),
        ("s̶t̶r̶u̶c̶k̶", "a micro-op the optimiser removed; its line says which pass and why"),
        ("instrs T0 T1", "status bar: bytecode instructions run in Tier 0 and in Tier 1"),
        ("trace iters", "status bar: trips round traces, in the micro-op interpreter (T2) and native (JIT)"),
    ]

    /// The keys of a replay, in place of the ones that steer a running engine.
    static let replayKeys: [(String, String)] = [
        ("← → / n", "one event back / forward"),
        ("[ / ]", "previous / next stage of a demo (of a trace, in another program)"),
        ("Home / End, r", "the first / last event; r starts over"),
        ("space, + / -", "play / pause, faster / slower"),
        ("1 2 3 4 5", "forward to the next specialisation, guard failure, trace, compile, invalidation"),
        (".", "forward to the next event at the selected source line"),
        ("mouse on the bar", "jump there"),
    ]

    static func render(_ canvas: inout Canvas, _ context: RenderContext) {
        let theme = context.theme
        let keys =
            context.state.replay == nil
            ? keys
            : replayKeys + keys.filter { !["space", "n / b / u", "+ / -", "1 2 3 4 5", ".", "r"].contains($0.0) }
        let width = min(canvas.width - 2, 100)
        let colours: [(String, Style)] = [
            ("promotion", theme.promotion), ("fall back", theme.fallBack), ("along the way", theme.dim),
            ("error", theme.error),
        ]
        let height = min(canvas.height - 2, keys.count + marks.count + 9)
        let rect = Rect(x: (canvas.width - width) / 2, y: (canvas.height - height) / 2, width: width, height: height)
        canvas.fill(rect, style: theme.overlay)
        canvas.box(rect, title: "Keys and marks", style: theme.overlay, titleStyle: theme.overlay.with(.bold))
        let inner = rect.inset(by: 1)
        let column = min(23, inner.width / 3)
        canvas.clipped(to: inner) { canvas in
            canvas.put(
                "Selecting a line, instruction or micro-op highlights its counterparts.", x: inner.x + 1, y: inner.y,
                style: theme.overlay)
            var y = inner.y + 2
            for (key, what) in keys {
                canvas.put(key, x: inner.x + 2, y: y, style: theme.overlay.with(.bold))
                canvas.put(what, x: inner.x + column, y: y, style: theme.overlay)
                y += 1
            }
            y += 1
            for (mark, what) in marks {
                canvas.put(mark, x: inner.x + 2, y: y, style: theme.overlay.with(.bold))
                canvas.put(what, x: inner.x + column, y: y, style: theme.overlay)
                y += 1
            }
            var x = canvas.put("timeline colours: ", x: inner.x + 2, y: y, style: theme.overlay)
            for (name, style) in colours { x = canvas.put(name, x: x, y: y, style: style) + 2 }
        }
    }
}
