import CTierCore

// What a trace asks of Tier 1: the generic micro-ops (`_BINARY_OP`, `_CALL`, ...) run the generic
// instruction with the implementation Tier 0 uses, on the frame's own stack.

extension VM {
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
        case .classObject where constructor(of: callable.classObject) == nil:
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
