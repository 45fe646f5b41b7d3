import CTierCore

extension InstructionSite {
    /// Where instruction `offset` of `code` is: the one way the engine names a site in its events. An
    /// offset at or past the end (a frame that has returned) takes the last instruction's line.
    init(_ code: CodeObject, _ offset: Int) {
        let index = max(0, min(offset, code.instructionCount - 1))
        self.init(code: code.reference, offset: offset, line: Int(code.line(at: index)))
    }
}

extension VM {
    /// The listing a viewer shows the program with.
    public static func listing(of program: CodeObject, source: SourceText) -> ProgramListing {
        ProgramListing(
            path: source.path, source: source.text,
            lines: source.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            functions: program.allCodeObjects.map { code in
                var targets = Set<Int>()
                for i in 0..<code.instructionCount {
                    let op = unsafeBitCast(code.instructions[i].op, to: Opcode.self)
                    if op.jumpsToArgument { targets.insert(Int(code.instructions[i].arg)) }
                }
                return FunctionListing(
                    code: code.reference, kind: code.kind.name, localNames: code.localNames,
                    instructions: (0..<code.instructionCount).map { i in
                        let instruction = code.instructions[i]
                        let op = unsafeBitCast(instruction.op, to: Opcode.self)
                        return InstructionListing(
                            offset: i, opname: "\(op)", argument: Int(instruction.arg),
                            argumentText: Disassembler.argumentMeaning(code, op, instruction.arg),
                            line: Int(code.line(at: i)), isJumpTarget: targets.contains(i))
                    })
            })
    }
}

/// What an observed run (EngineOptions.observe) does beyond running: it offers the stepping gate a
/// hold before each instruction and, when asked, before each micro-op, and publishes snapshots of the
/// engine for a viewer (the dispatch loop counts executions itself). Everything here runs on the
/// engine's thread. The VM owns one (`VM.observation`), also in a run nobody watches, where the gate
/// and the sink are nil.
final class Observation {
    /// The VM it shows. Unowned and unsafe: the VM owns its observation, so it outlives it, and the
    /// trace interpreter's per-micro-op callback reaches this through an unretained pointer anyway.
    unowned(unsafe) var vm: VM!
    /// Holds the engine for a person stepping through the run (observed runs only).
    let stepping: SteppingGate?
    /// Where a snapshot taken at an instruction or micro-op hold says the engine is.
    private var pendingStop: StopPoint?
    /// Receives snapshots of an observed run.
    var snapshotSink: (@Sendable (EngineSnapshot) -> Void)?
    private var lastSnapshot: UInt64 = 0
    private let startedAt = MonotonicClock.now()

    init(stepping: SteppingGate?) {
        self.stepping = stepping
    }

    /// Holds before the instruction at `ip`, if the gate says so. The frame's registers are saved.
    @inline(never)
    func offerInstructionHold(_ frame: FrameRef, ip: Int, top: Int, _ gate: SteppingGate) {
        pendingStop = StopPoint(
            kind: .instruction, site: InstructionSite(frame.code, ip), locals: localValues(frame),
            stack: (0..<top).map { describe(ts_frame_locals(frame)[Int(frame.pointee.nlocals) + $0]) })
        gate.hold(at: .instruction)
        pendingStop = nil
    }

    /// Holds before micro-op `index` of `executor`, if the gate says so.
    func offerMicroOpHold(
        _ executor: UnsafeMutablePointer<ts_executor>, _ index: Int, _ frame: FrameRef,
        _ sp: UnsafeMutablePointer<ts_value>, _ gate: SteppingGate
    ) {
        guard gate.wantsStops else { return }
        let trace = Unmanaged<Trace>.fromOpaque(executor.pointee.owner).takeUnretainedValue()
        let entryIndex = trace.entryIndex(ofLive: index)
        let entry = trace.entries[entryIndex]
        let stack = ts_frame_locals(frame) + Int(frame.pointee.nlocals)
        let operand = trace.isInstalled ? trace.operandText(at: entryIndex) : ""
        pendingStop = StopPoint(
            kind: .microOp(trace: trace.id, index: entryIndex, name: entry.uop.name, operand: operand),
            site: InstructionSite(frame.code, entry.offset), locals: localValues(frame),
            stack: (0..<(sp - stack)).map { describe(stack[$0]) })
        gate.hold(at: .microOp)
        pendingStop = nil
    }

    /// Runs a trace offering a hold before each micro-op: how a person steps through one.
    @inline(never)
    func runObserved(
        _ executor: UnsafeMutablePointer<ts_executor>, _ frame: inout FrameRef,
        _ sp: inout UnsafeMutablePointer<ts_value>
    ) -> ts_trace_result {
        ts_execute_trace_observed(
            executor, &frame, &sp,
            { context, executor, index, frame, sp in
                let observation = Unmanaged<Observation>.fromOpaque(context).takeUnretainedValue()
                observation.offerMicroOpHold(executor, Int(index), frame, sp, observation.stepping.unsafelyUnwrapped)
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func localValues(_ frame: FrameRef) -> [StopPoint.Value] {
        let code = frame.code
        let locals = ts_frame_locals(frame)
        return code.localNames.enumerated().map { i, name in
            StopPoint.Value(name: name, repr: locals[i].isNull ? "<unbound>" : describe(locals[i]))
        }
    }

    /// Where the innermost frame is, for a hold after an event (its stack depth is not known there).
    private var currentStop: StopPoint? {
        guard let frame = vm.runtime.pointee.current_frame else { return nil }
        return StopPoint(
            kind: .instruction, site: InstructionSite(frame.code, Int(frame.pointee.ip)), locals: localValues(frame),
            stack: nil)
    }

    /// A snapshot of the engine now.
    func snapshot(stop: StopPoint?, finished: Bool = false) -> EngineSnapshot {
        let vm = self.vm!
        let functions = vm.program.allCodeObjects.map { code -> FunctionState in
            var opnames: [String] = []
            var misses: [Int] = []
            var entries: [Int: Int] = [:]
            opnames.reserveCapacity(code.instructionCount)
            for i in 0..<code.instructionCount {
                var instruction = code.instructions[i]
                if instruction.op == Opcode.ENTER_EXECUTOR.rawValue {
                    let trace = vm.tier2.traces[Int(instruction.arg)]
                    entries[i] = trace.id
                    instruction = trace.originalInstruction
                }
                opnames.append("\(unsafeBitCast(instruction.op, to: Opcode.self))")
                misses.append(Int(code.caches[i].misses))
            }
            return FunctionState(
                counts: Array(UnsafeBufferPointer(start: code.executionCounts, count: code.instructionCount)),
                opnames: opnames, misses: misses, traceEntries: entries)
        }
        return EngineSnapshot(
            nanoseconds: MonotonicClock.now() - startedAt, eventsPublished: vm.bus.publishedCount,
            functions: functions, traces: vm.tier2.traces.map { $0.snapshot() }, stop: stop, finished: finished)
    }

    /// Called before the gate holds the engine: hands the viewer a snapshot of where it is held.
    func publishSnapshot(heldAt point: SteppingGate.HoldPoint) {
        guard let sink = snapshotSink else { return }
        sink(point == .event ? snapshotAfterEvent() : snapshot(stop: pendingStop))
        lastSnapshot = MonotonicClock.now()
    }

    /// The engine right after the event just published, with the frame it was published from: what a
    /// viewer holding the engine there sees, and what a recording's keyframe keeps.
    func snapshotAfterEvent() -> EngineSnapshot {
        var stop = currentStop
        if stop != nil { stop!.kind = .event(sequence: vm.bus.publishedCount) }
        return snapshot(stop: stop)
    }

    /// At a safe point of an observed run (or before a slow-motion wait): a fresh snapshot for the
    /// viewer, at most every `interval` nanoseconds.
    func publishSnapshotIfDue(every interval: UInt64 = 30_000_000) {
        guard let sink = snapshotSink else { return }
        let now = MonotonicClock.now()
        guard now - lastSnapshot >= interval else { return }
        lastSnapshot = now
        sink(snapshot(stop: nil))
    }

    /// A short, bounded description of a value that runs no Python code (no `__repr__`), so that a
    /// viewer can show any frame at any moment without changing what the program does.
    func describe(_ value: ts_value, budget: Int = 48) -> String {
        var text = ""
        describe(value, into: &text, depth: 0, budget: budget)
        return text.count > budget ? String(text.prefix(budget - 1)) + "…" : text
    }

    private func describe(_ value: ts_value, into text: inout String, depth: Int, budget: Int) {
        guard text.count <= budget else { return }
        switch value.tag {
        case .null: text += "<NULL>"
        case .none: text += "None"
        case .bool: text += value.u.i != 0 ? "True" : "False"
        case .int, .float, .bigint:
            text += (try? vm.reprText(value)) ?? "?"
        case .str:
            let s = value.str.string
            text += "'" + (s.count > budget ? String(s.prefix(budget)) : s) + "'"
        case .list, .tuple:
            let isList = value.tag == .list
            let items: UnsafeBufferPointer<ts_value> =
                isList
                ? UnsafeBufferPointer(start: value.list.pointee.items, count: Int(value.list.pointee.count))
                : UnsafeBufferPointer(start: ts_tuple_items(value.tuple), count: Int(value.tuple.pointee.count))
            text += isList ? "[" : "("
            if depth >= 2 && !items.isEmpty {
                text += "…"
            } else {
                for (i, item) in items.enumerated() {
                    if i > 0 { text += ", " }
                    if text.count > budget { break }
                    describe(item, into: &text, depth: depth + 1, budget: budget)
                }
                if !isList && items.count == 1 { text += "," }
            }
            text += isList ? "]" : ")"
        case .dict:
            text += "{… \(value.dict.pointee.used) items}"
        case .function:
            text += "<function \(value.function.pointee.qualname.string)>"
        case .classObject:
            text += "<class '\(value.classObject.pointee.name.string)'>"
        case .instance:
            text += "<\(value.instance.pointee.cls.pointee.name.string) object>"
        default:
            text += "<\(vm.typeName(value))>"
        }
    }
}

extension Opcode {
    /// Whether the argument is a jump target.
    var jumpsToArgument: Bool {
        switch self {
        case .JUMP_FORWARD, .JUMP_BACKWARD, .POP_JUMP_IF_FALSE, .POP_JUMP_IF_TRUE, .FOR_ITER, .FOR_ITER_RANGE,
            .FOR_ITER_LIST, .FOR_ITER_TUPLE:
            true
        default:
            false
        }
    }
}
