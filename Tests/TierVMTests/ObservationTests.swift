import Synchronization
import Testing

@testable import TierVM

#if canImport(Glibc)
import Glibc
#endif

/// A watched run: listings, execution counts, snapshots, and holds at events, instructions and micro-ops.
@Suite("Observed runs")
struct ObservationTests {
    static let loop = """
        def sum_squares(n):
            total = 0
            for i in range(n):
                total += i * i
            return total

        print(sum_squares(3000))

        """

    static func launch(
        _ source: String, startPaused: Bool = false, options: EngineOptions = EngineOptions()
    )
        -> (LiveRun, OutputCollector)
    {
        let output = OutputCollector()
        guard
            case .success(let run) = Engine.launch(
                source: source, path: "watched.py", options: options, startPaused: startPaused,
                output: { output.append($0) })
        else { fatalError("the test program does not compile") }
        return (run, output)
    }

    /// Polls until the engine is held at `point` (or the run ends), then returns the snapshot taken there.
    static func held(_ run: LiveRun, at point: SteppingGate.HoldPoint, after previous: Int) -> EngineSnapshot? {
        let deadline = MonotonicClock.now() + 10_000_000_000
        while MonotonicClock.now() < deadline {
            let (snapshot, number) = run.latestSnapshot
            if run.gate.heldPoint == point, number > previous, let snapshot, snapshot.stop != nil {
                return snapshot
            }
            if run.result != nil { return nil }
            usleep(500)
        }
        return nil
    }

    @Test("a finished run reports how often each instruction ran, its specialised forms and its traces")
    func countsAndForms() throws {
        let (run, output) = Self.launch(Self.loop)
        let result = try #require(run.waitUntilFinished())
        #expect(result.exitStatus == 0)
        #expect(output.text == "8995500500\n")
        let snapshot = try #require(run.latestSnapshot.snapshot)
        #expect(snapshot.finished)
        let index = try #require(run.listing.functions.firstIndex { $0.code.name == "sum_squares" })
        let function = run.listing.functions[index]
        let state = snapshot.functions[index]
        #expect(state.counts.count == function.instructions.count)
        // The loop ran in Tier 1 until it was traced, then in the trace, which counts its own iterations.
        let multiply = try #require(
            function.instructions.firstIndex { $0.opname == "BINARY_OP" && $0.argumentText == "*" })
        #expect(state.counts[multiply] >= 16)
        #expect(state.opnames[multiply] == "BINARY_OP_MULTIPLY_INT")
        let trace = try #require(snapshot.traces.first)
        #expect(trace.iterations + state.counts[multiply] >= 3000)
        #expect(state.traceEntries.values.contains(trace.id))
        #expect(run.listing.lines[3] == "        total += i * i")
    }

    @Test("paused at the start, the engine steps one instruction at a time, showing the frame")
    func instructionStepping() throws {
        let (run, _) = Self.launch(Self.loop, startPaused: true)
        defer { run.stop() }
        let first = try #require(Self.held(run, at: .instruction, after: 0))
        let firstStop = try #require(first.stop)
        #expect(firstStop.kind == .instruction)
        #expect(firstStop.site.code.name == "<module>")
        #expect(firstStop.site.offset == 0)
        var offsets = [firstStop.site.offset]
        var number = run.latestSnapshot.number
        for _ in 0..<3 {
            run.gate.stepInstruction()
            let next = try #require(Self.held(run, at: .instruction, after: number))
            number = run.latestSnapshot.number
            offsets.append(next.stop!.site.offset)
        }
        #expect(offsets == [0, 1, 2, 3])
    }

    @Test("inside a trace, the engine steps one micro-op at a time with the locals and the stack")
    func microOpStepping() throws {
        // Started held, or a loaded machine may record the trace before the test asks to stop there.
        let (run, _) = Self.launch(Self.loop, startPaused: true)
        defer { run.stop() }
        run.gate.run(until: [.traceRecorded])
        var number = run.latestSnapshot.number
        _ = try #require(Self.held(run, at: .event, after: number))
        number = run.latestSnapshot.number
        run.gate.stepMicroOp()
        let first = try #require(Self.held(run, at: .microOp, after: number))
        guard case .microOp(let trace, let index, let name, _) = first.stop!.kind else {
            Issue.record("held at \(first.stop!.kind), not at a micro-op")
            return
        }
        #expect(trace == 0)
        #expect(index == 0)
        #expect(name == "_START_EXECUTOR")
        #expect(first.stop!.locals.map(\.name) == ["n", "total", "i"])
        #expect(first.stop!.stack?.count == 1)  // the range iterator
        number = run.latestSnapshot.number
        run.gate.stepMicroOp()
        let second = try #require(Self.held(run, at: .microOp, after: number))
        guard case .microOp(_, let nextIndex, _, _) = second.stop!.kind else { return }
        #expect(nextIndex > index)
    }

    @Test("stopping a run that never ends takes effect promptly, even inside a trace")
    func stopInfiniteLoop() throws {
        let (run, _) = Self.launch("i = 0\nwhile True:\n    i += 1\n")
        usleep(50_000)
        run.stop()
        let result = try #require(run.waitUntilFinished(timeoutSeconds: 5))
        #expect(result.cancelled)
    }

    @Test("describing values for the stepping view runs no Python code")
    func describeRunsNoPython() throws {
        let source = """
            class Loud:
                def __repr__(self):
                    print("repr ran")
                    return "Loud()"

            def f(x):
                y = [x, (1, 2.5), "text", None]
                return y

            f(Loud())

            """
        let (run, output) = Self.launch(source, startPaused: true)
        defer { run.stop() }
        var number = 0
        var seen: [StopPoint.Value] = []
        for _ in 0..<200 {
            guard let snapshot = Self.held(run, at: .instruction, after: number) else { break }
            number = run.latestSnapshot.number
            if snapshot.stop!.site.code.name == "f", snapshot.stop!.locals.last?.repr != "<unbound>" {
                seen = snapshot.stop!.locals
                break
            }
            run.gate.stepInstruction()
        }
        #expect(seen.map(\.name) == ["x", "y"])
        #expect(seen.last?.repr == "[<Loud object>, (1, 2.5), 'text', None]")
        run.gate.resume()
        _ = run.waitUntilFinished()
        #expect(!output.text.contains("repr ran"))
    }
}
