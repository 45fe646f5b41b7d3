import CTierCore

#if canImport(Glibc)
import Glibc
#endif

// Tier 2 in the VM: when loops and functions become hot, record, optimise and install traces; run them
// through the micro-op interpreter; grow side traces at hot exits; invalidate traces whose assumptions
// break. Every step is an event.

enum Tier2Policy {
    /// Failed side-trace recordings at one exit before its trace is invalidated.
    static let sideTraceAttempts = 4
    /// A loop or function whose recordings keep aborting, or whose traces keep being invalidated, waits
    /// up to 2^15 back edges or calls before the next attempt.
    static let backoffExponent = 15
}

extension VM {
    var tracing: Bool { options.maxTier == .traces || options.maxTier == .jit }

    /// Which passes run: all by default, none with --no-opt, or those --passes names.
    private var selectedPasses: Set<String>? {
        if !options.optimize { return [] }
        return options.passes.map(Set.init)
    }

    private func site(_ code: CodeObject, _ offset: Int) -> InstructionSite {
        InstructionSite(code: code.reference, offset: offset, line: Int(code.line(at: offset)))
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
        bus.publish(.traceRecordingStarted(TraceRecordingStarted(trace: id, site: site(code, start), trigger: trigger)))
        switch TraceRecorder(vm: self, purpose: purpose).project(code: code, start: start) {
        case .aborted(let reason, let where_, let offset):
            let wait = cache.map { backOff($0, maximumExponent: Tier2Policy.backoffExponent) } ?? 0
            bus.publish(
                .traceAborted(
                    TraceAborted(
                        trace: id, site: site(code, start), reason: reason, at: site(where_, offset),
                        retryAfter: Int(wait))))
            return nil
        case .recorded(let recorded):
            let trace = Trace(
                id: id, kind: kind, code: code, start: start, anchor: anchor, entries: recorded, entryDepth: depth)
            traces.append(trace)
            bus.publish(
                .traceRecorded(
                    TraceRecorded(
                        trace: id, site: site(code, start), microOps: TraceListing.records(recorded),
                        ending: recorded.last?.uop.name ?? "", nanoseconds: MonotonicClock.now() - started)))
            var context = OptimizerContext(vm: self, root: code, entryDepth: depth)
            if case .loop = kind { context.isLoop = true }
            trace.passes = Optimizer.optimize(&trace.entries, &context, selected: selectedPasses, trace: id)
            trace.install()
            enterable(trace)
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
            watch(trace, globals: context.watchedGlobals)
            if let anchor {
                code.instructions[anchor] = ts_instr(
                    op: Opcode.ENTER_EXECUTOR.rawValue, _reserved: (0, 0, 0), arg: Int32(id))
            }
            return trace
        }
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
            intern(name.string).pointee.flags |= UInt32(TS_STR_WATCHED)
            globalWatchers[dict, default: [:]][name, default: []].append(trace)
        }
        for entry in trace.liveEntries where entry.uop == ._GUARD_TYPE_VERSION {
            let version = UInt32(truncatingIfNeeded: entry.operand)
            if let cls = userClasses.first(where: { $0.pointee.version == version }) {
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
            _ = backOff(trace.code.caches + anchor, maximumExponent: Tier2Policy.backoffExponent)
        }
        bus.publish(.traceInvalidated(TraceInvalidated(trace: trace.id, reason: reason)))
        retiredTraces.append(trace)
        for side in trace.sideTraces { invalidate(side, "its parent trace \(trace.id) was invalidated") }
    }

    /// Frees invalidated executors once no trace is running.
    func releaseRetiredTraces() {
        guard runtime.pointee.running_traces == 0, !retiredTraces.isEmpty else { return }
        for trace in retiredTraces {
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
                        trace: trace.id, site: site(code, Int(result.resume_ip)),
                        reason: trace.invalidationReason ?? "the trace was invalidated while it ran")))
            return
        }
        if count & (count - 1) == 0 || count == options.sideTraceAfter {
            bus.publish(
                .sideExit(
                    SideExitTaken(
                        trace: trace.id, exit: index, guardName: uop.name, site: site(code, Int(result.resume_ip)),
                        count: count)))
        }
        // A loop running out is how it ends, not a misprediction: nothing to grow there.
        // Each failed attempt to grow a side trace waits as long again before the next, and the exit's
        // count keeps telling how often it was taken.
        let attempts = trace.sideTraceAttempts[index, default: 0]
        guard !uop.endsLoop, count >= max(1, options.sideTraceAfter) * (attempts + 1),
            exit.pointee.side == nil, trace.isValid
        else { return }
        let target = Int(result.resume_ip)
        guard
            let side = record(
                kind: .side(parent: trace, exit: index), code: code, start: target, anchor: nil, depth: top,
                purpose: .side,
                cache: nil)
        else {
            trace.sideTraceAttempts[index, default: 0] += 1
            // A guard that keeps failing where no side trace can grow makes the trace a detour: drop it,
            // so that the loop or function traces again later, from what the bytecode has learned since.
            if trace.sideTraceAttempts[index, default: 0] >= Tier2Policy.sideTraceAttempts {
                invalidate(
                    trace,
                    "its \(uop.name) exit kept failing and no side trace could grow there "
                        + "(\(Tier2Policy.sideTraceAttempts) attempts)")
            }
            return
        }
        trace.attach(side, at: index)
        trace.sideTraces.append(side)
        bus.publish(.sideTraceAttached(SideTraceAttached(parent: trace.id, exit: index, trace: side.id)))
    }

    /// A call Tier 1 could not specialise, made from inside a trace. Where Tier 1 would push a frame (a
    /// Python function, a class with `__init__`), the frame runs in a nested interpreter loop, its
    /// arguments left in place on the trace's stack (rooted there, and no copies made); anything else
    /// is called as a built-in calls it.
    private func callFromTrace(_ site: CallSite, _ slot: UnsafeMutablePointer<ts_value>) throws(PyError) -> ts_value {
        let callable = site.callable
        switch callable.tag {
        case .function:
            let callee = try pushFrame(
                for: callable.function, arguments: site.arguments, count: site.positional,
                keywordNames: site.keywordNames, keywordValues: site.arguments + site.positional, action: .host)
            return try execute(callee)
        case .classObject
        where constructors[callable.classObject.pointee.instance_tag] == nil || isException(callable.classObject):
            let (instance, initializer) = try newInstance(callable.classObject, site.callArguments)
            guard let initializer else { return instance }
            // As in Tier 1: the instance takes the callable's slot (a root while __init__ runs) and the
            // receiver's, so that it is the first of the initializer's arguments.
            slot[0] = instance
            slot[1] = instance
            let callee = try pushFrame(
                for: initializer.function, arguments: slot + 1, count: site.positional + 1,
                keywordNames: site.keywordNames, keywordValues: site.arguments + site.positional, action: .host)
            try checkInitializerResult(try execute(callee))
            return instance
        default:
            return try call(callable, site.callArguments)
        }
    }

    /// Runs a generic micro-op (`_BINARY_OP`, `_STORE_NAME`, `_CALL`, ...) inside a trace: its instruction's
    /// generic form, on the frame's stack, with the implementation Tier 0 uses. False when the micro-op
    /// leaves the trace instead, having changed nothing.
    func runGeneric(
        _ frame: FrameRef, _ sp: UnsafeMutablePointer<UnsafeMutablePointer<ts_value>>, _ op: Opcode, _ arg: Int32
    )
        throws(PyError) -> Bool
    {
        let stack = ts_frame_locals(frame) + Int(frame.pointee.nlocals)
        var top = sp.pointee - stack
        defer { sp.pointee = stack + top }
        let arg = Int(arg)
        switch op {
        case .CALL, .CALL_KW:
            // A class statement's __build_class__ runs the class body in Tier 1's loop, not from here.
            let callable = stack[top - arg - 2 - (op == .CALL_KW ? 1 : 0)]
            if callable.tag == .builtin && callable.builtin == buildClass { return false }
            let site = callSite(stack, &top, arg, keywords: op == .CALL_KW)
            let result = try callFromTrace(site, stack + site.slotIndex)
            top = site.slotIndex
            stack[top] = result
            top += 1
        default:
            try runGenericInstruction(
                op, arg, frame, stack, &top, names: frame.pointee.code.pointee.names.unsafelyUnwrapped)
        }
        return true
    }
}
