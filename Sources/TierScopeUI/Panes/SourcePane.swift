import TierVM

/// The program with a heat gutter (how often each line ran, as ▁▂▃▄▅▆▇█ and colour) and a badge for the
/// highest tier each line runs in.
enum SourcePane {
    static func render(_ canvas: inout Canvas, _ rect: Rect, _ context: RenderContext, focused: Bool) -> Int {
        let model = context.model
        let theme = context.theme
        let state = context.state
        let name = model.listing.path.split(separator: "/").last.map(String.init) ?? model.listing.path
        let inner = PaneChrome.frame(
            &canvas, rect, title: "Source — \(name)", focused: focused, theme: theme,
            note: "line \(state.line)/\(model.listing.lines.count)")
        guard !inner.isEmpty else { return 0 }
        let lines = model.listing.lines
        var top = PaneChrome.scroll(
            state.scroll[.source] ?? 0, selected: state.line - 1, count: lines.count, height: inner.height)
        // A demo's header comment is for reading in an editor: with the selection in the code, the pane
        // starts at the code, as far as the rest of the program fills it.
        let firstCode = model.firstCodeLine - 1
        if top < firstCode && state.line - 1 >= firstCode {
            top = max(top, min(firstCode, max(0, lines.count - inner.height)))
        }
        let numberWidth = max(3, String(lines.count).count)
        let stopLine = context.stop?.site.line
        canvas.clipped(to: inner) { canvas in
            for row in 0..<inner.height {
                let index = top + row
                guard index < lines.count else { break }
                let line = index + 1
                let y = inner.y + row
                var x = inner.x
                let marker = line == stopLine ? "▶" : " "
                x = canvas.put(marker, x: x, y: y, style: theme.traceMarker)
                x = canvas.put(String(line).leftPadded(numberWidth), x: x, y: y, style: theme.dim)
                x += 1
                let count = line < model.lineHeat.count ? model.lineHeat[line] : 0
                let level = model.level(count)
                x = canvas.put(
                    String(PaneChrome.heatGlyph(level, ran: count > 0)), x: x, y: y, style: theme.heat(level))
                x += 1
                let tier = line < model.lineTier.count ? model.lineTier[line] : nil
                x = canvas.put(
                    (tier?.badge ?? "").padding(3), x: x, y: y, style: PaneChrome.tierStyle(tier, theme))
                x = canvas.put("│", x: x, y: y, style: theme.border)
                canvas.put(lines[index].replacingTabs(), x: x + 1, y: y, style: theme.text)
                if let style = PaneChrome.rowStyle(
                    selected: line == state.line, linked: false, focused: focused, theme: theme)
                {
                    PaneChrome.highlight(&canvas, row: y, in: inner, with: style)
                }
            }
        }
        return top
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    func padding(_ width: Int) -> String { TextWidth.pad(self, to: width) }
    /// Padded to `width`, or shortened in the middle to fit it.
    func middlePadding(_ width: Int) -> String { TextWidth.middle(self, to: width).padding(width) }

    /// Tabs as spaces to the next multiple of 8, as a terminal shows them.
    func replacingTabs() -> String {
        guard contains("\t") else { return self }
        var out = ""
        for c in self {
            if c == "\t" {
                out += String(repeating: " ", count: 8 - out.count % 8)
            } else {
                out.append(c)
            }
        }
        return out
    }
}
