import TierVM

/// A trace as it stood at one step of its way through the optimiser (the trace pane's `<` and `>`):
/// as recorded, after each pass in the order they ran, and as compiled. Each step lists the micro-ops
/// the trace had then, under the names they had then, and marks what that step's pass did: removed
/// (struck out), rewrote, added, or learned, with its reason.
public struct PassView: Sendable {
    public enum Step: Equatable, Sendable {
        case recorded
        /// After the pass at this index of the trace's passes.
        case after(Int)
        case compiled
    }

    /// What the step's pass did to a micro-op.
    public enum Change: Equatable, Sendable {
        case removed(String)
        case rewritten(from: String, String)
        case added
        case learned(String)
    }

    public struct Row: Equatable, Sendable {
        /// The micro-op's index among the trace's entries (its number in every view).
        public var entry: Int
        public var name: String
        public var operand: String
        public var change: Change?
        /// Bytes of native code, in the compiled view.
        public var bytes: Int?
        public var isRemoved: Bool { if case .removed = change { true } else { false } }
    }

    public let step: Step
    public let rows: [Row]
    /// `as recorded`, `after guard elimination`, `as compiled`.
    public let title: String
    /// How many micro-ops the step leaves, and what its pass did.
    public let summary: String

    /// The steps a trace goes through: as recorded, after each of its passes, as compiled.
    public static func steps(of trace: TraceSnapshot) -> [Step] {
        [.recorded] + trace.passes.indices.map(Step.after) + [.compiled]
    }

    /// The view of `trace` at `step`. `recorded` (the `traceRecorded` event) gives the operands as
    /// recorded, before a pass rewrote them; `reports` (the trace's `optimizerPass` events) add what a
    /// pass learned without changing a micro-op; `compiled` adds each micro-op's bytes of native code.
    public init(
        _ trace: TraceSnapshot, at step: Step, recorded: TraceRecorded? = nil, reports: [OptimizerPassRan] = [],
        compiled: JITCompiled? = nil
    ) {
        self.step = step
        var rank: [String: Int] = [:]
        for (index, pass) in trace.passes.enumerated() { rank[pass] = index }
        /// Whether the entry was in the trace after pass `k` (-1: as recorded), removed or not.
        func present(_ entry: TraceSnapshot.Entry, after k: Int) -> Bool {
            entry.insertedBy.map { (rank[$0] ?? Int.max) <= k } ?? true
        }
        func name(_ entry: TraceSnapshot.Entry, after k: Int) -> String {
            guard let from = entry.replacedFrom, let by = entry.replacedBy else { return entry.microOp.name }
            return (rank[by.pass] ?? Int.max) <= k ? entry.microOp.name : from
        }
        // Recorded micro-ops in order are the entries no pass added.
        var asRecorded: [Int: String] = [:]
        if let recorded, recorded.microOps.count == trace.recordedCount {
            let entries = trace.entries.indices.filter { trace.entries[$0].insertedBy == nil }
            for (k, i) in entries.enumerated() where k < recorded.microOps.count {
                asRecorded[i] = recorded.microOps[k].operand
            }
        }
        /// The operand the entry had after pass `k`: as recorded until a pass rewrote it.
        func operand(_ i: Int, after k: Int) -> String {
            let entry = trace.entries[i]
            if let by = entry.replacedBy, (rank[by.pass] ?? Int.max) <= k { return entry.microOp.operand }
            return asRecorded[i] ?? entry.microOp.operand
        }
        var rows: [Row] = []
        switch step {
        case .recorded:
            for (i, entry) in trace.entries.enumerated() where present(entry, after: -1) {
                rows.append(Row(entry: i, name: name(entry, after: -1), operand: operand(i, after: -1)))
            }
            title = "as recorded"
            summary = "\(trace.recordedCount) micro-ops"
        case .compiled:
            for (i, entry) in trace.entries.enumerated() where entry.isLive {
                rows.append(Row(entry: i, name: entry.microOp.name, operand: entry.microOp.operand))
            }
            if let compiled {
                for k in rows.indices where k < compiled.ranges.count { rows[k].bytes = compiled.ranges[k].length }
                summary = "\(rows.count) micro-ops in \(compiled.codeBytes) bytes of x86-64"
            } else {
                summary = "\(rows.count) micro-ops, run by the micro-op interpreter (no native code)"
            }
            title = "as compiled"
        case .after(let k):
            let pass = k < trace.passes.count ? trace.passes[k] : ""
            // A report's indices count the micro-ops the trace had before the pass.
            let before = trace.entries.indices.filter { present(trace.entries[$0], after: k - 1) }
            var learned: [Int: String] = [:]
            if let report = reports.first(where: { $0.pass == pass }) {
                for change in report.changes where change.action == .learned && change.index < before.count {
                    learned[before[change.index]] = change.reason
                }
            }
            var counts = (removed: 0, rewritten: 0, added: 0, learned: 0)
            for (i, entry) in trace.entries.enumerated() where present(entry, after: k) {
                let removedAt = entry.removedBy.map { rank[$0.pass] ?? Int.max }
                if let removedAt, removedAt < k { continue }
                var change: Change?
                if let removed = entry.removedBy, removedAt == k {
                    change = .removed(removed.reason)
                    counts.removed += 1
                } else if let from = entry.replacedFrom, let by = entry.replacedBy, by.pass == pass {
                    change = .rewritten(from: from, by.reason)
                    counts.rewritten += 1
                } else if entry.insertedBy == pass {
                    change = .added
                    counts.added += 1
                } else if let reason = learned[i] {
                    change = .learned(reason)
                    counts.learned += 1
                }
                rows.append(Row(entry: i, name: name(entry, after: k), operand: operand(i, after: k), change: change))
            }
            title = "after \(pass)"
            let left = rows.count - counts.removed
            var did = [(counts.removed, "removed"), (counts.rewritten, "rewritten"), (counts.added, "added")]
                .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
            if counts.learned > 0 { did.append("\(counts.learned) learned") }
            summary = "\(left) micro-ops" + (did.isEmpty ? ", nothing changed" : ": " + did.joined(separator: ", "))
        }
        self.rows = rows
    }
}
