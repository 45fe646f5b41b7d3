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

    @Test("in slow motion every wait follows a fresh snapshot, output arrives as printed, and times leave waits out")
    func slowMotion() throws {
        let bus = EventBus()
        let log = EventCollector()
        bus.subscribe(log)
        let output = OutputCollector()
        let delay: UInt64 = 20_000_000
        let source = "for n in (10, 20):\n    print(n)\n" + Self.loop
        let started = MonotonicClock.now()
        guard
            case .success(let run) = Engine.launch(
                source: source, path: "slow.py", bus: bus, slowMotion: delay, output: { output.append($0) })
        else { fatalError("the test program does not compile") }
        // The first print is out long before the run ends.
        let deadline = MonotonicClock.now() + 10_000_000_000
        while !output.text.hasPrefix("10\n") && MonotonicClock.now() < deadline { usleep(2_000) }
        #expect(output.text.hasPrefix("10\n"))
        #expect(run.result == nil, "the slowed-down run should still be going")
        let snapshotsSoFar = run.latestSnapshot.number
        _ = try #require(run.waitUntilFinished(timeoutSeconds: 30))
        let wall = MonotonicClock.now() - started
        let events = log.all
        // A few events (the compile's) come before the gate is attached and wait for nothing; after
        // them, one snapshot before each wait at least, besides the final one.
        let waits = max(1, events.count - 5)
        #expect(run.latestSnapshot.number >= waits)
        #expect(snapshotsSoFar >= 1)
        // The waits took most of the wall time; the events' clock leaves them out.
        let waited = UInt64(waits) * delay
        #expect(wall >= waited)
        let last = try #require(events.last)
        #expect(last.timestamp < wall - waited / 2, "event times include the slow-motion waits")
        if case .programFinished(let end) = last.kind { #expect(end.nanoseconds < wall - waited / 2) }
    }

    @Test("paced by instructions, the engine waits before each one and the viewer sees it move")
    func instructionPace() throws {
        let source = "x = 0\nfor i in range(3):\n    x += i\nprint(x)\n"
        let started = MonotonicClock.now()
        guard
            case .success(let run) = Engine.launch(
                source: source, path: "paced.py", instructionDelay: 20_000_000, output: { _ in })
        else { fatalError("the test program does not compile") }
        let result = try #require(run.waitUntilFinished(timeoutSeconds: 30))
        #expect(result.exitStatus == 0)
        let wall = MonotonicClock.now() - started
        // Some twenty-odd instructions at 20 ms each, and a snapshot for the viewer along the way.
        #expect(wall >= 300_000_000, "\(wall) ns")
        #expect(run.latestSnapshot.number >= 10)
    }

    @Test("run to the next event at a line holds after the first event about that line")
    func runUntilLine() throws {
        let (run, _) = Self.launch(Self.loop, startPaused: true)
        run.gate.run(untilLine: 4, in: nil)
        let held = try #require(run.gate.waitUntilHeld())
        #expect(held.kind.site?.line == 4, "held after \(held.kind.kindName)")
        run.gate.resume()
        _ = run.waitUntilFinished()
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
