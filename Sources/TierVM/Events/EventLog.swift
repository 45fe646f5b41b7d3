/// The headless log: one line per event, readable and greppable, in the spirit of LuaJIT's `-jv`:
///
///     [   0.412 ms]    12 specialized      sum_squares:13 @12   BINARY_OP -> BINARY_OP_MULTIPLY_INT  (int, int; 8 runs)
///
/// time since the run began, sequence number, what happened, where (function:line and the
/// instruction's offset), what changed, and why.
public enum EventLog {
    public static func line(for event: Event) -> String {
        let (label, location, message) = describe(event.kind)
        let milliseconds = Double(event.timestamp) / 1e6
        let time = "[" + fixed(milliseconds, decimals: 3).padLeft(10) + " ms]"
        return "\(time) \(String(event.sequence).padLeft(5)) \(label.padRight(14)) \(location.padRight(24)) \(message)"
    }

    /// A short label, the location, and what happened with why.
    public static func describe(_ kind: EventKind) -> (String, String, String) {
        switch kind {
        case .functionCompiled(let e):
            let locals = e.locals.isEmpty ? "" : ", locals " + e.locals.joined(separator: " ")
            return (
                "compiled", "\(e.code.name):\(e.code.firstLine)",
                "\(e.codeKind), \(e.instructions) instructions, stack \(e.stackSize)\(locals)  (\(duration(e.nanoseconds)))"
            )
        case .programOutput(let e):
            return ("output", "", quotedPreview(e.text))
        case .programFinished(let e):
            let how = e.cancelled ? "stopped from outside" : "exit status \(e.exitStatus)"
            return ("finished", "", "\(how) after \(duration(e.nanoseconds))")
        case .error(let e):
            let place = e.traceback.last.map { "\($0.function):\($0.line)" } ?? ""
            let text = e.message.isEmpty ? e.type : "\(e.type): \(e.message)"
            return ("error", place, "\(text)  (\(e.phase == .compile ? "while compiling" : "uncaught"))")
        case .instructionSpecialized(let e):
            return (
                "specialized", site(e.site),
                "\(e.from) -> \(e.to)  ("
                    + (e.observedTypes.isEmpty ? "" : e.observedTypes.joined(separator: ", ") + "; ")
                    + "\(e.executions) runs)"
            )
        case .specializationFailed(let e):
            return ("no specialization", site(e.site), "\(e.instruction)  (\(e.reason); retry after \(e.retryAfter))")
        case .instructionDespecialized(let e):
            return (
                "despecialized", site(e.site),
                "\(e.from) -> \(e.to)  (\(e.reason); \(e.misses) misses; retry after \(e.retryAfter))"
            )
        case .traceRecordingStarted(let e):
            let why: String
            switch e.trigger {
            case .hotLoop: why = "hot loop"
            case .hotFunction: why = "hot function"
            case .hotExit(let parent, let exit): why = "hot exit \(exit) of trace \(parent)"
            }
            return ("recording", site(e.site), "trace \(e.trace)  (\(why))")
        case .traceRecorded(let e):
            return (
                "recorded", site(e.site),
                "trace \(e.trace): \(e.microOps.count) micro-ops, ends in \(e.ending)  (\(duration(e.nanoseconds)))"
            )
        case .traceAborted(let e):
            return (
                "aborted", site(e.site),
                "recording given up at @\(e.at.offset)  (\(e.reason); retry after \(e.retryAfter))"
            )
        case .optimizerPass(let e):
            return (
                "pass", "trace \(e.trace)",
                "\(e.pass): \(e.microOpsBefore) -> \(e.microOpsAfter) micro-ops, \(e.changes.count) changes  (\(duration(e.nanoseconds)))"
            )
        case .guardEliminated(let e):
            let operand = e.operand.isEmpty ? "" : " \(e.operand)"
            return (
                "guard removed", "trace \(e.trace) #\(e.index)", "\(e.guardName)\(operand)  (\(e.pass): \(e.reason))"
            )
        case .jitCompiled(let e):
            return (
                "jit", "trace \(e.trace)",
                "\(e.codeBytes) bytes of code, \(e.dataBytes) of data at 0x\(String(e.address, radix: 16)), "
                    + "\(e.ranges.count) stencils, \(e.holes.count) holes patched  (\(duration(e.nanoseconds)))"
            )
        case .jitFreed(let e):
            return ("jit freed", "trace \(e.trace)", "\(e.bytes) bytes")
        case .jitEvicted(let e):
            return ("jit evicted", "trace \(e.trace)", "\(e.bytes) bytes  (\(e.reason))")
        case .sideExit(let e):
            // A loop that runs out leaves its trace as designed; every other exit is a guard that failed.
            let why = e.isLoopEnd ? "the loop ran out" : "\(e.guardName) failed"
            return ("side exit", site(e.site), "trace \(e.trace) exit \(e.exit)  (\(why); \(Plural.times(e.count)))")
        case .sideTraceAttached(let e):
            return ("side trace", "trace \(e.parent)", "exit \(e.exit) -> trace \(e.trace)")
        case .deoptimized(let e):
            return ("deoptimized", site(e.site), "trace \(e.trace)  (\(e.reason))")
        case .traceInvalidated(let e):
            return ("invalidated", "trace \(e.trace)", "(\(e.reason))")
        case .eventsDropped(let e):
            return (
                "dropped", "",
                "\(e.count) events lost (#\(e.firstSequence)-#\(e.lastSequence)): the subscriber fell behind"
            )
        }
    }

    private static func site(_ s: InstructionSite) -> String { "\(s.code.name):\(s.line) @\(s.offset)" }

    static func duration(_ nanoseconds: UInt64) -> String {
        if nanoseconds < 10_000 { return "\(nanoseconds) ns" }
        if nanoseconds < 10_000_000 { return fixed(Double(nanoseconds) / 1e3, decimals: 1) + " µs" }
        return fixed(Double(nanoseconds) / 1e6, decimals: 1) + " ms"
    }

    private static func fixed(_ value: Double, decimals: Int) -> String {
        printfDouble(value, conversion: "f", precision: decimals)
    }

    /// Output as a quoted, escaped preview that fits on the line.
    private static func quotedPreview(_ text: String) -> String {
        var preview = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": preview += "\\n"
            case "\t": preview += "\\t"
            case "\"": preview += "\\\""
            case "\\": preview += "\\\\"
            default: preview.unicodeScalars.append(scalar)
            }
            if preview.count > 60 {
                preview += "..."
                break
            }
        }
        return "\"\(preview)\""
    }
}

extension String {
    func padLeft(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    func padRight(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
