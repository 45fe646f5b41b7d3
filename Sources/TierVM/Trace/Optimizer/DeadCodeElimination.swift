/// Dead code elimination: values pushed and dropped unread, `_NOP`s, `_SET_IP`s no micro-op after them
/// needs (only what may raise, call out or push a frame needs the instruction pointer), and
/// `_CHECK_VALIDITY`s with nothing since the last check that could have invalidated the trace. Stores
/// are never removed: a side exit hands the frame to Tier 1 exactly as the bytecode would have left it.
struct DeadCodeElimination: OptimizerPass {
    static let name = "dead code"
    static let flag = "deadcode"

    func run(_ entries: inout [TraceEntry], _ context: inout OptimizerContext) -> [OptimizerChange] {
        var changes: [OptimizerChange] = []
        func remove(_ i: Int, _ reason: String) {
            entries.remove(i, by: Self.name, because: reason)
            changes.append(
                OptimizerChange(
                    index: i, microOp: entries[i].uop.name, action: .removed, replacement: nil, reason: reason))
        }
        for i in entries.indices where entries[i].isLive && entries[i].uop == ._NOP {
            remove(i, "it does nothing")
        }
        // The instruction pointer matters only to micro-ops that can raise, call out or push a frame.
        for i in entries.indices where entries[i].isLive && entries[i].uop == ._SET_IP {
            var needed = false
            var j = i
            while let next = entries.liveIndex(after: j), entries[next].uop != ._SET_IP {
                if entries[next].uop.needsInstructionPointer {
                    needed = true
                    break
                }
                j = next
            }
            if !needed { remove(i, "no micro-op before the next position update needs the instruction pointer") }
        }
        // Only something that calls out can invalidate the trace while it runs; check once after it. A
        // loop trace goes round, so an unchecked call late in the body counts again from where the loop
        // comes back to (its peeled head, or its top): a check stays if either pass needs it.
        let loopsFrom: Int? =
            entries.last(where: \.isLive)?.uop == ._JUMP_TO_TOP
            ? (entries.firstIndex { $0.isLive && $0.uop == ._LOOP_HEAD } ?? 1) : nil
        var needed = Set<Int>()
        var escaped = false
        func scan(_ range: Range<Int>) {
            for i in range where entries[i].isLive {
                let uop = entries[i].uop
                if uop == ._CHECK_VALIDITY {
                    if escaped { needed.insert(i) }
                    escaped = false
                } else if uop.escapes {
                    escaped = true
                }
            }
        }
        scan(entries.indices)
        if let loopsFrom, loopsFrom < entries.count { scan(loopsFrom..<entries.count) }
        for i in entries.indices where entries[i].isLive && entries[i].uop == ._CHECK_VALIDITY && !needed.contains(i) {
            remove(i, "nothing since the last check could have invalidated the trace")
        }
        // A value pushed and popped straight away was never read. Only once the checks between them are
        // gone: an exit between the two would hand Tier 1 a stack without the value.
        var changed = true
        while changed {
            changed = false
            for i in entries.indices where entries[i].isLive && entries[i].uop == ._POP_TOP {
                guard let push = entries.liveIndex(before: i), entries[push].uop.isPurePush else { continue }
                remove(push, "its value is never read")
                remove(i, "it drops a value that is no longer pushed")
                changed = true
            }
        }
        return changes
    }
}
