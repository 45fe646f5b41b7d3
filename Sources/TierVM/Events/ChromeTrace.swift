import FoundationEssentials

/// A run's events as Chrome's trace-event JSON (`--trace-json`), which Perfetto UI and chrome://tracing
/// open: one track per step of the pipeline, a slice for each trace recording, optimiser pass and
/// JIT compile, and a mark for each specialisation, exit, deoptimisation and invalidation. Times are
/// the engine's own (held and slow-motion time left out), in microseconds as the format wants.
public enum ChromeTrace {
    /// The tracks, in the order a viewer lists them.
    public enum Track: Int, CaseIterable, Sendable {
        case run, specialization, recording, optimizer, jit, exits

        public var name: String {
            switch self {
            case .run: "Run"
            case .specialization: "Tier 0 → 1: specialisation"
            case .recording: "Tier 2: trace recording"
            case .optimizer: "Tier 2: optimiser passes"
            case .jit: "JIT: native code"
            case .exits: "Exits, deoptimisation, invalidation"
            }
        }
    }

    /// One entry of the format's `traceEvents`: metadata (`M`), a slice (`X`) or a mark (`i`).
    private struct Item: Encodable {
        struct Args: Encodable {
            var name: String? = nil
            var sortIndex: Int? = nil
            var event: String? = nil

            enum CodingKeys: String, CodingKey {
                case name, event
                case sortIndex = "sort_index"
            }
        }
        var name: String
        var cat: String? = nil
        var ph: String
        var s: String? = nil
        var pid = 1
        var tid: Int
        /// Microseconds, as the format counts.
        var ts: Double? = nil
        var dur: Double? = nil
        var args: Args
    }

    private struct Document: Encodable {
        var displayTimeUnit = "ns"
        var traceEvents: [Item]
    }

    /// The JSON document for `events` of the program at `path`.
    public static func json(for events: [Event], path: String) -> String {
        var items = [Item(name: "process_name", ph: "M", tid: 0, args: .init(name: "tierscope " + path))]
        for track in Track.allCases {
            items.append(Item(name: "thread_name", ph: "M", tid: track.rawValue, args: .init(name: track.name)))
            items.append(
                Item(name: "thread_sort_index", ph: "M", tid: track.rawValue, args: .init(sortIndex: track.rawValue)))
        }
        var recordingStarts: [Int: UInt64] = [:]
        /// Where the next optimiser pass of a trace starts: the passes run one after another as soon as
        /// the recording ends, but are published together once they are done.
        var passCursor: [Int: UInt64] = [:]
        for event in events {
            let at = event.timestamp
            func slice(_ track: Track, _ name: String, from start: UInt64, to end: UInt64) {
                items.append(
                    Item(
                        name: name, cat: event.kind.kindName.rawValue, ph: "X", tid: track.rawValue,
                        ts: micro(start), dur: micro(max(end, start) - start),
                        args: .init(event: EventLog.line(for: event))))
            }
            func mark(_ track: Track, _ name: String) {
                items.append(
                    Item(
                        name: name, cat: event.kind.kindName.rawValue, ph: "i", s: "t", tid: track.rawValue,
                        ts: micro(at), args: .init(event: EventLog.line(for: event))))
            }
            switch event.kind {
            case .instructionSpecialized(let e): mark(.specialization, "\(e.from) → \(e.to)")
            case .instructionDespecialized(let e): mark(.specialization, "\(e.from) → \(e.to)")
            case .specializationFailed(let e): mark(.specialization, "\(e.instruction) stays generic")
            case .traceRecordingStarted(let e): recordingStarts[e.trace] = at
            case .traceRecorded(let e):
                slice(
                    .recording, "record trace \(e.trace)", from: recordingStarts[e.trace] ?? at - e.nanoseconds, to: at)
                passCursor[e.trace] = at
            case .traceAborted(let e):
                slice(.recording, "recording aborted", from: recordingStarts[e.trace] ?? at, to: at)
            case .optimizerPass(let e):
                let start = passCursor[e.trace] ?? at
                slice(.optimizer, "\(e.pass), trace \(e.trace)", from: start, to: start + e.nanoseconds)
                passCursor[e.trace] = start + e.nanoseconds
            case .jitCompiled(let e):
                slice(.jit, "compile trace \(e.trace)", from: at - min(at, e.nanoseconds), to: at)
            case .jitFreed(let e): mark(.jit, "trace \(e.trace) freed")
            case .jitEvicted(let e): mark(.jit, "trace \(e.trace) evicted")
            case .sideExit(let e): mark(.exits, "trace \(e.trace) exit \(e.exit)")
            case .sideTraceAttached(let e): mark(.exits, "exit \(e.exit) of trace \(e.parent) → trace \(e.trace)")
            case .deoptimized(let e): mark(.exits, "trace \(e.trace) deoptimised")
            case .traceInvalidated(let e): mark(.exits, "trace \(e.trace) invalidated")
            case .programFinished: slice(.run, "run", from: 0, to: at)
            case .error(let e): mark(.run, "\(e.type): \(e.message)")
            default: break
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding our own plain value types cannot fail.
        return String(decoding: try! encoder.encode(Document(traceEvents: items)), as: UTF8.self) + "\n"
    }

    /// Nanoseconds as the format's microseconds.
    private static func micro(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1000 }
}
