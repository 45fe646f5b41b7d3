import Foundation
import Testing

@testable import TierScopeUI
@testable import TierVM

/// The optimiser pass by pass: the trace pane steps through a trace as recorded, after each pass in
/// the order they ran, and as compiled, each step marking what its pass did.
@Suite("Optimiser pass by pass")
struct PassViewTests {
    static let run = WatchedRun(
        try! String(contentsOf: DemoContractTests.directory.appendingPathComponent("loop_peeling.py"), encoding: .utf8),
        path: "loop_peeling.py")

    static func trace() throws -> TraceSnapshot { try #require(run.model.trace(0)) }

    static func view(_ step: PassView.Step) throws -> PassView {
        let model = run.model
        return PassView(
            try trace(), at: step, recorded: model.recordings[0], reports: model.passReports[0] ?? [],
            compiled: model.compiledTraces[0])
    }

    @Test("the steps are: as recorded, after each pass in the order they ran, as compiled")
    func steps() throws {
        let trace = try Self.trace()
        // Every pass runs, in the optimiser's order.
        #expect(trace.passes.count == EngineOptions.passNames.count)
        #expect(trace.passes.first == "loop peeling" && trace.passes.last == "dead code")
        #expect(
            PassView.steps(of: trace) == [.recorded] + trace.passes.indices.map(PassView.Step.after) + [.compiled])
        #expect(try Self.view(.after(3)).title == "after guard elimination")
    }

    @Test("as recorded, the trace is what the recorder made, names and operands as they were")
    func asRecorded() throws {
        let view = try Self.view(.recorded)
        let recorded = try #require(Self.run.model.recordings[0])
        #expect(view.rows.map(\.name) == recorded.microOps.map(\.name))
        #expect(view.rows.map(\.operand) == recorded.microOps.map(\.operand))
        #expect(view.rows.allSatisfy { $0.change == nil })
    }

    @Test("loop peeling adds the copy of the body; later passes see it")
    func peeling() throws {
        let trace = try Self.trace()
        let view = try Self.view(.after(0))
        let added = view.rows.filter { $0.change == .added }
        #expect(added.count == trace.entries.count - trace.recordedCount)
        #expect(added.first?.name == "_LOOP_HEAD")
        #expect(view.summary.hasPrefix("\(trace.entries.count) micro-ops: \(added.count) added"))
    }

    @Test("each pass's step marks exactly what that pass removed and rewrote, with its reason")
    func passChanges() throws {
        let trace = try Self.trace()
        for (k, pass) in trace.passes.enumerated() {
            let view = try Self.view(.after(k))
            let removed = Set(view.rows.filter(\.isRemoved).map(\.entry))
            let expected = Set(trace.entries.indices.filter { trace.entries[$0].removedBy?.pass == pass })
            #expect(removed == expected, "\(pass)")
            for row in view.rows {
                if case .removed(let reason) = row.change {
                    #expect(reason == trace.entries[row.entry].removedBy?.reason)
                }
                if case .rewritten(let from, _) = row.change {
                    #expect(trace.entries[row.entry].replacedBy?.pass == pass)
                    #expect(from == trace.entries[row.entry].replacedFrom)
                    #expect(row.name == trace.entries[row.entry].microOp.name)
                }
                // Removed by an earlier pass, a micro-op is gone from the step.
                if let earlier = trace.entries[row.entry].removedBy?.pass {
                    #expect(trace.passes.firstIndex(of: earlier)! >= k)
                }
            }
        }
        // Before guard elimination a guard it narrows still has its old name; after, its new one.
        let narrowed = try #require(trace.entries.firstIndex { $0.replacedBy?.pass == "guard elimination" })
        let before = try Self.view(.after(2)).rows.first { $0.entry == narrowed }
        let after = try Self.view(.after(3)).rows.first { $0.entry == narrowed }
        #expect(before?.name == trace.entries[narrowed].replacedFrom)
        #expect(after?.name == trace.entries[narrowed].microOp.name)
        #expect(try Self.view(.after(1)).rows.contains { if case .learned = $0.change { true } else { false } })
    }

    @Test("the last pass leaves the optimised trace, and as compiled each micro-op has its bytes")
    func compiled() throws {
        let trace = try Self.trace()
        let afterLast = try Self.view(.after(trace.passes.count - 1)).rows.filter { !$0.isRemoved }
        #expect(afterLast.map(\.name) == trace.optimized.map(\.name))
        let view = try Self.view(.compiled)
        let code = try #require(Self.run.model.compiledTraces[0])
        #expect(view.rows.map(\.name) == trace.optimized.map(\.name))
        #expect(view.rows.compactMap(\.bytes) == code.ranges.map(\.length))
        #expect(view.summary.contains("\(code.codeBytes) bytes of x86-64"))
    }

    @Test("> and < step through the passes in the trace pane, past either end back to the usual view")
    func keys() throws {
        let model = Self.run.model
        var state = AppState()
        state.trace = 0
        let count = PassView.steps(of: try Self.trace()).count
        _ = state.handle(.character(">"), model: model)
        #expect(state.passStep == 0)
        #expect(state.focus == .trace)
        for _ in 1..<count { _ = state.handle(.character(">"), model: model) }
        #expect(state.passStep == count - 1)
        _ = state.handle(.character(">"), model: model)
        #expect(state.passStep == nil)
        _ = state.handle(.character("<"), model: model)
        #expect(state.passStep == count - 1)
    }

    @Test("the trace pane shows the step, strikes out what its pass removed and says why")
    func screen() throws {
        var state = AppState()
        state.trace = 0
        state.focus = .trace
        state.passStep = 4  // after guard elimination
        let trace = try Self.trace()
        let removed = try #require(
            trace.entries.indices.first {
                trace.entries[$0].removedBy?.pass == "guard elimination"
                    && trace.entries[$0].microOp.name == "_GUARD_BOTH_INT"
            })
        state.microOp = removed
        let (canvas, _) = Self.run.render(width: 160, height: 48, state: state)
        let text = ScreenTests.rows(canvas).joined(separator: "\n")
        #expect(text.contains("after guard elimination ·"))
        #expect(text.contains("step 5 of \(PassView.steps(of: trace).count) < >"))
        let struck = ScreenTests.rows(canvas).first { $0.contains("− ") && $0.contains("_GUARD_BOTH_INT") }
        #expect(struck != nil)
        // The detail line gives the selected micro-op's reason in full.
        let detail = ScreenTests.rows(canvas)[46]
        #expect(detail.contains("after guard elimination: #\(removed) _GUARD_BOTH_INT"))
        #expect(detail.contains("removed: ") && detail.contains("are known ints"))
    }

    @Test("two runs' traces line up side by side: what both kept, what one changed, what only one has")
    func comparison() throws {
        func op(_ name: String, _ operand: String = "", _ offset: Int = 0) -> MicroOpRecord {
            MicroOpRecord(name: name, operand: operand, offset: offset, line: 1)
        }
        let a = [op("_START_EXECUTOR"), op("_LOAD_FAST", "t", 1), op("_GUARD_NOS_INT", "t: int", 2), op("_LOOP_HEAD")]
        let b = [op("_START_EXECUTOR"), op("_LOAD_FAST", "t", 1), op("_GUARD_BOTH_INT", "t, 1: int", 2)]
        let rows = TraceComparison.rows(a, b)
        #expect(rows.map(\.mark) == [" ", " ", "|", "<"])
        #expect(rows[2].left?.name == "_GUARD_NOS_INT" && rows[2].right?.name == "_GUARD_BOTH_INT")
        #expect(TraceComparison.rows([], b).map(\.mark) == [">", ">", ">"])

        let peeled = try Self.trace()
        var unpeeled = peeled
        unpeeled.entries = peeled.entries.filter { $0.insertedBy == nil }
        let text = TraceComparison.listing(left: ("A", [peeled]), right: ("B", [unpeeled]))
        #expect(text.hasPrefix("Trace 0: loop in fall at line "))
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.contains("_LOOP_HEAD") && $0.hasSuffix("<") })
        #expect(lines.allSatisfy { TextWidth.columns(of: $0) <= 2 + 56 + 3 + 56 })
    }
}
