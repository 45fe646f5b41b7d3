/// Loop peeling, LuaJIT's way past CPython: a loop trace's body is recorded once, then copied, so the
/// trace runs the first iteration and then goes round the second copy (`_LOOP_HEAD` marks where
/// `_JUMP_TO_TOP` comes back to). The first iteration establishes what every later one may assume —
/// that the iterator is a range iterator, that `total` is an int because the body just made it one —
/// and the analysis proves those facts hold at the loop head on every trip (a fixpoint, see
/// `AbstractInterpreter`), so guard elimination can remove the repeating body's type guards.
struct LoopPeeling: OptimizerPass {
    static let name = "loop peeling"
    static let flag = "peel"

    func run(_ entries: inout [TraceEntry], _ context: inout OptimizerContext) -> [OptimizerChange] {
        guard context.isLoop, let last = entries.last, last.uop == ._JUMP_TO_TOP, last.isLive,
            !entries.contains(where: { $0.uop == ._LOOP_HEAD }),
            entries.count * 2 <= TraceRecorder.maximumLength
        else { return [] }
        // Everything between _START_EXECUTOR and _JUMP_TO_TOP is the body.
        let body = Array(entries[1..<(entries.count - 1)])
        guard !body.isEmpty else { return [] }
        var head = entries[0]
        head.uop = ._LOOP_HEAD
        head.oparg = 0
        head.operand = 0
        head.exitTarget = nil
        head.note = nil
        let headIndex = entries.count - 1
        entries.insert(contentsOf: ([head] + body).map { $0.inserted(by: Self.name) }, at: headIndex)
        return [
            OptimizerChange(
                index: headIndex, microOp: MicroOp._LOOP_HEAD.name, action: .learned, replacement: nil,
                reason:
                    "the body (\(body.count) micro-ops) runs once, then loops from a copy that may assume what the first "
                    + "iteration established")
        ]
    }
}
