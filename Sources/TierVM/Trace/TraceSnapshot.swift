/// A read-only picture of one trace, for listings, tests and the UI: every recorded micro-op with what the
/// optimiser did to it, and each exit with how often it was taken.
public struct TraceSnapshot: Sendable, Hashable {
    public struct Entry: Sendable, Hashable, Codable {
        public var microOp: MicroOpRecord
        /// The pass that removed the micro-op and why; nil when it is in the optimised trace.
        public var removedBy: Change?
        /// The micro-op it was before a pass rewrote it, with that pass and why.
        public var replacedFrom: String?
        public var replacedBy: Change?
        /// The pass that added it (loop peeling's copy of the body), nil when it was recorded.
        public var insertedBy: String? = nil
        /// Its exit's number among the trace's exits, when it has one in the optimised trace.
        public var exit: Int?

        public var isLive: Bool { removedBy == nil }
    }

    public struct Change: Sendable, Hashable, Codable {
        public var pass: String
        public var reason: String
    }

    public struct Exit: Sendable, Hashable {
        /// The bytecode index Tier 1 resumes at.
        public var target: Int
        public var microOp: String
        public var taken: Int
        /// The side trace grown here, if any.
        public var sideTrace: Int?
    }

    public var id: Int
    /// `loop`, `function` or `side`.
    public var kind: String
    /// For a side trace: the trace and exit it grew from.
    public var parentTrace: Int?
    public var parentExit: Int?
    public var site: InstructionSite
    public var entries: [Entry]
    /// How many micro-ops were recorded; loop peeling may add a copy of the loop body to `entries`.
    public var recordedCount: Int
    public var exits: [Exit]
    public var passes: [String]
    /// Times the trace was entered.
    public var runs: UInt64
    /// Times its body began: entries plus trips round its loop.
    public var iterations: UInt64
    public var invalidation: String?
    /// How long the JIT took to place its native code, if it compiled the trace.
    public var compileNanoseconds: UInt64? = nil

    /// The micro-ops that run, in order.
    public var optimized: [MicroOpRecord] { entries.filter(\.isLive).map(\.microOp) }

    public var isValid: Bool { invalidation == nil }

    /// How listings and the UI name the trace's kind: `loop`, `function`, `side trace of trace 0, exit 3`.
    public var kindDescription: String {
        if let parentTrace { return "side trace of trace \(parentTrace), exit \(parentExit ?? 0)" }
        return kind
    }

    /// The listing `tierscope dis --traces` prints: every recorded micro-op with its operand, what the
    /// optimiser did to it and why, and each exit with how often it was taken.
    public var listing: String {
        var text =
            "Trace \(id): \(kindDescription)\(parentTrace == nil ? "" : ",") in \(site.code.name) at line \(site.line) "
            + "(@\(site.offset)), entered \(Plural.times(Int(runs)))"
        if let invalidation { text += ", invalidated: \(invalidation)" }
        text += "\n  recorded \(Plural.of(recordedCount, "micro-op"))"
        if entries.count > recordedCount { text += ", \(entries.count) after loop peeling" }
        text +=
            passes.isEmpty
            ? ", not optimised\n" : "; after \(passes.joined(separator: ", ")): \(entries.filter(\.isLive).count)\n"
        let operandWidth = min(44, max(12, (entries.map(\.microOp.operand.count).max() ?? 0) + 2))
        for (i, entry) in entries.enumerated() {
            var line = "  " + String(i).leftPadded(to: 4, with: " ") + "  "
            line += entry.microOp.name.padding(to: 30) + entry.microOp.operand.padding(to: operandWidth)
            line += "line \(entry.microOp.line) @\(entry.microOp.offset)".padding(to: 14)
            for note in notes(on: i) { line += "  " + note }
            text += line + "\n"
        }
        return text
    }

    /// What the optimiser did to micro-op `index` and where it exits, in the words of the listing:
    /// `removed by guard elimination: ...`, `was _GUARD_BOTH_INT, ...`, `exit 3 -> @13, taken 0 times`.
    public func notes(on index: Int) -> [String] {
        let entry = entries[index]
        if let removed = entry.removedBy { return ["removed by \(removed.pass): \(removed.reason)"] }
        var notes: [String] = []
        if let from = entry.replacedFrom, let change = entry.replacedBy {
            notes.append("was \(from), \(change.pass): \(change.reason)")
        }
        if let number = entry.exit, number < exits.count {
            let exit = exits[number]
            notes.append(
                "exit \(number) -> @\(exit.target), taken \(Plural.times(exit.taken))"
                    + (exit.sideTrace.map { " (side trace \($0))" } ?? ""))
        }
        return notes
    }
}

extension Trace {
    func snapshot() -> TraceSnapshot {
        let texts = operandTexts
        let liveExits = exits
        var exitNumber = 0
        var snapshotEntries: [TraceSnapshot.Entry] = []
        for (i, entry) in entries.enumerated() {
            var exit: Int?
            if entry.isLive, entry.exitTarget != nil, exitNumber < liveExits.count {
                exit = exitNumber
                exitNumber += 1
            }
            snapshotEntries.append(
                TraceSnapshot.Entry(
                    microOp: entry.record(operandText: texts[i]),
                    removedBy: entry.removedBy.map { TraceSnapshot.Change(pass: $0.pass, reason: $0.reason) },
                    replacedFrom: entry.replaced?.from.name,
                    replacedBy: entry.replaced.map { TraceSnapshot.Change(pass: $0.pass, reason: $0.reason) },
                    insertedBy: entry.insertedBy, exit: exit))
        }
        var parentTrace: Int?
        var parentExit: Int?
        if case .side(let parent, let exit) = kind {
            parentTrace = parent.id
            parentExit = exit
        }
        let sideTraceIDs = Dictionary(
            sideTraces.compactMap { side -> (Int, Int)? in
                if case .side(_, let exit) = side.kind { return (exit, side.id) }
                return nil
            }, uniquingKeysWith: { _, latest in latest })
        return TraceSnapshot(
            id: id, kind: kindName, parentTrace: parentTrace, parentExit: parentExit, site: site,
            entries: snapshotEntries, recordedCount: recordedCount,
            exits: liveExits.enumerated().map { number, pair in
                TraceSnapshot.Exit(
                    target: Int(pair.exit.target), microOp: pair.entry.uop.name, taken: Int(pair.exit.count),
                    sideTrace: sideTraceIDs[number])
            },
            passes: passes.map(\.pass), runs: runs, iterations: iterations, invalidation: invalidationReason,
            compileNanoseconds: compileNanoseconds)
    }
}
