import Foundation
import Testing

@testable import TierScopeUI
@testable import TierVM

/// Presenter mode: the engine stops by itself at each of a demo's stages, the banner narrates the stage
/// reached, and the pane that shows it comes forward, at 80x24 as well as on a large screen.
@Suite("Presenter mode")
struct PresenterTests {
    static func header(_ name: String) throws -> (String, DemoHeader) {
        let source = try String(
            contentsOf: DemoContractTests.directory.appendingPathComponent("\(name).py"), encoding: .utf8)
        return (source, try DemoHeader(source: source))
    }

    @Test("the engine holds after each stage's event in turn, and nowhere else", arguments: DemoContractTests.demos)
    func holdsAtEveryStage(_ file: String) throws {
        let (source, header) = try Self.header(String(file.dropLast(3)))
        let tracker = StageTracker(stages: header.stages)
        let launched = Engine.launch(
            source: source, path: file, breakpoint: { tracker.reaches($0) }, output: { _ in })
        guard case .success(let run) = launched else {
            Issue.record("\(file) does not compile")
            return
        }
        defer { run.stop() }
        var last: UInt64 = 0
        for (number, stage) in header.stages.enumerated() {
            let held = try #require(
                run.gate.waitUntilHeld(after: last, timeoutSeconds: 20), "\(file): never held at stage \(number + 1)")
            #expect(stage.isMet(by: held), "\(file): held after \(EventLog.line(for: held)), not at \(stage)")
            #expect(tracker.current.reached.count == number + 1)
            last = held.sequence
            run.gate.resume()
        }
        #expect(run.waitUntilFinished(timeoutSeconds: 20)?.exitStatus == 0)
        #expect(tracker.current.isComplete)
    }

    @Test("stages are found in a run's events by the same rule the live gate uses")
    func stageEventsOfARecordedRun() throws {
        let (_, header) = try Self.header("side_exit")
        let (_, events) = try DemoContractTests.run("side_exit.py")
        let sequences = StageProgress.stageEvents(of: header.stages, in: events)
        #expect(sequences.count == header.stages.count)
        #expect(sequences == sequences.sorted())
        for (sequence, stage) in zip(sequences, header.stages) {
            #expect(stage.isMet(by: events[Int(sequence) - 1]))
        }
    }

    static func presenting(_ name: String) throws -> AppState {
        var state = AppState()
        state.presenter = Presenter(name: name, header: try header(name).1)
        return state
    }

    @Test("the banner opens with the demo's title and how to begin, then narrates each stage reached")
    func banner() throws {
        let run = WatchedRun.sumSquares
        var state = try Self.presenting("sum_squares")
        let (opening, _) = run.render(width: 80, height: 24, state: state)
        let top = ScreenTests.rows(opening).prefix(4).joined(separator: "\n")
        #expect(top.contains("sum_squares: the seed example"))
        #expect(top.contains("stops by itself at each of its 6 stages"))
        #expect(ScreenTests.rows(opening)[4].hasPrefix("┌ Source"))  // the panes start below the banner

        let recorded = try #require(run.model.snapshot?.traces.first)
        let event = Event(
            sequence: 8, timestamp: 0,
            kind: .traceRecorded(
                TraceRecorded(
                    trace: recorded.id, site: recorded.site, microOps: [], ending: "_JUMP_TO_TOP", nanoseconds: 0)))
        state.present(stage: 3, reachedBy: event, model: run.model)
        #expect(state.focus == .trace)
        #expect(state.trace == recorded.id)
        #expect(state.line == recorded.site.line)
        let (third, _) = run.render(width: 80, height: 24, state: state)
        let narration = ScreenTests.rows(third).prefix(4).joined(separator: " ")
        #expect(narration.contains("Stage 3 of 6 · sum_squares"))
        #expect(narration.contains("Tier 2 records the loop as a trace of"))
        #expect(ScreenTests.rows(third)[4].hasPrefix("┌ Source"), "the banner's height changed between stages")
    }

    @Test("a stage at an optimiser pass shows the trace as that pass left it, its changes marked")
    func passStage() throws {
        let run = WatchedRun.sumSquares
        let trace = try #require(run.model.trace(0))
        let guardIndex = try #require(trace.entries.firstIndex { $0.removedBy?.pass == "guard elimination" })
        var state = try Self.presenting("sum_squares")
        let removed = GuardEliminated(
            trace: 0, index: guardIndex, guardName: trace.entries[guardIndex].microOp.name, operand: "",
            pass: "guard elimination", reason: "")
        state.present(
            stage: 5, reachedBy: Event(sequence: 9, timestamp: 0, kind: .guardEliminated(removed)), model: run.model)
        #expect(state.focus == .trace)
        #expect(state.passStep == trace.passes.firstIndex(of: "guard elimination")! + 1)
        #expect(state.microOp == guardIndex)
        let (canvas, _) = run.render(width: 80, height: 24, state: state)
        #expect(canvas.text.contains("after guard elimination"))
        // The next stage is about something else: the usual view again.
        let compiled = Event(
            sequence: 10, timestamp: 0,
            kind: .jitCompiled(JITCompiled(trace: 0, bytes: 0, ranges: [], holes: [], nanoseconds: 0)))
        state.present(stage: 6, reachedBy: compiled, model: run.model)
        #expect(state.passStep == nil)
        #expect(state.focus == .machineCode)
    }

    @Test("every stage's narration fits the banner whole at 80 columns")
    func narrationsFit() throws {
        for file in DemoContractTests.demos {
            let (_, header) = try Self.header(String(file.dropLast(3)))
            for stage in header.stages {
                let lines = PresenterBanner.wrap(stage.narration ?? "", to: 78)
                #expect(lines.count <= PresenterBanner.maximumLines, "\(file): \(stage) takes \(lines.count) lines")
            }
        }
    }

    @Test("P hides the banner and gives its rows back to the panes, and shows it again")
    func toggle() throws {
        var state = try Self.presenting("side_exit")
        let model = WatchedRun.sumSquares.model
        #expect(state.handle(.character("P"), model: model).isEmpty)
        #expect(state.presenter?.showsBanner == false)
        let (hidden, _) = WatchedRun.sumSquares.render(width: 80, height: 24, state: state)
        #expect(ScreenTests.rows(hidden)[0].hasPrefix("┌ Source"))
        _ = state.handle(.character("P"), model: model)
        #expect(state.presenter?.showsBanner == true)
        var plain = AppState()
        _ = plain.handle(.character("P"), model: model)
        #expect(plain.presenter == nil)
    }

    @Test("at 80x24 the stage's pane gets the larger share of the rows")
    func emphasis() {
        let plain = Layout.panes(width: 80, height: 20, zoomed: nil, top: 4)
        let onTrace = Layout.panes(width: 80, height: 24, zoomed: nil, inspector: .trace, top: 4, emphasis: .trace)
        let onCode = Layout.panes(width: 80, height: 24, zoomed: nil, inspector: .trace, top: 4, emphasis: .bytecode)
        #expect(onTrace[.trace]!.height > onCode[.trace]!.height)
        #expect(onCode[.bytecode]!.height > onTrace[.bytecode]!.height)
        #expect(onTrace[.source]!.y == 4)
        for rects in [plain, onTrace, onCode] {
            #expect(rects.values.allSatisfy { $0.maxY <= 22 }, "a pane runs into the detail line")
        }
    }

    @Test("the demos are found from the repository or beside the binary, in the workshop's order")
    func catalog() throws {
        let repository = DemoContractTests.directory.deletingLastPathComponent().path
        let fromRoot = try DemoCatalog.locate(currentDirectory: repository, executable: "/nowhere/tierscope")
        #expect(fromRoot.demos.count == DemoContractTests.demos.count)
        #expect(fromRoot.demos.first?.name == "specialize_families")
        #expect(fromRoot.demos.first?.title == "one loop per family of specialised instructions.")
        let beside = try DemoCatalog.locate(
            currentDirectory: "/", executable: repository + "/.build/x86_64-unknown-linux-gnu/release/tierscope")
        #expect(beside.directory == fromRoot.directory)
        let listing = fromRoot.listing(width: 80)
        #expect(listing.contains("  native_loop "))
        #expect(listing.split(separator: "\n").allSatisfy { $0.count < 80 })
        #expect(throws: DemoCatalog.Failure.self) {
            try DemoCatalog.locate(currentDirectory: "/", executable: "/nowhere/tierscope")
        }
        #expect(
            throws: DemoCatalog.Failure.unknown(name: "nope", known: fromRoot.demos.map(\.name))
        ) { try fromRoot.demo(named: "nope") }
        #expect(try fromRoot.demo(named: "Demos/side_exit.py").name == "side_exit")
        #expect(DemoCatalog.runningOrder("# order\nb\n\n  a  # first\n") == ["b", "a"])
    }
}
