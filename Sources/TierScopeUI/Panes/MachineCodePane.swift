import TierVM

/// The JIT's x86-64, disassembled and grouped by micro-op. Until the JIT lands, traces run in the
/// micro-op interpreter: the pane says so, and lists the traces that will be compiled.
enum MachineCodePane {
    static func render(_ canvas: inout Canvas, _ rect: Rect, _ context: RenderContext, focused: Bool) -> Int {
        let theme = context.theme
        let inner = PaneChrome.frame(&canvas, rect, title: PaneID.machineCode.title, focused: focused, theme: theme)
        guard !inner.isEmpty else { return 0 }
        let traces = context.model.snapshot?.traces ?? []
        var rows = ["No native code yet: traces run in the micro-op interpreter."]
        rows += traces.map { trace in
            "trace \(trace.id) · \(trace.site.code.name):\(trace.site.line) · \(trace.optimized.count) micro-ops · not compiled"
        }
        let selected = min(context.state.machineRow, max(0, rows.count - 1))
        let top = PaneChrome.scroll(
            context.state.scroll[.machineCode] ?? 0, selected: selected, count: rows.count, height: inner.height)
        canvas.clipped(to: inner) { canvas in
            for row in 0..<inner.height {
                let index = top + row
                guard index < rows.count else { break }
                canvas.put(rows[index], x: inner.x + 1, y: inner.y + row, style: index == 0 ? theme.text : theme.dim)
                if focused && index == selected {
                    PaneChrome.highlight(&canvas, row: inner.y + row, in: inner, with: theme.selection)
                }
            }
        }
        return top
    }
}
