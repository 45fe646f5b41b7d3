import Testing

@testable import TierVM

/// A trace's snapshot keeps enough to show it after each optimiser pass: what each pass removed,
/// rewrote and added. The micro-ops nobody added are the trace as recorded.
@Suite("Trace history by pass")
struct PassHistoryTests {
    static func traces(_ source: String) -> ([TraceSnapshot], [Event]) {
        let bus = EventBus()
        let log = EventCollector()
        bus.subscribe(log)
        nonisolated(unsafe) var traces: [TraceSnapshot] = []
        _ = Engine.run(source: source, path: "t.py", bus: bus, output: { _ in }) { traces = $0.traces }
        return (traces, log.all)
    }

    @Test("loop peeling marks its copy of the body; what no pass added is the trace as recorded")
    func peeledCopy() throws {
        let (traces, events) = Self.traces(Repository.text("Demos/loop_peeling.py"))
        let trace = try #require(traces.first)
        let recorded = try #require(
            events.compactMap { event -> TraceRecorded? in
                if case .traceRecorded(let e) = event.kind, e.trace == trace.id { return e }
                return nil
            }.first)
        let added = trace.entries.filter { $0.insertedBy != nil }
        #expect(added.count == trace.entries.count - trace.recordedCount)
        #expect(added.allSatisfy { $0.insertedBy == "loop peeling" })
        #expect(added.first?.microOp.name == "_LOOP_HEAD")
        let asRecorded = trace.entries.filter { $0.insertedBy == nil }
        #expect(asRecorded.map { $0.replacedFrom ?? $0.microOp.name } == recorded.microOps.map(\.name))
    }

    @Test("constant folding marks the NULL it adds when it folds a global function's load")
    func foldedCall() throws {
        let (traces, _) = Self.traces(
            """
            def twice(x):
                return x + x

            def run(n):
                total = 0
                for i in range(n):
                    total += twice(i)
                return total

            print(run(1000))
            """)
        let loop = try #require(traces.first { $0.kind == "loop" })
        let folded = loop.entries.filter { $0.insertedBy == "constant folding" }
        #expect(!folded.isEmpty)
        #expect(folded.allSatisfy { $0.microOp.name == "_PUSH_NULL" })
    }
}
