import TierVM

/// What the program printed (its traceback in the error style), and, while the engine is held, the
/// frame it is held in: locals and the value stack.
enum OutputPane {
    static func render(_ canvas: inout Canvas, _ rect: Rect, _ context: RenderContext, focused: Bool) -> Int {
        let theme = context.theme
        let state = context.state
        let lines = context.model.output.lines
        let stop = context.stop
        let inner = PaneChrome.frame(
            &canvas, rect, title: stop == nil ? PaneID.output.title : "Output · Frame", focused: focused, theme: theme,
            note: context.model.output.countText)
        guard !inner.isEmpty else { return 0 }
        var outputArea = inner
        if let stop, inner.width >= 40 {
            // Held, the frame is what matters most: it takes most of the pane.
            let frameWidth = min(max(inner.width * 3 / 5, 30), inner.width - 10)
            outputArea = Rect(x: inner.x, y: inner.y, width: inner.width - frameWidth - 1, height: inner.height)
            let frameArea = Rect(x: outputArea.maxX + 1, y: inner.y, width: frameWidth, height: inner.height)
            for row in inner.y..<inner.maxY { canvas.put("│", x: outputArea.maxX, y: row, style: theme.border) }
            drawFrame(&canvas, frameArea, stop, theme)
        }
        let (top, _) = PaneChrome.scroll(
            following: state.outputRow, previous: state.scroll[.output] ?? 0, count: lines.count,
            height: outputArea.height)
        canvas.clipped(to: outputArea) { canvas in
            for row in 0..<outputArea.height {
                let index = top + row
                guard index < lines.count else { break }
                let line = lines[index]
                canvas.put(
                    line.text.replacingTabs(), x: outputArea.x, y: outputArea.y + row,
                    style: line.isError ? theme.error : theme.output)
                if focused && state.outputRow == index {
                    PaneChrome.highlight(&canvas, row: outputArea.y + row, in: outputArea, with: theme.selection)
                }
            }
        }
        return top
    }

    private static func drawFrame(_ canvas: inout Canvas, _ area: Rect, _ stop: StopPoint, _ theme: Theme) {
        canvas.clipped(to: area) { canvas in
            var y = area.y
            let place: String
            switch stop.kind {
            case .microOp(let trace, let index, let name, let operand):
                place = "trace \(trace) #\(index) \(name) \(operand)"
            case .instruction: place = "before @\(stop.site.offset)"
            case .event: place = "after an event, near @\(stop.site.offset)"
            }
            canvas.put("\(stop.site.code.name):\(stop.site.line) · \(place)", x: area.x, y: y, style: theme.title)
            y += 1
            for value in stop.locals where y < area.maxY {
                var x = canvas.put("  " + value.name, x: area.x, y: y, style: theme.text)
                x = canvas.put(" = ", x: x, y: y, style: theme.dim)
                canvas.put(value.repr, x: x, y: y, style: value.repr == "<unbound>" ? theme.dim : theme.output)
                y += 1
            }
            guard y < area.maxY else { return }
            if let stack = stop.stack {
                canvas.put(stack.isEmpty ? "stack: empty" : "stack (top last):", x: area.x, y: y, style: theme.dim)
                y += 1
                for (i, value) in stack.enumerated() where y < area.maxY {
                    canvas.put("  [\(i)] " + value, x: area.x, y: y, style: theme.output)
                    y += 1
                }
            }
        }
    }
}
