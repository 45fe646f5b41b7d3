import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Receives every event on the publishing thread, in sequence order, while the bus is locked: it
/// must be quick and must not block (the recorder, the headless log).
public protocol SynchronousSubscriber: AnyObject, Sendable {
    func receive(_ event: Event)
}

/// The one channel from the engine to its observers. The engine publishes; the recorder, the
/// headless log, the stepping gate and the terminal UI subscribe. The engine never learns who listens.
///
/// Publishing costs one predictable branch while nobody listens: `publish` takes an autoclosure, so
/// no event is even built. With listeners, one lock orders sequence numbers, synchronous delivery and
/// the enqueueing into buffered subscribers, so every subscriber sees the same gapless order even
/// when several threads publish.
public final class EventBus: @unchecked Sendable {
    /// Read without the lock on every publish; written under it. A stale read at worst builds an
    /// event nobody receives or misses one published while the first subscriber was being added.
    private let listening: UnsafeMutablePointer<Bool>
    private let state = Mutex(State())
    private let clock: MonotonicClock
    /// Holds the publishing thread after events, outside the lock, when a debugger wants to step.
    private let gateSlot = Mutex<SteppingGate?>(nil)

    private struct State {
        var nextSequence: UInt64 = 1
        var synchronous: [SynchronousSubscriber] = []
        var buffered: [BufferedSubscriber] = []
    }

    public init(clock: MonotonicClock = MonotonicClock()) {
        self.clock = clock
        listening = .allocate(capacity: 1)
        listening.initialize(to: false)
    }

    deinit {
        listening.deallocate()
    }

    /// Whether anyone listens: code that would do real work to describe an event checks this first.
    @inline(__always) public var isListening: Bool { listening.pointee }

    /// Publishes an event built only if someone listens.
    @inline(__always) public func publish(_ kind: @autoclosure () -> EventKind) {
        if listening.pointee { deliver(kind()) }
    }

    /// Nanoseconds the stepping gate has held the engine or made it wait, if one is attached.
    public var heldNanoseconds: UInt64 { gateSlot.withLock { $0?.heldNanoseconds ?? 0 } }

    @inline(never)
    private func deliver(_ kind: EventKind) {
        let gate = gateSlot.withLock { $0 }
        let event = state.withLock { state -> Event in
            // Time since the run began, less the time a person held it or slowed it down, so that
            // event times read as the engine's own; read under the lock, so that they rise with
            // sequence numbers.
            let elapsed = clock.nanosecondsSinceStart
            let timestamp = elapsed - min(gate?.heldNanoseconds ?? 0, elapsed)
            let event = Event(sequence: state.nextSequence, timestamp: timestamp, kind: kind)
            state.nextSequence += 1
            for subscriber in state.synchronous { subscriber.receive(event) }
            for subscriber in state.buffered { subscriber.enqueue(event) }
            return event
        }
        gate?.hold(after: event)
    }

    /// The number of events published so far.
    public var publishedCount: UInt64 { state.withLock { $0.nextSequence - 1 } }

    public func subscribe(_ subscriber: SynchronousSubscriber) {
        state.withLock { state in
            state.synchronous.append(subscriber)
            listening.pointee = true
        }
    }

    /// A new subscriber whose events another thread drains; at most `capacity` wait at a time.
    public func subscribeBuffered(capacity: Int = 1 << 16) -> BufferedSubscriber {
        let subscriber = BufferedSubscriber(capacity: capacity)
        state.withLock { state in
            state.buffered.append(subscriber)
            listening.pointee = true
        }
        return subscriber
    }

    public func unsubscribe(_ subscriber: AnyObject) {
        state.withLock { state in
            state.synchronous.removeAll { $0 === subscriber }
            state.buffered.removeAll { $0 === subscriber }
            listening.pointee = !state.synchronous.isEmpty || !state.buffered.isEmpty || gateSlot.withLock { $0 != nil }
        }
    }

    /// Installs the stepping gate: from now on the publishing thread may be held after an event.
    public func attach(_ gate: SteppingGate) {
        gateSlot.withLock { $0 = gate }
        state.withLock { _ in listening.pointee = true }
    }
}

/// Nanoseconds since a run began, from the monotonic clock.
public struct MonotonicClock: Sendable {
    private let start: UInt64

    public init() {
        start = MonotonicClock.now()
    }

    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    public var nanosecondsSinceStart: UInt64 { MonotonicClock.now() - start }
}

/// Events waiting for a consumer on another thread (the terminal UI drains them each frame). The queue
/// is bounded: when it is full, newer events are dropped and counted, and the consumer receives an
/// `eventsDropped` event in their place, so a loss is never silent.
public final class BufferedSubscriber: @unchecked Sendable {
    private let queue: Mutex<Queue>
    public let capacity: Int

    private struct Queue {
        var events: [Event] = []
        /// The run of events lost since the consumer last heard of a loss.
        var dropped: EventsDropped? = nil
        var totalDropped = 0
    }

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        queue = Mutex(Queue())
    }

    func enqueue(_ event: Event) {
        queue.withLock { q in
            if q.events.count >= capacity {
                q.totalDropped += 1
                if q.dropped == nil {
                    q.dropped = EventsDropped(count: 0, firstSequence: event.sequence, lastSequence: event.sequence)
                }
                q.dropped!.count += 1
                q.dropped!.lastSequence = event.sequence
                return
            }
            if let dropped = q.dropped {
                // The report takes the lost events' place in the stream, before what follows them.
                q.events.append(
                    Event(sequence: dropped.firstSequence, timestamp: event.timestamp, kind: .eventsDropped(dropped)))
                q.dropped = nil
            }
            q.events.append(event)
        }
    }

    /// Everything waiting, oldest first. If events are being lost right now, a report of them ends
    /// the batch.
    public func drain() -> [Event] {
        queue.withLock { q in
            var batch = q.events
            q.events.removeAll(keepingCapacity: true)
            if let dropped = q.dropped {
                batch.append(
                    Event(
                        sequence: dropped.firstSequence, timestamp: batch.last?.timestamp ?? 0,
                        kind: .eventsDropped(dropped)))
                q.dropped = nil
            }
            return batch
        }
    }

    /// Events lost to overflow since the subscriber was created.
    public var droppedCount: Int { queue.withLock { $0.totalDropped } }
}
