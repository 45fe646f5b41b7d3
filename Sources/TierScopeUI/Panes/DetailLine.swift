import TierVM

/// The row above the status bar: the focused pane's selected row in full, where the pane itself had to
/// cut it (a timeline reason, a micro-op's operand and what the optimiser did to it, an instruction's
/// counters).
enum DetailLine {
    static func render(_ canvas: inout Canvas, row y: Int, width: Int, _ context: RenderContext) {
        let theme = context.theme
        canvas.fill(Rect(x: 0, y: y, width: width, height: 1), style: theme.text)
        let (label, text) = describe(context)
        guard !text.isEmpty else { return }
        let x = canvas.put(" \(label) ", x: 0, y: y, style: theme.key)
        canvas.put(" " + TextWidth.truncate(text, to: max(0, width - x - 1)), x: x, y: y, style: theme.text)
    }

    /// A short label naming what is described, and the description.
    static func describe(_ context: RenderContext) -> (String, String) {
        let model = context.model
        let state = context.state
        if let notice = state.notice { return ("note", notice) }
        switch state.focus {
        case .source:
            guard state.line > 0 && state.line <= model.listing.lines.count else { return ("", "") }
            let code = model.listing.lines[state.line - 1].trimmingPrefix(while: { $0 == " " })
            var text = "line \(state.line): \(code)"
            if state.line < model.lineHeat.count, model.lineHeat[state.line] > 0 {
                text += "  · ran \(Plural.times(Int(model.lineHeat[state.line])))"
                if let tier = model.lineTier[state.line] { text += ", highest tier \(tier.badge)" }
            }
            return ("line", text)
        case .bytecode:
            return ("instr", instruction(context))
        case .trace:
            return ("µop", microOp(context))
        case .timeline:
            let rows = model.timeline(matching: state.filter)
            guard let entry = state.timelineRow.flatMap({ $0 < rows.count ? rows[$0] : nil }) ?? rows.last else {
                return ("", "")
            }
            return (
                "event",
                "\(TimelinePane.formatMilliseconds(Double(entry.nanoseconds) / 1e6)) #\(entry.sequence) \(entry.kind) "
                    + "\(entry.tiers) \(entry.location)  \(entry.text)"
            )
        case .machineCode:
            guard let id = state.trace, let rows = model.machineCodeRows(trace: id), state.machineRow < rows.count
            else { return ("", "") }
            return ("code", rows[state.machineRow].text.trimmingPrefix(while: { $0 == " " }).description)
        case .output:
            let lines = model.output.lines
            guard let line = state.outputRow.flatMap({ $0 < lines.count ? lines[$0] : nil }) ?? lines.last else {
                return ("", "")
            }
            return ("output", line.text)
        }
    }

    /// `@12 BINARY_OP_MULTIPLY_INT (was BINARY_OP) · line 25 · ran 3.1M times, T1 · 0 misses`.
    private static func instruction(_ context: RenderContext) -> String {
        let model = context.model
        let state = context.state
        guard state.function < model.listing.functions.count else { return "" }
        let function = model.listing.functions[state.function]
        guard state.instruction < function.instructions.count else { return "" }
        let listed = function.instructions[state.instruction]
        let current = model.snapshot.flatMap {
            state.function < $0.functions.count ? $0.functions[state.function] : nil
        }
        let name = current.map { $0.opnames[state.instruction] } ?? listed.opname
        var text = "\(function.code.name) @\(listed.offset) \(name)"
        if name != listed.opname { text += " (was \(listed.opname))" }
        if !listed.argumentText.isEmpty { text += " \(listed.argumentText)" }
        text += " · line \(listed.line) · ran \(Plural.times(Int(model.heat[state.function][state.instruction])))"
        if let tier = model.tiers[state.function][state.instruction] { text += " in \(tier.badge) now" }
        if let misses = current?.misses[state.instruction], misses > 0 {
            text += " · \(Plural.of(misses, "guard miss", plural: "guard misses"))"
        }
        if let trace = current?.traceEntries[state.instruction] { text += " · enters trace \(trace)" }
        return text
    }

    /// `trace 0 #24 _GUARD_NOS_INT total: int · sum_squares line 25 @13 · was _GUARD_BOTH_INT, guard
    /// elimination: ... · exit 3 -> @13, taken 0 times`.
    private static func microOp(_ context: RenderContext) -> String {
        guard let id = context.state.trace, let trace = context.model.trace(id),
            context.state.microOp < trace.entries.count
        else { return "" }
        let entry = trace.entries[context.state.microOp]
        if let step = context.state.passStep(of: trace) {
            let model = context.model
            let view = PassView(
                trace, at: step, recorded: model.recordings[trace.id], reports: model.passReports[trace.id] ?? [])
            if let row = view.rows.first(where: { $0.entry == context.state.microOp }) {
                var text = "\(view.title): #\(row.entry) \(row.name)"
                if !row.operand.isEmpty { text += " \(row.operand)" }
                switch row.change {
                case .removed(let reason): text += " · removed: \(reason)"
                case .rewritten(let from, let reason): text += " · rewritten from \(from): \(reason)"
                case .added: text += " · added by this pass"
                case .learned(let reason): text += " · learned: \(reason)"
                case nil: text += " · unchanged by this step"
                }
                return text
            }
        }
        var text = "trace \(trace.id) #\(context.state.microOp) \(entry.microOp.name)"
        if !entry.microOp.operand.isEmpty { text += " \(entry.microOp.operand)" }
        text +=
            " · \(entry.microOp.code?.name ?? trace.site.code.name) line \(entry.microOp.line) @\(entry.microOp.offset)"
        // Where the micro-op leaves the trace, and how often it did, before what the optimiser did to it:
        // the exit is what is happening now.
        let notes = trace.notes(on: context.state.microOp)
        for note in notes.filter({ $0.hasPrefix("exit ") }) + notes.filter({ !$0.hasPrefix("exit ") }) {
            text += " · " + note
        }
        return text
    }
}
