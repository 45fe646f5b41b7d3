import TierVM

/// The JIT's x86-64 for the selected trace, disassembled (Capstone) and grouped under each micro-op,
/// patched instructions marked with what they hold. Linked both ways with the trace pane: the selected
/// micro-op's instructions are highlighted here, and moving here selects their micro-op (and so its
/// bytecode instruction and line).
enum MachineCodePane {
    static func render(_ canvas: inout Canvas, _ rect: Rect, _ context: RenderContext, focused: Bool) -> Int {
        let theme = context.theme
        let model = context.model
        // Held at a micro-op: native code cannot stop inside a trace, so the step ran in the micro-op
        // interpreter; the pane shows where in the machine code that micro-op's instructions are.
        var heldAt: Int?
        var heldTrace: Int?
        if case .microOp(let trace, let index, _, _) = context.stop?.kind {
            heldTrace = trace
            heldAt = index
        }
        let id = heldTrace ?? context.state.trace ?? model.compiledTraces.keys.max()
        var title = PaneID.machineCode.title
        var rows: [MachineCodeRow] = []
        var message: String?
        if let id, let compiled = model.compiledTraces[id] {
            title += " · trace \(id) · \(compiled.codeBytes) B code, \(compiled.dataBytes) B data"
            title += " · \(Self.duration(compiled.nanoseconds))"
            if model.freedTraces.contains(id) { title += " · freed" }
            if heldAt != nil { title += " · stepping in the micro-op interpreter" }
            if let built = model.machineCodeRows(trace: id) { rows = built } else { message = "Disassembling…" }
        } else if let id {
            message = "Trace \(id) has no native code (--max-tier jit compiles every trace as it is installed)."
        } else {
            message = "No native code yet: no trace has been compiled."
        }
        let inner = PaneChrome.frame(&canvas, rect, title: title, focused: focused, theme: theme)
        guard !inner.isEmpty else { return 0 }
        if let message {
            canvas.clipped(to: inner) { $0.put(message, x: inner.x + 1, y: inner.y, style: theme.dim) }
            return 0
        }
        let linked = heldAt ?? context.state.microOp
        // Focused, the pane's own row is selected; otherwise the selected micro-op's heading is shown.
        let selected =
            focused
            ? min(context.state.machineRow, max(0, rows.count - 1))
            : rows.firstIndex { $0.isHeading && $0.entry == linked } ?? 0
        // Following another pane, the micro-op's heading goes to the top, so that its instructions show.
        let top =
            focused
            ? PaneChrome.scroll(
                context.state.scroll[.machineCode] ?? 0, selected: selected, count: rows.count, height: inner.height)
            : max(0, min(selected, rows.count - inner.height))
        canvas.clipped(to: inner) { canvas in
            for line in 0..<inner.height {
                let index = top + line
                guard index < rows.count else { break }
                let row = rows[index]
                let style = row.isHeading ? theme.opcode : row.isPatched ? theme.tierJIT : theme.text
                let marker = row.isHeading && heldAt != nil && row.entry == heldAt ? "▶ " : ""
                canvas.put(
                    row.isHeading ? marker + row.text : "  " + row.text, x: inner.x + 1, y: inner.y + line, style: style
                )
                if row.entry != nil && row.entry == linked && !focused {
                    PaneChrome.highlight(&canvas, row: inner.y + line, in: inner, with: theme.linked)
                }
                if focused && index == selected {
                    PaneChrome.highlight(&canvas, row: inner.y + line, in: inner, with: theme.selection)
                }
            }
        }
        return top
    }

    static func duration(_ nanoseconds: UInt64) -> String {
        nanoseconds < 10_000 ? "\(nanoseconds) ns" : "\(nanoseconds / 1000) µs"
    }
}
