import CTierCore

/// What a pass may consult and what it leaves behind: the VM (for the current values of globals), where
/// the trace starts, and the globals the trace now depends on.
struct OptimizerContext {
    let vm: VM
    let root: CodeObject
    let entryDepth: Int
    /// A loop trace (which may be peeled), rather than a function's or a side trace.
    var isLoop = false
    /// Globals whose values were folded into the trace: rebinding one invalidates the trace.
    var watchedGlobals: [(dict: DictRef, name: StrRef)] = []
}

/// One optimiser pass: a small function over the trace's micro-ops with one job. It marks what it
/// removes or rewrites (removed micro-ops stay, marked, for listings) and reports every change with its
/// reason.
protocol OptimizerPass: Sendable {
    /// How events and listings name the pass.
    static var name: String { get }
    /// The short name `--passes` takes.
    static var flag: String { get }
    func run(_ entries: inout [TraceEntry], _ context: inout OptimizerContext) -> [OptimizerChange]
}

/// The passes in the order they run: facts first, then what they allow.
enum Optimizer {
    static let passes: [any OptimizerPass] = [
        LoopPeeling(), TypePropagation(), ConstantFolding(), GuardElimination(), CallInlining(),
        DeadCodeElimination(),
    ]

    static var passFlags: [String] { passes.map { type(of: $0).flag } }

    /// Runs the selected passes (all by default), returning what each did.
    static func optimize(
        _ entries: inout [TraceEntry], _ context: inout OptimizerContext, selected: Set<String>?, trace: Int
    ) -> [OptimizerPassRan] {
        var reports: [OptimizerPassRan] = []
        for pass in passes where selected.map({ $0.contains(type(of: pass).flag) }) ?? true {
            let started = MonotonicClock.now()
            let before = entries.filter(\.isLive).count
            let changes = pass.run(&entries, &context)
            reports.append(
                OptimizerPassRan(
                    trace: trace, pass: type(of: pass).name, microOpsBefore: before,
                    microOpsAfter: entries.filter(\.isLive).count, changes: changes,
                    nanoseconds: MonotonicClock.now() - started))
        }
        return reports
    }
}

extension TraceEntry {
    /// The entry as a pass adds it to the trace, so that a viewer can show the trace after each pass.
    func inserted(by pass: String) -> TraceEntry {
        var entry = self
        entry.insertedBy = pass
        return entry
    }
}

extension Array where Element == TraceEntry {
    /// Marks an entry removed by a pass.
    mutating func remove(_ index: Int, by pass: String, because reason: String) {
        self[index].removedBy = (pass, reason)
    }

    /// The index of the closest live entry before `index`.
    func liveIndex(before index: Int) -> Int? {
        var i = index - 1
        while i >= 0 {
            if self[i].isLive { return i }
            i -= 1
        }
        return nil
    }

    /// The index of the closest live entry after `index`.
    func liveIndex(after index: Int) -> Int? {
        var i = index + 1
        while i < count {
            if self[i].isLive { return i }
            i += 1
        }
        return nil
    }
}

extension MicroOp {
    /// Pushes one value and does nothing else: removable with the `_POP_TOP` that drops it.
    var isPurePush: Bool {
        [._LOAD_FAST, ._LOAD_CONST, ._LOAD_CONST_INLINE, ._PUSH_NULL, ._COPY].contains(self)
    }

    /// Needs the frame's instruction pointer to be current: it may raise (a traceback), run code that
    /// collects, or push a frame that returns to it.
    var needsInstructionPointer: Bool {
        flags & UInt32(TS_UOPF_ESCAPES | TS_UOPF_ERROR | TS_UOPF_FRAME) != 0
    }
}
