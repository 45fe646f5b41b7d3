import Synchronization
import Testing

@testable import TierScopeUI
@testable import TierVM

#if canImport(Glibc)
import Glibc
#endif

/// A finished run of a program, as the UI would have seen it: listing, events, last snapshot, output.
/// Shared by tests that only read it (its model is complete once `init` returns).
final class WatchedRun: @unchecked Sendable {
    let model: RunModel

    init(_ source: String, path: String = "demo.py", options: EngineOptions = EngineOptions()) {
        let bus = EventBus()
        let events = bus.subscribeBuffered()
        let output = Mutex<[UInt8]>([])
        guard
            case .success(let run) = Engine.launch(
                source: source, path: path, options: options, bus: bus,
                output: { bytes in
                    output.withLock { $0 += bytes }
                })
        else { fatalError("does not compile") }
        let result = run.waitUntilFinished()
        model = RunModel(listing: run.listing)
        model.apply(events.drain())
        if let snapshot = run.latestSnapshot.snapshot { model.apply(snapshot) }
        model.output.append(String(decoding: output.withLock { $0 }, as: UTF8.self))
        model.result = result
    }

    static let sumSquares = WatchedRun(
        """
        def sum_squares(n):
            total = 0
            for i in range(n):
                total += i * i
            return total

        print(sum_squares(5000))

        """, path: "sum_squares.py")

    func render(width: Int = 120, height: Int = 36, state: AppState? = nil) -> (Canvas, AppState) {
        var state = state ?? AppState()
        if state.trace == nil { state.trace = model.snapshot?.traces.first?.id }
        return Screen.render(width: width, height: height, model: model, state: state, theme: .monochrome)
    }
}

@Suite("Screen")
struct ScreenTests {
    static func rows(_ canvas: Canvas) -> [String] { (0..<canvas.height).map { canvas.line($0) } }

    @Test("the source pane shows heat and the tier each line reached")
    func sourceHeatAndTiers() {
        let run = WatchedRun.sumSquares
        var state = AppState()
        state.select(line: 4, model: run.model)
        let (canvas, _) = run.render(state: state)
        let rows = Self.rows(canvas)
        // The loop's trace was compiled, so its lines ran as native code.
        #expect(rows.contains { $0.contains("4 █ JIT│         total += i * i") })
        #expect(
            rows.contains { $0.contains("1 ▂ T0 │ def sum_squares(n):") || $0.contains("1 ▁ T0 │ def sum_squares(n):") }
        )
        #expect(rows.contains { $0.contains("6      │") })
    }

    @Test("every instruction of a constructor counts once per call, RETURN_CONST included")
    func constructorCounts() throws {
        for maxTier in [EngineOptions.MaxTier.specialized, .jit] {
            var options = EngineOptions()
            options.maxTier = maxTier
            let run = WatchedRun(
                "class P:\n    def __init__(self, x):\n        self.x = x\n\n\nps = [P(i) for i in range(100)]\n",
                path: "init.py", options: options)
            let f = try #require(run.model.listing.functions.firstIndex { $0.code.name == "P.__init__" })
            let counts = run.model.heat[f]
            #expect(
                counts.allSatisfy { $0 == 100 },
                "\(maxTier): \(counts) for \(run.model.listing.functions[f].instructions.map(\.opname))")
        }
    }

    @Test("the source gutter keeps the highest tier a line reached after its trace is gone")
    func highestTier() {
        let run = WatchedRun(
            """
            RATE = 2
            def charge(n):
                total = 0
                for i in range(n):
                    total += i * RATE
                return total
            print(charge(5000))
            RATE = 3
            print(charge(3))

            """, path: "rate.py")
        let traces = run.model.snapshot?.traces ?? []
        #expect(!traces.isEmpty && traces.allSatisfy { !$0.isValid }, "the rebinding should invalidate the trace")
        var state = AppState()
        state.select(line: 5, model: run.model)
        let rows = Self.rows(run.render(state: state).0)
        #expect(rows.contains { $0.contains("5 █ JIT│         total += i * RATE") }, "\(rows)")
        // Its iterations ran as native code, though the code is gone now.
        #expect(run.model.tierTotals[.traced] == nil && (run.model.tierTotals[.jit] ?? 0) > 0)
    }

    @Test("the bytecode pane shows the selected function, specialised names, heat and trace markers")
    func bytecode() {
        let run = WatchedRun.sumSquares
        var state = AppState()
        state.select(line: 4, model: run.model)
        #expect(run.model.listing.functions[state.function].code.name == "sum_squares")
        state.focus = .bytecode
        state.zoomed = true
        let (canvas, _) = run.render(width: 120, height: 40, state: state)
        let text = canvas.text
        #expect(text.contains("Bytecode — sum_squares"))
        #expect(text.contains("BINARY_OP_MULTIPLY_INT"))
        #expect(text.contains("FOR_ITER_RANGE"))
        #expect(text.contains("◆ trace 0"))
        #expect(text.contains("↺ enters 0"))
    }

    @Test("the trace pane strikes out removed micro-ops with the pass and the reason")
    func tracePane() {
        let run = WatchedRun.sumSquares
        var state = AppState()
        state.focus = .trace
        state.zoomed = true
        let (canvas, _) = run.render(width: 140, height: 50, state: state)
        let rows = Self.rows(canvas)
        let guardRow = rows.first { $0.contains("_GUARD_BOTH_INT") && $0.contains("i, i: int") }
        #expect(guardRow?.contains("✗ guard elimination: i and i are known ints") == true)
        // Struck out: the glyphs carry the strike attribute in the monochrome theme.
        guard let y = rows.firstIndex(where: { $0.contains("_GUARD_BOTH_INT") }),
            let x = rows[y].range(of: "_GUARD_BOTH_INT").map({
                rows[y].distance(from: rows[y].startIndex, to: $0.lowerBound)
            })
        else {
            Issue.record("no guard row")
            return
        }
        #expect(canvas[x, y].style.attributes.contains(.strike))
        // The reason is not struck out: it is there to be read.
        let reason = rows[y].range(of: "✗ guard elimination").map {
            rows[y].distance(from: rows[y].startIndex, to: $0.lowerBound)
        }
        #expect(reason.map { !canvas[$0 + 2, y].style.attributes.contains(.strike) } == true)
        #expect(
            rows.contains { $0.contains("_GUARD_NOS_INT") && $0.contains("was _GUARD_BOTH_INT (guard elimination)") })
        #expect(rows.contains { $0.contains("_JUMP_TO_TOP") && $0.contains("⇥ exit") })
    }

    @Test("the timeline lists promotions and fall backs, and filters with /")
    func timeline() {
        let run = WatchedRun.sumSquares
        var zoomed = AppState()
        zoomed.focus = .timeline
        zoomed.zoomed = true
        let (canvas, _) = run.render(width: 160, height: 60, state: zoomed)
        let text = canvas.text
        #expect(text.contains("T0→T1"))
        #expect(text.contains("T1→T2"))
        #expect(text.contains("BINARY_OP -> BINARY_OP_MULTIPLY_INT"))
        var state = zoomed
        for key in [
            Key.character("/"), .character("g"), .character("u"), .character("a"), .character("r"), .character("d"),
            .enter,
        ] {
            _ = state.handle(key, model: run.model)
        }
        #expect(state.filter == "guard")
        #expect(!state.editingFilter)
        let (filtered, _) = run.render(width: 160, height: 60, state: state)
        let timelineRows = Self.rows(filtered).filter { $0.contains("ms ") }
        #expect(!timelineRows.isEmpty)
        #expect(filtered.text.contains("/guard:"))
        #expect(!filtered.text.contains("T0→T1"))
    }

    @Test("the machine-code pane disassembles the selected trace under each micro-op, and follows its selection")
    func machineCodePane() throws {
        let run = WatchedRun.sumSquares
        var state = AppState()
        state.trace = 0
        let snapshot = try #require(run.model.trace(0))
        let add = try #require(
            snapshot.entries.indices.first { snapshot.entries[$0].microOp.name == "_BINARY_OP_ADD_INT" })
        state.select(microOp: add, model: run.model)
        let (canvas, _) = run.render(width: 200, height: 60, state: state)
        let text = Self.rows(canvas).joined(separator: "\n")
        #expect(text.contains("Machine code · trace 0 ·"))
        #expect(text.contains("_BINARY_OP_ADD_INT  total, i * i"))
        // The add itself, on the cached top of the stack: registers, not the frame's memory.
        let lines = Self.rows(canvas)
        let heading = try #require(lines.firstIndex { $0.contains("_BINARY_OP_ADD_INT  total, i * i") })
        #expect(
            lines[heading + 1..<min(lines.count, heading + 6)].contains { $0.contains(" add r") }, "no instructions")
        // Moving in the pane selects the micro-op its instruction belongs to.
        state.focus = .machineCode
        state.machineRow = 0
        state.move(by: 3, model: run.model)
        let rows = try #require(run.model.machineCodeRows(trace: 0))
        #expect(rows[state.machineRow].entry == state.microOp)
        #expect(rows.contains { $0.isPatched && $0.text.contains("→ exit") })
    }

    @Test("in the trace pane a taken exit reads before what the optimiser did to the micro-op; one never taken, after")
    func exitNoteOrder() throws {
        // x turns float at i == 300: the int guard that guard elimination narrowed is the one that fails.
        let run = WatchedRun(
            """
            def drift(n):
                x = 0
                for i in range(n):
                    if i == 300:
                        x = 0.5
                    x = x + 1
                return x

            print(drift(1000))

            """, path: "drift.py")
        let trace = try #require(run.model.snapshot?.traces.first)
        var state = AppState()
        state.trace = trace.id
        state.traceView = .optimized
        // Zoomed, so that the notes are not cut at the pane's edge.
        state.focus = .trace
        state.zoomed = true
        let (canvas, _) = run.render(width: 200, height: 60, state: state)
        let rows = Self.rows(canvas)
        let failing = try #require(rows.first { $0.contains("_GUARD_NOS_INT") && $0.contains("was _GUARD_BOTH_INT") })
        let exit = try #require(failing.range(of: "⇥ exit"))
        #expect(exit.lowerBound < failing.range(of: "was _GUARD_BOTH_INT")!.lowerBound)
        // An exit never taken stays behind the history: sum_squares' narrowed guard on total.
        let (calm, _) = WatchedRun.sumSquares.render(width: 200, height: 60, state: state)
        let quiet = Self.rows(calm).filter { $0.contains("×0") && $0.contains("was _") }
        #expect(!quiet.isEmpty)
        for row in quiet { #expect(row.range(of: "was _")!.lowerBound < row.range(of: "⇥ exit")!.lowerBound) }
    }

    @Test("the machine code of a micro-op that works on the stack starts by writing back the cached values")
    func machineCodeWriteBack() throws {
        // The call's callable, NULL and arguments are cached in registers when the call's check (which
        // reads them from the stack) comes: they are written back first, and the listing says so.
        let run = WatchedRun(
            """
            def half(x):
                return x // 2

            def total(n):
                t = 0
                for i in range(n):
                    t = t + half(i)
                return t

            print(total(3000))

            """, path: "calls.py")
        #expect(run.model.output.lines.last?.text == "2248500")
        let trace = try #require(run.model.snapshot?.traces.first { $0.kind == "loop" })
        let rows = try #require(run.model.machineCodeRows(trace: trace.id))
        let noted = rows.filter { $0.text.contains("cached values written back to the stack") }
        #expect(!noted.isEmpty)
        // A remark, not a patch: the pane does not highlight it as patched bytes.
        #expect(noted.allSatisfy { !$0.isPatched && $0.text.contains("mov qword ptr [r13") })
    }

    @Test("the status bar says the run finished, with executions per tier")
    func statusBar() {
        let (canvas, _) = WatchedRun.sumSquares.render()
        let last = canvas.line(canvas.height - 1)
        #expect(last.contains("tierscope · sum_squares.py · ■ finished"))
        #expect(last.contains("instrs T0 ") && last.contains("trace iters T2 "))
        #expect(last.contains("? help"))
        // Wide enough, everything; at 80 columns the counters and the essential keys still fit.
        let wide = WatchedRun.sumSquares.render(width: 200, height: 40).0
        #expect(wide.line(wide.height - 1).contains("events · monochrome"))
        let narrow = WatchedRun.sumSquares.render(width: 80, height: 24).0
        #expect(narrow.line(narrow.height - 1).contains("T2 "))
        #expect(narrow.line(narrow.height - 1).contains("? help"))
    }

    @Test("a long program name gives way before the help key does at 80 columns")
    func longName() {
        let run = WatchedRun("x = 1\n", path: "a_program_with_a_rather_long_name_indeed.py")
        var state = AppState()
        state.slowMotion = 60_000_000
        let line = run.render(width: 80, height: 24, state: state).0.line(23)
        #expect(line.contains("? help") && line.contains("60 ms/event"), "\(line)")
    }

    @Test("the key hints follow the focused pane")
    func keyHints() {
        var state = AppState()
        state.focus = .timeline
        let timeline = WatchedRun.sumSquares.render(width: 200, height: 40, state: state).0
        #expect(timeline.line(timeline.height - 1).contains("/ filter"))
        state.focus = .trace
        let trace = WatchedRun.sumSquares.render(width: 200, height: 40, state: state).0
        #expect(trace.line(trace.height - 1).contains("o view"))
    }

    @Test("? explains every mark the panes draw, besides the keys")
    func legend() {
        var state = AppState()
        state.showHelp = true
        let text = WatchedRun.sumSquares.render(width: 120, height: 48, state: state).0.text
        for mark in ["▁▂▃▄▅▆▇█", "◆ trace N", "↺ enters N", "⇥ exit N", "instrs T0 T1", "trace iters", "fall back"] {
            #expect(text.contains(mark), "the legend says nothing of \(mark)")
        }
    }

    @Test("the output pane shows what the program printed")
    func output() {
        let (canvas, _) = WatchedRun.sumSquares.render()
        #expect(canvas.text.contains("41654167500"))
    }

    @Test("a runtime error shows its traceback in the output pane")
    func runtimeError() {
        let run = WatchedRun("def f(x):\n    return 1 / x\n\nprint(f(0))\n")
        run.model.output.append(run.model.result?.errorReport ?? "", isError: true)
        let (canvas, _) = run.render()
        #expect(canvas.text.contains("ZeroDivisionError: division by zero"))
        #expect(canvas.line(canvas.height - 1).contains("finished: ZeroDivisionError"))
    }

    @Test("below 80x24 the screen says it is too small, at any size down to 1x1")
    func tooSmall() {
        let run = WatchedRun.sumSquares
        let (canvas, state) = run.render(width: 70, height: 20)
        #expect(canvas.text.contains("Terminal too small: 70×20."))
        #expect(state.paneRects.isEmpty)
        for (w, h) in [(1, 1), (2, 1), (1, 5), (10, 3), (79, 24), (80, 23)] {
            let (tiny, _) = run.render(width: w, height: h)
            #expect(tiny.width == w && tiny.height == h)
        }
    }

    @Test(
        "every size from the minimum up renders every pane inside the screen",
        arguments: [
            (80, 24), (81, 25), (100, 30), (120, 40), (159, 39), (160, 40), (200, 60), (250, 80),
        ])
    func sizes(width: Int, height: Int) {
        let run = WatchedRun.sumSquares
        let (canvas, state) = run.render(width: width, height: height)
        if width < Layout.compactWidth {
            // The trace, timeline and machine code take turns in one place.
            #expect(Set(state.paneRects.keys) == [.source, .bytecode, .trace, .output])
        } else {
            #expect(Set(state.paneRects.keys) == Set(PaneID.allCases))
        }
        for rect in state.paneRects.values {
            #expect(rect.x >= 0 && rect.y >= 0 && rect.maxX <= width && rect.maxY <= height - 1)
            #expect(rect.width >= 20 && rect.height >= 4)
        }
        let rects = Array(state.paneRects.values)
        for i in rects.indices {
            for j in rects.indices where j > i { #expect(rects[i].intersection(rects[j]).isEmpty) }
        }
        // The status bar: the program and how it ended come first at every size, the keys last.
        #expect(canvas.line(height - 1).contains("sum_squares.py · ■ finished"))
        #expect(canvas.line(height - 1).hasSuffix("? help"))
    }

    @Test("in a narrow terminal, the focused one of trace, timeline and machine code takes the inspector")
    func compactInspector() {
        let run = WatchedRun.sumSquares
        var state = AppState()
        state.focus = .timeline
        let (canvas, drawn) = run.render(width: 80, height: 24, state: state)
        #expect(drawn.paneRects[.timeline]?.width == 80)
        #expect(drawn.paneRects[.trace] == nil)
        #expect(canvas.text.contains("Tier timeline"))
        state.focus = .output
        let (_, still) = run.render(width: 80, height: 24, state: state)
        #expect(still.paneRects[.timeline] != nil)
    }

    @Test("z zooms the focused pane to the whole screen but the detail line and the status bar")
    func zoom() {
        let run = WatchedRun.sumSquares
        var state = AppState()
        state.focus = .trace
        _ = state.handle(.character("z"), model: run.model)
        let (_, drawn) = run.render(width: 100, height: 30, state: state)
        #expect(drawn.paneRects == [.trace: Rect(x: 0, y: 0, width: 100, height: 28)])
    }

    @Test("the detail line shows the focused pane's selected row in full")
    func detailLine() {
        let run = WatchedRun.sumSquares
        var state = AppState()
        state.trace = 0
        state.focus = .trace
        let trace = run.model.trace(0)!
        state.microOp = trace.entries.firstIndex { $0.removedBy != nil && $0.microOp.name == "_GUARD_BOTH_INT" }!
        var (canvas, _) = run.render(width: 200, height: 40, state: state)
        let detail = canvas.line(canvas.height - 2)
        #expect(detail.contains("_GUARD_BOTH_INT i, i: int"), "\(detail)")
        #expect(detail.contains("removed by guard elimination: i and i are known ints"), "\(detail)")
        state.focus = .timeline
        (canvas, _) = run.render(width: 200, height: 40, state: state)
        #expect(canvas.line(canvas.height - 2).contains("programFinished"))
        state.focus = .bytecode
        state.select(line: 4, model: run.model)
        (canvas, _) = run.render(width: 200, height: 40, state: state)
        #expect(canvas.line(canvas.height - 2).contains("ran "), "\(canvas.line(canvas.height - 2))")
    }

    @Test("with no trace to show, the trace pane says why the last recording gave up")
    func abortReason() {
        let run = WatchedRun("n = 0\nfor ch in 'abc' * 500:\n    n += 1\nprint(n)\n", path: "abort.py")
        #expect(run.model.snapshot?.traces.isEmpty == true)
        var state = AppState()
        state.focus = .trace
        let text = run.render(width: 120, height: 36, state: state).0.text
        #expect(text.contains("No traces yet."))
        #expect(text.contains("gave up:"))
        #expect(text.contains("this loop's iterator has no specialised form"))
    }

    @Test("a screen snapshot is the frame as text, or with the theme's colours as ANSI escapes")
    func snapshot() {
        var canvas = Canvas(width: 6, height: 2)
        canvas.put("ab", x: 0, y: 0, style: Style(foreground: .rgb(255, 0, 0), attributes: .bold))
        canvas.put("c", x: 3, y: 1, style: Style(background: .palette(4)))
        #expect(ScreenSnapshot.text(of: canvas, colour: false) == "ab\n   c\n")
        let ansi = ScreenSnapshot.text(of: canvas, colour: true)
        #expect(ansi.hasPrefix("\u{1B}[0;1;38;2;255;0;0mab\u{1B}[0m    \u{1B}[0m\n"))
        #expect(ansi.contains("\u{1B}[0;48;5;4mc"))
        #expect(ScreenSnapshot.wantsColour(path: "slide.ans") && !ScreenSnapshot.wantsColour(path: "slide.txt"))
        var state = AppState()
        #expect(state.handle(.character("S"), model: WatchedRun.sumSquares.model) == [.snapshot])
    }

    @Test("names too long for their column lose their middle, not their end")
    func middleEllipsis() {
        #expect(TextWidth.middle("BINARY_OP_MULTIPLY_INT", to: 15) == "BINARY_…PLY_INT")
        #expect(TextWidth.middle("sum_squares:14", to: 10) == "sum_s…s:14")
        #expect(TextWidth.middle("short", to: 10) == "short")
        #expect(TextWidth.columns(of: TextWidth.middle("LOAD_ATTR_METHOD_WITH_VALUES", to: 12)) == 12)
    }

    @Test("? shows every key over the panes")
    func help() {
        let run = WatchedRun.sumSquares
        var state = AppState()
        _ = state.handle(.character("?"), model: run.model)
        let (canvas, _) = run.render(width: 120, height: 36, state: state)
        for key in HelpOverlay.keys { #expect(canvas.text.contains(key.1), "help is missing \(key.0)") }
    }
}

@Suite("Model")
struct ModelTests {
    @Test("output keeps an unfinished line as the last line and completes it when the rest arrives")
    func partialLines() {
        var log = OutputLog()
        log.append("10 2")
        #expect(log.lines.map(\.text) == ["10 2"])
        log.append("85\n1000")
        #expect(log.lines.map(\.text) == ["10 285", "1000"])
        log.append(" 332833500\n")
        #expect(log.lines.map(\.text) == ["10 285", "1000 332833500"])
        log.append("Traceback (most recent call last):\nZeroDivisionError: division by zero", isError: true)
        #expect(log.lines.last == OutputLog.Line(text: "ZeroDivisionError: division by zero", isError: true))
        log.append("after")
        #expect(log.lines.last?.text == "after")
    }

    @Test("the filtered timeline follows new events and a new filter")
    func filteredTimeline() {
        let run = WatchedRun(
            """
            def f(n):
                t = 0
                for i in range(n):
                    t += i
                return t

            print(f(100))

            """)
        let model = RunModel(listing: run.model.listing)
        func specialised(_ sequence: UInt64) -> Event {
            Event(
                sequence: sequence, timestamp: sequence,
                kind: .instructionSpecialized(
                    InstructionSpecialized(
                        site: InstructionSite(code: CodeReference(name: "f", firstLine: 1), offset: 9, line: 4),
                        from: "BINARY_OP", to: "BINARY_OP_ADD_INT", observedTypes: ["int", "int"], executions: 8)))
        }
        model.apply([specialised(1)])
        #expect(model.timeline(matching: "ADD_INT").count == 1)
        model.apply([specialised(2)])
        #expect(model.timeline(matching: "add_int").count == 2)
        #expect(model.timeline(matching: "FLOAT").isEmpty)
        #expect(model.timeline(matching: "").count == 2)
    }
}
