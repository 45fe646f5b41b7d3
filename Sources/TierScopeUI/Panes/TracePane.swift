import TierVM

/// The shown trace before and after optimisation: every recorded micro-op, the ones the optimiser
/// removed struck out with the pass that removed them and why, rewrites with what they were, and the
/// exits with how often each was taken.
enum TracePane {
    static func render(_ canvas: inout Canvas, _ rect: Rect, _ context: RenderContext, focused: Bool) -> Int {
        let model = context.model
        let theme = context.theme
        let state = context.state
        let count = model.snapshot?.traces.count ?? 0
        let shown = state.trace.flatMap { model.trace($0) } ?? (count > 0 ? model.trace(count - 1) : nil)
        var note = count == 0 ? "" : "trace \(shown?.id ?? 0) of \(count) [ ] · \(state.traceView.label) o"
        if let shown, let passStep = state.passStep {
            let steps = PassView.steps(of: shown).count
            note = "trace \(shown.id) · step \(min(passStep, steps - 1) + 1) of \(steps) < >"
        }
        let inner = PaneChrome.frame(
            &canvas, rect, title: PaneID.trace.title, focused: focused, theme: theme, note: note)
        guard !inner.isEmpty else { return 0 }
        guard let trace = shown else {
            canvas.clipped(to: inner) { canvas in
                canvas.put("No traces yet.", x: inner.x + 1, y: inner.y, style: theme.dim)
                canvas.put(
                    "A loop or function is traced once it has run hot (--trace-after).", x: inner.x + 1,
                    y: inner.y + 1, style: theme.dim)
                if let abort = model.lastAbort {
                    // Otherwise the reason would be only in the timeline, long scrolled away; right under
                    // the two lines above, so that a pane four rows high at 80x24 still shows it.
                    canvas.put(
                        "The last recording, at \(abort.site.code.name):\(abort.site.line), gave up:", x: inner.x + 1,
                        y: inner.y + 2, style: theme.fallBack)
                    canvas.put(
                        "\(abort.reason) (retry after \(abort.retryAfter)).", x: inner.x + 3, y: inner.y + 3,
                        style: theme.fallBack)
                }
            }
            return 0
        }
        if let step = state.passStep(of: trace) {
            return renderPasses(&canvas, inner, trace, step, context, focused: focused)
        }
        let rows = state.visibleMicroOps(trace)
        let selectedRow = rows.firstIndex(of: state.microOp) ?? 0
        // Row 0 is the heading; micro-ops follow.
        let top = PaneChrome.scroll(
            state.scroll[.trace] ?? 0, selected: selectedRow, count: rows.count, height: inner.height - 1)
        var held: Int?
        if let stop = context.stop, case .microOp(let id, let index, _, _) = stop.kind, id == trace.id { held = index }
        let selectedCode = model.listing.functions[state.function].code
        canvas.clipped(to: inner) { canvas in
            var x = canvas.put(
                "\(trace.kindDescription) · \(trace.site.code.name):\(trace.site.line) · entered \(PaneChrome.count(trace.runs))"
                    + " · \(PaneChrome.count(trace.iterations)) iterations · ", x: inner.x, y: inner.y,
                style: theme.dim)
            if let reason = trace.invalidation {
                canvas.put("invalidated: \(reason)", x: x, y: inner.y, style: theme.fallBack)
            } else {
                x = canvas.put(
                    "\(trace.entries.count) → \(trace.optimized.count) micro-ops", x: x, y: inner.y, style: theme.dim)
                let hidden = trace.entries.filter { !state.traceView.shows($0) && TraceView.isBookkeeping($0) }.count
                if hidden > 0 {
                    canvas.put(" · \(hidden) dead bookkeeping µops hidden", x: x, y: inner.y, style: theme.dim)
                }
            }
            let nameWidth = 28
            let operandWidth = min(
                26, max(8, trace.entries.map { TextWidth.columns(of: $0.microOp.operand) }.max() ?? 8))
            for row in 0..<(inner.height - 1) {
                let position = top + row
                guard position < rows.count else { break }
                let index = rows[position]
                let entry = trace.entries[index]
                let y = inner.y + 1 + row
                var x = inner.x
                x = canvas.put(held == index ? "▶" : " ", x: x, y: y, style: theme.traceMarker)
                x = canvas.put(String(index).leftPadded(3) + " ", x: x, y: y, style: theme.dim)
                let nameStyle: Style
                if !entry.isLive {
                    nameStyle = theme.removed
                } else if entry.microOp.uop?.isGuard == true {
                    nameStyle = theme.guardOp
                } else if entry.microOp.uop == ._JUMP_TO_TOP || entry.microOp.uop == ._EXIT_TRACE {
                    nameStyle = theme.exit
                } else {
                    nameStyle = theme.opcode
                }
                canvas.put(TextWidth.middle(entry.microOp.name, to: nameWidth - 1), x: x, y: y, style: nameStyle)
                x += nameWidth
                x = canvas.put(
                    " " + entry.microOp.operand.padding(operandWidth), x: x, y: y,
                    style: entry.isLive ? theme.text : theme.dim)
                x += 1
                if let removed = entry.removedBy {
                    // The reason stays readable: only the micro-op itself is struck out.
                    canvas.put("✗ \(removed.pass): \(removed.reason)", x: x, y: y, style: theme.dim)
                } else {
                    // An exit that has been taken comes first: it is what is happening now; what the optimiser
                    // did to the micro-op is history.
                    let exit = entry.exit.flatMap { $0 < trace.exits.count ? ($0, trace.exits[$0]) : nil }
                    let exitNote = exit.map { number, exit in
                        let side = exit.sideTrace.map { " → trace \($0)" } ?? ""
                        return "⇥ exit \(number) @\(exit.target) ×\(PaneChrome.count(UInt64(exit.taken)))\(side) "
                    }
                    let taken = (exit?.1.taken ?? 0) > 0
                    if taken, let exitNote { x = canvas.put(exitNote, x: x, y: y, style: theme.exit) }
                    if let from = entry.replacedFrom, let change = entry.replacedBy {
                        x = canvas.put("was \(from) (\(change.pass)) ", x: x, y: y, style: theme.promotion)
                    }
                    if !taken, let exitNote { canvas.put(exitNote, x: x, y: y, style: theme.dim) }
                }
                let linked = entry.microOp.code == selectedCode && entry.microOp.offset == state.instruction
                if let style = PaneChrome.rowStyle(
                    selected: index == state.microOp && state.trace == trace.id,
                    linked: linked && state.focus != .trace, focused: focused, theme: theme)
                {
                    PaneChrome.highlight(&canvas, row: y, in: inner, with: style)
                }
            }
        }
        return top
    }

    /// The trace at one step through the optimiser: its micro-ops then, with what the step's pass did to
    /// each marked (− removed, ~ rewritten, + added, • learned) and the reason beside it.
    private static func renderPasses(
        _ canvas: inout Canvas, _ inner: Rect, _ trace: TraceSnapshot, _ step: PassView.Step,
        _ context: RenderContext, focused: Bool
    ) -> Int {
        let model = context.model
        let theme = context.theme
        let state = context.state
        let view = PassView(
            trace, at: step, recorded: model.recordings[trace.id], reports: model.passReports[trace.id] ?? [],
            compiled: model.compiledTraces[trace.id])
        let rows = view.rows.filter { state.traceView.shows($0, in: trace) }
        let selectedRow = rows.firstIndex { $0.entry == state.microOp } ?? 0
        let top = PaneChrome.scroll(
            state.scroll[.trace] ?? 0, selected: selectedRow, count: rows.count, height: inner.height - 1)
        let operandWidth = min(26, max(8, rows.map { TextWidth.columns(of: $0.operand) }.max() ?? 8))
        canvas.clipped(to: inner) { canvas in
            var x = canvas.put(view.title, x: inner.x, y: inner.y, style: theme.title.with(.bold))
            x = canvas.put(" · \(view.summary)", x: x, y: inner.y, style: theme.dim)
            if rows.count < view.rows.count {
                canvas.put(
                    " · \(view.rows.count - rows.count) bookkeeping µops hidden", x: x, y: inner.y, style: theme.dim)
            }
            for row in 0..<(inner.height - 1) {
                let position = top + row
                guard position < rows.count else { break }
                let entry = rows[position]
                let y = inner.y + 1 + row
                var x = inner.x
                let (mark, note): (String, String)
                switch entry.change {
                case .removed(let reason): (mark, note) = ("−", reason)
                case .rewritten(let from, let reason): (mark, note) = ("~", "was \(from): \(reason)")
                case .added: (mark, note) = ("+", "added by this pass")
                case .learned(let reason): (mark, note) = ("•", reason)
                case nil: (mark, note) = (" ", entry.bytes.map { "\($0) B" } ?? "")
                }
                x = canvas.put(mark, x: x, y: y, style: theme.promotion.with(.bold))
                x = canvas.put(String(entry.entry).leftPadded(3) + " ", x: x, y: y, style: theme.dim)
                let nameStyle: Style =
                    entry.isRemoved
                    ? theme.removed : MicroOp(named: entry.name)?.isGuard == true ? theme.guardOp : theme.opcode
                canvas.put(TextWidth.middle(entry.name, to: 27), x: x, y: y, style: nameStyle)
                x += 28
                x = canvas.put(entry.operand.padding(operandWidth) + " ", x: x, y: y, style: theme.text)
                canvas.put(note, x: x, y: y, style: entry.change == nil ? theme.dim : theme.promotion)
                if entry.change != nil {
                    PaneChrome.highlight(&canvas, row: y, in: inner, with: theme.linked)
                }
                if focused && entry.entry == state.microOp && state.trace == trace.id {
                    PaneChrome.highlight(&canvas, row: y, in: inner, with: theme.selection)
                }
            }
        }
        return top
    }
}
