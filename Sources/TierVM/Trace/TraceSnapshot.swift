/// A read-only picture of one trace, for listings, tests and the UI: every recorded micro-op with what the
/// optimiser did to it, and each exit with how often it was taken.
public struct TraceSnapshot: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var microOp: MicroOpRecord
        /// The pass that removed the micro-op and why; nil when it is in the optimised trace.
        public var removedBy: Change?
        /// The micro-op it was before a pass rewrote it, with that pass and why.
        public var replacedFrom: String?
        public var replacedBy: Change?
        /// Its exit's number among the trace's exits, when it has one in the optimised trace.
        public var exit: Int?

        public var isLive: Bool { removedBy == nil }
    }

    public struct Change: Sendable, Hashable {
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
    public var parent: (trace: Int, exit: Int)? {
        parentTrace.map { ($0, parentExit ?? 0) }
    }
    public var parentTrace: Int?
    public var parentExit: Int?
    public var site: InstructionSite
    public var entries: [Entry]
    public var exits: [Exit]
    public var passes: [String]
    public var runs: UInt64
    public var invalidation: String?
    /// The listing `tierscope dis --traces` prints.
    public var listing: String

    /// The micro-ops that run, in order.
    public var optimized: [MicroOpRecord] { entries.filter(\.isLive).map(\.microOp) }
}

extension Trace {
    func snapshot() -> TraceSnapshot {
        let texts = TraceListing.operandTexts(entries)
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
                    replacedFrom: entry.replaced?.from,
                    replacedBy: entry.replaced.map { TraceSnapshot.Change(pass: $0.pass, reason: $0.reason) },
                    exit: exit))
        }
        var parentTrace: Int?
        var parentExit: Int?
        let kindName: String
        switch kind {
        case .loop: kindName = "loop"
        case .function: kindName = "function"
        case .side(let parent, let exit):
            kindName = "side"
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
            entries: snapshotEntries,
            exits: liveExits.enumerated().map { number, pair in
                TraceSnapshot.Exit(
                    target: Int(pair.exit.target), microOp: pair.entry.uop.name, taken: Int(pair.exit.count),
                    sideTrace: sideTraceIDs[number])
            },
            passes: passes.map(\.pass), runs: runs, invalidation: invalidationReason,
            listing: TraceListing.listing(self))
    }
}
