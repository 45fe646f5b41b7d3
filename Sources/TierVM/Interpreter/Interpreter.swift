import CTierCore

/// The frame-dependent state the dispatch loop keeps in locals.
private struct FrameContext {
    var instructions: UnsafeMutablePointer<ts_instr>
    var caches: UnsafeMutablePointer<ts_cache>
    var locals: UnsafeMutablePointer<ts_value>
    var stackBase: UnsafeMutablePointer<ts_value>
    var consts: UnsafePointer<ts_value>
    var names: UnsafeMutablePointer<StrRef>
    var counts: UnsafeMutablePointer<UInt64>

    @inline(__always) init(_ frame: FrameRef) {
        let code = frame.pointee.code
        counts = code.pointee.counts
        instructions = code.pointee.instructions
        caches = code.pointee.caches
        locals = ts_frame_locals(frame)
        stackBase = locals + Int(frame.pointee.nlocals)
        consts = code.pointee.consts
        names = code.pointee.names.unsafelyUnwrapped
    }
}

extension UnsafeMutablePointer where Pointee == ts_frame {
    /// Writes the interpreter's registers back into the frame, before anything that may look at it
    /// (the collector, a traceback, Python code called from a built-in).
    @inline(__always) func save(ip: Int, depth: Int) {
        pointee.ip = Int32(ip)
        pointee.stack_depth = Int32(depth)
    }
}

extension VM {
    /// Runs the program's module code.
    public func runProgram() throws(PyError) {
        defer { flushOutput() }
        let frame = try frames.push(program, function: nil, globals: globals, names: globals, action: .host)
        _ = try execute(frame)
    }

    /// The Tier 0 interpreter: runs `entry` (and every Python frame it calls) until `entry` returns.
    func execute(_ entry: FrameRef) throws(PyError) -> ts_value {
        observation.stepping == nil ? try execute(entry, Unobserved.self) : try execute(entry, Observed.self)
    }

    /// The dispatch loop, compiled twice: once with the viewer's counting and holds, once without them,
    /// so that a run nobody watches does not test for a watcher before every instruction.
    ///
    /// Python calls switch frames inside this loop rather than recursing, so only built-ins calling back
    /// into Python nest it. The instruction pointer, stack pointer and frame pointers live in locals;
    /// they are written back to the frame only where something else may look (calls, safe points,
    /// errors).
    private func execute<Observation: ObservationMode>(
        _ entry: FrameRef, _: Observation.Type
    ) throws(PyError)
        -> ts_value
    {
        var frame = entry
        var context = FrameContext(frame)
        var ip = Int(frame.pointee.ip)
        // The value stack is indexed by depth, never addressed with negative constant offsets from a
        // stack pointer: Swift 6.3's optimizer mistakes `p[-1]` and `p[0]` for one location and drops
        // stores (swiftlang/swift#77558, fixed in 6.4).
        var stack = context.stackBase
        var top = Int(frame.pointee.stack_depth)
        /// Whether Tier 1 is on: generic instructions warm up and specialise.
        let adaptive = options.maxTier != .interpreter
        /// Whether Tier 2 is on: loop back edges and function entries heat up and trace.
        let tracing = tier2.isOn
        /// A viewer watches: count executions and offer the stepping gate its holds.
        let observed = Observation.isOn
        // Held in locals for the whole loop: reading the properties would retain and release them at
        // every instruction.
        let gate = observation.stepping
        let specializer = self.specializer
        let tier2 = self.tier2
        let observation = self.observation
        // Calls and returns read and pop the frame stack straight from the C runtime: through the
        // FrameStack object they cost an out-of-line getter and a retain per call.
        let runtime = self.runtime

        do throws(PyError) {
            while true {
                if observed {
                    context.counts[ip] &+= 1
                    if gate.unsafelyUnwrapped.wantsStops {
                        frame.save(ip: ip, depth: top)
                        observation.offerInstructionHold(frame, ip: ip, top: top, gate.unsafelyUnwrapped)
                    }
                }
                let instruction = context.instructions[ip]
                ip &+= 1
                let arg = Int(instruction.arg)
                // The enum's layout is its raw value (cases are numbered 0 ..< count in order), and
                // Opcode(rawValue:) over so many cases is an out-of-line switch: reinterpret instead.
                var op = unsafeBitCast(instruction.op, to: Opcode.self)
                // A specialised instruction whose guards fail runs again as its generic form.
                reexecute: while true {
                    switch op {
                    case .NOP:
                        break
                    case .RESUME:
                        safePointCountdown.pointee -= 1
                        if safePointCountdown.pointee < 0 {
                            frame.save(ip: ip, depth: top)
                            try safePoint()
                        }
                        if tracing && frame.pointee.function != nil && tier2.heatUp(context.caches) {
                            frame.save(ip: ip, depth: top)
                            tier2.hotFunction(frame)
                        }
                    case .POP_TOP:
                        top &-= 1
                    case .PUSH_NULL:
                        var sp = stack + top
                        _ = ts_inst_PUSH_NULL(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                        top &+= 1
                    case .COPY:
                        var sp = stack + top
                        _ = ts_inst_COPY(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                        top &+= 1
                    case .SWAP:
                        var sp = stack + top
                        _ = ts_inst_SWAP(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                    case .LOAD_CONST:
                        var sp = stack + top
                        _ = ts_inst_LOAD_CONST(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                        top &+= 1
                    case .LOAD_FAST:
                        var sp = stack + top
                        _ = ts_inst_LOAD_FAST(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                        top &+= 1
                    case .LOAD_FAST_CHECK:
                        var sp = stack + top
                        if ts_inst_LOAD_FAST_CHECK(frame, &sp, instruction.arg, context.caches + (ip &- 1)) != TS_OK {
                            throw unboundLocal(frame, arg)
                        }
                        top &+= 1
                    case .STORE_FAST:
                        var sp = stack + top
                        _ = ts_inst_STORE_FAST(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                        top &-= 1
                    case .DELETE_FAST:
                        if context.locals[arg].isNull { throw unboundLocal(frame, arg) }
                        context.locals[arg] = .null
                    case .LOAD_GLOBAL:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(context.caches + (ip &- 1), 0x8000_0000)
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        try runGenericInstruction(.LOAD_GLOBAL, arg, frame, stack, &top, names: context.names)
                    case .STORE_GLOBAL:
                        top &-= 1
                        storeName(frame.pointee.globals, context.names[arg], stack[top])
                    case .DELETE_GLOBAL:
                        try runGenericInstruction(.DELETE_GLOBAL, arg, frame, stack, &top, names: context.names)
                    case .LOAD_NAME:
                        guard let value = loadName(frame, context.names[arg]) else {
                            throw undefinedName(context.names[arg], frame)
                        }
                        stack[top] = value
                        top &+= 1
                    case .STORE_NAME:
                        top &-= 1
                        storeName(frame.pointee.names, context.names[arg], stack[top])
                    case .DELETE_NAME:
                        try runGenericInstruction(.DELETE_NAME, arg, frame, stack, &top, names: context.names)
                    case .LOAD_ATTR:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.typeSignature(stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        frame.save(ip: ip, depth: top)
                        try runGenericInstruction(.LOAD_ATTR, arg, frame, stack, &top, names: context.names)
                    case .STORE_ATTR:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.typeSignature(stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        try runGenericInstruction(.STORE_ATTR, arg, frame, stack, &top, names: context.names)
                    case .DELETE_ATTR:
                        try runGenericInstruction(.DELETE_ATTR, arg, frame, stack, &top, names: context.names)
                    case .LOAD_SUPER_ATTR:
                        let receiver = stack[top &- 1]
                        let owner = frame.pointee.function?.pointee.owner
                        let (attribute, boundTo) = try loadSuperAttribute(
                            receiver, context.names[arg >> 1], owner: owner)
                        if arg & 1 != 0 {
                            stack[top &- 1] = attribute
                            stack[top] = boundTo
                            top &+= 1
                        } else {
                            stack[top &- 1] = boundTo.isNull ? attribute : makeBoundMethod(boundTo, attribute)
                        }
                    case .UNARY_NEGATIVE:
                        try runGenericInstruction(.UNARY_NEGATIVE, arg, frame, stack, &top, names: context.names)
                    case .UNARY_POSITIVE:
                        try runGenericInstruction(.UNARY_POSITIVE, arg, frame, stack, &top, names: context.names)
                    case .UNARY_INVERT:
                        try runGenericInstruction(.UNARY_INVERT, arg, frame, stack, &top, names: context.names)
                    case .UNARY_NOT:
                        var sp = stack + top
                        _ = ts_inst_UNARY_NOT(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                    case .TO_BOOL:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.typeSignature(stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        try runGenericInstruction(.TO_BOOL, arg, frame, stack, &top, names: context.names)
                    case .BINARY_OP:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.signature(stack[top &- 2], stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        try runGenericInstruction(.BINARY_OP, arg, frame, stack, &top, names: context.names)
                    case .COMPARE_OP:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.signature(stack[top &- 2], stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        try runGenericInstruction(.COMPARE_OP, arg, frame, stack, &top, names: context.names)
                    case .IS_OP:
                        var sp = stack + top
                        _ = ts_inst_IS_OP(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                        top &-= 1
                    case .CONTAINS_OP:
                        // The container decides the form (as in CPython): keys of any kind may come and go.
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.typeSignature(stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        try runGenericInstruction(.CONTAINS_OP, arg, frame, stack, &top, names: context.names)
                    case .BINARY_SUBSCR:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.signature(stack[top &- 2], stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        try runGenericInstruction(.BINARY_SUBSCR, arg, frame, stack, &top, names: context.names)
                    case .STORE_SUBSCR:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.signature(stack[top &- 2], stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        try runGenericInstruction(.STORE_SUBSCR, arg, frame, stack, &top, names: context.names)
                    case .DELETE_SUBSCR:
                        try runGenericInstruction(.DELETE_SUBSCR, arg, frame, stack, &top, names: context.names)
                    case .BUILD_SLICE:
                        try runGenericInstruction(.BUILD_SLICE, arg, frame, stack, &top, names: context.names)
                    case .BUILD_LIST:
                        try runGenericInstruction(.BUILD_LIST, arg, frame, stack, &top, names: context.names)
                    case .BUILD_TUPLE:
                        try runGenericInstruction(.BUILD_TUPLE, arg, frame, stack, &top, names: context.names)
                    case .BUILD_MAP:
                        try runGenericInstruction(.BUILD_MAP, arg, frame, stack, &top, names: context.names)
                    case .LIST_APPEND:
                        try runGenericInstruction(.LIST_APPEND, arg, frame, stack, &top, names: context.names)
                    case .MAP_ADD:
                        try runGenericInstruction(.MAP_ADD, arg, frame, stack, &top, names: context.names)
                    case .BUILD_STRING:
                        try runGenericInstruction(.BUILD_STRING, arg, frame, stack, &top, names: context.names)
                    case .CONVERT_VALUE:
                        frame.save(ip: ip, depth: top)
                        try runGenericInstruction(.CONVERT_VALUE, arg, frame, stack, &top, names: context.names)
                    case .FORMAT_SIMPLE:
                        frame.save(ip: ip, depth: top)
                        try runGenericInstruction(.FORMAT_SIMPLE, arg, frame, stack, &top, names: context.names)
                    case .FORMAT_WITH_SPEC:
                        frame.save(ip: ip, depth: top)
                        try runGenericInstruction(.FORMAT_WITH_SPEC, arg, frame, stack, &top, names: context.names)
                    case .GET_ITER:
                        try runGenericInstruction(.GET_ITER, arg, frame, stack, &top, names: context.names)
                    case .FOR_ITER:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.iteratorSignature(stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        if let v = try next(stack[top &- 1]) {
                            stack[top] = v
                            top &+= 1
                        } else {
                            top &-= 1
                            ip = arg
                        }
                    case .UNPACK_SEQUENCE:
                        if adaptive && instruction.op == op.rawValue
                            && specializer.warmUp(context.caches + (ip &- 1), Specialization.signature(stack[top &- 1]))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        try runGenericInstruction(.UNPACK_SEQUENCE, arg, frame, stack, &top, names: context.names)
                    case .JUMP_FORWARD:
                        ip = arg
                    case .JUMP_BACKWARD:
                        if tracing && tier2.heatUp(context.caches + (ip &- 1)) {
                            frame.save(ip: ip, depth: top)
                            tier2.hotLoop(frame, backEdge: ip &- 1, header: arg)
                        }
                        ip = arg
                        safePointCountdown.pointee -= 1
                        if safePointCountdown.pointee < 0 {
                            frame.save(ip: ip, depth: top)
                            try safePoint()
                        }
                    case .POP_JUMP_IF_FALSE:
                        top &-= 1
                        let v = stack[top]
                        let jumps = !(v.tag == .bool ? v.u.i != 0 : try truth(v))
                        if tracing { tier2.recordBranch(context.caches + (ip &- 1), taken: jumps) }
                        if jumps { ip = arg }
                    case .POP_JUMP_IF_TRUE:
                        top &-= 1
                        let v = stack[top]
                        let jumps = v.tag == .bool ? v.u.i != 0 : try truth(v)
                        if tracing { tier2.recordBranch(context.caches + (ip &- 1), taken: jumps) }
                        if jumps { ip = arg }
                    case .ENTER_EXECUTOR:
                        // Stands where a back edge or RESUME stood, so it is a safe point like them.
                        safePointCountdown.pointee -= 1
                        if safePointCountdown.pointee < 0 {
                            frame.save(ip: ip, depth: top)
                            try safePoint()
                        }
                        let executor = runtime.pointee.executors.unsafelyUnwrapped[arg].unsafelyUnwrapped
                        frame.save(ip: Int(executor.pointee.entry_ip), depth: top)
                        var sp = stack + top
                        runtime.pointee.running_traces &+= 1
                        let result =
                            observed && gate.unsafelyUnwrapped.wantsStops && gate.unsafelyUnwrapped.wantsMicroOpStops
                            ? observation.runObserved(executor, &frame, &sp)
                            : executor.pointee.jit_code != nil
                                ? ts_jit_run(executor, &frame, &sp) : ts_execute_trace(executor, &frame, &sp)
                        runtime.pointee.running_traces &-= 1
                        // The trace may have left inside a function it inlined.
                        context = FrameContext(frame)
                        stack = context.stackBase
                        top = sp - stack
                        ip = Int(result.resume_ip)
                        if result.status == TS_ERROR {
                            let error = pendingError.unsafelyUnwrapped
                            pendingError = nil
                            throw error
                        }
                        // Leaving at the loop's end (for a safe point) or where the trace ends is the trace
                        // working as meant; anything else is a guard that failed.
                        let leftThrough = result.exit.unsafelyUnwrapped.pointee.uop
                        if leftThrough != MicroOp._JUMP_TO_TOP.rawValue && leftThrough != MicroOp._EXIT_TRACE.rawValue {
                            frame.save(ip: ip, depth: top)
                            tier2.traceExited(result, frame: frame, top: top)
                        }
                    case .CALL, .CALL_KW:
                        if adaptive && instruction.op == Opcode.CALL.rawValue
                            && specializer.warmUp(
                                context.caches + (ip &- 1), Specialization.callSignature(stack[top - arg - 2], arg))
                        {
                            specializer.specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        let site = callSite(stack, &top, arg, keywords: instruction.op == Opcode.CALL_KW.rawValue)
                        let slotIndex = site.slotIndex
                        let slot = stack + slotIndex
                        let (callable, arguments, keywordNames, positional) = (
                            site.callable, site.arguments, site.keywordNames, site.positional
                        )
                        switch callable.tag {
                        case .function:
                            frame.pointee.ip = Int32(ip)
                            frame.pointee.stack_depth = Int32(slotIndex)
                            frame = try pushFrame(
                                for: callable.function, arguments: arguments, count: positional,
                                keywordNames: keywordNames,
                                keywordValues: arguments + positional, action: .push)
                            context = FrameContext(frame)
                            stack = context.stackBase
                            ip = 0
                            top = 0
                        case .classObject where constructor(of: callable.classObject) == nil:
                            frame.save(ip: ip, depth: top)
                            let (instance, initializer) = try newInstance(callable.classObject, site.callArguments)
                            guard let initializer else {
                                top = slotIndex
                                stack[top] = instance
                                top &+= 1
                                break
                            }
                            // The instance stays where the callable was: it is the call's result once
                            // __init__ returns, and a root meanwhile.
                            slot[0] = instance
                            slot[1] = instance
                            frame.pointee.ip = Int32(ip)
                            frame.pointee.stack_depth = Int32(slotIndex + 1)
                            frame = try pushFrame(
                                for: initializer.function, arguments: slot + 1, count: positional + 1,
                                keywordNames: keywordNames, keywordValues: arguments + positional, action: .initializer)
                            context = FrameContext(frame)
                            stack = context.stackBase
                            ip = 0
                            top = 0
                        case .builtin where callable.builtin == buildClass:
                            guard positional >= 2, positional <= 3, arguments[0].tag == .function,
                                arguments[1].tag == .str
                            else {
                                throw PyError.typeError("__build_class__ is only called by class statements")
                            }
                            var base: ClassRef? = nil
                            if positional == 3 {
                                guard arguments[2].tag == .classObject else {
                                    throw PyError.typeError(
                                        "a class can only derive from a class, not '\(typeName(arguments[2]))'")
                                }
                                base = arguments[2].classObject
                            }
                            let body = arguments[0].function
                            let cls = try makeClass(name: arguments[1].str, base: base)
                            slot[0] = ts_value(cls)
                            frame.pointee.ip = Int32(ip)
                            frame.pointee.stack_depth = Int32(slotIndex + 1)
                            let code = CodeObject.owner(of: body.pointee.code)
                            frame = try frames.push(
                                code, function: body, globals: body.pointee.globals, names: cls.pointee.dict,
                                action: .classBody)
                            context = FrameContext(frame)
                            stack = context.stackBase
                            ip = 0
                            top = 0
                        default:
                            // The arguments stay on the stack while the call runs, so they remain roots.
                            frame.save(ip: ip, depth: top)
                            let result =
                                callable.tag == .builtin
                                ? try builtinFunctions[Int(callable.builtin.pointee.index)].body(
                                    self, site.callArguments)
                                : try self.call(callable, site.callArguments)
                            top = slotIndex
                            stack[top] = result
                            top &+= 1
                        }
                    case .MAKE_FUNCTION:
                        try runGenericInstruction(.MAKE_FUNCTION, arg, frame, stack, &top, names: context.names)
                    case .SET_FUNCTION_ATTRIBUTE:
                        try runGenericInstruction(
                            .SET_FUNCTION_ATTRIBUTE, arg, frame, stack, &top, names: context.names)
                    case .LOAD_BUILD_CLASS:
                        stack[top] = ts_value(.builtin, buildClass)
                        top &+= 1
                    case .RETURN_VALUE, .RETURN_CONST:
                        let result: ts_value
                        if instruction.op == Opcode.RETURN_VALUE.rawValue {
                            result = stack[top &- 1]
                        } else {
                            result = context.consts[arg]
                        }
                        let finished = frame
                        let action = finished.pointee.return_action
                        ts_frame_pop(runtime, finished)
                        if finished == entry { return result }
                        frame = finished.pointee.previous!
                        context = FrameContext(frame)
                        stack = context.stackBase
                        ip = Int(frame.pointee.ip)
                        top = Int(frame.pointee.stack_depth)
                        switch action {
                        case .push:
                            stack[top] = result
                            top &+= 1
                        case .initializer:
                            try checkInitializerResult(result)
                        case .classBody:
                            finishClass(stack[top &- 1].classObject)
                        case .discard:
                            break
                        case .protocolResult:
                            try finishProtocol(finished, frame, stack, &top, ip: ip, result: result)
                        case .host:
                            fatalError("a host frame returned into the interpreter")
                        }
                    case .RAISE_VARARGS:
                        frame.save(ip: ip, depth: top)
                        if arg == 0 { throw PyError("RuntimeError", "No active exception to reraise") }
                        top &-= 1
                        throw try exceptionToRaise(stack[top])
                    case .LOAD_ASSERTION_ERROR:
                        stack[top] = ts_value(builtinTypes["AssertionError"]!)
                        top &+= 1

                    // MARK: Tier 1: specialised instructions run as their micro-op expansions

                    case .CALL_PY_EXACT_ARGS:
                        // An arm of its own: when its guards pass, the callee's frame is pushed and the
                        // loop goes on in it, which the expansion's status cannot tell.
                        var sp = stack + top
                        frame.pointee.ip = Int32(ip)
                        if ts_inst_CALL_PY_EXACT_ARGS(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == TS_OK
                        {
                            frame = runtime.pointee.current_frame.unsafelyUnwrapped
                            context = FrameContext(frame)
                            stack = context.stackBase
                            ip = 0
                            top = 0
                            break
                        }
                        specializer.missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .CALL
                        continue reexecute
                    case .BINARY_SUBSCR_GETITEM, .STORE_SUBSCR_SETITEM, .BINARY_OP_PY_METHOD, .COMPARE_OP_PY_METHOD,
                        .CONTAINS_OP_PY_METHOD, .TO_BOOL_PY_METHOD, .CALL_LEN_PY_METHOD:
                        // As CALL_PY_EXACT_ARGS: the class's special method has its frame pushed and the
                        // loop goes on in it. Not one arm with CALL_PY_EXACT_ARGS: choosing the form inside
                        // it made Tier 1 calls about 13% slower (1.23 s against 1.09 s).
                        var sp = stack + top
                        frame.pointee.ip = Int32(ip)
                        let cache = context.caches + (ip &- 1)
                        let status: Int32
                        switch op {
                        case .BINARY_SUBSCR_GETITEM:
                            status = ts_inst_BINARY_SUBSCR_GETITEM(frame, &sp, instruction.arg, cache)
                        case .STORE_SUBSCR_SETITEM:
                            status = ts_inst_STORE_SUBSCR_SETITEM(frame, &sp, instruction.arg, cache)
                        case .BINARY_OP_PY_METHOD:
                            status = ts_inst_BINARY_OP_PY_METHOD(frame, &sp, instruction.arg, cache)
                        case .COMPARE_OP_PY_METHOD:
                            status = ts_inst_COMPARE_OP_PY_METHOD(frame, &sp, instruction.arg, cache)
                        case .CONTAINS_OP_PY_METHOD:
                            status = ts_inst_CONTAINS_OP_PY_METHOD(frame, &sp, instruction.arg, cache)
                        case .TO_BOOL_PY_METHOD: status = ts_inst_TO_BOOL_PY_METHOD(frame, &sp, instruction.arg, cache)
                        default: status = ts_inst_CALL_LEN_PY_METHOD(frame, &sp, instruction.arg, cache)
                        }
                        if status == TS_OK {
                            frame = runtime.pointee.current_frame.unsafelyUnwrapped
                            context = FrameContext(frame)
                            stack = context.stackBase
                            ip = 0
                            top = 0
                            break
                        }
                        specializer.missed(frame, at: ip - 1, stack: stack, top: top)
                        op = op.generic
                        continue reexecute
                    // BEGIN generated by scripts/generate-tables
                    // Every other form runs the same way (`expand`); each has an arm only to name its
                    // opcode and its generic form as constants (see `expand` for why).
                    case .BINARY_OP_ADD_INT:
                        if try !expand(.BINARY_OP_ADD_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_SUBTRACT_INT:
                        if try !expand(.BINARY_OP_SUBTRACT_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_MULTIPLY_INT:
                        if try !expand(.BINARY_OP_MULTIPLY_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_ADD_FLOAT:
                        if try !expand(.BINARY_OP_ADD_FLOAT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_SUBTRACT_FLOAT:
                        if try !expand(.BINARY_OP_SUBTRACT_FLOAT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_MULTIPLY_FLOAT:
                        if try !expand(.BINARY_OP_MULTIPLY_FLOAT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_TRUE_DIVIDE_FLOAT:
                        if try !expand(.BINARY_OP_TRUE_DIVIDE_FLOAT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_TRUE_DIVIDE_INT:
                        if try !expand(.BINARY_OP_TRUE_DIVIDE_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_FLOOR_DIVIDE_INT:
                        if try !expand(.BINARY_OP_FLOOR_DIVIDE_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_REMAINDER_INT:
                        if try !expand(.BINARY_OP_REMAINDER_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_ADD_FLOAT_INT:
                        if try !expand(.BINARY_OP_ADD_FLOAT_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_SUBTRACT_FLOAT_INT:
                        if try !expand(.BINARY_OP_SUBTRACT_FLOAT_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_MULTIPLY_FLOAT_INT:
                        if try !expand(.BINARY_OP_MULTIPLY_FLOAT_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_TRUE_DIVIDE_FLOAT_INT:
                        if try !expand(.BINARY_OP_TRUE_DIVIDE_FLOAT_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_ADD_INT_FLOAT:
                        if try !expand(.BINARY_OP_ADD_INT_FLOAT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_SUBTRACT_INT_FLOAT:
                        if try !expand(.BINARY_OP_SUBTRACT_INT_FLOAT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_MULTIPLY_INT_FLOAT:
                        if try !expand(.BINARY_OP_MULTIPLY_INT_FLOAT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_TRUE_DIVIDE_INT_FLOAT:
                        if try !expand(.BINARY_OP_TRUE_DIVIDE_INT_FLOAT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .BINARY_OP_ADD_UNICODE:
                        if try !expand(.BINARY_OP_ADD_UNICODE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_OP
                            continue reexecute
                        }
                    case .COMPARE_OP_INT:
                        if try !expand(.COMPARE_OP_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .COMPARE_OP
                            continue reexecute
                        }
                    case .COMPARE_OP_FLOAT:
                        if try !expand(.COMPARE_OP_FLOAT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .COMPARE_OP
                            continue reexecute
                        }
                    case .COMPARE_OP_STR:
                        if try !expand(.COMPARE_OP_STR, arg, frame, stack, &top, &ip, context.caches) {
                            op = .COMPARE_OP
                            continue reexecute
                        }
                    case .LOAD_GLOBAL_MODULE:
                        if try !expand(.LOAD_GLOBAL_MODULE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .LOAD_GLOBAL
                            continue reexecute
                        }
                    case .LOAD_GLOBAL_BUILTIN:
                        if try !expand(.LOAD_GLOBAL_BUILTIN, arg, frame, stack, &top, &ip, context.caches) {
                            op = .LOAD_GLOBAL
                            continue reexecute
                        }
                    case .LOAD_ATTR_INSTANCE_VALUE:
                        if try !expand(.LOAD_ATTR_INSTANCE_VALUE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .LOAD_ATTR
                            continue reexecute
                        }
                    case .LOAD_ATTR_METHOD_WITH_VALUES:
                        if try !expand(.LOAD_ATTR_METHOD_WITH_VALUES, arg, frame, stack, &top, &ip, context.caches) {
                            op = .LOAD_ATTR
                            continue reexecute
                        }
                    case .LOAD_ATTR_METHOD_NO_DICT:
                        if try !expand(.LOAD_ATTR_METHOD_NO_DICT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .LOAD_ATTR
                            continue reexecute
                        }
                    case .LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES:
                        if try !expand(
                            .LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, arg, frame, stack, &top, &ip, context.caches)
                        {
                            op = .LOAD_ATTR
                            continue reexecute
                        }
                    case .STORE_ATTR_INSTANCE_VALUE:
                        if try !expand(.STORE_ATTR_INSTANCE_VALUE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .STORE_ATTR
                            continue reexecute
                        }
                    case .BINARY_SUBSCR_LIST_INT:
                        if try !expand(.BINARY_SUBSCR_LIST_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_SUBSCR
                            continue reexecute
                        }
                    case .BINARY_SUBSCR_TUPLE_INT:
                        if try !expand(.BINARY_SUBSCR_TUPLE_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_SUBSCR
                            continue reexecute
                        }
                    case .BINARY_SUBSCR_STR_INT:
                        if try !expand(.BINARY_SUBSCR_STR_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_SUBSCR
                            continue reexecute
                        }
                    case .BINARY_SUBSCR_DICT:
                        if try !expand(.BINARY_SUBSCR_DICT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .BINARY_SUBSCR
                            continue reexecute
                        }
                    case .CONTAINS_OP_DICT:
                        if try !expand(.CONTAINS_OP_DICT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .CONTAINS_OP
                            continue reexecute
                        }
                    case .STORE_SUBSCR_LIST_INT:
                        if try !expand(.STORE_SUBSCR_LIST_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .STORE_SUBSCR
                            continue reexecute
                        }
                    case .STORE_SUBSCR_DICT:
                        if try !expand(.STORE_SUBSCR_DICT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .STORE_SUBSCR
                            continue reexecute
                        }
                    case .FOR_ITER_RANGE:
                        if try !expand(.FOR_ITER_RANGE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .FOR_ITER
                            continue reexecute
                        }
                    case .FOR_ITER_LIST:
                        if try !expand(.FOR_ITER_LIST, arg, frame, stack, &top, &ip, context.caches) {
                            op = .FOR_ITER
                            continue reexecute
                        }
                    case .FOR_ITER_TUPLE:
                        if try !expand(.FOR_ITER_TUPLE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .FOR_ITER
                            continue reexecute
                        }
                    case .CALL_BUILTIN_FAST:
                        if try !expand(.CALL_BUILTIN_FAST, arg, frame, stack, &top, &ip, context.caches) {
                            op = .CALL
                            continue reexecute
                        }
                    case .CALL_BUILTIN_CLASS:
                        if try !expand(.CALL_BUILTIN_CLASS, arg, frame, stack, &top, &ip, context.caches) {
                            op = .CALL
                            continue reexecute
                        }
                    case .CALL_LEN:
                        if try !expand(.CALL_LEN, arg, frame, stack, &top, &ip, context.caches) {
                            op = .CALL
                            continue reexecute
                        }
                    case .CALL_LIST_APPEND:
                        if try !expand(.CALL_LIST_APPEND, arg, frame, stack, &top, &ip, context.caches) {
                            op = .CALL
                            continue reexecute
                        }
                    case .CALL_METHOD_DESCRIPTOR_FAST:
                        if try !expand(.CALL_METHOD_DESCRIPTOR_FAST, arg, frame, stack, &top, &ip, context.caches) {
                            op = .CALL
                            continue reexecute
                        }
                    case .TO_BOOL_BOOL:
                        if try !expand(.TO_BOOL_BOOL, arg, frame, stack, &top, &ip, context.caches) {
                            op = .TO_BOOL
                            continue reexecute
                        }
                    case .TO_BOOL_INT:
                        if try !expand(.TO_BOOL_INT, arg, frame, stack, &top, &ip, context.caches) {
                            op = .TO_BOOL
                            continue reexecute
                        }
                    case .TO_BOOL_LIST:
                        if try !expand(.TO_BOOL_LIST, arg, frame, stack, &top, &ip, context.caches) {
                            op = .TO_BOOL
                            continue reexecute
                        }
                    case .TO_BOOL_NONE:
                        if try !expand(.TO_BOOL_NONE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .TO_BOOL
                            continue reexecute
                        }
                    case .TO_BOOL_STR:
                        if try !expand(.TO_BOOL_STR, arg, frame, stack, &top, &ip, context.caches) {
                            op = .TO_BOOL
                            continue reexecute
                        }
                    case .TO_BOOL_ALWAYS_TRUE:
                        if try !expand(.TO_BOOL_ALWAYS_TRUE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .TO_BOOL
                            continue reexecute
                        }
                    case .UNPACK_SEQUENCE_TWO_TUPLE:
                        if try !expand(.UNPACK_SEQUENCE_TWO_TUPLE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .UNPACK_SEQUENCE
                            continue reexecute
                        }
                    case .UNPACK_SEQUENCE_TUPLE:
                        if try !expand(.UNPACK_SEQUENCE_TUPLE, arg, frame, stack, &top, &ip, context.caches) {
                            op = .UNPACK_SEQUENCE
                            continue reexecute
                        }
                    case .UNPACK_SEQUENCE_LIST:
                        if try !expand(.UNPACK_SEQUENCE_LIST, arg, frame, stack, &top, &ip, context.caches) {
                            op = .UNPACK_SEQUENCE
                            continue reexecute
                        }
                    // END generated by scripts/generate-tables
                    }
                    break reexecute
                }
            }
        } catch {
            var error = error
            // Unwind this loop's frames, innermost first, recording where each one was.
            var unwinding: FrameRef? = frame
            var at = ip - 1
            while let f = unwinding {
                let code = f.code
                let index = max(0, min(at, code.instructionCount - 1))
                error.traceback.append(
                    TracebackEntry(
                        filename: code.filename, line: code.line(at: index),
                        function: code.kind == .module ? "<module>" : code.name, range: code.positions[index]))
                frames.pop(f)
                if f == entry { break }
                unwinding = f.pointee.previous
                at = Int(unwinding!.pointee.ip) - 1
            }
            throw error
        }
    }

    /// Runs specialised instruction `op` (at `ip` - 1) as its micro-op expansion: C's expansion table
    /// (TS_EXPANSIONS) through `ts_run_expansion`, so that a form's behaviour is its table row and its
    /// micro-op bodies. Returns nil when it ran, with `top` (and `ip`, when its branch was taken)
    /// updated: the depth change is where its micro-ops left the stack pointer, and a form that calls
    /// into the VM has had the registers written back by `ts_run_expansion`. When a guard failed
    /// before anything changed, counts the miss and returns the generic form, to run in its place.
    ///
    /// Inlined into one arm per form, each passing its opcode as a constant, so that the C switch and
    /// the generic-form lookup fold away and each arm is that form's micro-ops. One arm for every form,
    /// with the opcode a variable, measured 45% more instructions on a float loop in Tier 1
    /// (cachegrind, Swift 6.3): the merged arm and its second dispatch kept the loop's state in memory
    /// at every instruction, the unspecialised ones too.
    @inline(__always)
    private func expand(
        _ op: Opcode, _ arg: Int, _ frame: FrameRef, _ stack: UnsafeMutablePointer<ts_value>, _ top: inout Int,
        _ ip: inout Int, _ caches: UnsafeMutablePointer<ts_cache>
    ) throws(PyError) -> Bool {
        var sp = stack + top
        let status = ts_run_expansion(
            op.rawValue, frame, &sp, Int32(truncatingIfNeeded: arg), caches + (ip &- 1), Int32(truncatingIfNeeded: ip))
        if status == TS_OK || status == TS_JUMP {
            top = sp - stack
            if status == TS_JUMP { ip = arg }
            return true
        }
        if status == TS_ERROR {
            let error = pendingError.unsafelyUnwrapped
            pendingError = nil
            throw error
        }
        specializer.missed(frame, at: ip &- 1, stack: stack, top: top)
        return false
    }

    /// A loop back edge or function entry found the countdown expired: collect, account fuel, re-arm.
    private func safePoint() throws(PyError) {
        if control.stopRequested { throw PyError.cancellation() }
        if heap.needsCollection { collectGarbage() }
        tier2.releaseRetiredTraces()
        if observation.stepping != nil { observation.publishSnapshotIfDue() }
        if options.fuel != nil {
            fuel -= fuelPeriod - max(0, Int(safePointCountdown.pointee))
            if fuel <= 0 {
                safePointCountdown.pointee = 0
                throw PyError("RuntimeError", "tierscope stopped the program: its execution budget ran out")
            }
        }
        fuelPeriod = options.fuel == nil ? Int(VM.safePointPeriod) : min(Int(VM.safePointPeriod), fuel)
        safePointCountdown.pointee = Int64(fuelPeriod)
    }

    private func unboundLocal(_ frame: FrameRef, _ slot: Int) -> PyError {
        PyError(
            "UnboundLocalError",
            "cannot access local variable '\(frame.code.localNames[slot])' where it is not associated with a value")
    }

    func makeFunction(_ code: CodeObject, frame: FrameRef) -> FunctionRef {
        let f = heap.allocate(ts_function.self, kind: .function)
        f.pointee.code = code.code
        f.pointee.globals = frame.pointee.globals
        f.pointee.name = intern(code.name)
        f.pointee.qualname = intern(code.qualifiedName)
        f.pointee.version = nextFunctionVersion
        nextFunctionVersion &+= 1
        return f
    }

    /// A class body returned: its methods learn which class defined them (for `super()`).
    private func finishClass(_ cls: ClassRef) {
        for e in cls.pointee.dict.entries where !e.key.isNull && e.value.tag == .function {
            let f = e.value.function
            if f.pointee.owner == nil { f.pointee.owner = cls }
        }
        classChanged(cls)
    }

    func joinStrings(_ parts: UnsafeBufferPointer<ts_value>) -> StrRef {
        var out: [UInt32] = []
        for p in parts { out += p.str.codePoints }
        return heap.makeString(codePoints: out)
    }

    /// CONVERT_VALUE: `!s`, `!r` or `!a`.
    func convert(_ v: ts_value, _ how: Int) throws(PyError) -> ts_value {
        switch how {
        case 1: return ts_value(try str(v))
        case 2: return ts_value(try repr(v))
        default:
            let text = try reprText(v)
            var out = ""
            for scalar in text.unicodeScalars {
                if scalar.isASCII {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x100 {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    out += "\\U" + String(scalar.value, radix: 16).leftPadded(to: 8)
                }
            }
            return ts_value(heap.makeString(out))
        }
    }

    /// What `raise value` raises: a class is instantiated; anything but an exception is a TypeError.
    private func exceptionToRaise(_ value: ts_value) throws(PyError) -> PyError {
        var exception = value
        if value.tag == .classObject, isException(value.classObject) {
            exception = try instantiate(value.classObject, Arguments(UnsafeBufferPointer(start: nil, count: 0)))
        }
        guard exception.tag == .instance, isException(exception.instance.pointee.cls) else {
            return PyError.typeError("exceptions must derive from BaseException")
        }
        return PyError(exception.instance.pointee.cls.pointee.name.string, try exceptionMessage(exception))
    }
}

/// Whether a copy of the dispatch loop serves a watched run; a type, so each copy folds it away.
protocol ObservationMode {
    static var isOn: Bool { get }
}

private enum Observed: ObservationMode {
    static var isOn: Bool { true }
}

private enum Unobserved: ObservationMode {
    static var isOn: Bool { false }
}
