import CTierCore

/// Call inlining: a small function the trace calls runs in the caller's frame. Its arguments are
/// already on the caller's stack, so they become its first locals where they are; its other locals and
/// its stack follow them there, and no frame is pushed or popped: `_PUSH_FRAME` becomes `_INLINE_CALL`,
/// which checks that the frame would fit and leaves the other locals unbound, and `_POP_FRAME` becomes
/// `_INLINE_RETURN`, which puts the result where the callable was. LuaJIT's traces inline calls this
/// way; CPython 3.13's push a frame for every call.
///
/// What makes it safe is that nothing can see the missing frame. The callee may not call out, raise,
/// push frames of its own or leave the trace other than through a guard; and every exit inside it
/// builds the frame first (`ts_build_inlined_frame`), so Tier 1, a side trace or a traceback later on
/// finds exactly the frames it would have found.
struct CallInlining: OptimizerPass {
    static let name = "call inlining"
    static let flag = "inline"

    func run(_ entries: inout [TraceEntry], _ context: inout OptimizerContext) -> [OptimizerChange] {
        var changes: [OptimizerChange] = []
        let analysis = AbstractInterpreter(entries, root: context.root, entryDepth: context.entryDepth)
        for call in entries.indices where entries[call].isLive && entries[call].uop == ._PUSH_FRAME {
            guard entries[call].depth == 0, let callee = entries[call].callee, let state = analysis.before[call],
                let end = Self.inlinableBody(entries, call: call)
            else { continue }
            guard let calleeState = analysis.before[end] else { continue }
            let entry = entries[call]
            let caller = entry.code
            let argumentCount = callee.argumentCount
            let hasSelf = argumentCount == Int(entry.oparg) + 1
            let callSlot = state.top.stack.count - Int(entry.oparg) - 2
            let firstArgument = callSlot + (hasSelf ? 1 : 2)
            let calleeLocals = Int(callee.code.pointee.nlocals)
            let inlined = InlinedCall(
                code: callee, callSlot: callSlot, localsBase: Int(caller.code.pointee.nlocals) + firstArgument,
                resumeIP: entry.offset + 1)
            let name = "\(callee.qualifiedName)()"

            entries[call].replaced = (
                entry.uop, entry.oparg, Self.name, "\(name) runs in the caller's frame: no frame is pushed"
            )
            entries[call].uop = ._INLINE_CALL
            entries[call].oparg = Int32(calleeLocals - argumentCount)
            entries[call].operand = UInt64(UInt(bitPattern: callee.code))
            changes.append(
                OptimizerChange(
                    index: call, microOp: entry.uop.name, action: .replaced, replacement: MicroOp._INLINE_CALL.name,
                    reason: "\(name) runs in the caller's frame: its locals live on the caller's stack"))
            for i in (call + 1)..<end where entries[i].isLive {
                entries[i].inlinedCall = inlined
                switch entries[i].uop {
                case ._SET_IP:
                    let reason = "the caller's frame stands in for \(name)'s: an exit sets the position itself"
                    entries.remove(i, by: Self.name, because: reason)
                    changes.append(
                        OptimizerChange(
                            index: i, microOp: entries[i].uop.name, action: .removed, replacement: nil, reason: reason))
                case ._LOAD_CONST:
                    // The callee's constants are not the caller's frame's: they go into the trace.
                    changes.append(ConstantFolding.inlineConstant(&entries, at: i, pass: Self.name))
                default:
                    break
                }
            }
            // Everything above the callable goes with the result: the receiver or NULL, the callee's
            // locals (its arguments among them) and what is left on its stack below the result.
            let dropped = (firstArgument - callSlot) + calleeLocals + calleeState.top.stack.count - 1
            entries[end].replaced = (
                entries[end].uop, entries[end].oparg, Self.name, "the result takes the call's place"
            )
            entries[end].uop = ._INLINE_RETURN
            entries[end].oparg = Int32(dropped)
            changes.append(
                OptimizerChange(
                    index: end, microOp: MicroOp._POP_FRAME.name, action: .replaced,
                    replacement: MicroOp._INLINE_RETURN.name,
                    reason: "\(name)'s result takes the call's place on the caller's stack"))
        }
        return changes
    }

    /// The `_POP_FRAME` that ends the call at `call`, if the callee's body between them can run in the
    /// caller's frame: every micro-op in it stays in the trace (none calls out, raises, pushes a frame or
    /// jumps) and none reads the frame's names.
    static func inlinableBody(_ entries: [TraceEntry], call: Int) -> Int? {
        var i = call
        while let next = entries.liveIndex(after: i) {
            let entry = entries[next]
            guard entry.depth == 1 else { return nil }
            if entry.uop == ._POP_FRAME { return next }
            let flags = entry.uop.flags
            guard flags & UInt32(TS_UOPF_ESCAPES | TS_UOPF_ERROR | TS_UOPF_FRAME | TS_UOPF_JUMPS) == 0,
                entry.uop != ._LOAD_NAME
            else { return nil }
            i = next
        }
        return nil
    }
}

/// Where a call run inline keeps its callee's frame: what an exit inside it needs to build that frame.
struct InlinedCall: Equatable {
    let code: CodeObject
    /// The callable's slot on the caller's stack.
    let callSlot: Int
    /// The caller's local slot where the callee's locals start (its arguments, then the others).
    let localsBase: Int
    /// Where the caller resumes after the call.
    let resumeIP: Int

    static func == (a: InlinedCall, b: InlinedCall) -> Bool {
        a.code === b.code && a.callSlot == b.callSlot && a.localsBase == b.localsBase && a.resumeIP == b.resumeIP
    }
}
