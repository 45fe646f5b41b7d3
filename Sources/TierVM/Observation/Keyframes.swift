import FoundationEssentials

/// The engine as it was right after one event of a recorded run: what a replay shows at that event,
/// and where it starts from to show any later one (the model at a cursor is the nearest keyframe at or
/// before it, plus the events after it).
public struct Keyframe: Sendable, Equatable {
    /// The event the snapshot was taken after.
    public var after: UInt64
    public var snapshot: EngineSnapshot
    /// How the run ended, on the last keyframe of a run that did.
    public var result: RecordedResult?

    public init(after: UInt64, snapshot: EngineSnapshot, result: RecordedResult? = nil) {
        self.after = after
        self.snapshot = snapshot
        self.result = result
    }
}

/// How a recorded run ended, as `RunResult` says it: the status and the report left on stderr.
public struct RecordedResult: Sendable, Codable, Equatable {
    public var exitStatus: Int32
    public var errorReport: String?
    public var errorSummary: String?
    public var cancelled: Bool

    public init(_ result: RunResult) {
        exitStatus = result.exitStatus
        errorReport = result.errorReport
        errorSummary = result.errorSummary
        cancelled = result.cancelled
    }

    public var runResult: RunResult {
        RunResult(exitStatus: exitStatus, errorReport: errorReport, errorSummary: errorSummary, cancelled: cancelled)
    }
}

/// Keyframes as lines of a recording, each one only what changed since the one before it: execution
/// counts in full (they change all the time), but an instruction's forms, misses and trace entries, and
/// a trace's micro-ops, only when they changed. A trace's body is written once, when it is recorded and
/// once more when it is optimised; after that a keyframe carries only its counters. That keeps a
/// keyframe after every event affordable.
///
/// The writer and the reader each keep the previous keyframe's state, so lines must be read in the order
/// they were written.
struct KeyframeCoder {
    private var functions: [FunctionState] = []
    /// Each trace's body as last written or read: every keyframe until the next body shares its arrays.
    private var bodies: [Int: KeyframeLine.TraceBody] = [:]

    /// The line for `keyframe`, without its line end.
    mutating func encode(_ keyframe: Keyframe) -> [UInt8] {
        let snapshot = keyframe.snapshot
        var line = KeyframeLine(
            nanoseconds: snapshot.nanoseconds, published: snapshot.eventsPublished, functions: [], traces: [],
            stop: snapshot.stop, finished: snapshot.finished ? true : nil, result: keyframe.result)
        for (index, function) in snapshot.functions.enumerated() {
            let previous = index < functions.count ? functions[index] : nil
            line.functions.append(
                KeyframeLine.Function(
                    counts: function.counts,
                    opnames: previous?.opnames == function.opnames ? nil : function.opnames,
                    misses: previous?.misses == function.misses ? nil : function.misses,
                    entries: previous?.traceEntries == function.traceEntries
                        ? nil : function.traceEntries.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }))
        }
        functions = snapshot.functions
        for trace in snapshot.traces {
            let body = KeyframeLine.TraceBody(trace)
            line.traces.append(
                KeyframeLine.Trace(
                    id: trace.id, runs: trace.runs, iterations: trace.iterations, taken: trace.exits.map(\.taken),
                    sideTraces: trace.exits.contains { $0.sideTrace != nil } ? trace.exits.map(\.sideTrace) : nil,
                    invalidation: trace.invalidation, compileNanoseconds: trace.compileNanoseconds,
                    body: bodies[trace.id] == body ? nil : body))
            bodies[trace.id] = body
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own plain value types cannot fail.
        let payload = try! encoder.encode(line)
        return Array("{\"keyframe\":\(keyframe.after),\"frame\":".utf8) + payload + [UInt8(ascii: "}")]
    }

    /// Why a keyframe line could not be read.
    struct Problem: Error {
        var reason: String
    }

    /// The keyframe a line holds, given the lines before it.
    mutating func decode(_ bytes: some Collection<UInt8>, decoder: JSONDecoder) throws -> Keyframe {
        let wrapped = try decoder.decode(KeyframeLine.Wrapped.self, from: Data(bytes))
        let line = wrapped.frame
        var states: [FunctionState] = []
        for (index, function) in line.functions.enumerated() {
            let previous = index < functions.count ? functions[index] : nil
            guard let opnames = function.opnames ?? previous?.opnames, let misses = function.misses ?? previous?.misses
            else { throw Problem(reason: "function \(index)'s instructions are missing") }
            let entries = function.entries.map { pairs in
                Dictionary(pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }, uniquingKeysWith: { $1 })
            }
            guard opnames.count == function.counts.count, misses.count == function.counts.count else {
                throw Problem(reason: "function \(index) has \(function.counts.count) counts but not as many forms")
            }
            states.append(
                FunctionState(
                    counts: function.counts, opnames: opnames, misses: misses,
                    traceEntries: entries ?? previous?.traceEntries ?? [:]))
        }
        functions = states
        var traces: [TraceSnapshot] = []
        for trace in line.traces {
            if let body = trace.body { bodies[trace.id] = body }
            guard let body = bodies[trace.id] else {
                throw Problem(reason: "trace \(trace.id) is used before its micro-ops are given")
            }
            guard body.exits.count == trace.taken.count else {
                throw Problem(reason: "trace \(trace.id) has \(body.exits.count) exits but \(trace.taken.count) counts")
            }
            traces.append(body.snapshot(trace))
        }
        let snapshot = EngineSnapshot(
            nanoseconds: line.nanoseconds, eventsPublished: line.published, functions: states, traces: traces,
            stop: line.stop, finished: line.finished ?? false)
        return Keyframe(after: wrapped.keyframe, snapshot: snapshot, result: line.result)
    }
}

/// A keyframe line's frame: the line is `{"keyframe":SEQUENCE,"frame":{...}}`, so that it says what it
/// is in its first bytes.
private struct KeyframeLine: Codable {
    struct Wrapped: Decodable {
        var keyframe: UInt64
        var frame: KeyframeLine
    }

    var nanoseconds: UInt64
    var published: UInt64
    var functions: [Function]
    var traces: [Trace]
    var stop: StopPoint?
    var finished: Bool?
    var result: RecordedResult?

    init(
        nanoseconds: UInt64, published: UInt64, functions: [Function], traces: [Trace], stop: StopPoint?,
        finished: Bool?, result: RecordedResult?
    ) {
        self.nanoseconds = nanoseconds
        self.published = published
        self.functions = functions
        self.traces = traces
        self.stop = stop
        self.finished = finished
        self.result = result
    }

    struct Function: Codable {
        var counts: [UInt64]
        /// Absent when unchanged since the previous keyframe, as are `misses` and `entries`.
        var opnames: [String]?
        var misses: [Int]?
        /// `[offset, trace]` pairs.
        var entries: [[Int]]?
    }

    /// What changes while a trace runs; `body` only when the trace is new or its micro-ops changed.
    struct Trace: Codable {
        var id: Int
        var runs: UInt64
        var iterations: UInt64
        var taken: [Int]
        var sideTraces: [Int?]?
        var invalidation: String?
        var compileNanoseconds: UInt64?
        var body: TraceBody?
    }

    struct Exit: Codable, Equatable {
        var target: Int
        var microOp: String
    }

    /// What a trace is once recorded and optimised: its micro-ops and exits.
    struct TraceBody: Codable, Equatable {
        var kind: String
        var parentTrace: Int?
        var parentExit: Int?
        var site: InstructionSite
        var entries: [TraceSnapshot.Entry]
        var recordedCount: Int
        var exits: [Exit]
        var passes: [String]

        init(_ trace: TraceSnapshot) {
            kind = trace.kind
            parentTrace = trace.parentTrace
            parentExit = trace.parentExit
            site = trace.site
            recordedCount = trace.recordedCount
            passes = trace.passes
            exits = trace.exits.map { Exit(target: $0.target, microOp: $0.microOp) }
            entries = trace.entries
        }

        func snapshot(_ state: Trace) -> TraceSnapshot {
            TraceSnapshot(
                id: state.id, kind: kind, parentTrace: parentTrace, parentExit: parentExit, site: site,
                entries: entries, recordedCount: recordedCount,
                exits: exits.enumerated().map { number, exit in
                    TraceSnapshot.Exit(
                        target: exit.target, microOp: exit.microOp, taken: state.taken[number],
                        sideTrace: state.sideTraces.flatMap { number < $0.count ? $0[number] : nil })
                },
                passes: passes, runs: state.runs, iterations: state.iterations, invalidation: state.invalidation,
                compileNanoseconds: state.compileNanoseconds)
        }
    }
}
