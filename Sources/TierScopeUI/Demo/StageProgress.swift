import Synchronization
import TierVM

/// How far a run has got through a demo's stages: fed the run's events in order, it says which event
/// reaches the next stage. The same rule places stages live (on the engine's thread, through
/// `StageTracker`) and in a recording (`stageEvents(in:)`), so a replay stops where the live run did.
public struct StageProgress: Sendable, Equatable {
    public let stages: [DemoHeader.Expectation]
    /// The events that reached each stage so far, in order.
    public private(set) var reached: [Event] = []

    public init(stages: [DemoHeader.Expectation]) {
        self.stages = stages
    }

    /// Takes the next event of the run; true when it reaches the next stage.
    public mutating func advance(with event: Event) -> Bool {
        guard reached.count < stages.count, stages[reached.count].isMet(by: event) else { return false }
        reached.append(event)
        return true
    }

    /// The stage reached last, as an index into `stages`.
    public var current: Int? { reached.isEmpty ? nil : reached.count - 1 }

    public var isComplete: Bool { reached.count == stages.count }

    /// The sequence number of the event that reaches each stage a run of `events` reaches.
    public static func stageEvents(of stages: [DemoHeader.Expectation], in events: [Event]) -> [UInt64] {
        var progress = StageProgress(stages: stages)
        for event in events where !progress.isComplete { _ = progress.advance(with: event) }
        return progress.reached.map(\.sequence)
    }
}

/// A demo's stages as a live run reaches them: the stepping gate tells it every event on the engine's
/// thread (and holds the engine where a stage is reached); the UI reads how far the run has got.
public final class StageTracker: Sendable {
    private let progress: Mutex<StageProgress>

    public init(stages: [DemoHeader.Expectation]) {
        progress = Mutex(StageProgress(stages: stages))
    }

    /// For the gate: whether `event` reaches the next stage (and the engine should be held after it).
    @Sendable public func reaches(_ event: Event) -> Bool {
        progress.withLock { $0.advance(with: event) }
    }

    /// How far the run has got.
    public var current: StageProgress { progress.withLock { $0 } }
}
