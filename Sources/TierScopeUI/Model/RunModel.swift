import TierVM

#if canImport(Glibc)
import Glibc
#endif

/// The highest tier a line or instruction has run in.
public enum Tier: Int, Sendable, Comparable {
    case interpreter = 0
    case specialized = 1
    case traced = 2
    case jit = 3

    public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }

    public var badge: String {
        switch self {
        case .interpreter: "T0"
        case .specialized: "T1"
        case .traced: "T2"
        case .jit: "JIT"
        }
    }
}

/// Everything the UI knows about the run, built from the listing, the events and the snapshots it
/// was given; never from the engine's own objects. Lives on the UI thread.
public final class RunModel {
    public let listing: ProgramListing
    public private(set) var snapshot: EngineSnapshot?
    public internal(set) var timeline: [TimelineEntry] = [] {
        didSet { timelineVersion += 1 }
    }
    /// Events the UI's buffer had to drop (shown, never silently lost).
    public internal(set) var droppedEvents = 0
    public internal(set) var eventCount: UInt64 = 0
    public var output = OutputLog()
    public var result: RunResult?

    /// Per function: how often each instruction ran in any tier, and the tier it runs in now.
    public private(set) var heat: [[UInt64]] = []
    public private(set) var tiers: [[Tier?]] = []
    /// Per function: the highest tier each instruction has reached so far (a trace that was invalidated
    /// still counts: the line did run there, and so does a specialisation since undone). Worked out from
    /// the events and the latest snapshot alone, so that a replay at any event shows what the live run
    /// showed there, however the snapshots fell.
    public private(set) var highestTiers: [[Tier?]] = []
    /// Instructions that have been specialised at some point (`instructionSpecialized`), by function.
    public internal(set) var everSpecialized: [Set<Int>] = []
    /// Per source line (1-based index; index 0 unused): the highest count of its instructions, and the
    /// highest tier any of them reached.
    public private(set) var lineHeat: [UInt64] = []
    public private(set) var lineTier: [Tier?] = []
    public private(set) var hottest: UInt64 = 0
    /// Executions per tier, for the status bar: instructions in Tier 0 and Tier 1, trace iterations.
    public private(set) var tierTotals: [Tier: UInt64] = [:]

    /// Each compiled trace's `jitCompiled` event, by trace number, and the ones whose code was freed.
    public internal(set) var compiledTraces: [Int: JITCompiled] = [:]
    public internal(set) var freedTraces: Set<Int> = []
    /// The traces whose code the JIT's memory cap took: they go on in the micro-op interpreter.
    public internal(set) var evictedTraces: Set<Int> = []
    /// The latest recording that gave up, so that a run whose loops cannot be traced says why.
    public internal(set) var lastAbort: TraceAborted?
    /// Each trace as recorded, and what each optimiser pass reported on it: for the trace pane's step
    /// through the passes.
    public internal(set) var recordings: [Int: TraceRecorded] = [:]
    public internal(set) var passReports: [Int: [OptimizerPassRan]] = [:]
    /// Disassembled rows per trace (MachineCodeRows.swift).
    var machineCodeCache: [Int: [MachineCodeRow]] = [:]

    /// The timeline keeps its newest rows; older ones are dropped beyond this.
    static let timelineLimit = 20_000

    public init(listing: ProgramListing) {
        self.listing = listing
        heat = listing.functions.map { Array(repeating: 0, count: $0.instructions.count) }
        tiers = listing.functions.map { Array(repeating: nil, count: $0.instructions.count) }
        highestTiers = tiers
        everSpecialized = listing.functions.map { _ in [] }
        lineHeat = Array(repeating: 0, count: listing.lines.count + 2)
        lineTier = Array(repeating: nil, count: listing.lines.count + 2)
    }

    /// The timeline's rows that match a filter (`/`), kept until the timeline or the filter changes: the
    /// timeline pane and the keys ask for them every frame.
    public func timeline(matching filter: String) -> [TimelineEntry] {
        if filter.isEmpty { return timeline }
        if let cached = filtered, cached.filter == filter, cached.version == timelineVersion { return cached.rows }
        let needle = filter.lowercased()
        let rows = timeline.filter { $0.matches(lowercased: needle) }
        filtered = (filter, timelineVersion, rows)
        return rows
    }

    private var timelineVersion = 0
    private var filtered: (filter: String, version: Int, rows: [TimelineEntry])?

    public func apply(_ events: [Event]) {
        // In place: `timeline`'s observer does not read the old value, so appending copies nothing.
        for event in events {
            eventCount = max(eventCount, event.sequence)
            takeFacts(of: event)
            if let entry = TimelineEntry.from(event) { timeline.append(entry) }
        }
        if timeline.count > Self.timelineLimit { timeline.removeFirst(timeline.count - Self.timelineLimit) }
    }

    /// Whether `takeFacts` learns anything from the event: a replay replays only those. Beside it, so
    /// that the two lists stay one.
    static func tellsFacts(_ event: Event) -> Bool {
        switch event.kind {
        case .eventsDropped, .jitCompiled, .jitFreed, .jitEvicted, .traceAborted, .optimizerPass, .traceRecorded,
            .instructionSpecialized:
            true
        default: false
        }
    }

    /// What an event tells the model besides its timeline row.
    func takeFacts(of event: Event) {
        switch event.kind {
        case .eventsDropped(let e): droppedEvents += e.count
        case .jitCompiled(let e): compiledTraces[e.trace] = e
        case .jitFreed(let e): freedTraces.insert(e.trace)
        case .jitEvicted(let e):
            freedTraces.insert(e.trace)
            evictedTraces.insert(e.trace)
        case .traceAborted(let e): lastAbort = e
        case .optimizerPass(let e): passReports[e.trace, default: []].append(e)
        case .traceRecorded(let e): recordings[e.trace] = e
        case .instructionSpecialized(let e):
            if let f = functionIndex(of: e.site.code) { everSpecialized[f].insert(e.site.offset) }
        default: break
        }
    }

    /// Forgets what events told it, for a replay that rebuilds the model at another event.
    func forgetFacts() {
        droppedEvents = 0
        eventCount = 0
        compiledTraces = [:]
        freedTraces = []
        evictedTraces = []
        lastAbort = nil
        passReports = [:]
        recordings = [:]
        everSpecialized = listing.functions.map { _ in [] }
    }

    public func apply(_ snapshot: EngineSnapshot) {
        self.snapshot = snapshot
        recomputeHeat()
    }

    /// Takes a snapshot that may be none (a replay before the first keyframe).
    func replaceSnapshot(_ snapshot: EngineSnapshot?) {
        self.snapshot = snapshot
        for f in heat.indices {
            for i in heat[f].indices {
                heat[f][i] = 0
                tiers[f][i] = nil
            }
        }
        recomputeHeat()
    }

    /// The first line the module runs code on (its header comments skipped): where a selection starts.
    public var firstCodeLine: Int {
        listing.functions.first?.instructions.dropFirst().map(\.line).first { $0 > 0 } ?? 1
    }

    /// The function index of a code reference.
    public func functionIndex(of code: CodeReference) -> Int? {
        functionIndices[code]
    }

    private lazy var functionIndices: [CodeReference: Int] = Dictionary(
        listing.functions.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { first, _ in first })

    public func trace(_ id: Int) -> TraceSnapshot? {
        guard let traces = snapshot?.traces, id >= 0, id < traces.count else { return nil }
        return traces[id]
    }

    /// The innermost function whose instructions cover `line` (a function rather than the module when
    /// both do).
    public func function(atLine line: Int) -> Int {
        var best = 0
        var bestSpan = Int.max
        for (index, function) in listing.functions.enumerated() {
            let lines = function.instructions.map(\.line).filter { $0 > 0 }
            guard let low = lines.min(), let high = lines.max(), (low...high).contains(line),
                lines.contains(line)
            else { continue }
            let span = index == 0 ? Int.max - 1 : high - low
            if span < bestSpan {
                best = index
                bestSpan = span
            }
        }
        return best
    }

    /// Counts from the snapshot, plus each trace's iterations credited to every instruction it covers
    /// (once, however many of its micro-ops came from it): inside a trace, bytecode does not run, but it
    /// is what the trace does.
    private func recomputeHeat() {
        var totals: [Tier: UInt64] = [:]
        for f in highestTiers.indices {
            for i in highestTiers[f].indices {
                highestTiers[f][i] = everSpecialized[f].contains(i) ? .specialized : nil
            }
        }
        for (f, state) in (snapshot?.functions ?? []).enumerated() where f < heat.count {
            let instructions = listing.functions[f].instructions
            for i in instructions.indices where i < state.counts.count {
                heat[f][i] = state.counts[i]
                let specialized = state.opnames[i] != instructions[i].opname
                let tier: Tier? = state.counts[i] == 0 ? nil : (specialized ? .specialized : .interpreter)
                tiers[f][i] = tier
                if let tier { totals[tier, default: 0] += state.counts[i] }
            }
        }
        for trace in snapshot?.traces ?? [] {
            // A trace with native code runs in the JIT tier; one without, in the micro-op interpreter.
            let native = compiledTraces[trace.id] != nil && !freedTraces.contains(trace.id)
            let tier: Tier = native ? .jit : .traced
            // Its code may be gone (invalidated, evicted), but it ran natively while it was there.
            let reached: Tier = compiledTraces[trace.id] != nil ? .jit : .traced
            // An invalidated trace's iterations ran while it had its code; an evicted one's may not have.
            totals[evictedTraces.contains(trace.id) ? tier : reached, default: 0] += trace.iterations
            guard trace.iterations > 0 else { continue }
            var covered = Set<Int>()
            for entry in trace.entries where !Self.bookkeeping.contains(entry.microOp.name) {
                guard let code = entry.microOp.code, let f = functionIndex(of: code) else { continue }
                let i = entry.microOp.offset
                guard i < heat[f].count, covered.insert(f << 32 | i).inserted else { continue }
                heat[f][i] += trace.iterations
                if trace.isValid { tiers[f][i] = tier }
                highestTiers[f][i] = max(highestTiers[f][i] ?? reached, reached)
            }
        }
        tierTotals = totals
        for i in lineHeat.indices {
            lineHeat[i] = 0
            lineTier[i] = nil
        }
        hottest = 0
        for (f, function) in listing.functions.enumerated() {
            for (i, instruction) in function.instructions.enumerated() {
                let line = instruction.line
                guard line > 0 && line < lineHeat.count else { continue }
                lineHeat[line] = max(lineHeat[line], heat[f][i])
                if let tier = tiers[f][i] { highestTiers[f][i] = max(highestTiers[f][i] ?? tier, tier) }
                if let tier = highestTiers[f][i] { lineTier[line] = max(lineTier[line] ?? tier, tier) }
                hottest = max(hottest, heat[f][i])
            }
        }
    }

    /// Micro-ops that do none of their instruction's work. A function trace ends in `_EXIT_TRACE` at
    /// its RETURN (with `_SET_IP` and `_CHECK_VALIDITY` before it), and Tier 1 then runs that
    /// instruction and counts it: crediting the trace as well counted it twice.
    static let bookkeeping: Set<String> = [
        MicroOp._EXIT_TRACE.name, MicroOp._SET_IP.name, MicroOp._CHECK_VALIDITY.name, MicroOp._START_EXECUTOR.name,
    ]

    /// A count's heat between 0 and 1, on a log scale against the hottest instruction.
    public func level(_ count: UInt64) -> Double {
        guard count > 0, hottest > 0 else { return 0 }
        return min(1, log2(Double(count) + 1) / log2(Double(hottest) + 1))
    }
}

/// The program's output, as lines, with stderr (a traceback) marked.
public struct OutputLog: Sendable {
    public struct Line: Sendable, Equatable {
        public var text: String
        public var isError: Bool
    }

    /// Every line, the unfinished last one (output not yet ended by a newline) included.
    public private(set) var lines: [Line] = []
    /// Whether the last line is still unfinished.
    private var lastIsPartial = false
    /// Lines dropped from the front to keep `limit`.
    public private(set) var droppedLines = 0
    /// Every line the program printed, the dropped ones included.
    public var totalLines: Int { droppedLines + lines.count }
    static let limit = 10_000

    public init() {}

    /// A log that begins after `droppedLines` lines already gone (a replay rebuilding the log's tail).
    init(droppedLines: Int) {
        self.droppedLines = droppedLines
    }

    public mutating func append(_ text: String, isError: Bool = false) {
        var pending = text
        if lastIsPartial, let last = lines.popLast() { pending = last.text + pending }
        var pieces = pending.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rest = pieces.removeLast()
        for piece in pieces { lines.append(Line(text: piece, isError: isError)) }
        // A traceback always ends its line; program output may still be writing one.
        lastIsPartial = !rest.isEmpty && !isError
        if !rest.isEmpty { lines.append(Line(text: rest, isError: isError)) }
        if lines.count > Self.limit {
            droppedLines += lines.count - Self.limit
            lines.removeFirst(lines.count - Self.limit)
        }
    }

    /// How the Output pane's title counts them: "1 line", "100000 lines, the last 10000 kept".
    public var countText: String {
        droppedLines == 0
            ? Plural.of(lines.count, "line") : "\(totalLines) lines, the last \(lines.count) kept"
    }
}
