import TierVM

/// Two runs' traces side by side, as `diff -y` shows files (`tierscope dis --compare-passes A
/// --compare-passes B`): the micro-ops each set of optimiser passes left in each trace, matched up
/// where they agree, with `|` where they differ and `<` or `>` where only one side has one.
public enum TraceComparison {
    /// The listing for traces made with the passes `left.passes` and `right.passes`.
    public static func listing(
        left: (label: String, traces: [TraceSnapshot]), right: (label: String, traces: [TraceSnapshot]),
        columnWidth: Int = 56
    ) -> String {
        var text = ""
        let count = max(left.traces.count, right.traces.count)
        for id in 0..<count {
            let a = id < left.traces.count ? left.traces[id] : nil
            let b = id < right.traces.count ? right.traces[id] : nil
            guard let any = a ?? b else { continue }
            if !text.isEmpty { text += "\n" }
            text +=
                "Trace \(id): \(any.kindDescription) in \(any.site.code.name) at line \(any.site.line) (@\(any.site.offset))"
            if let a, let b, a.site != b.site || a.kind != b.kind { text += " (B: a different trace at this number)" }
            text += "\n"
            let heading = [(left.label, a), (right.label, b)].map { label, trace in
                trace.map { "\(label): \(Plural.of($0.optimized.count, "micro-op"))" } ?? "\(label): no such trace"
            }
            text += "  " + heading[0].padding(columnWidth) + "   " + heading[1] + "\n"
            for row in rows(a?.optimized ?? [], b?.optimized ?? []) {
                let l = row.left.map { cell($0, columnWidth) } ?? ""
                let r = row.right.map { cell($0, columnWidth) } ?? ""
                text += "  " + l.padding(columnWidth) + " \(row.mark) " + r
                while text.last == " " { text.removeLast() }
                text += "\n"
            }
        }
        return text.isEmpty ? "No traces in either run: nothing ran hot enough (see --trace-after).\n" : text
    }

    public struct Row: Equatable, Sendable {
        public var left: MicroOpRecord?
        public var right: MicroOpRecord?
        /// ` ` the same, `|` different, `<` only on the left, `>` only on the right.
        public var mark: Character
    }

    /// The two sequences aligned: a longest common subsequence of equal micro-ops, the runs between
    /// matches paired up side by side.
    public static func rows(_ a: [MicroOpRecord], _ b: [MicroOpRecord]) -> [Row] {
        func same(_ x: MicroOpRecord, _ y: MicroOpRecord) -> Bool {
            x.name == y.name && x.operand == y.operand && x.offset == y.offset && x.code == y.code
        }
        // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = same(a[i], b[j]) ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var rows: [Row] = []
        var onlyLeft: [MicroOpRecord] = []
        var onlyRight: [MicroOpRecord] = []
        func flush() {
            for k in 0..<max(onlyLeft.count, onlyRight.count) {
                let l = k < onlyLeft.count ? onlyLeft[k] : nil
                let r = k < onlyRight.count ? onlyRight[k] : nil
                rows.append(Row(left: l, right: r, mark: l == nil ? ">" : r == nil ? "<" : "|"))
            }
            onlyLeft.removeAll()
            onlyRight.removeAll()
        }
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && same(a[i], b[j]) {
                flush()
                rows.append(Row(left: a[i], right: b[j], mark: " "))
                i += 1
                j += 1
            } else if j >= b.count || (i < a.count && lengths[i + 1][j] >= lengths[i][j + 1]) {
                onlyLeft.append(a[i])
                i += 1
            } else {
                onlyRight.append(b[j])
                j += 1
            }
        }
        flush()
        return rows
    }

    private static func cell(_ op: MicroOpRecord, _ width: Int) -> String {
        let name = op.name.padding(min(30, width / 2))
        return TextWidth.truncate(op.operand.isEmpty ? name : name + " " + op.operand, to: width)
    }
}
