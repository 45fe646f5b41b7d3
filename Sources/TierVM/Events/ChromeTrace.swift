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

    /// The JSON document for `events` of the program at `path`.
    public static func json(for events: [Event], path: String) -> String {
        var items: [String] = [
            #"{"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":\#(quoted("tierscope " + path))}}"#
        ]
        for track in Track.allCases {
            items.append(
                #"{"name":"thread_name","ph":"M","pid":1,"tid":\#(track.rawValue),"args":{"name":\#(quoted(track.name))}}"#
            )
            items.append(
                #"{"name":"thread_sort_index","ph":"M","pid":1,"tid":\#(track.rawValue),"args":{"sort_index":\#(track.rawValue)}}"#
            )
        }
        var recordingStarts: [Int: UInt64] = [:]
        /// Where the next optimiser pass of a trace starts: the passes run one after another as soon as
        /// the recording ends, but are published together once they are done.
        var passCursor: [Int: UInt64] = [:]
        for event in events {
            let at = event.timestamp
            let line = EventLog.line(for: event)
            func slice(_ track: Track, _ name: String, from start: UInt64, to end: UInt64) {
                items.append(
                    #"{"name":\#(quoted(name)),"cat":\#(quoted(event.kind.kindName.rawValue)),"ph":"X","pid":1,"#
                        + #""tid":\#(track.rawValue),"ts":\#(micro(start)),"dur":\#(micro(max(end, start) - start)),"#
                        + #""args":{"event":\#(quoted(line))}}"#)
            }
            func mark(_ track: Track, _ name: String) {
                items.append(
                    #"{"name":\#(quoted(name)),"cat":\#(quoted(event.kind.kindName.rawValue)),"ph":"i","s":"t","#
                        + #""pid":1,"tid":\#(track.rawValue),"ts":\#(micro(at)),"args":{"event":\#(quoted(line))}}"#)
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
        return #"{"displayTimeUnit":"ns","traceEvents":["# + "\n" + items.joined(separator: ",\n") + "\n]}\n"
    }

    /// Nanoseconds as the format's microseconds, to the nanosecond.
    private static func micro(_ nanoseconds: UInt64) -> String {
        let fraction = String(nanoseconds % 1000)
        return "\(nanoseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// `text` as a JSON string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
