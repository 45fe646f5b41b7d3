import CTierCore

/// Data flow over a code object's instructions, run once after code generation:
/// - the deepest the value stack gets (the frame reserves that much);
/// - which LOAD_FAST may find its local unbound on some path (those become LOAD_FAST_CHECK, as CPython
///   does, so the common load needs no check).
struct FlowAnalysis {
    private(set) var maximumStackDepth = 0
    private(set) var possiblyUnboundLoads: [Int] = []
    /// The stack depth before each instruction (-1 where it is unreachable).
    private(set) var depths: [Int] = []

    init(instructions: [ts_instr], argumentCount: Int, localCount: Int) {
        let count = instructions.count
        var depthAt = [Int](repeating: -1, count: count)
        // One bit per local: set when the local is bound on every path reaching the instruction.
        let words = (localCount + 63) / 64
        var boundAt = [[UInt64]?](repeating: nil, count: count)
        var entry = [UInt64](repeating: 0, count: words)
        for p in 0..<argumentCount { entry[p / 64] |= 1 << UInt64(p % 64) }

        var work: [Int] = []
        func flow(to target: Int, depth: Int, bound: [UInt64]) {
            guard target >= 0 && target < count else { return }
            var changed = false
            if depthAt[target] < 0 {
                depthAt[target] = depth
                changed = true
            }
            if let existing = boundAt[target] {
                let meet = zip(existing, bound).map { $0 & $1 }
                if meet != existing {
                    boundAt[target] = meet
                    changed = true
                }
            } else {
                boundAt[target] = bound
                changed = true
            }
            if changed { work.append(target) }
        }
        if count > 0 { flow(to: 0, depth: 0, bound: entry) }
        while let i = work.popLast() {
            let op = Opcode(rawValue: instructions[i].op)!
            let arg = instructions[i].arg
            let depth = depthAt[i]
            var bound = boundAt[i]!
            switch op {
            case .STORE_FAST: bound[Int(arg) / 64] |= 1 << UInt64(arg % 64)
            case .DELETE_FAST: bound[Int(arg) / 64] &= ~(1 << UInt64(arg % 64))
            default: break
            }
            let after = depth + op.stackEffect(arg, jumping: false)
            maximumStackDepth = max(maximumStackDepth, depth, after)
            if op.isJump {
                let taken = depth + op.stackEffect(arg, jumping: true)
                maximumStackDepth = max(maximumStackDepth, taken)
                flow(to: Int(arg), depth: taken, bound: bound)
            }
            if !op.isTerminator {
                flow(to: i + 1, depth: after, bound: bound)
            }
        }
        depths = depthAt
        for i in 0..<count {
            let op = Opcode(rawValue: instructions[i].op)!
            guard op == .LOAD_FAST else { continue }
            let slot = Int(instructions[i].arg)
            if let bound = boundAt[i], bound[slot / 64] & (1 << UInt64(slot % 64)) != 0 { continue }
            possiblyUnboundLoads.append(i)
        }
    }
}
