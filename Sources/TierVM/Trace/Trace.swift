import CTierCore

#if canImport(Glibc)
import Glibc
#endif

/// One micro-op of a trace as the recorder, the optimiser and listings see it: the micro-op and its
/// arguments, where in the bytecode it came from, where a failing guard sends execution, and, once an
/// optimiser pass removed it, which pass and why (removed micro-ops stay for the listing).
struct TraceEntry {
    var uop: MicroOp
    var oparg: Int32
    var operand: UInt64
    /// The code object the micro-op came from: the trace's own, or a function the trace followed into.
    let code: CodeObject
    /// The bytecode instruction it came from.
    let offset: Int
    /// How many calls deep the trace is here (0 in the trace's own frame).
    let depth: Int
    /// Where Tier 1 resumes when this micro-op leaves the trace (guards, `_JUMP_TO_TOP`, `_EXIT_TRACE`).
    var exitTarget: Int?
    /// For `_EXIT_TRACE` at a loop that already has a trace: run that trace next.
    var linkedTrace: Trace?
    /// For `_PUSH_FRAME`: the code of the function the trace follows into.
    var callee: CodeObject? = nil
    /// What listings show as the operand when the micro-op alone cannot tell (a folded global's name).
    var note: String? = nil
    /// The call run inline (the call inlining pass) this micro-op belongs to: its locals are the caller's
    /// slots from `localsBase`, and an exit builds the callee's frame first.
    var inlinedCall: InlinedCall? = nil
    var removedBy: (pass: String, reason: String)? = nil
    /// What the micro-op was before a pass replaced it (`_GUARD_BOTH_INT` narrowed to `_GUARD_NOS_INT`),
    /// with its argument then (a constant written into the trace takes its tag there).
    var replaced: (from: MicroOp, oparg: Int32, pass: String, reason: String)? = nil
    /// The pass that added the micro-op to the trace (loop peeling's copy of the body), nil if recorded.
    var insertedBy: String? = nil

    var isLive: Bool { removedBy == nil }
    var line: Int { Int(code.line(at: offset)) }

    func record(operandText: String) -> MicroOpRecord {
        MicroOpRecord(name: uop.name, operand: operandText, offset: offset, line: line, code: code.reference)
    }
}

/// A recorded, optimised trace and the executor that runs it.
final class Trace {
    enum Kind {
        case loop
        case function
        case side(parent: Trace, exit: Int)
    }

    let id: Int
    let kind: Kind
    /// The code object the trace starts in, and the bytecode index it starts at.
    let code: CodeObject
    let start: Int
    /// The instruction ENTER_EXECUTOR replaced (a loop's back edge or a function's RESUME), restored if
    /// the trace is invalidated; nil for side traces.
    let anchor: Int?
    let originalInstruction: ts_instr
    /// Every micro-op recorded, removed ones marked.
    var entries: [TraceEntry]
    /// How many micro-ops were recorded, before loop peeling added its copy of the body.
    let recordedCount: Int
    var passes: [OptimizerPassRan] = []
    /// Bytecode stack depth where the trace starts.
    let entryDepth: Int
    private(set) var executor: UnsafeMutablePointer<ts_executor>?
    /// Its native code, once the JIT has compiled it (freed with the executor).
    var native: TraceCompiler.Compiled?
    /// What compiling it took, kept when the code is freed.
    var compileNanoseconds: UInt64?
    private(set) var invalidation: String?
    /// What the executor had counted when it was freed, so listings of invalidated traces keep them.
    private var countsAtRelease: (runs: UInt64, iterations: UInt64, exits: [ts_exit])?
    var sideTraces: [Trace] = []
    /// The exits of other traces that go straight into this one: a parent's exit that grew it as a side
    /// trace, or an `_EXIT_TRACE` linked to it. They must let go when it is invalidated, before its
    /// executor is freed.
    private var incomingExits: [(trace: Trace, exit: Int)] = []
    /// Failed attempts to grow a side trace, per exit.
    var sideTraceAttempts: [Int: Int] = [:]
    /// Whether the trace loops back to its start (`_JUMP_TO_TOP`): a loop trace without it leaves the
    /// loop on every trip. Known once installed.
    private(set) var goesRound = false
    /// What exits inside calls run inline point to, freed with the executor.
    private var inlinedCalls: [UnsafeMutablePointer<ts_inlined_call>] = []

    init(
        id: Int, kind: Kind, code: CodeObject, start: Int, anchor: Int?, entries: [TraceEntry], entryDepth: Int
    ) {
        self.id = id
        self.kind = kind
        self.code = code
        self.start = start
        self.anchor = anchor
        self.originalInstruction = anchor.map { code.instructions[$0] } ?? ts_instr()
        self.entries = entries
        self.recordedCount = entries.count
        self.entryDepth = entryDepth
    }

    deinit {
        release()
    }

    /// Whether the optimiser is done with it and its executor was built.
    private(set) var isInstalled = false
    /// The operand texts of its entries, named once the trace is final.
    private var cachedOperandTexts: [String]?

    /// Operand texts for every entry: computed once after installation (an abstract interpretation of
    /// the whole trace), so snapshots stay cheap.
    var operandTexts: [String] {
        if let cachedOperandTexts { return cachedOperandTexts }
        let texts = TraceListing.operandTexts(entries)
        if isInstalled { cachedOperandTexts = texts }
        return texts
    }

    func operandText(at index: Int) -> String { operandTexts[index] }

    /// The index among all entries of the `live`-th live one (the executor only holds live ones).
    func entryIndex(ofLive live: Int) -> Int {
        var seen = -1
        for (i, entry) in entries.enumerated() where entry.isLive {
            seen += 1
            if seen == live { return i }
        }
        return entries.count - 1
    }

    /// How snapshots and the perf map name the kind: `loop`, `function` or `side`.
    var kindName: String {
        switch kind {
        case .loop: "loop"
        case .function: "function"
        case .side: "side"
        }
    }

    var isValid: Bool { invalidation == nil }
    var invalidationReason: String? { invalidation }
    var liveEntries: [TraceEntry] { entries.filter(\.isLive) }

    /// The site where the trace starts, for events.
    var site: InstructionSite { InstructionSite(code, start) }

    /// Builds the executor from the live micro-ops.
    func install() {
        let live = liveEntries
        goesRound = live.contains { $0.uop == ._JUMP_TO_TOP }
        let uops = UnsafeMutablePointer<ts_trace_uop>.allocate(capacity: max(1, live.count))
        var exits: [ts_exit] = []
        // One record per call run inline, which every exit inside it points to.
        var inlined: [(call: InlinedCall, record: UnsafeMutablePointer<ts_inlined_call>)] = []
        func inlinedRecord(of call: InlinedCall) -> UnsafeMutablePointer<ts_inlined_call> {
            if let found = inlined.first(where: { $0.call == call }) { return found.record }
            let record = UnsafeMutablePointer<ts_inlined_call>.allocate(capacity: 1)
            record.initialize(
                to: ts_inlined_call(
                    code: call.code.code, call_slot: Int32(call.callSlot), locals_base: Int32(call.localsBase),
                    resume_ip: Int32(call.resumeIP), _reserved: 0))
            inlined.append((call, record))
            return record
        }
        // Zeroed, then filled in below.
        let executor = calloc(1, MemoryLayout<ts_executor>.stride)!.bindMemory(to: ts_executor.self, capacity: 1)
        let validity = UInt64(
            UInt(
                bitPattern: UnsafeMutableRawPointer(executor) + MemoryLayout<ts_executor>.offset(
                    of: \ts_executor.valid)!))
        for (i, entry) in live.enumerated() {
            var exit: Int32 = -1
            if let target = entry.exitTarget {
                var record = ts_exit()
                record.target = Int32(target)
                record.uop = entry.uop.rawValue
                record.inlined = entry.inlinedCall.map { UnsafePointer(inlinedRecord(of: $0)) }
                exit = Int32(exits.count)
                if let linked = entry.linkedTrace, let linkedExecutor = linked.executor, linked.isValid {
                    record.side = linkedExecutor
                    linked.incomingExits.append((self, Int(exit)))
                }
                exits.append(record)
            }
            let operand = entry.uop == ._CHECK_VALIDITY ? validity : entry.operand
            // In a call run inline, the callee's locals are the caller's slots from its base.
            let isLocal = [._LOAD_FAST, ._LOAD_FAST_CHECK, ._STORE_FAST].contains(entry.uop)
            let oparg = entry.oparg + (isLocal ? Int32(entry.inlinedCall?.localsBase ?? 0) : 0)
            uops[i] = ts_trace_uop(
                uop: entry.uop.rawValue, oparg: oparg,
                operand: operand, exit: exit, _reserved: 0)
        }
        let exitStorage = UnsafeMutablePointer<ts_exit>.allocate(capacity: max(1, exits.count))
        exitStorage.initialize(from: exits, count: exits.count)
        executor.pointee.uops = uops
        executor.pointee.length = Int32(live.count)
        // A peeled loop goes round from its second copy of the body; any other from the top.
        executor.pointee.loop_start = Int32(live.firstIndex { $0.uop == ._LOOP_HEAD } ?? 1)
        executor.pointee.exits = exitStorage
        executor.pointee.exit_count = Int32(exits.count)
        executor.pointee.valid = 1
        executor.pointee.entry_ip = Int32(start)
        executor.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
        self.executor = executor
        inlinedCalls = inlined.map(\.record)
        isInstalled = true
    }

    /// The exits as the executor counts them, in order, with the micro-op that leaves through each.
    var exits: [(entry: TraceEntry, exit: ts_exit)] {
        let counted: [ts_exit]
        if let executor {
            counted = Array(UnsafeBufferPointer(start: executor.pointee.exits, count: Int(executor.pointee.exit_count)))
        } else {
            counted = countsAtRelease?.exits ?? []
        }
        let withExits = liveEntries.filter { $0.exitTarget != nil }
        return zip(withExits, counted).map { ($0, $1) }
    }

    /// Times the trace was entered.
    var runs: UInt64 { executor?.pointee.runs ?? countsAtRelease?.runs ?? 0 }
    /// Times its body began (entries and trips round its loop).
    var iterations: UInt64 { executor?.pointee.iterations ?? countsAtRelease?.iterations ?? 0 }

    /// Makes exit `index` of this trace go straight into `side`.
    func attach(_ side: Trace, at index: Int) {
        guard let executor, let sideExecutor = side.executor else { return }
        executor.pointee.exits[index].side = sideExecutor
        side.incomingExits.append((self, index))
    }

    /// Marks the trace invalid: its executor stops at the next validity check and is never entered again,
    /// and no other trace's exit leads into it any more.
    func invalidate(_ reason: String) {
        guard invalidation == nil else { return }
        invalidation = reason
        executor?.pointee.valid = 0
        for (trace, index) in incomingExits {
            guard let executor = trace.executor, executor.pointee.exits[index].side == self.executor else { continue }
            executor.pointee.exits[index].side = nil
        }
        incomingExits.removeAll()
    }

    /// Frees the executor; only when no trace is running.
    func release() {
        guard let executor else { return }
        countsAtRelease = (
            executor.pointee.runs, executor.pointee.iterations,
            Array(UnsafeBufferPointer(start: executor.pointee.exits, count: Int(executor.pointee.exit_count)))
        )
        executor.pointee.uops.deallocate()
        executor.pointee.exits.deallocate()
        for call in inlinedCalls { call.deallocate() }
        inlinedCalls = []
        free(executor)
        self.executor = nil
    }
}
