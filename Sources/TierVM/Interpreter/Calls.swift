import CTierCore

// Calling: binding arguments to a function's parameters, creating instances, and calls from Swift back
// into Python (built-ins that take a `key=` function, `__str__`).

extension VM {
    /// Pushes a frame for `function` with its parameters bound, or raises the TypeError CPython gives.
    func pushFrame(
        for function: FunctionRef, arguments: UnsafePointer<ts_value>?, count: Int, keywordNames: TupleRef? = nil,
        keywordValues: UnsafePointer<ts_value>? = nil, action: ts_return_action
    ) throws(PyError) -> FrameRef {
        let code = CodeObject.owner(of: function.pointee.code)
        let parameterCount = code.argumentCount
        let defaults = function.pointee.defaults
        let defaultCount = defaults.map { $0.count } ?? 0
        if count > parameterCount {
            throw tooManyArguments(function, code, given: count, defaultCount: defaultCount)
        }
        let frame = try frames.push(
            code, function: function, globals: function.pointee.globals, names: function.pointee.globals, action: action
        )
        let locals = ts_frame_locals(frame)
        if let arguments {
            for i in 0..<count { locals[i] = arguments[i] }
        }
        if let keywordNames, let keywordValues {
            for k in 0..<keywordNames.count {
                let name = keywordNames.items[k].str
                guard let index = code.localNames.prefix(parameterCount).firstIndex(where: { name.string == $0 }) else {
                    frames.pop(frame)
                    throw PyError.typeError(
                        "\(function.pointee.qualname.string)() got an unexpected keyword argument '\(name.string)'")
                }
                if !locals[index].isNull {
                    frames.pop(frame)
                    throw PyError.typeError(
                        "\(function.pointee.qualname.string)() got multiple values for argument '\(name.string)'")
                }
                locals[index] = keywordValues[k]
            }
        }
        if count < parameterCount {
            var missing: [String] = []
            for i in count..<parameterCount where locals[i].isNull {
                let defaultIndex = i - (parameterCount - defaultCount)
                if defaultIndex >= 0, let defaults {
                    locals[i] = defaults.items[defaultIndex]
                } else {
                    missing.append(code.localNames[i])
                }
            }
            if !missing.isEmpty {
                frames.pop(frame)
                let quoted = missing.map { "'\($0)'" }
                let list =
                    quoted.count == 1
                    ? quoted[0]
                    : quoted.count == 2
                        ? "\(quoted[0]) and \(quoted[1])"
                        : quoted.dropLast().joined(separator: ", ") + ", and " + quoted.last!
                let noun = missing.count == 1 ? "argument" : "arguments"
                throw PyError.typeError(
                    "\(function.pointee.qualname.string)() missing \(missing.count) required positional \(noun): \(list)"
                )
            }
        }
        return frame
    }

    private func tooManyArguments(_ function: FunctionRef, _ code: CodeObject, given: Int, defaultCount: Int) -> PyError
    {
        let n = code.argumentCount
        let takes = defaultCount > 0 ? "from \(n - defaultCount) to \(n)" : "\(n)"
        let noun = n == 1 && defaultCount == 0 ? "argument" : "arguments"
        let verb = given == 1 ? "was" : "were"
        return PyError.typeError(
            "\(function.pointee.qualname.string)() takes \(takes) positional \(noun) but \(given) \(verb) given")
    }

    /// Calls any callable from Swift and returns its result. Values the caller holds across this call must
    /// be in `heap.temporaryRoots`: Python code may run and collect.
    func call(_ callable: ts_value, _ arguments: [ts_value]) throws(PyError) -> ts_value {
        try arguments.withUnsafeBufferPointer { (buffer) throws(PyError) in
            try call(callable, Arguments(buffer))
        }
    }

    func call(_ callable: ts_value, _ arguments: Arguments) throws(PyError) -> ts_value {
        switch callable.tag {
        case .function:
            let frame = try pushFrame(
                for: callable.function, arguments: arguments.positional.baseAddress, count: arguments.count,
                keywordNames: arguments.keywordNames,
                keywordValues: arguments.keywordValues.baseAddress, action: .host)
            return try execute(frame)
        case .builtin:
            return try builtinFunctions[Int(callable.builtin.pointee.index)].body(self, arguments)
        case .boundMethod:
            let m = callable.boundMethod.pointee
            let all = [m.receiver] + Array(arguments.positional)
            return try all.withUnsafeBufferPointer { (buffer) throws(PyError) in
                try call(
                    m.function,
                    Arguments(buffer, keywordNames: arguments.keywordNames, keywordValues: arguments.keywordValues))
            }
        case .classObject:
            return try instantiate(callable.classObject, arguments)
        default:
            throw PyError.typeError("'\(typeName(callable))' object is not callable")
        }
    }

    /// Calls a class from Swift: a built-in type's constructor, or a new instance with `__init__` run.
    func instantiate(_ cls: ClassRef, _ arguments: Arguments) throws(PyError) -> ts_value {
        if let constructor = constructor(of: cls) {
            return try builtinFunctions[Int(constructor.pointee.index)].body(self, arguments)
        }
        let (instance, initializer) = try newInstance(cls, arguments)
        if let initializer {
            heap.temporaryRoots.append(instance)
            defer { heap.temporaryRoots.removeLast() }
            let all = [instance] + Array(arguments.positional)
            let result = try all.withUnsafeBufferPointer { (buffer) throws(PyError) in
                try call(
                    initializer,
                    Arguments(buffer, keywordNames: arguments.keywordNames, keywordValues: arguments.keywordValues))
            }
            try checkInitializerResult(result)
        }
        return instance
    }

    /// Creates an instance and finds the `__init__` to run on it, if it is Python code. Exceptions get
    /// their `args` first, as BaseException.__new__ does.
    func newInstance(_ cls: ClassRef, _ arguments: Arguments) throws(PyError) -> (ts_value, ts_value?) {
        if isBuiltin(cls) && !isException(cls) {
            throw PyError.typeError("cannot create '\(cls.pointee.name.string)' instances")
        }
        let instance = ts_value(.instance, makeInstance(cls))
        let initializer = lookupInClass(cls, names.`init`)
        if isException(cls) {
            setInstanceAttribute(instance.instance, names.args, ts_value(heap.makeTuple(Array(arguments.positional))))
            return (instance, initializer?.tag == .function ? initializer : nil)
        }
        guard let initializer, initializer.tag == .function else {
            if arguments.count > 0 || arguments.hasKeywords {
                throw PyError.typeError("\(cls.pointee.name.string)() takes no arguments")
            }
            return (instance, nil)
        }
        return (instance, initializer)
    }

    func checkInitializerResult(_ result: ts_value) throws(PyError) {
        if result.tag != .none {
            throw PyError.typeError("__init__() should return None, not '\(typeName(result))'")
        }
    }

    /// A special method's frame pushed by a `_PY_METHOD` form returned into `caller`: its instruction
    /// finishes as the generic form would. An operator's NotImplemented passes the operation to the other
    /// operand; the operands are still the finished frame's first two locals (the forms are not chosen for
    /// methods that rebind them), and they go back on the caller's stack while the rest of the protocol
    /// runs, so that they stay roots.
    func finishProtocol(
        _ finished: FrameRef, _ caller: FrameRef, _ stack: UnsafeMutablePointer<ts_value>, _ top: inout Int, ip: Int,
        result: ts_value
    ) throws(PyError) {
        let instruction = caller.pointee.code.pointee.instructions[ip - 1]
        let generic = Opcode(rawValue: instruction.op)!.generic
        switch generic {
        case .TO_BOOL:
            stack[top] = .bool(try boolResult(result))
        case .CALL:
            stack[top] = .int(Int64(try lengthResult(result)))
        case .CONTAINS_OP:
            stack[top] = result
            caller.save(ip: ip, depth: top + 1)
            stack[top] = .bool(try truth(result) != (instruction.arg != 0))
        default:
            guard isNotImplemented(result) else {
                stack[top] = result
                break
            }
            let locals = ts_frame_locals(finished)
            let (a, b) = (locals[0], locals[1])
            let declined = finished.pointee.function
            stack[top] = a
            stack[top + 1] = b
            caller.save(ip: ip, depth: top + 2)
            stack[top] =
                generic == .BINARY_OP
                ? try binaryOpDeclined(instruction.arg, by: declined, a, b)
                : try compareDeclined(ComparisonOperator(rawValue: instruction.arg)!, a, b)
        }
        top += 1
    }
}

/// A CALL's operands on the stack: `[callable, self or NULL, arguments..., (keyword values)]`.
struct CallSite {
    /// Where the callable is; the call's result goes there.
    let slotIndex: Int
    let callable: ts_value
    /// The arguments, the receiver first when there is one.
    let arguments: UnsafeMutablePointer<ts_value>
    let count: Int
    /// CALL_KW's names of the last arguments.
    let keywordNames: TupleRef?

    var positional: Int { count - (keywordNames?.count ?? 0) }

    var callArguments: Arguments {
        Arguments(
            UnsafeBufferPointer(start: arguments, count: positional), keywordNames: keywordNames,
            keywordValues: UnsafeBufferPointer(start: arguments + positional, count: count - positional))
    }
}

extension VM {
    /// Reads a CALL's operands off the stack (popping CALL_KW's tuple of names) and unpacks a bound
    /// method in place into its function and receiver, so the receiver is passed as the first argument.
    @inline(__always)
    func callSite(_ stack: UnsafeMutablePointer<ts_value>, _ top: inout Int, _ arg: Int, keywords: Bool) -> CallSite {
        var count = arg
        var keywordNames: TupleRef? = nil
        if keywords {
            top &-= 1
            keywordNames = stack[top].tuple
        }
        let slotIndex = top - count - 2
        let slot = stack + slotIndex
        if slot[0].tag == .boundMethod && slot[1].isNull {
            let method = slot[0].boundMethod.pointee
            slot[0] = method.function
            slot[1] = method.receiver
        }
        var arguments = slot + 2
        if !slot[1].isNull {
            arguments = slot + 1
            count += 1
        }
        return CallSite(
            slotIndex: slotIndex, callable: slot[0], arguments: arguments, count: count, keywordNames: keywordNames)
    }
}
