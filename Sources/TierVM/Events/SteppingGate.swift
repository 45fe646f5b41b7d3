import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Lets a person (or a test) hold the engine after an event: pause, step one event at a time, run until
/// an event of a chosen kind, resume, or quit. It runs on the publishing (VM) thread after each event
/// is delivered and outside the bus lock, so a controller that subscribes, drains or quits while the
/// engine is held can never deadlock with it.
public final class SteppingGate: @unchecked Sendable {
    public enum Mode: Sendable, Equatable {
        /// Events pass.
        case running
        /// Hold after the next event.
        case paused
        /// Let the engine run to the next event, then hold.
        case stepping
        /// Let the engine run until an event of one of these kinds, then hold after it.
        case runningUntil(Set<EventKindName>)
        /// Never hold again; the run is being stopped.
        case quitting
    }

    private let condition = Condition()
    private var mode: Mode
    private var held: Event? = nil
    private var finished = false
    private let control: RunControl

    /// `control` is asked to stop the run when the gate quits.
    public init(control: RunControl, startPaused: Bool = false) {
        self.control = control
        mode = startPaused ? .paused : .running
    }

    /// Called by the bus on the publishing thread: blocks while the gate says to hold after `event`.
    func hold(after event: Event) {
        condition.withLock {
            switch mode {
            case .running, .quitting:
                return
            case .paused, .stepping:
                mode = .paused
            case .runningUntil(let kinds):
                guard kinds.contains(event.kind.kindName) else { return }
                mode = .paused
            }
            held = event
            condition.broadcast()
            while mode == .paused { condition.wait() }
            held = nil
            condition.broadcast()
        }
    }

    /// The event the engine is held after, if it is held.
    public var heldEvent: Event? { condition.withLock { held } }

    public var currentMode: Mode { condition.withLock { mode } }

    public func pause() { set(.paused) }
    public func step() { set(.stepping) }
    public func resume() { set(.running) }
    public func run(until kinds: Set<EventKindName>) { set(.runningUntil(kinds)) }

    /// Releases the engine for good and asks the run to stop at its next safe point.
    public func quit() {
        control.requestStop()
        set(.quitting)
    }

    private func set(_ newMode: Mode) {
        condition.withLock {
            if mode == .quitting { return }
            mode = newMode
            condition.broadcast()
        }
    }

    /// Called when the run ends, so a controller waiting for the engine to be held stops waiting.
    public func runFinished() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    /// Waits until the engine is held after an event later than `sequence` (returning it), or the run
    /// has finished or the timeout passed (nil).
    public func waitUntilHeld(after sequence: UInt64 = 0, timeoutSeconds: Double = 10) -> Event? {
        let deadline = MonotonicClock.now() + UInt64(timeoutSeconds * 1e9)
        return condition.withLock {
            while (held?.sequence ?? 0) <= sequence && !finished {
                if !condition.wait(until: deadline) { break }
            }
            guard let held, held.sequence > sequence else { return nil }
            return held
        }
    }
}

/// Asks a run to stop from another thread. The engine checks at its next safe point (within a
/// fraction of a millisecond of loop iterations), unwinds, and ends the run as cancelled.
public final class RunControl: Sendable {
    private let stop = Atomic<Bool>(false)

    public init() {}

    public func requestStop() { stop.store(true, ordering: .relaxed) }
    public var stopRequested: Bool { stop.load(ordering: .relaxed) }
}

/// A mutex with a condition variable (POSIX), for the gate's waiting.
final class Condition: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let cond: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        cond = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(cond, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a broadcast; the mutex must be held.
    func wait() { pthread_cond_wait(cond, mutex) }

    /// Waits for a broadcast until a monotonic deadline; false when the deadline passed.
    func wait(until deadline: UInt64) -> Bool {
        var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        return pthread_cond_timedwait(cond, mutex, &time) == 0
    }

    func broadcast() { pthread_cond_broadcast(cond) }
}
