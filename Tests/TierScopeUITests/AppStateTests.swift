import Testing

@testable import TierScopeUI
@testable import TierVM

/// The UI as a state machine: keys in, state and engine commands out, no terminal involved.
@Suite("Keys and selection")
struct AppStateTests {
    let model = WatchedRun.sumSquares.model

    @Test("space pauses and resumes; n, b and u step by event, instruction and micro-op")
    func runControl() {
        var state = AppState()
        #expect(state.handle(.character(" "), model: model) == [.pause])
        #expect(state.runState == .paused)
        #expect(state.handle(.character(" "), model: model) == [.resume])
        #expect(state.handle(.character("n"), model: model) == [.stepEvent])
        #expect(state.handle(.character("b"), model: model) == [.stepInstruction])
        #expect(state.handle(.character("u"), model: model) == [.stepMicroOp])
        #expect(state.runState == .stepping)
        state.runState = .finished
        #expect(state.handle(.character(" "), model: model).isEmpty)
        #expect(state.handle(.character("n"), model: model).isEmpty)
    }

    @Test("- slows the engine down step by step and + speeds it back up")
    func speed() {
        var state = AppState()
        #expect(state.handle(.character("+"), model: model).isEmpty)
        #expect(state.handle(.character("-"), model: model) == [.slowMotion(nanoseconds: 2_000_000)])
        #expect(state.handle(.character("-"), model: model) == [.slowMotion(nanoseconds: 10_000_000)])
        #expect(state.handle(.character("+"), model: model) == [.slowMotion(nanoseconds: 2_000_000)])
        for _ in 0..<10 { _ = state.handle(.character("-"), model: model) }
        #expect(state.slowMotion == AppState.slowMotionDelays.last)
    }

    @Test("paced by instructions, - and + halve and double the rate, up to full speed")
    func instructionPace() {
        var state = AppState()
        state.instructionDelay = 1_000_000
        #expect(state.handle(.character("-"), model: model) == [.instructionDelay(nanoseconds: 2_000_000)])
        #expect(state.handle(.character("+"), model: model) == [.instructionDelay(nanoseconds: 1_000_000)])
        for _ in 0..<20 { _ = state.handle(.character("+"), model: model) }
        #expect(state.instructionDelay == 0)
        #expect(state.handle(.character("-"), model: model) == [.slowMotion(nanoseconds: 2_000_000)])
    }

    @Test("1 to 5 run to the next event of a kind, . to the next event at the selected line")
    func breakpoints() {
        var state = AppState()
        #expect(state.handle(.character("2"), model: model) == [.runUntil([.sideExit, .deoptimized])])
        #expect(state.runState == .stepping)
        state.select(line: 4, model: model)
        #expect(state.handle(.character("."), model: model) == [.runUntilLine(4)])
        state.runState = .finished
        #expect(state.handle(.character("4"), model: model).isEmpty)
    }

    @Test("Tab and Shift-Tab cycle the focus through every pane")
    func focus() {
        var state = AppState()
        var seen: [PaneID] = [state.focus]
        for _ in 0..<PaneID.allCases.count - 1 {
            _ = state.handle(.tab, model: model)
            seen.append(state.focus)
        }
        #expect(Set(seen) == Set(PaneID.allCases))
        _ = state.handle(.tab, model: model)
        #expect(state.focus == .source)
        _ = state.handle(.backTab, model: model)
        #expect(state.focus == PaneID.allCases.last)
    }

    @Test("selecting a source line selects its function, instruction and the trace covering it")
    func linkedSelection() throws {
        var state = AppState()
        state.select(line: 4, model: model)
        let function = model.listing.functions[state.function]
        #expect(function.code.name == "sum_squares")
        #expect(function.instructions[state.instruction].line == 4)
        let trace = try #require(state.trace.flatMap { model.trace($0) })
        #expect(trace.entries[state.microOp].microOp.offset == state.instruction)
        // And back: a micro-op selects its instruction and line.
        state.focus = .trace
        state.select(microOp: 0, model: model)
        #expect(state.line == trace.site.line)
    }

    @Test("j and k move the focused pane's selection; the linked panes follow")
    func movement() {
        var state = AppState()
        state.followHottest = true
        _ = state.handle(.character("j"), model: model)
        #expect(!state.followHottest)
        #expect(state.line == 2)
        state.focus = .bytecode
        _ = state.handle(.character("G"), model: model)
        let instructions = model.listing.functions[state.function].instructions
        #expect(state.instruction == instructions.count - 1)
        #expect(state.line == instructions.last!.line)
    }

    @Test("? opens help and any key closes it; q quits, from help too; Ctrl-C quits")
    func helpAndQuit() {
        var state = AppState()
        _ = state.handle(.character("?"), model: model)
        #expect(state.showHelp)
        _ = state.handle(.character("j"), model: model)
        #expect(!state.showHelp)
        _ = state.handle(.character("?"), model: model)
        _ = state.handle(.character("q"), model: model)
        #expect(state.quit)
        var other = AppState()
        _ = other.handle(.character("\u{3}"), model: model)
        #expect(other.quit)
    }

    @Test("/ edits the timeline filter: typed text, backspace, Esc clears, Enter keeps")
    func filter() {
        var state = AppState()
        _ = state.handle(.character("/"), model: model)
        #expect(state.editingFilter && state.focus == .timeline)
        for c in "trac" { _ = state.handle(.character(c), model: model) }
        _ = state.handle(.backspace, model: model)
        #expect(state.filter == "tra")
        _ = state.handle(.character("q"), model: model)
        #expect(!state.quit)
        _ = state.handle(.escape, model: model)
        #expect(state.filter.isEmpty && !state.editingFilter)
    }

    @Test("a second / starts a new filter instead of adding to the kept one")
    func newFilter() {
        var state = AppState()
        for key in [Key.character("/"), .character("j"), .character("i"), .character("t"), .enter] {
            _ = state.handle(key, model: model)
        }
        #expect(state.filter == "jit" && !state.editingFilter)
        for key in [Key.character("/"), .character("e"), .character("x")] { _ = state.handle(key, model: model) }
        #expect(state.filter == "ex")
    }

    @Test("the output counts every line printed, also past the lines it keeps")
    func outputCount() {
        var log = OutputLog()
        log.append("one\n")
        #expect(log.countText == "1 line")
        log.append(String(repeating: "x\n", count: 100_000))
        #expect(log.countText == "100001 lines, the last 10000 kept")
    }

    @Test("a click focuses the pane under the mouse and selects the row")
    func mouse() {
        let run = WatchedRun.sumSquares
        let (_, drawn) = run.render(width: 120, height: 36)
        var state = drawn
        let source = state.paneRects[.source]!
        state.focus = .output
        _ = state.handle(.mouse(MouseEvent(x: source.x + 5, y: source.y + 3, kind: .press)), model: run.model)
        #expect(state.focus == .source)
        #expect(state.line == 3 + (state.scroll[.source] ?? 0))
    }

    @Test("[ and ] step through the traces, t cycles themes, o cycles what a trace shows")
    func traceAndTheme() {
        var state = AppState()
        state.themeCount = 5
        _ = state.handle(.character("]"), model: model)
        #expect(state.trace == 0 && state.focus == .trace)
        _ = state.handle(.character("t"), model: model)
        #expect(state.themeIndex == 1)
        let trace = model.trace(0)!
        #expect(state.traceView == .changes)
        #expect(state.visibleMicroOps(trace).contains { trace.entries[$0].microOp.uop == ._GUARD_BOTH_INT })
        #expect(
            !state.visibleMicroOps(trace).contains {
                !trace.entries[$0].isLive && trace.entries[$0].microOp.uop == ._SET_IP
            })
        _ = state.handle(.character("o"), model: model)
        #expect(state.visibleMicroOps(trace).count == trace.optimized.count)
        _ = state.handle(.character("o"), model: model)
        #expect(state.visibleMicroOps(trace).count == trace.entries.count)
    }
}
