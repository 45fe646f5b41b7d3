import TierVM

/// One row of the tier timeline: a promotion or a fall back (or another step of the pipeline) as it
/// happened, in the words of the headless log.
public struct TimelineEntry: Sendable, Equatable {
    public enum Direction: Sendable, Equatable {
        /// Up a tier: specialised, traced, side trace attached, compiled.
        case promotion
        /// Down a tier or out of one: despecialised, aborted, side exit, deoptimised, invalidated.
        case fallBack
        /// Along the way: the optimiser's passes, recording started, the program's end.
        case neutral
        case error
    }

    public var sequence: UInt64
    public var nanoseconds: UInt64
    /// The event kind's name, what `/` filters on with the text.
    public var kind: String
    /// `T0→T1`, `T1→T2`, `T2→T1`, `opt`, ...
    public var tiers: String
    public var direction: Direction
    /// `sum_squares:13 @12`.
    public var location: String
    /// What happened and why.
    public var text: String
    /// The code object and instruction it is about, and the trace, for linking to the other panes.
    public var site: InstructionSite?
    public var trace: Int?
    /// The kind, tiers, location and text in lower case, made once so that filtering thousands of rows
    /// every frame does no case folding.
    private let searchText: String

    init(
        sequence: UInt64, nanoseconds: UInt64, kind: String, tiers: String, direction: Direction, location: String,
        text: String, site: InstructionSite?, trace: Int?
    ) {
        self.sequence = sequence
        self.nanoseconds = nanoseconds
        self.kind = kind
        self.tiers = tiers
        self.direction = direction
        self.location = location
        self.text = text
        self.site = site
        self.trace = trace
        searchText = [kind, tiers, location, text].joined(separator: "\u{0}").lowercased()
    }

    /// Whether `needle`, already in lower case, occurs in the kind, tiers, location or text.
    func matches(lowercased needle: String) -> Bool {
        needle.isEmpty || searchText.contains(needle)
    }

    /// Whether `filter` (case-insensitive) occurs in the kind, tiers, location or text.
    public func matches(_ filter: String) -> Bool { matches(lowercased: filter.lowercased()) }

    /// The timeline row for an event, or nil for events the timeline does not show (compile events,
    /// output, passes that changed nothing).
    public static func from(_ event: Event) -> TimelineEntry? {
        let (_, location, text) = EventLog.describe(event.kind)
        func entry(
            _ tiers: String, _ direction: Direction, site: InstructionSite? = nil, trace: Int? = nil
        )
            -> TimelineEntry
        {
            TimelineEntry(
                sequence: event.sequence, nanoseconds: event.timestamp, kind: event.kind.name, tiers: tiers,
                direction: direction, location: location, text: text, site: site, trace: trace)
        }
        switch event.kind {
        case .functionCompiled, .programOutput, .traceRecordingStarted:
            return nil
        case .instructionSpecialized(let e): return entry("T0→T1", .promotion, site: e.site)
        case .specializationFailed(let e): return entry("T0", .neutral, site: e.site)
        case .instructionDespecialized(let e): return entry("T1→T0", .fallBack, site: e.site)
        case .traceRecorded(let e): return entry("T1→T2", .promotion, site: e.site, trace: e.trace)
        // No trace to link to: an aborted recording never becomes one (its number goes to the next).
        case .traceAborted(let e): return entry("T1 ✗", .fallBack, site: e.site)
        case .optimizerPass(let e):
            guard !e.changes.isEmpty else { return nil }
            return entry("opt", .neutral, trace: e.trace)
        case .guardEliminated(let e): return entry("opt", .promotion, trace: e.trace)
        case .jitCompiled(let e): return entry("T2→JIT", .promotion, trace: e.trace)
        case .jitFreed(let e): return entry("JIT freed", .neutral, trace: e.trace)
        case .jitEvicted(let e): return entry("JIT→T2", .fallBack, trace: e.trace)
        case .sideExit(let e):
            return entry("T2→T1", e.isLoopEnd ? .neutral : .fallBack, site: e.site, trace: e.trace)
        case .sideTraceAttached(let e): return entry("T2+", .promotion, trace: e.trace)
        case .deoptimized(let e): return entry("T2→T1", .fallBack, site: e.site, trace: e.trace)
        case .traceInvalidated(let e): return entry("T2 ✗", .fallBack, trace: e.trace)
        case .programFinished: return entry("end", .neutral)
        case .error: return entry("error", .error)
        case .eventsDropped: return entry("!", .error)
        }
    }
}
