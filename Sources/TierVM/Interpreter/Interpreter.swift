import CTierCore

/// The frame-dependent state the dispatch loop keeps in locals.
private struct FrameContext {
    var instructions: UnsafeMutablePointer<ts_instr>
    var caches: UnsafeMutablePointer<ts_cache>
    var locals: UnsafeMutablePointer<ts_value>
    var stackBase: UnsafeMutablePointer<ts_value>
    var consts: UnsafePointer<ts_value>
    var names: UnsafeMutablePointer<StrRef>

    @inline(__always) init(_ frame: FrameRef) {
        let code = frame.pointee.code
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
    ///
    /// Python calls switch frames inside this loop rather than recursing, so only built-ins calling back
    /// into Python nest it. The instruction pointer, stack pointer and frame pointers live in locals;
    /// they are written back to the frame only where something else may look (calls, safe points,
    /// errors).
    func execute(_ entry: FrameRef) throws(PyError) -> ts_value {
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

        do throws(PyError) {
            while true {
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
                        if ts_inst_LOAD_FAST_CHECK(frame, &sp, instruction.arg, context.caches + (ip &- 1)) != 0 {
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
                        if adaptive && instruction.op == op.rawValue && warmUp(context.caches + (ip &- 1), 0x8000_0000)
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        let name = context.names[arg >> 1]
                        guard
                            let v = getItem(frame.pointee.globals, string: name) ?? getItem(builtinsDict, string: name)
                        else {
                            throw undefinedName(name, frame)
                        }
                        stack[top] = v
                        top &+= 1
                        if arg & 1 != 0 {
                            stack[top] = .null
                            top &+= 1
                        }
                    case .STORE_GLOBAL:
                        top &-= 1
                        setItem(frame.pointee.globals, string: context.names[arg], stack[top])
                    case .DELETE_GLOBAL:
                        let name = context.names[arg]
                        guard try deleteItem(frame.pointee.globals, ts_value(name)) != nil else {
                            throw undefinedName(name, frame)
                        }
                    case .LOAD_NAME:
                        let name = context.names[arg]
                        guard
                            let v = getItem(frame.pointee.names, string: name) ?? getItem(
                                frame.pointee.globals, string: name)
                                ?? getItem(builtinsDict, string: name)
                        else { throw undefinedName(name, frame) }
                        stack[top] = v
                        top &+= 1
                    case .STORE_NAME:
                        top &-= 1
                        setItem(frame.pointee.names, string: context.names[arg], stack[top])
                    case .DELETE_NAME:
                        let name = context.names[arg]
                        guard try deleteItem(frame.pointee.names, ts_value(name)) != nil else {
                            throw undefinedName(name, frame)
                        }
                    case .LOAD_ATTR:
                        let owner = stack[top &- 1]
                        if adaptive && instruction.op == op.rawValue
                            && warmUp(context.caches + (ip &- 1), Specialization.typeSignature(owner))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        let name = context.names[arg >> 1]
                        if arg & 1 != 0 {
                            frame.save(ip: ip, depth: top)
                            let (callable, receiver) = try loadMethod(owner, name)
                            stack[top &- 1] = callable
                            stack[top] = receiver
                            top &+= 1
                        } else {
                            stack[top &- 1] = try loadAttribute(owner, name)
                        }
                    case .STORE_ATTR:
                        if adaptive && instruction.op == op.rawValue
                            && warmUp(context.caches + (ip &- 1), Specialization.typeSignature(stack[top &- 1]))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        top &-= 2
                        try storeAttribute(stack[top + 1], context.names[arg], stack[top])
                    case .DELETE_ATTR:
                        top &-= 1
                        try deleteAttribute(stack[top], context.names[arg])
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
                        stack[top &- 1] = try negative(stack[top &- 1])
                    case .UNARY_POSITIVE:
                        stack[top &- 1] = try positive(stack[top &- 1])
                    case .UNARY_INVERT:
                        stack[top &- 1] = try invert(stack[top &- 1])
                    case .UNARY_NOT:
                        stack[top &- 1] = .bool(!isTruthy(stack[top &- 1]))
                    case .TO_BOOL:
                        if adaptive && instruction.op == op.rawValue
                            && warmUp(context.caches + (ip &- 1), Specialization.typeSignature(stack[top &- 1]))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        stack[top &- 1] = .bool(isTruthy(stack[top &- 1]))
                    case .BINARY_OP:
                        if adaptive && instruction.op == op.rawValue
                            && warmUp(
                                context.caches + (ip &- 1), Specialization.signature(stack[top &- 2], stack[top &- 1]))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        top &-= 1
                        stack[top &- 1] = try binaryOp(instruction.arg, stack[top &- 1], stack[top])
                    case .COMPARE_OP:
                        if adaptive && instruction.op == op.rawValue
                            && warmUp(
                                context.caches + (ip &- 1), Specialization.signature(stack[top &- 2], stack[top &- 1]))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        top &-= 1
                        stack[top &- 1] = .bool(
                            try compare(
                                ComparisonOperator(rawValue: instruction.arg).unsafelyUnwrapped, stack[top &- 1],
                                stack[top])
                        )
                    case .IS_OP:
                        top &-= 1
                        stack[top &- 1] = .bool(stack[top &- 1].isIdentical(to: stack[top]) != (arg != 0))
                    case .CONTAINS_OP:
                        top &-= 1
                        stack[top &- 1] = .bool(try contains(stack[top], stack[top &- 1]) != (arg != 0))
                    case .BINARY_SUBSCR:
                        if adaptive && instruction.op == op.rawValue
                            && warmUp(
                                context.caches + (ip &- 1), Specialization.signature(stack[top &- 2], stack[top &- 1]))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        top &-= 1
                        stack[top &- 1] = try getSubscript(stack[top &- 1], stack[top])
                    case .STORE_SUBSCR:
                        if adaptive && instruction.op == op.rawValue
                            && warmUp(
                                context.caches + (ip &- 1), Specialization.signature(stack[top &- 2], stack[top &- 1]))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        top &-= 3
                        try setSubscript(stack[top + 1], stack[top + 2], stack[top])
                    case .DELETE_SUBSCR:
                        top &-= 2
                        try deleteSubscript(stack[top], stack[top + 1])
                    case .BUILD_SLICE:
                        top &-= arg
                        stack[top] = makeSlice(stack[top], stack[top + 1], arg == 3 ? stack[top + 2] : .none)
                        top &+= 1
                    case .BUILD_LIST:
                        top &-= arg
                        stack[top] = ts_value(heap.makeList(UnsafeBufferPointer(start: stack + top, count: arg)))
                        top &+= 1
                    case .BUILD_TUPLE:
                        top &-= arg
                        stack[top] = ts_value(heap.makeTuple(UnsafeBufferPointer(start: stack + top, count: arg)))
                        top &+= 1
                    case .BUILD_MAP:
                        top &-= 2 * arg
                        let d = heap.allocateDict(capacity: arg)
                        for i in 0..<arg { try setItem(d, stack[top + 2 * i], stack[top + 2 * i + 1]) }
                        stack[top] = ts_value(d)
                        top &+= 1
                    case .LIST_APPEND:
                        top &-= 1
                        stack[top - arg].list.append(stack[top], heap: heap)
                    case .MAP_ADD:
                        top &-= 2
                        try setItem(stack[top - arg].dict, stack[top], stack[top + 1])
                    case .BUILD_STRING:
                        top &-= arg
                        stack[top] = ts_value(joinStrings(UnsafeBufferPointer(start: stack + top, count: arg)))
                        top &+= 1
                    case .CONVERT_VALUE:
                        frame.save(ip: ip, depth: top)
                        stack[top &- 1] = try convert(stack[top &- 1], arg)
                    case .FORMAT_SIMPLE:
                        if stack[top &- 1].tag != .str {
                            frame.save(ip: ip, depth: top)
                            stack[top &- 1] = ts_value(heap.makeString(try format(stack[top &- 1], spec: "")))
                        }
                    case .FORMAT_WITH_SPEC:
                        frame.save(ip: ip, depth: top)
                        top &-= 1
                        stack[top &- 1] = ts_value(
                            heap.makeString(try format(stack[top &- 1], spec: stack[top].str.string)))
                    case .GET_ITER:
                        stack[top &- 1] = try getIterator(stack[top &- 1])
                    case .FOR_ITER:
                        if adaptive && instruction.op == op.rawValue
                            && warmUp(context.caches + (ip &- 1), Specialization.iteratorSignature(stack[top &- 1]))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
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
                            && warmUp(context.caches + (ip &- 1), Specialization.signature(stack[top &- 1]))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        top &-= 1
                        try unpack(stack[top], count: arg, into: stack + top)
                        top &+= arg
                    case .JUMP_FORWARD:
                        ip = arg
                    case .JUMP_BACKWARD:
                        ip = arg
                        safePointCountdown.pointee -= 1
                        if safePointCountdown.pointee < 0 {
                            frame.save(ip: ip, depth: top)
                            try safePoint()
                        }
                    case .POP_JUMP_IF_FALSE:
                        top &-= 1
                        let v = stack[top]
                        if !(v.tag == .bool ? v.u.i != 0 : isTruthy(v)) { ip = arg }
                    case .POP_JUMP_IF_TRUE:
                        top &-= 1
                        let v = stack[top]
                        if v.tag == .bool ? v.u.i != 0 : isTruthy(v) { ip = arg }
                    case .CALL, .CALL_KW:
                        if adaptive && instruction.op == Opcode.CALL.rawValue
                            && warmUp(
                                context.caches + (ip &- 1), Specialization.callSignature(stack[top - arg - 2], arg))
                        {
                            specialize(frame, at: ip - 1, stack: stack, top: top)
                        }
                        var count = arg
                        var keywordNames: TupleRef? = nil
                        if instruction.op == Opcode.CALL_KW.rawValue {
                            top &-= 1
                            keywordNames = stack[top].tuple
                        }
                        let slotIndex = top - count - 2
                        let slot = stack + slotIndex
                        var callable = slot[0]
                        if callable.tag == .boundMethod && slot[1].isNull {
                            slot[0] = callable.boundMethod.pointee.function
                            slot[1] = callable.boundMethod.pointee.receiver
                            callable = slot[0]
                        }
                        var arguments = slot + 2
                        if !slot[1].isNull {
                            arguments = slot + 1
                            count += 1
                        }
                        let positional = count - (keywordNames?.count ?? 0)
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
                        case .classObject
                        where constructors[callable.classObject.pointee.instance_tag] == nil
                            || isException(callable.classObject):
                            frame.save(ip: ip, depth: top)
                            let call = Arguments(
                                UnsafeBufferPointer(start: arguments, count: positional), keywordNames: keywordNames,
                                keywordValues: UnsafeBufferPointer(
                                    start: arguments + positional, count: count - positional)
                            )
                            let (instance, initializer) = try newInstance(callable.classObject, call)
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
                            let call = Arguments(
                                UnsafeBufferPointer(start: arguments, count: positional), keywordNames: keywordNames,
                                keywordValues: UnsafeBufferPointer(
                                    start: arguments + positional, count: count - positional)
                            )
                            let result =
                                callable.tag == .builtin
                                ? try builtinFunctions[Int(callable.builtin.pointee.index)].body(self, call)
                                : try self.call(callable, call)
                            top = slotIndex
                            stack[top] = result
                            top &+= 1
                        }
                    case .MAKE_FUNCTION:
                        stack[top] = ts_value(.function, makeFunction(frame.code.functions[arg], frame: frame))
                        top &+= 1
                    case .SET_FUNCTION_ATTRIBUTE:
                        top &-= 1
                        let function = stack[top].function
                        function.pointee.defaults = stack[top &- 1].tuple
                        stack[top &- 1] = stack[top]
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
                        frames.pop(finished)
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

                    case .BINARY_OP_ADD_INT:
                        var sp = stack + top
                        if ts_inst_BINARY_OP_ADD_INT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_OP
                        continue reexecute
                    case .BINARY_OP_SUBTRACT_INT:
                        var sp = stack + top
                        if ts_inst_BINARY_OP_SUBTRACT_INT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_OP
                        continue reexecute
                    case .BINARY_OP_MULTIPLY_INT:
                        var sp = stack + top
                        if ts_inst_BINARY_OP_MULTIPLY_INT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_OP
                        continue reexecute
                    case .BINARY_OP_ADD_FLOAT:
                        var sp = stack + top
                        if ts_inst_BINARY_OP_ADD_FLOAT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_OP
                        continue reexecute
                    case .BINARY_OP_SUBTRACT_FLOAT:
                        var sp = stack + top
                        if ts_inst_BINARY_OP_SUBTRACT_FLOAT(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                            == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_OP
                        continue reexecute
                    case .BINARY_OP_MULTIPLY_FLOAT:
                        var sp = stack + top
                        if ts_inst_BINARY_OP_MULTIPLY_FLOAT(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                            == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_OP
                        continue reexecute
                    case .BINARY_OP_ADD_UNICODE:
                        var sp = stack + top
                        if ts_inst_BINARY_OP_ADD_UNICODE(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_OP
                        continue reexecute
                    case .COMPARE_OP_INT:
                        var sp = stack + top
                        if ts_inst_COMPARE_OP_INT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .COMPARE_OP
                        continue reexecute
                    case .COMPARE_OP_FLOAT:
                        var sp = stack + top
                        if ts_inst_COMPARE_OP_FLOAT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .COMPARE_OP
                        continue reexecute
                    case .COMPARE_OP_STR:
                        var sp = stack + top
                        if ts_inst_COMPARE_OP_STR(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .COMPARE_OP
                        continue reexecute
                    case .LOAD_GLOBAL_MODULE:
                        var sp = stack + top
                        if ts_inst_LOAD_GLOBAL_MODULE(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .LOAD_GLOBAL
                        continue reexecute
                    case .LOAD_GLOBAL_BUILTIN:
                        var sp = stack + top
                        if ts_inst_LOAD_GLOBAL_BUILTIN(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .LOAD_GLOBAL
                        continue reexecute
                    case .LOAD_ATTR_INSTANCE_VALUE:
                        var sp = stack + top
                        if ts_inst_LOAD_ATTR_INSTANCE_VALUE(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                            == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .LOAD_ATTR
                        continue reexecute
                    case .LOAD_ATTR_METHOD_WITH_VALUES:
                        var sp = stack + top
                        if ts_inst_LOAD_ATTR_METHOD_WITH_VALUES(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                            == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .LOAD_ATTR
                        continue reexecute
                    case .LOAD_ATTR_METHOD_NO_DICT:
                        var sp = stack + top
                        if ts_inst_LOAD_ATTR_METHOD_NO_DICT(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                            == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .LOAD_ATTR
                        continue reexecute
                    case .LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES:
                        var sp = stack + top
                        if ts_inst_LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES(
                            frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .LOAD_ATTR
                        continue reexecute
                    case .STORE_ATTR_INSTANCE_VALUE:
                        var sp = stack + top
                        if ts_inst_STORE_ATTR_INSTANCE_VALUE(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                            == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .STORE_ATTR
                        continue reexecute
                    case .BINARY_SUBSCR_LIST_INT:
                        var sp = stack + top
                        if ts_inst_BINARY_SUBSCR_LIST_INT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_SUBSCR
                        continue reexecute
                    case .BINARY_SUBSCR_TUPLE_INT:
                        var sp = stack + top
                        if ts_inst_BINARY_SUBSCR_TUPLE_INT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_SUBSCR
                        continue reexecute
                    case .BINARY_SUBSCR_STR_INT:
                        var sp = stack + top
                        if ts_inst_BINARY_SUBSCR_STR_INT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_SUBSCR
                        continue reexecute
                    case .BINARY_SUBSCR_DICT:
                        var sp = stack + top
                        if ts_inst_BINARY_SUBSCR_DICT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .BINARY_SUBSCR
                        continue reexecute
                    case .STORE_SUBSCR_LIST_INT:
                        var sp = stack + top
                        if ts_inst_STORE_SUBSCR_LIST_INT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .STORE_SUBSCR
                        continue reexecute
                    case .STORE_SUBSCR_DICT:
                        var sp = stack + top
                        if ts_inst_STORE_SUBSCR_DICT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .STORE_SUBSCR
                        continue reexecute
                    case .FOR_ITER_RANGE:
                        var sp = stack + top
                        switch ts_inst_FOR_ITER_RANGE(frame, &sp, instruction.arg, context.caches + (ip &- 1)) {
                        case 0:
                            top = sp - stack
                            break reexecute
                        case 2:
                            top = sp - stack
                            ip = arg
                            break reexecute
                        default: break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .FOR_ITER
                        continue reexecute
                    case .FOR_ITER_LIST:
                        var sp = stack + top
                        switch ts_inst_FOR_ITER_LIST(frame, &sp, instruction.arg, context.caches + (ip &- 1)) {
                        case 0:
                            top = sp - stack
                            break reexecute
                        case 2:
                            top = sp - stack
                            ip = arg
                            break reexecute
                        default: break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .FOR_ITER
                        continue reexecute
                    case .FOR_ITER_TUPLE:
                        var sp = stack + top
                        switch ts_inst_FOR_ITER_TUPLE(frame, &sp, instruction.arg, context.caches + (ip &- 1)) {
                        case 0:
                            top = sp - stack
                            break reexecute
                        case 2:
                            top = sp - stack
                            ip = arg
                            break reexecute
                        default: break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .FOR_ITER
                        continue reexecute
                    case .CALL_PY_EXACT_ARGS:
                        var sp = stack + top
                        frame.pointee.ip = Int32(ip)
                        if ts_inst_CALL_PY_EXACT_ARGS(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            // The callee's frame is pushed: continue there.
                            frame = frames.current.unsafelyUnwrapped
                            context = FrameContext(frame)
                            stack = context.stackBase
                            ip = 0
                            top = 0
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .CALL
                        continue reexecute
                    case .CALL_BUILTIN_FAST, .CALL_METHOD_DESCRIPTOR_FAST:
                        // Built-ins may call back into Python and collect: the arguments stay on the stack.
                        frame.save(ip: ip, depth: top)
                        var sp = stack + top
                        switch ts_inst_CALL_BUILTIN_FAST(frame, &sp, instruction.arg, context.caches + (ip &- 1)) {
                        case 0:
                            top = sp - stack
                            break reexecute
                        case 3:
                            let error = pendingError.unsafelyUnwrapped
                            pendingError = nil
                            throw error
                        default: break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .CALL
                        continue reexecute
                    case .CALL_LEN:
                        var sp = stack + top
                        if ts_inst_CALL_LEN(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .CALL
                        continue reexecute
                    case .CALL_LIST_APPEND:
                        var sp = stack + top
                        if ts_inst_CALL_LIST_APPEND(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .CALL
                        continue reexecute
                    case .TO_BOOL_BOOL:
                        var sp = stack + top
                        if ts_inst_TO_BOOL_BOOL(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 { break }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .TO_BOOL
                        continue reexecute
                    case .TO_BOOL_INT:
                        var sp = stack + top
                        if ts_inst_TO_BOOL_INT(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 { break }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .TO_BOOL
                        continue reexecute
                    case .TO_BOOL_LIST:
                        var sp = stack + top
                        if ts_inst_TO_BOOL_LIST(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 { break }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .TO_BOOL
                        continue reexecute
                    case .TO_BOOL_NONE:
                        var sp = stack + top
                        if ts_inst_TO_BOOL_NONE(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 { break }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .TO_BOOL
                        continue reexecute
                    case .TO_BOOL_STR:
                        var sp = stack + top
                        if ts_inst_TO_BOOL_STR(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 { break }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .TO_BOOL
                        continue reexecute
                    case .TO_BOOL_ALWAYS_TRUE:
                        var sp = stack + top
                        if ts_inst_TO_BOOL_ALWAYS_TRUE(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .TO_BOOL
                        continue reexecute
                    case .UNPACK_SEQUENCE_TWO_TUPLE:
                        var sp = stack + top
                        if ts_inst_UNPACK_SEQUENCE_TWO_TUPLE(frame, &sp, instruction.arg, context.caches + (ip &- 1))
                            == 0
                        {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .UNPACK_SEQUENCE
                        continue reexecute
                    case .UNPACK_SEQUENCE_TUPLE:
                        var sp = stack + top
                        if ts_inst_UNPACK_SEQUENCE_TUPLE(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .UNPACK_SEQUENCE
                        continue reexecute
                    case .UNPACK_SEQUENCE_LIST:
                        var sp = stack + top
                        if ts_inst_UNPACK_SEQUENCE_LIST(frame, &sp, instruction.arg, context.caches + (ip &- 1)) == 0 {
                            top = sp - stack
                            break
                        }
                        missed(frame, at: ip - 1, stack: stack, top: top)
                        op = .UNPACK_SEQUENCE
                        continue reexecute
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

    /// A loop back edge or function entry found the countdown expired: collect, account fuel, re-arm.
    private func safePoint() throws(PyError) {
        if control.stopRequested { throw PyError.cancellation() }
        if heap.needsCollection { collectGarbage() }
        if options.fuel != nil {
            fuel -= fuelPeriod - max(0, safePointCountdown.pointee)
            if fuel <= 0 {
                safePointCountdown.pointee = 0
                throw PyError("RuntimeError", "tierscope stopped the program: its execution budget ran out")
            }
        }
        safePointCountdown.pointee = options.fuel == nil ? VM.safePointPeriod : min(VM.safePointPeriod, fuel)
        fuelPeriod = safePointCountdown.pointee
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

    private func joinStrings(_ parts: UnsafeBufferPointer<ts_value>) -> StrRef {
        var out: [UInt32] = []
        for p in parts { out += p.str.codePoints }
        return heap.makeString(codePoints: out)
    }

    /// CONVERT_VALUE: `!s`, `!r` or `!a`.
    private func convert(_ v: ts_value, _ how: Int) throws(PyError) -> ts_value {
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
