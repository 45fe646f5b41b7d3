// Measures the event bus: publishing throughput with 0, 1 and 3 subscribers, and with the recorder.
// Run it in release: swift run -c release bus-benchmark
import Dispatch
import Synchronization
import TierVM

#if canImport(Glibc)
import Glibc
#endif

/// A synchronous subscriber that only counts, so the figure is the bus's own cost.
final class Counter: SynchronousSubscriber, @unchecked Sendable {
    let count = Atomic<Int>(0)
    func receive(_ event: Event) { count.add(1, ordering: .relaxed) }
}

func measure(_ label: String, events: Int, setUp: (EventBus) -> (() -> Void)) {
    let bus = EventBus()
    let tearDown = setUp(bus)
    let payload = ProgramOutput(text: "1000 332833500\n")
    let start = MonotonicClock.now()
    for _ in 0..<events {
        bus.publish(.programOutput(payload))
    }
    let elapsed = Double(MonotonicClock.now() - start)
    tearDown()
    let perSecond = Double(events) / (elapsed / 1e9)
    let nanoseconds = elapsed / Double(events)
    print(
        label + String(repeating: " ", count: max(0, 44 - label.count))
            + "\(formatted(perSecond / 1e6)) M events/s   \(formatted(nanoseconds)) ns/event")
}

/// Two decimals, right-aligned in eight columns.
func formatted(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = String(hundredths % 100)
    let text = "\(hundredths / 100)." + (fraction.count < 2 ? "0" + fraction : fraction)
    return String(repeating: " ", count: max(0, 8 - text.count)) + text
}

print("event bus throughput (one thread publishing)")
measure("0 subscribers", events: 200_000_000) { _ in {} }
measure("1 synchronous subscriber", events: 5_000_000) { bus in
    bus.subscribe(Counter())
    return {}
}
measure("3 subscribers (2 synchronous, 1 buffered)", events: 5_000_000) { bus in
    bus.subscribe(Counter())
    bus.subscribe(Counter())
    let buffered = bus.subscribeBuffered(capacity: 1 << 16)
    let stop = Atomic<Bool>(false)
    let done = DispatchSemaphore(value: 0)
    // Drained every millisecond, as a UI drains once per frame (more often than it would).
    DispatchQueue.global().async {
        while !stop.load(ordering: .relaxed) {
            _ = buffered.drain()
            usleep(1000)
        }
        done.signal()
    }
    return {
        stop.store(true, ordering: .relaxed)
        done.wait()
    }
}
measure("recorder to /dev/null", events: 1_000_000) { bus in
    let header = RecordingHeader(options: EngineOptions(), path: "bench.py", source: "")
    let recorder = try! Recorder(path: "/dev/null", header: header)
    bus.subscribe(recorder)
    return { recorder.flush() }
}
