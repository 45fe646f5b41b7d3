import CTierCore

/// Projects a trace from specialised bytecode into micro-ops, the way CPython 3.13's
/// `translate_bytecode_to_trace` does: starting at a hot loop header, function entry or side exit, it
/// walks the instructions as Tier 1 left them, emits each one's micro-op expansion with operands from
/// its inline cache, follows the branch direction the loop has been taking (turning the branch into a
/// guard), follows calls into Python functions a few frames deep, and stops where the loop closes or the
/// trace leaves its loop.
struct TraceRecorder {
    /// CPython's limit on trace length.
    static let maximumLength = 800
    /// How many calls deep a trace follows.
    static let maximumCallDepth = 3

    enum Outcome {
        case recorded([TraceEntry])
        case aborted(reason: String, code: CodeObject, offset: Int)
    }

    /// What a trace is recorded for.
    enum Purpose {
        /// A loop: `start` is its header, reached again by the back edge at `backEdge`.
        case loop(backEdge: Int)
        /// A function, from just after its RESUME.
        case function
        /// A side exit: the instruction at `start` failed its guard in the parent trace, so it runs
        /// in its generic form here.
        case side
        /// A loop's end, left through its exhaustion guard (`_GUARD_NOT_EXHAUSTED_RANGE` ...): the
        /// iterator at the top of the stack has run out, so the trace starts where the loop goes on.
        /// Only that exit enters the trace, so nothing need check the iterator again.
        case loopEnd
    }

    let vm: VM
    let purpose: Purpose

    private struct Frame {
        let code: CodeObject
        var ip: Int
        /// The special method's form that pushed it (`BINARY_OP_PY_METHOD`, `STORE_SUBSCR_SETITEM`, ...)
        /// with its argument: what the caller checks and does with the result.
        var pushedBy: (form: Opcode, arg: Int32)? = nil
    }

    func project(code: CodeObject, start: Int) -> Outcome {
        var frames = [Frame(code: code, ip: start)]
        var entries: [TraceEntry] = []
        var first = true

        func emit(_ uop: MicroOp, _ oparg: Int32 = 0, _ operand: UInt64 = 0, exit: Int? = nil, link: Trace? = nil) {
            let frame = frames[frames.count - 1]
            entries.append(
                TraceEntry(
                    uop: uop, oparg: oparg, operand: operand, code: frame.code, offset: frame.ip,
                    depth: frames.count - 1, exitTarget: exit, linkedTrace: link))
        }

        emit(._START_EXECUTOR)
        while true {
            guard entries.count < TraceRecorder.maximumLength else {
                let frame = frames[frames.count - 1]
                return .aborted(
                    reason: "too long (more than \(TraceRecorder.maximumLength) micro-ops)", code: frame.code,
                    offset: frame.ip)
            }
            let frame = frames[frames.count - 1]
            let code = frame.code
            let ip = frame.ip
            let instruction = code.instructions[ip]
            let op = Opcode(rawValue: instruction.op)!
            let arg = instruction.arg
            let cache = code.caches[ip]
            func advance(to next: Int) { frames[frames.count - 1].ip = next }
            func abort(_ reason: String) -> Outcome { .aborted(reason: reason, code: code, offset: ip) }

            // Every instruction starts with its position and a validity check; the optimiser keeps
            // only those something needs.
            emit(._SET_IP, Int32(ip))
            emit(._CHECK_VALIDITY, exit: ip)

            if first, case .loopEnd = purpose {
                first = false
                guard op.generic == .FOR_ITER else { return abort("a loop's end that is not at its FOR_ITER") }
                // What FOR_ITER does with an iterator that has run out: drop it and jump past the loop.
                emit(._POP_TOP)
                advance(to: Int(arg))
                continue
            }
            // The instruction a side trace starts at failed its guards: run it generically.
            let shape: Opcode = first && op.isSpecialized && isSide ? op.generic : op
            first = false

            switch shape {
            case .NOP:
                advance(to: ip + 1)
            case .RESUME:
                guard frames.count > 1 || ip != 0 || isFunction else { return abort("starts at a function's entry") }
                advance(to: ip + 1)
            case .JUMP_FORWARD:
                advance(to: Int(arg))
            case .JUMP_BACKWARD:
                if frames.count == 1, case .loop(let backEdge) = purpose, backEdge == ip {
                    emit(._JUMP_TO_TOP, exit: ip)
                    return .recorded(entries)
                }
                // Another loop's back edge: end here and let that loop run (and trace) on its own.
                emit(._EXIT_TRACE, exit: ip)
                return .recorded(entries)
            case .ENTER_EXECUTOR:
                let target = vm.traces[Int(arg)]
                if frames.count == 1, case .loop(let backEdge) = purpose, backEdge == ip {
                    emit(._JUMP_TO_TOP, exit: ip)
                    return .recorded(entries)
                }
                if case .function = target.kind {
                    guard frames.count > 1 else { return abort("starts at a function that already has a trace") }
                    advance(to: ip + 1)
                    continue
                }
                // A loop that already has a trace: leave straight into it.
                emit(._EXIT_TRACE, exit: ip, link: target.isValid && frames.count == 1 ? target : nil)
                return .recorded(entries)
            case .POP_JUMP_IF_FALSE, .POP_JUMP_IF_TRUE:
                // Follow the way the branch has mostly gone lately (a history of taken bits).
                let taken = (cache.counter.nonzeroBitCount) * 2 > 16
                let jumpsOnTrue = shape == .POP_JUMP_IF_TRUE
                let goesTrue = taken == jumpsOnTrue
                // The branch guards below take anything but True (or False) for the other way. A value
                // that is not a bool (a class's __eq__ may answer with any object) must reach Tier 1's
                // branch instead; the optimiser drops this check wherever the value is known to be a bool.
                emit(._TO_BOOL_BOOL, exit: ip)
                emit(
                    goesTrue ? ._GUARD_IS_TRUE_POP : ._GUARD_IS_FALSE_POP,
                    exit: taken ? ip + 1 : Int(arg))
                advance(to: taken ? Int(arg) : ip + 1)
            case .FOR_ITER_RANGE, .FOR_ITER_LIST, .FOR_ITER_TUPLE:
                // Inside a trace the loop's exit is a guard: running out leaves the trace.
                for uop in shape.expansion {
                    if uop.mayJump {
                        guard let exhaustion = TraceRecorder.exhaustionGuard(for: uop) else {
                            return abort("\(uop) has no guard form")
                        }
                        emit(exhaustion, exit: ip)
                    } else {
                        emit(uop, arg, ts_cache_operand([cache], uop.operandSource), exit: uop.mayDeoptimize ? ip : nil)
                    }
                }
                advance(to: ip + 1)
            case .FOR_ITER:
                return abort("this loop's iterator has no specialised form")
            case .CALL_PY_EXACT_ARGS, .BINARY_SUBSCR_GETITEM, .STORE_SUBSCR_SETITEM, .BINARY_OP_PY_METHOD,
                .COMPARE_OP_PY_METHOD, .CONTAINS_OP_PY_METHOD, .TO_BOOL_PY_METHOD, .CALL_LEN_PY_METHOD:
                // Each pushes the frame of the function its cache names; the trace goes on in it.
                let callee =
                    shape == .CALL_LEN_PY_METHOD
                    ? CodeObject.owner(of: FunctionRef(bitPattern: UInt(cache.operand2))!.pointee.code)
                    : CodeObject.owner(of: UnsafeMutablePointer<ts_code>(bitPattern: UInt(cache.operand2))!)
                guard frames.count <= TraceRecorder.maximumCallDepth else {
                    return abort("calls nested more than \(TraceRecorder.maximumCallDepth) deep")
                }
                if frames.contains(where: { $0.code === callee }) {
                    // Recursion cannot be inlined; as CPython's recorder does, end the trace at the call
                    // and let Tier 1 push the frame, where the callee's own trace takes over. Aborting
                    // instead left the hot exit before every recursive call with no side trace, so the
                    // function's trace was thrown away and recorded again, over and over.
                    emit(._EXIT_TRACE, exit: ip)
                    return .recorded(entries)
                }
                for uop in shape.expansion {
                    emit(uop, arg, ts_cache_operand([cache], uop.operandSource), exit: uop.mayDeoptimize ? ip : nil)
                }
                entries[entries.count - 1].callee = callee
                advance(to: ip + 1)
                frames.append(Frame(code: callee, ip: 0, pushedBy: shape == .CALL_PY_EXACT_ARGS ? nil : (shape, arg)))
            case .RETURN_VALUE, .RETURN_CONST:
                guard frames.count > 1 else {
                    // Returning from the trace's own frame is Tier 1's job.
                    emit(._EXIT_TRACE, exit: ip)
                    return .recorded(entries)
                }
                let pushedBy = frames[frames.count - 1].pushedBy
                // A protocol's result is checked before the frame goes, so that one the trace cannot take
                // (NotImplemented, a __bool__ that is not a bool) leaves at the return for Tier 1 to finish.
                let check = pushedBy.flatMap { TraceRecorder.resultCheck(after: $0.form) }
                if shape == .RETURN_CONST {
                    if let check, !TraceRecorder.constant(code.constants[Int(arg)], passes: check) {
                        return abort("\(code.qualifiedName)() returns a constant its caller does not take as it is")
                    }
                    emit(._LOAD_CONST, arg)
                } else if let check {
                    emit(check, exit: ip)
                }
                emit(._POP_FRAME)
                frames.removeLast()
                switch pushedBy?.form {
                case .STORE_SUBSCR_SETITEM: emit(._POP_TOP)
                case .CONTAINS_OP_PY_METHOD where pushedBy?.arg != 0: emit(._UNARY_NOT)
                default: break
                }
            default:
                if let generic = MicroOp.generic(running: shape) {
                    // Run by the VM's own implementation. One that may deoptimise (a call Tier 1 leaves to
                    // itself, such as a class statement) leaves the trace at this instruction.
                    emit(generic, arg, exit: generic.mayDeoptimize ? ip : nil)
                    advance(to: ip + 1)
                    continue
                }
                let expansion = shape.expansion
                guard !expansion.isEmpty, !expansion.contains(where: \.mayJump) else {
                    return abort("unsupported instruction \(shape)")
                }
                for uop in expansion {
                    emit(uop, arg, ts_cache_operand([cache], uop.operandSource), exit: uop.mayDeoptimize ? ip : nil)
                }
                advance(to: ip + 1)
            }
        }
    }

    private var isSide: Bool {
        if case .side = purpose { return true }
        return false
    }

    private var isFunction: Bool {
        if case .function = purpose { return true }
        return false
    }

    /// What a special method's result must be for the trace to take it as its form's result: not
    /// NotImplemented for an operator, a bool for truth and membership, a length for `len`.
    static func resultCheck(after form: Opcode) -> MicroOp? {
        switch form {
        case .BINARY_OP_PY_METHOD, .COMPARE_OP_PY_METHOD: ._GUARD_RESULT_IMPLEMENTED
        case .TO_BOOL_PY_METHOD, .CONTAINS_OP_PY_METHOD: ._TO_BOOL_BOOL
        case .CALL_LEN_PY_METHOD: ._GUARD_RESULT_LENGTH
        default: nil
        }
    }

    /// Whether a returned constant passes the check: a constant is never NotImplemented.
    static func constant(_ constant: Constant, passes check: MicroOp) -> Bool {
        switch (check, constant) {
        case (._TO_BOOL_BOOL, .bool): true
        case (._GUARD_RESULT_LENGTH, .int(let k)): Int64(exactly: k).map { $0 >= 0 } ?? false
        case (._GUARD_RESULT_IMPLEMENTED, _): true
        default: false
        }
    }

    /// A loop's exit inside a trace: the `_ITER_JUMP_` micro-op's check, as a guard that leaves the trace
    /// when the iterator runs out.
    static func exhaustionGuard(for jump: MicroOp) -> MicroOp? {
        switch jump {
        case ._ITER_JUMP_RANGE: ._GUARD_NOT_EXHAUSTED_RANGE
        case ._ITER_JUMP_LIST: ._GUARD_NOT_EXHAUSTED_LIST
        case ._ITER_JUMP_TUPLE: ._GUARD_NOT_EXHAUSTED_TUPLE
        default: nil
        }
    }
}
