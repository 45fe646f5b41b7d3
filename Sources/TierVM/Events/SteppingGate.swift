import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Lets a person (or a test) hold the engine: pause, step one event, one bytecode instruction or one
/// micro-op at a time, run until an event of a chosen kind, run in slow motion, resume, or quit.
///
/// Event holds happen on the publishing (VM) thread after each event is delivered and outside the bus
/// lock, so a controller that subscribes, drains or quits while the engine is held can never deadlock
/// with it. Instruction and micro-op holds happen in the interpreters of a run that is observed
/// (`EngineOptions.observe`), which test `wantsStops` (one relaxed load) before each instruction.
public final class SteppingGate: @unchecked Sendable {
    public enum Mode: Sendable, Equatable {
        /// Everything passes.
        case running
        /// Hold at the next event, instruction or micro-op, whichever comes first.
        case paused
        /// Let the engine run to the next event, then hold.
        case stepping
        /// Let the engine run to the next bytecode instruction (a whole trace counts as one), then hold.
        case steppingInstruction
        /// Let the engine run to the next micro-op of a trace, then hold.
        case steppingMicroOp
        /// Let the engine run until an event of one of these kinds, then hold after it.
        case runningUntil(Set<EventKindName>)
        /// Let the engine run until an event about an instruction on this line of this code (any code
        /// when nil), then hold after it.
        case runningUntilLine(code: CodeReference?, line: Int)
        /// Never hold again; the run is being stopped.
        case quitting
    }

    /// Where the engine can be held.
    public enum HoldPoint: Sendable, Equatable {
        case event
        case instruction
        case microOp
    }

    private let condition = Condition()
    private var mode: Mode
    private var held: Event? = nil
    private var heldAt: HoldPoint? = nil
    private var finished = false
    private var slowMotion: UInt64 = 0
    /// Slow motion by instructions: the running engine waits this long before each bytecode
    /// instruction (a whole trace counts as one), 0 for none.
    private var instructionDelay: UInt64 = 0
    private let control: RunControl
    /// Whether instruction or micro-op holds may be wanted: read by the interpreters before every
    /// instruction, so it lives outside the lock.
    private let stops = Atomic<Bool>(false)
    /// How long the engine has spent held or waiting in slow motion, which the run's clock leaves out.
    private let heldTime = Atomic<UInt64>(0)
    /// Called on the engine's thread just before it is held, with where it is held (an observed run
    /// publishes a snapshot of itself there). Set before the run starts.
    public var beforeHold: (@Sendable (HoldPoint) -> Void)?
    /// Called on the engine's thread before each slow-motion wait, so that a viewer sees the engine as
    /// it is for the length of the wait (an observed run publishes a snapshot there). Set before the
    /// run starts.
    public var beforeSlowMotionWait: (@Sendable () -> Void)?
    /// Asked on the engine's thread about every event the gate sees, in order: true holds the engine
    /// after it whatever the mode (a presenter's stages). It may keep state of its own, since it sees
    /// each event once.
    private let breakpoint: (@Sendable (Event) -> Bool)?
    /// Called on the engine's thread after every event the gate sees, before it decides whether to
    /// hold (a recorder takes its keyframes there). Set before the run starts.
    public var afterEvent: (@Sendable (Event) -> Void)?

    /// `control` is asked to stop the run when the gate quits. `slowMotion` starts the run slowed
    /// down (see `setSlowMotion`); `breakpoint` picks events to hold after whatever the mode.
    public init(
        control: RunControl, startPaused: Bool = false, slowMotion: UInt64 = 0, instructionDelay: UInt64 = 0,
        breakpoint: (@Sendable (Event) -> Bool)? = nil
    ) {
        self.control = control
        self.slowMotion = slowMotion
        self.instructionDelay = instructionDelay
        self.breakpoint = breakpoint
        mode = startPaused ? .paused : .running
        stops.store(startPaused || instructionDelay > 0, ordering: .relaxed)
    }

    /// Whether the interpreters should offer instruction and micro-op holds.
    @inline(__always) public var wantsStops: Bool { stops.load(ordering: .relaxed) }

    /// Whether the engine should run traces micro-op by micro-op, offering a hold before each.
    public var wantsMicroOpStops: Bool {
        condition.withLock { mode == .paused || mode == .steppingMicroOp }
    }

    /// Called by the bus on the publishing thread: blocks while the gate says to hold after `event`.
    func hold(after event: Event) {
        afterEvent?(event)
        let standing = breakpoint?(event) ?? false
        let decision = condition.withLock { () -> Decision in
            if standing && mode != .quitting { return holdingHere() }
            switch mode {
            case .running:
                return slowMotion > 0 ? .wait(slowMotion) : .pass
            case .quitting, .steppingInstruction, .steppingMicroOp:
                return .pass
            case .paused, .stepping:
                return holdingHere()
            case .runningUntil(let kinds):
                return kinds.contains(event.kind.kindName) ? holdingHere() : .pass
            case .runningUntilLine(let code, let line):
                guard let site = event.kind.site, site.line == line, code == nil || site.code == code else {
                    return .pass
                }
                return holdingHere()
            }
        }
        carryOut(decision, at: .event, event: event)
    }

    /// Called by an interpreter before an instruction (or a micro-op) of an observed run: blocks while the
    /// gate says to hold there.
    public func hold(at point: HoldPoint) {
        let decision = condition.withLock { () -> Decision in
            switch (mode, point) {
            case (.paused, _), (.steppingInstruction, .instruction), (.steppingMicroOp, .microOp):
                return holdingHere()
            case (.running, .instruction) where instructionDelay > 0:
                return .wait(instructionDelay)
            default:
                return .pass
            }
        }
        carryOut(decision, at: point, event: nil)
    }

    /// What the engine does at a hold point, decided under the lock and carried out outside it.
    private enum Decision { case pass, wait(UInt64), hold }

    /// With the lock held: the engine stops here, and the gate stays paused until told otherwise.
    private func holdingHere() -> Decision {
        mode = .paused
        stops.store(true, ordering: .relaxed)
        return .hold
    }

    private func carryOut(_ decision: Decision, at point: HoldPoint, event: Event?) {
        switch decision {
        case .pass:
            return
        case .wait(let nanoseconds):
            beforeSlowMotionWait?()
            waitOut(nanoseconds)
        case .hold:
            beforeHold?(point)
            block(at: point, event: event)
        }
    }

    private func block(at point: HoldPoint, event: Event?) {
        let started = MonotonicClock.now()
        defer { heldTime.add(MonotonicClock.now() - started, ordering: .relaxed) }
        condition.withLock {
            // A mode change between deciding to hold and getting here releases the engine at once.
            guard mode == .paused else {
                held = nil
                return
            }
            held = event
            heldAt = point
            condition.broadcast()
            while mode == .paused { condition.wait() }
            held = nil
            heldAt = nil
            condition.broadcast()
        }
    }

    /// Slow motion: waits out the delay after an event, cut short by any change of mode.
    private func waitOut(_ nanoseconds: UInt64) {
        let started = MonotonicClock.now()
        defer { heldTime.add(MonotonicClock.now() - started, ordering: .relaxed) }
        let deadline = started + nanoseconds
        condition.withLock {
            let before = mode
            while mode == before && MonotonicClock.now() < deadline {
                if !condition.wait(until: deadline) { break }
            }
        }
    }

    /// Nanoseconds the engine has spent held or in slow-motion waits so far.
    public var heldNanoseconds: UInt64 { heldTime.load(ordering: .relaxed) }

    /// Where the engine is held, if it is.
    public var heldPoint: HoldPoint? { condition.withLock { heldAt } }

    /// The event the engine is held after, if it is held.
    public var heldEvent: Event? { condition.withLock { held } }

    public var currentMode: Mode { condition.withLock { mode } }

    public func pause() { set(.paused) }
    public func step() { set(.stepping) }
    public func stepInstruction() { set(.steppingInstruction) }
    public func stepMicroOp() { set(.steppingMicroOp) }
    public func resume() { set(.running) }
    public func run(until kinds: Set<EventKindName>) { set(.runningUntil(kinds)) }
    /// Runs until an event about an instruction on `line` of `code`.
    public func run(untilLine line: Int, in code: CodeReference?) { set(.runningUntilLine(code: code, line: line)) }

    /// Slow motion: after each event the running engine waits this long (0 runs at full speed).
    public func setSlowMotion(nanoseconds: UInt64) {
        condition.withLock {
            slowMotion = nanoseconds
            condition.broadcast()
        }
    }

    /// Slow motion by instructions: before each bytecode instruction the running engine waits this
    /// long (0 stops waiting).
    public func setInstructionDelay(nanoseconds: UInt64) {
        condition.withLock {
            instructionDelay = nanoseconds
            if mode == .running { stops.store(nanoseconds > 0, ordering: .relaxed) }
            condition.broadcast()
        }
    }

    /// Releases the engine for good and asks the run to stop at its next safe point.
    public func quit() {
        control.requestStop()
        set(.quitting)
    }

    private func set(_ newMode: Mode) {
        condition.withLock {
            if mode == .quitting { return }
            mode = newMode
            switch newMode {
            case .paused, .steppingInstruction, .steppingMicroOp: stops.store(true, ordering: .relaxed)
            // Instruction pacing needs the interpreters to offer a hold before every instruction.
            case .running: stops.store(instructionDelay > 0, ordering: .relaxed)
            default: stops.store(false, ordering: .relaxed)
            }
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
