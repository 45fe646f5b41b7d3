import TierVM

/// The selected function's instructions: heat bars, the specialised name once Tier 1 rewrote an
/// instruction, guard misses, and where traces start, are entered and exit.
enum BytecodePane {
    static func render(_ canvas: inout Canvas, _ rect: Rect, _ context: RenderContext, focused: Bool) -> Int {
        let model = context.model
        let theme = context.theme
        let state = context.state
        let function = model.listing.functions[state.function]
        let inner = PaneChrome.frame(
            &canvas, rect, title: "Bytecode — \(function.code.name)", focused: focused, theme: theme,
            note: function.kind == "module" ? "" : "line \(function.code.firstLine)")
        guard !inner.isEmpty else { return 0 }
        let instructions = function.instructions
        let top = PaneChrome.scroll(
            state.scroll[.bytecode] ?? 0, selected: state.instruction, count: instructions.count, height: inner.height)
        let current = model.snapshot?.functions[state.function]
        let markers = traceMarkers(model: model, function: state.function, shownTrace: state.trace)
        let stop = context.stop
        let heldHere = stop.flatMap { $0.site.code == function.code ? $0.site.offset : nil }
        // Columns: held marker 1, offset 4, jump target 2, name, argument, heat, count 6, then notes. The
        // name takes what the pane can spare; narrow panes trade the heat bar for a single glyph, and
        // the argument's room and the notes' for the name, since the specialised name is the point (at
        // 80 columns, BINARY_OP_ADD_FLOAT whole rather than BINARY…FLOAT).
        let wide = inner.width >= 72
        let heatWidth = wide ? 7 : 2
        let longestName = instructions.map { current?.opnames[$0.offset].count ?? $0.opname.count }.max() ?? 14
        let available = inner.width - (1 + 4 + 2 + 1 + heatWidth + 6) - (wide ? 14 : 0)
        let nameWidth = max(12, min(longestName, available - (wide ? 14 : 6)))
        let argumentWidth = wide ? 14 : max(6, min(10, available - nameWidth))
        canvas.clipped(to: inner) { canvas in
            for row in 0..<inner.height {
                let i = top + row
                guard i < instructions.count else { break }
                let instruction = instructions[i]
                let y = inner.y + row
                var x = inner.x
                x = canvas.put(heldHere == i ? "▶" : " ", x: x, y: y, style: theme.traceMarker)
                x = canvas.put(String(i).leftPadded(4), x: x, y: y, style: theme.dim)
                // A narrow pane has no room for the notes after the count, so a trace's mark takes the
                // jump-target column: ↺ entered here, ◆ a trace starts here, ⇥ the shown trace exits here.
                let mark = wide ? nil : markers[i].flatMap { note in ["↺", "◆", "⇥"].first { note.contains($0) } }
                if let mark {
                    x = canvas.put(mark + " ", x: x, y: y, style: theme.traceMarker)
                } else {
                    x = canvas.put(instruction.isJumpTarget ? "> " : "  ", x: x, y: y, style: theme.dim)
                }
                let name = current?.opnames[i] ?? instruction.opname
                let specialized = name != instruction.opname
                x = canvas.put(
                    name.middlePadding(nameWidth), x: x, y: y, style: specialized ? theme.specialized : theme.opcode)
                // A narrow pane has no room for notes after the count: guard misses go before the argument.
                let misses = current?.misses[i] ?? 0
                if !wide && misses > 0 {
                    let note = "✗\(misses) "
                    x = canvas.put(" " + note, x: x, y: y, style: theme.fallBack)
                    x = canvas.put(
                        TextWidth.truncate(instruction.argumentText, to: argumentWidth - TextWidth.columns(of: note))
                            .padding(argumentWidth - TextWidth.columns(of: note)), x: x, y: y, style: theme.text)
                } else {
                    x = canvas.put(" " + instruction.argumentText.padding(argumentWidth), x: x, y: y, style: theme.text)
                }
                let count = model.heat[state.function][i]
                let level = model.level(count)
                if wide {
                    x = canvas.put(" " + PaneChrome.heatBar(level, width: 6), x: x, y: y, style: theme.heat(level))
                } else {
                    x = canvas.put(
                        " " + String(PaneChrome.heatGlyph(level, ran: count > 0)), x: x, y: y, style: theme.heat(level))
                }
                x = canvas.put(PaneChrome.count(count).leftPadded(6), x: x, y: y, style: theme.dim)
                if wide && misses > 0 {
                    x = canvas.put("  miss \(misses)", x: x, y: y, style: theme.fallBack)
                }
                if let marker = markers[i] {
                    canvas.put("  " + marker, x: x, y: y, style: theme.traceMarker)
                }
                let linked = instruction.line == state.line && !(focused && i == state.instruction)
                if let style = PaneChrome.rowStyle(
                    selected: i == state.instruction, linked: linked && context.state.focus != .bytecode,
                    focused: focused, theme: theme)
                {
                    PaneChrome.highlight(&canvas, row: y, in: inner, with: style)
                }
            }
        }
        return top
    }

    /// Notes for the function's instructions: where a trace starts (◆), where execution enters one in
    /// place of the bytecode (↺), and the shown trace's exits (⇥).
    static func traceMarkers(model: RunModel, function: Int, shownTrace: Int?) -> [Int: String] {
        guard let snapshot = model.snapshot else { return [:] }
        let code = model.listing.functions[function].code
        var markers: [Int: [String]] = [:]
        for trace in snapshot.traces where trace.site.code == code && trace.parentTrace == nil {
            markers[trace.site.offset, default: []].append("◆ trace \(trace.id)\(trace.isValid ? "" : " ✗")")
        }
        if function < snapshot.functions.count {
            for (offset, id) in snapshot.functions[function].traceEntries {
                markers[offset, default: []].append("↺ enters \(id)")
            }
        }
        if let shownTrace, let trace = model.trace(shownTrace) {
            // One note per instruction however many exits lead back to it (a peeled loop has two of
            // each): `⇥ exits 0 5 ×12`, with the trips through all of them.
            var exits: [Int: (numbers: [Int], taken: Int)] = [:]
            for entry in trace.entries where entry.isLive && entry.exit != nil {
                guard let number = entry.exit, number < trace.exits.count else { continue }
                let exit = trace.exits[number]
                guard entry.microOp.code == code, MicroOp(named: exit.microOp) != ._JUMP_TO_TOP else { continue }
                exits[exit.target, default: ([], 0)].numbers.append(number)
                exits[exit.target, default: ([], 0)].taken += exit.taken
            }
            for (target, found) in exits {
                let numbers = Array(Set(found.numbers)).sorted().map(String.init).joined(separator: " ")
                let noun = found.numbers.count == 1 ? "exit" : "exits"
                markers[target, default: []].append("⇥ \(noun) \(numbers) ×\(PaneChrome.count(UInt64(found.taken)))")
            }
        }
        return markers.mapValues { Array(Set($0)).sorted().joined(separator: " ") }
    }
}
