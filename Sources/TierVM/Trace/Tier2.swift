import CTierCore

#if canImport(Glibc)
import Glibc
#endif

/// The Tier 2 driver: decides when a loop or function is hot enough to record, has its trace
/// recorded (`TraceRecorder`), optimised (`Optimizer`) and installed where ENTER_EXECUTOR finds it,
/// grows side traces at hot exits, and invalidates traces whose assumptions break. Every step is an
/// event. It owns every trace of the run; the VM owns it (`VM.tier2`).
final class Tier2 {
    /// Failed side-trace recordings at one exit before its trace is invalidated.
    static let sideTraceAttempts = 4
    /// A loop or function whose recordings keep aborting, or whose traces keep being invalidated, waits
    /// up to 2^15 back edges or calls before the next attempt: each attempt costs a recording and an
    /// optimisation, so it backs off further than Tier 1 does.
    static let backoffExponent = 15

    /// The VM whose code it traces. Unowned and unsafe: the VM owns its driver, so it outlives it, and
    /// a counted reference would cost a retain and release at every hot back edge.
    unowned(unsafe) var vm: VM!
    /// Whether Tier 2 is on (`--max-tier 2` or `jit`): loop back edges and function entries heat up.
    let isOn: Bool
    /// `--trace-after`.
    let traceAfter: Int
    /// Which passes run: all (nil), none with --no-opt, or those --passes names.
    private let selectedPasses: Set<String>?
    /// Every trace recorded, indexed by ENTER_EXECUTOR's argument.
    private(set) var traces: [Trace] = []
    /// Invalidated traces whose executors are freed once no trace is running.
    private var retiredTraces: [Trace] = []
    /// Room in `runtime.executors`, which grows with `traces`.
    private var executorCapacity = 0
    /// Traces that assumed the value of a global or builtin: name -> traces, per watched dict.
    private var globalWatchers: [UnsafeMutablePointer<ts_dict>: [UnsafeMutablePointer<ts_str>: [Trace]]] = [:]
    /// Traces whose guards assumed a class's version.
    private var classWatchers: [UnsafeMutablePointer<ts_class>: [Trace]] = [:]

    /// The JIT, at `--max-tier jit`: every installed trace is compiled to native code.
    let compiler: TraceCompiler?
    /// `--jit-memory`: the most bytes native code may take.
    private let jitMemoryLimit: Int
    /// `--perf-map`: where perf learns the names of native code.
    private let perfMap: PerfMap?

    init(options: EngineOptions) {
        isOn = options.maxTier == .traces || options.maxTier == .jit
        compiler = options.maxTier == .jit ? TraceCompiler() : nil
        perfMap = options.maxTier == .jit && options.perfMap ? PerfMap() : nil
        jitMemoryLimit = options.jitMemoryLimit
        traceAfter = options.traceAfter
        selectedPasses = options.optimize ? options.passes.map(Set.init) : []
    }

    private var bus: EventBus { vm.bus }
    private var runtime: UnsafeMutablePointer<ts_runtime> { vm.runtime }

    /// Counts a loop back edge or function entry; true when it is hot enough to trace (`--trace-after`).
    /// The constant signature keeps these counts apart from a specialiser's warm-up.
    @inline(__always)
    func heatUp(_ cache: UnsafeMutablePointer<ts_cache>) -> Bool {
        InlineCacheCounter.warmUp(cache, 0x8000_0001, threshold: traceAfter)
    }

    /// Keeps a conditional branch's last sixteen outcomes in its (otherwise unused) cache counter, so that
    /// a trace follows the way the branch mostly goes.
    @inline(__always)
    func recordBranch(_ cache: UnsafeMutablePointer<ts_cache>, taken: Bool) {
        cache.pointee.counter = cache.pointee.counter << 1 | (taken ? 1 : 0)
    }

    /// A loop's back edge at `backEdge` is hot: trace the loop from its header.
    @inline(never)
    func hotLoop(_ frame: FrameRef, backEdge: Int, header: Int) {
        let code = frame.code
        record(
            kind: .loop, code: code, start: header, anchor: backEdge, depth: code.stackDepths[header],
            purpose: .loop(backEdge: backEdge), cache: code.caches + backEdge)
    }

    /// A function's entry is hot: trace it from just after its RESUME.
    @inline(never)
    func hotFunction(_ frame: FrameRef) {
        let code = frame.code
        record(kind: .function, code: code, start: 1, anchor: 0, depth: 0, purpose: .function, cache: code.caches)
    }

    @discardableResult
    private func record(
        kind: Trace.Kind, code: CodeObject, start: Int, anchor: Int?, depth: Int, purpose: TraceRecorder.Purpose,
        cache: UnsafeMutablePointer<ts_cache>?
    ) -> Trace? {
        let id = traces.count
        let started = MonotonicClock.now()
        let trigger: TraceTrigger =
            switch kind {
            case .loop: .hotLoop
            case .function: .hotFunction
            case .side(let parent, let exit): .hotExit(parent: parent.id, exit: exit)
            }
        bus.publish(
            .traceRecordingStarted(
                TraceRecordingStarted(trace: id, site: InstructionSite(code, start), trigger: trigger)))
        switch TraceRecorder(vm: vm, purpose: purpose).project(code: code, start: start) {
        case .aborted(let reason, let where_, let offset):
            let wait = cache.map { InlineCacheCounter.backOff($0, maximumExponent: Tier2.backoffExponent) } ?? 0
            bus.publish(
                .traceAborted(
                    TraceAborted(
                        trace: id, site: InstructionSite(code, start), reason: reason,
                        at: InstructionSite(where_, offset),
                        retryAfter: Int(wait))))
            return nil
        case .recorded(let recorded):
            let trace = Trace(
                id: id, kind: kind, code: code, start: start, anchor: anchor, entries: recorded, entryDepth: depth)
            traces.append(trace)
            bus.publish(
                .traceRecorded(
                    TraceRecorded(
                        trace: id, site: InstructionSite(code, start), microOps: TraceListing.records(recorded),
                        ending: recorded.last?.uop.name ?? "", nanoseconds: MonotonicClock.now() - started)))
            var context = OptimizerContext(vm: vm, root: code, entryDepth: depth)
            if case .loop = kind { context.isLoop = true }
            trace.passes = Optimizer.optimize(&trace.entries, &context, selected: selectedPasses, trace: id)
            trace.install()
            // Told once the trace is final, so that its operand texts are worked out once for all events.
            if bus.isListening {
                for report in trace.passes {
                    bus.publish(.optimizerPass(report))
                    // Type and value guards; a dropped validity check is dead code, reported with its pass.
                    for change in report.changes
                    where change.action == .removed && change.microOp != MicroOp._CHECK_VALIDITY.name
                        && MicroOp(named: change.microOp)?.isGuard == true && change.index < trace.entries.count
                    {
                        bus.publish(
                            .guardEliminated(
                                GuardEliminated(
                                    trace: id, index: change.index, guardName: change.microOp,
                                    operand: trace.operandText(at: change.index), pass: report.pass,
                                    reason: change.reason)))
                    }
                }
            }
            // Compiled after the passes are told, so that a viewer sees recording, optimising and native
            // code in the order they happen.
            compileNative(trace)
            enterable(trace)
            watch(trace, globals: context.watchedGlobals)
            if let anchor {
                code.instructions[anchor] = ts_instr(
                    op: Opcode.ENTER_EXECUTOR.rawValue, _reserved: (0, 0, 0), arg: Int32(id))
            }
            return trace
        }
    }

    /// Compiles the installed trace to native code, which ENTER_EXECUTOR then runs; where it cannot be
    /// placed the trace stays with the micro-op interpreter.
    private func compileNative(_ trace: Trace) {
        guard let compiler, let executor = trace.executor else { return }
        guard let (native, nanoseconds) = compiler.compile(executor, details: bus.isListening) else { return }
        executor.pointee.jit_code = native.address
        trace.native = native
        trace.compileNanoseconds = nanoseconds
        if compiler.memory.liveBytes > jitMemoryLimit && !makeRoom(keeping: trace) {
            // Nothing colder can go: this trace stays with the micro-op interpreter.
            dropNative(trace)
            bus.publish(
                .jitEvicted(
                    JITEvicted(
                        trace: trace.id, bytes: native.size,
                        reason: "no room under the \(jitMemoryLimit)-byte cap on native code")))
            return
        }
        perfMap?.name(
            native,
            "tierscope trace \(trace.id) (\(trace.kindName) trace in \(trace.code.qualifiedName) at "
                + "\(trace.code.filename):\(trace.site.line))")
        bus.publish(
            .jitCompiled(
                JITCompiled(
                    trace: trace.id, address: UInt64(UInt(bitPattern: native.address)), bytes: native.size,
                    codeBytes: native.codeBytes, dataBytes: native.dataBytes, ranges: native.ranges,
                    holes: native.holes, nanoseconds: nanoseconds, code: native.code,
                    exitStubsStart: native.exitStubsStart, exitStubSize: native.exitStubSize,
                    errorStubStart: native.errorStubStart)))
    }

    /// Takes a trace's native code away (it goes on in the micro-op interpreter, if it runs again) and
    /// gives its memory back. Only while no trace runs, since code on the native stack cannot go.
    private func dropNative(_ trace: Trace) {
        guard let native = trace.native, let compiler else { return }
        trace.executor?.pointee.jit_code = nil
        compiler.memory.free(native.address, size: native.size)
        trace.native = nil
    }

    /// Takes native code from the traces that ran least, coldest first, until the JIT is back under its
    /// cap; they go on in the micro-op interpreter. Only while no trace runs, since code on the native
    /// stack cannot go. False if that was not enough.
    private func makeRoom(keeping newest: Trace) -> Bool {
        guard let compiler, runtime.pointee.running_traces == 0 else { return false }
        let candidates = traces.filter { $0.native != nil && $0 !== newest }.sorted { $0.iterations < $1.iterations }
        for trace in candidates where compiler.memory.liveBytes > jitMemoryLimit {
            guard let native = trace.native else { continue }
            dropNative(trace)
            bus.publish(
                .jitEvicted(
                    JITEvicted(
                        trace: trace.id, bytes: native.size,
                        reason: "the coldest native code (\(trace.iterations) iterations) under the "
                            + "\(jitMemoryLimit)-byte cap")))
        }
        return compiler.memory.liveBytes <= jitMemoryLimit
    }

    /// Puts the trace's executor where ENTER_EXECUTOR finds it by the trace's number.
    private func enterable(_ trace: Trace) {
        if trace.id >= executorCapacity {
            executorCapacity = max(64, executorCapacity * 2, trace.id + 1)
            let table = realloc(
                runtime.pointee.executors, executorCapacity * MemoryLayout<UnsafeMutableRawPointer?>.stride)!
            runtime.pointee.executors = table.bindMemory(
                to: UnsafeMutablePointer<ts_executor>?.self, capacity: executorCapacity)
        }
        runtime.pointee.executors.unsafelyUnwrapped[trace.id] = trace.executor
    }

    /// Registers what the trace assumed: folded globals, and the classes its type guards check.
    private func watch(_ trace: Trace, globals: [(dict: DictRef, name: StrRef)]) {
        for (dict, name) in globals {
            dict.pointee.watched = 1
            // Stores name the interned string; the dict's key may be another object with the same text.
            name.pointee.flags |= UInt32(TS_STR_WATCHED)
            vm.intern(name.string).pointee.flags |= UInt32(TS_STR_WATCHED)
            globalWatchers[dict, default: [:]][name, default: []].append(trace)
        }
        for entry in trace.liveEntries where entry.uop == ._GUARD_TYPE_VERSION {
            let version = UInt32(truncatingIfNeeded: entry.operand)
            if let cls = vm.userClasses.first(where: { $0.pointee.version == version }) {
                classWatchers[cls, default: []].append(trace)
            }
        }
    }

    /// A watched global was rebound or deleted: every trace that folded its value is invalid.
    ///
    /// Every store to a watched namespace comes here, most of them to names no trace folded: find out
    /// without copying or rewriting the watch table.
    func globalChanged(_ dict: DictRef, _ name: StrRef) {
        guard let watchedNames = globalWatchers[dict]?.keys,
            let watched = watchedNames.first(where: { $0 == name || $0.isEqual(to: name) }),
            let traces = globalWatchers[dict]?.removeValue(forKey: watched)
        else { return }
        for trace in traces { invalidate(trace, "the global \(name.string) was rebound") }
    }

    /// A class changed: traces whose guards assumed its old version are invalid.
    func classInvalidates(_ cls: ClassRef) {
        guard let traces = classWatchers.removeValue(forKey: cls) else { return }
        for trace in traces { invalidate(trace, "class \(cls.pointee.name.string) was changed") }
    }

    /// Throws a trace away: its executor stops at its next validity check, the bytecode it replaced comes
    /// back, and the loop may trace again later. Its side traces go with it.
    func invalidate(_ trace: Trace, _ reason: String) {
        guard trace.isValid else { return }
        trace.invalidate(reason)
        if let anchor = trace.anchor,
            trace.code.instructions[anchor].op == Opcode.ENTER_EXECUTOR.rawValue,
            trace.code.instructions[anchor].arg == Int32(trace.id)
        {
            trace.code.instructions[anchor] = trace.originalInstruction
            InlineCacheCounter.backOff(trace.code.caches + anchor, maximumExponent: Tier2.backoffExponent)
        }
        bus.publish(.traceInvalidated(TraceInvalidated(trace: trace.id, reason: reason)))
        retiredTraces.append(trace)
        for side in trace.sideTraces { invalidate(side, "its parent trace \(trace.id) was invalidated") }
    }

    /// Frees invalidated executors once no trace is running.
    func releaseRetiredTraces() {
        guard runtime.pointee.running_traces == 0, !retiredTraces.isEmpty else { return }
        for trace in retiredTraces {
            if let native = trace.native {
                dropNative(trace)
                bus.publish(.jitFreed(JITFreed(trace: trace.id, bytes: native.size)))
            }
            trace.release()
            runtime.pointee.executors.unsafelyUnwrapped[trace.id] = nil
        }
        retiredTraces.removeAll()
    }

    /// After a trace left for Tier 1 through an exit: report it, and grow a side trace where exits are hot.
    @inline(never)
    func traceExited(_ result: ts_trace_result, frame: FrameRef, top: Int) {
        guard let executor = result.executor, let exit = result.exit else { return }
        let trace = Unmanaged<Trace>.fromOpaque(executor.pointee.owner).takeUnretainedValue()
        let index = exit - executor.pointee.exits
        let uop = MicroOp(rawValue: exit.pointee.uop)!
        let count = Int(exit.pointee.count)
        let code = frame.code
        if uop == ._CHECK_VALIDITY {
            bus.publish(
                .deoptimized(
                    Deoptimized(
                        trace: trace.id, site: InstructionSite(code, Int(result.resume_ip)),
                        reason: trace.invalidationReason ?? "the trace was invalidated while it ran")))
            return
        }
        if count & (count - 1) == 0 || count == vm.options.sideTraceAfter {
            bus.publish(
                .sideExit(
                    SideExitTaken(
                        trace: trace.id, exit: index, guardName: uop.name,
                        site: InstructionSite(code, Int(result.resume_ip)),
                        count: count)))
        }
        if retraceAlongHotBranch(trace, exit: index, uop: uop, count: count) { return }
        // Each failed attempt to grow a side trace waits as long again before the next, and the exit's
        // count keeps telling how often it was taken. A loop that runs out often is an inner loop: its
        // side trace carries on past the loop, into the outer loop's trace, instead of a trip through
        // Tier 1 every time the inner loop ends.
        let attempts = trace.sideTraceAttempts[index, default: 0]
        guard count >= max(1, vm.options.sideTraceAfter) * (attempts + 1), exit.pointee.side == nil, trace.isValid
        else { return }
        let target = Int(result.resume_ip)
        guard
            let side = record(
                kind: .side(parent: trace, exit: index), code: code, start: target, anchor: nil, depth: top,
                purpose: uop.endsLoop ? .loopEnd : .side,
                cache: nil)
        else {
            trace.sideTraceAttempts[index, default: 0] += 1
            // A guard that keeps failing where no side trace can grow makes the trace a detour: drop it,
            // so that the loop or function traces again later, from what the bytecode has learned since.
            if trace.sideTraceAttempts[index, default: 0] >= Tier2.sideTraceAttempts {
                invalidate(
                    trace,
                    "its \(uop.name) exit kept failing and no side trace could grow there "
                        + "(\(Tier2.sideTraceAttempts) attempts)")
            }
            return
        }
        trace.attach(side, at: index)
        trace.sideTraces.append(side)
        bus.publish(.sideTraceAttached(SideTraceAttached(parent: trace.id, exit: index, trace: side.id)))
    }

    /// A loop trace recorded along a branch's rare way never goes round: it leaves the loop (a `return` or
    /// `break` it happened to see when the branch history favoured it) while the loop's real path leaves
    /// through the branch's exit on every trip. A side trace there would only make two traces that hand
    /// over to each other each time round, with no loop of their own for peeling to work on. A path that
    /// leaves the loop runs at most once per entry, so once the branch's exit turns hot, the loop is going
    /// round: the exit's count becomes the branch's history and the trace is thrown away, to be recorded
    /// again along the way the loop actually goes.
    private func retraceAlongHotBranch(_ trace: Trace, exit index: Int, uop: MicroOp, count: Int) -> Bool {
        guard case .loop = trace.kind, uop == ._GUARD_IS_TRUE_POP || uop == ._GUARD_IS_FALSE_POP,
            count >= max(1, vm.options.sideTraceAfter), trace.isValid, !trace.goesRound
        else { return false }
        let exits = trace.exits
        guard index < exits.count, let target = exits[index].entry.exitTarget else { return false }
        let branch = exits[index].entry
        // The exit goes where the trace assumed the branch would not: to the next instruction when the
        // trace followed the jump, to the jump's target otherwise.
        let jumps = target != branch.offset + 1
        branch.code.caches[branch.offset].counter = jumps ? 0xFFFF : 0
        invalidate(
            trace,
            "its loop never went round: the branch at line \(branch.line) went the other way \(Plural.times(count)), "
                + "so the loop will be traced again along that way")
        return true
    }
}
