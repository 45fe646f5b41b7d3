import CTierCore

// The generic (unspecialised) forms of the instructions that need no control flow of their own: Tier 0
// runs them inline in its dispatch loop, and Tier 2 runs them as generic micro-ops (`_BINARY_OP`,
// `_STORE_NAME`, ...) through the run_generic helper. One definition serves both.

extension VM {
    /// Runs one generic instruction on the stack that starts at `stack` and is `top` values deep.
    ///
    /// Inlined into each of the interpreter's cases with a constant `op`, so the switch folds away there.
    @inline(__always)
    func runGenericInstruction(
        _ op: Opcode, _ arg: Int, _ frame: FrameRef, _ stack: UnsafeMutablePointer<ts_value>, _ top: inout Int,
        names: UnsafeMutablePointer<StrRef>
    ) throws(PyError) {
        switch op {
        case .LOAD_GLOBAL:
            let name = names[arg >> 1]
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
        case .DELETE_GLOBAL:
            let name = names[arg]
            let dict = frame.pointee.globals
            guard try deleteItem(dict, ts_value(name)) != nil else {
                throw undefinedName(name, frame)
            }
            if dict.pointee.watched != 0 { globalChanged(dict, name) }
        case .DELETE_NAME:
            let name = names[arg]
            let dict = frame.pointee.names
            guard try deleteItem(dict, ts_value(name)) != nil else {
                throw undefinedName(name, frame)
            }
            if dict.pointee.watched != 0 { globalChanged(dict, name) }
        case .LOAD_ATTR:
            let owner = stack[top &- 1]
            let name = names[arg >> 1]
            if arg & 1 != 0 {
                let (callable, receiver) = try loadMethod(owner, name)
                stack[top &- 1] = callable
                stack[top] = receiver
                top &+= 1
            } else {
                stack[top &- 1] = try loadAttribute(owner, name)
            }
        case .STORE_ATTR:
            top &-= 2
            try storeAttribute(stack[top + 1], names[arg], stack[top])
        case .DELETE_ATTR:
            top &-= 1
            try deleteAttribute(stack[top], names[arg])
        case .UNARY_NEGATIVE:
            stack[top &- 1] = try negative(stack[top &- 1])
        case .UNARY_POSITIVE:
            stack[top &- 1] = try positive(stack[top &- 1])
        case .UNARY_INVERT:
            stack[top &- 1] = try invert(stack[top &- 1])
        case .TO_BOOL:
            stack[top &- 1] = .bool(try truth(stack[top &- 1]))
        case .BINARY_OP:
            top &-= 1
            stack[top &- 1] = try binaryOp(Int32(truncatingIfNeeded: arg), stack[top &- 1], stack[top])
        case .COMPARE_OP:
            top &-= 1
            stack[top &- 1] = try richCompare(
                ComparisonOperator(rawValue: Int32(truncatingIfNeeded: arg)).unsafelyUnwrapped, stack[top &- 1],
                stack[top])
        case .CONTAINS_OP:
            top &-= 1
            stack[top &- 1] = .bool(try contains(stack[top], stack[top &- 1]) != (arg != 0))
        case .BINARY_SUBSCR:
            top &-= 1
            stack[top &- 1] = try getSubscript(stack[top &- 1], stack[top])
        case .STORE_SUBSCR:
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
            stack[top &- 1] = try convert(stack[top &- 1], arg)
        case .FORMAT_SIMPLE:
            if stack[top &- 1].tag != .str {
                stack[top &- 1] = ts_value(heap.makeString(try format(stack[top &- 1], spec: "")))
            }
        case .FORMAT_WITH_SPEC:
            top &-= 1
            stack[top &- 1] = ts_value(
                heap.makeString(try format(stack[top &- 1], spec: stack[top].str.string)))
        case .GET_ITER:
            stack[top &- 1] = try getIterator(stack[top &- 1])
        case .UNPACK_SEQUENCE:
            top &-= 1
            try unpack(stack[top], count: arg, into: stack + top)
            top &+= arg
        case .MAKE_FUNCTION:
            stack[top] = ts_value(.function, makeFunction(frame.code.functions[arg], frame: frame))
            top &+= 1
        case .SET_FUNCTION_ATTRIBUTE:
            top &-= 1
            let function = stack[top].function
            function.pointee.defaults = stack[top &- 1].tuple
            stack[top &- 1] = stack[top]
        default:
            preconditionFailure("\(op) has no generic form")
        }
    }

    /// LOAD_NAME's lookup: the frame's namespace (the module's globals, or a class body's), then its
    /// globals, then the builtins. Tier 0 calls it directly, `_LOAD_NAME` through a helper.
    @inline(__always)
    func loadName(_ frame: FrameRef, _ name: StrRef) -> ts_value? {
        getItem(frame.pointee.names, string: name) ?? getItem(frame.pointee.globals, string: name)
            ?? getItem(builtinsDict, string: name)
    }

    /// Binds a name in a namespace (STORE_NAME, STORE_GLOBAL), telling the traces that watch it.
    @inline(__always)
    func storeName(_ dict: DictRef, _ name: StrRef, _ value: ts_value) {
        setItem(dict, string: name, value)
        if dict.pointee.watched != 0 && name.pointee.flags & UInt32(TS_STR_WATCHED) != 0 {
            globalChanged(dict, name)
        }
    }

}
