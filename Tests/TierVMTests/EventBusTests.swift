import Dispatch
import Foundation
import Synchronization
import Testing

@testable import TierVM

/// Collects what a synchronous subscriber receives.
final class EventCollector: SynchronousSubscriber, @unchecked Sendable {
    private let events = Mutex<[Event]>([])
    func receive(_ event: Event) { events.withLock { $0.append(event) } }
    var all: [Event] { events.withLock { $0 } }
}

@Suite("Event bus")
struct EventBusTests {
    static func output(_ text: String) -> EventKind { .programOutput(ProgramOutput(text: text)) }

    @Test("with nobody listening, publishing does not even build the event")
    func freeWithoutListeners() {
        let bus = EventBus()
        let built = Mutex(0)
        for _ in 0..<1000 {
            bus.publish(
                {
                    built.withLock { $0 += 1 }
                    return Self.output("x")
                }())
        }
        #expect(built.withLock { $0 } == 0)
        #expect(bus.publishedCount == 0)
        bus.subscribe(EventCollector())
        bus.publish(Self.output("y"))
        #expect(bus.publishedCount == 1)
    }

    @Test("sequence numbers are gapless and every subscriber sees one order, across threads")
    func gaplessAcrossThreads() {
        let bus = EventBus()
        let first = EventCollector()
        let second = EventCollector()
        bus.subscribe(first)
        bus.subscribe(second)
        let buffered = bus.subscribeBuffered(capacity: 1 << 20)
        let threads = 4
        let perThread = 5000
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for i in 0..<perThread { bus.publish(Self.output("\(t):\(i)")) }
        }
        let total = threads * perThread
        let drained = buffered.drain()
        #expect(first.all.map(\.sequence) == Array(1...UInt64(total)))
        #expect(second.all == first.all)
        #expect(drained == first.all)
        #expect(zip(drained, drained.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
        // Each thread's own events keep their order.
        for t in 0..<threads {
            let mine = drained.compactMap { event -> Int? in
                guard case .programOutput(let o) = event.kind, o.text.hasPrefix("\(t):") else { return nil }
                return Int(o.text.dropFirst("\(t):".count))
            }
            #expect(mine == Array(0..<perThread))
        }
    }

    @Test("a buffered subscriber that falls behind is told exactly what it lost")
    func overflowAccounting() {
        let bus = EventBus()
        let buffered = bus.subscribeBuffered(capacity: 10)
        for i in 1...25 { bus.publish(Self.output("\(i)")) }
        let batch = buffered.drain()
        #expect(batch.count == 11)
        #expect(batch.prefix(10).map(\.sequence) == Array(1...10))
        guard case .eventsDropped(let dropped) = batch.last?.kind else {
            Issue.record("no report of the lost events")
            return
        }
        #expect(dropped == EventsDropped(count: 15, firstSequence: 11, lastSequence: 25))
        #expect(buffered.droppedCount == 15)
        for i in 26...28 { bus.publish(Self.output("\(i)")) }
        #expect(buffered.drain().map(\.sequence) == [26, 27, 28])
    }

    @Test("a loss in the middle is reported where it happened")
    func overflowThenRecovery() {
        let bus = EventBus()
        let buffered = bus.subscribeBuffered(capacity: 2)
        for i in 1...5 { bus.publish(Self.output("\(i)")) }
        #expect(buffered.drain().count == 3)
        bus.publish(Self.output("6"))
        bus.publish(Self.output("7"))
        bus.publish(Self.output("8"))
        let batch = buffered.drain()
        #expect(batch.map(\.sequence) == [6, 7, 8])
    }

    @Test("the engine tells what Tier 0 does: compiled code, output, errors, the end")
    func tierZeroEvents() {
        let bus = EventBus()
        let collector = EventCollector()
        bus.subscribe(collector)
        let source = "def f(x):\n    return 10 // x\nprint('a')\nprint(f(5))\nf(0)\n"
        let result = Engine.run(source: source, path: "e.py", bus: bus) { _ in }
        #expect(result.exitStatus == 1)
        let names = collector.all.map(\.kind.name)
        #expect(
            names == [
                "functionCompiled", "functionCompiled", "programOutput", "programOutput", "error", "programFinished",
            ])
        guard case .functionCompiled(let f) = collector.all[1].kind,
            case .programOutput(let second) = collector.all[3].kind,
            case .error(let error) = collector.all[4].kind,
            case .programFinished(let finished) = collector.all[5].kind
        else {
            Issue.record("unexpected event payloads")
            return
        }
        #expect(f.code == CodeReference(name: "f", firstLine: 1))
        #expect(f.locals == ["x"])
        #expect(second.text == "2\n")
        #expect(error.type == "ZeroDivisionError")
        #expect(error.traceback.map(\.line) == [5, 2])
        #expect(finished.exitStatus == 1 && !finished.cancelled)
    }

    @Test("a syntax error is an error event from the compile phase")
    func compileErrorEvent() {
        let bus = EventBus()
        let collector = EventCollector()
        bus.subscribe(collector)
        _ = Engine.run(source: "x = (1,\n", path: "s.py", bus: bus) { _ in }
        guard case .error(let error) = collector.all.first?.kind else {
            Issue.record("no error event")
            return
        }
        #expect(error.phase == .compile)
        #expect(error.message == "'(' was never closed")
        #expect(collector.all.last?.kind.name == "programFinished")
    }
}

@Suite("Stepping gate")
struct SteppingGateTests {
    /// Starts a run on another thread under a paused gate.
    static func start(_ source: String) -> (SteppingGate, DispatchSemaphore, ResultBox) {
        let bus = EventBus()
        let control = RunControl()
        let gate = SteppingGate(control: control, startPaused: true)
        bus.attach(gate)
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        DispatchQueue.global().async {
            box.result = Engine.run(source: source, path: "g.py", bus: bus, control: control) { _ in }
            gate.runFinished()
            done.signal()
        }
        return (gate, done, box)
    }

    final class ResultBox: @unchecked Sendable {
        var result: RunResult?
    }

    static let program = "def f():\n    return 1\nprint('one')\nprint('two')\nprint('three')\n"

    @Test("step releases the engine for exactly one event")
    func step() {
        let (gate, done, box) = Self.start(Self.program)
        #expect(gate.waitUntilHeld()?.sequence == 1)
        gate.step()
        let held = gate.waitUntilHeld(after: 1)
        #expect(held?.sequence == 2)
        #expect(held?.kind.name == "functionCompiled")
        gate.resume()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(box.result?.exitStatus == 0)
    }

    @Test("run until a kind holds after the first event of that kind")
    func runUntilKind() {
        let (gate, done, _) = Self.start(Self.program)
        let first = gate.waitUntilHeld()
        gate.run(until: [.programOutput])
        let held = gate.waitUntilHeld(after: first?.sequence ?? 0)
        guard case .programOutput(let output) = held?.kind else {
            Issue.record("not held at output: \(String(describing: held))")
            return
        }
        #expect(output.text == "one\n")
        gate.resume()
        #expect(done.wait(timeout: .now() + 10) == .success)
    }

    @Test("quitting while held ends the run cleanly, even a run that never ends by itself")
    func quitWhileHeld() {
        let (gate, done, box) = Self.start("print('start')\nwhile True:\n    pass\n")
        let first = gate.waitUntilHeld()
        gate.run(until: [.programOutput])
        #expect(gate.waitUntilHeld(after: first?.sequence ?? 0)?.kind.name == "programOutput")
        gate.quit()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(box.result?.cancelled == true)
        #expect(box.result?.exitStatus == 130)
    }

    @Test("quitting while the engine runs stops it at the next safe point")
    func quitWhileRunning() {
        let (gate, done, box) = Self.start("x = 0\nwhile True:\n    x += 1\n")
        _ = gate.waitUntilHeld()
        gate.resume()
        gate.quit()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(box.result?.cancelled == true)
    }
}
