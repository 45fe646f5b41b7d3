/// Type propagation: abstract interpretation of the trace, learning what each local and stack slot
/// holds from guards, constants and results (`int * int` is an int, or the multiply's own overflow
/// guard leaves the trace). It changes nothing; it reports what it learned, and the passes after it
/// decide from the same facts.
struct TypePropagation: OptimizerPass {
    static let name = "type propagation"
    static let flag = "types"

    func run(_ entries: inout [TraceEntry], _ context: inout OptimizerContext) -> [OptimizerChange] {
        let analysis = AbstractInterpreter(entries, root: context.root, entryDepth: context.entryDepth)
        var changes: [OptimizerChange] = []
        for (i, entry) in entries.enumerated() where entry.isLive && entry.uop == ._STORE_FAST {
            guard let state = analysis.before[i], let value = state.peek(1), value.kind != .unknown else { continue }
            let local = state.top.code.localNames[Int(entry.oparg)]
            changes.append(
                OptimizerChange(
                    index: i, microOp: entry.uop.name, action: .learned, replacement: nil,
                    reason: "\(local) is \(describe(value.kind)) here: it holds \(value.name)"))
        }
        return changes
    }

    private func describe(_ kind: Fact.Kind) -> String {
        switch kind {
        case .int: "an int"
        case .float: "a float"
        case .bool: "a bool"
        case .str: "a str"
        case .list: "a list"
        case .tuple: "a tuple"
        case .dict: "a dict"
        case .none: "None"
        case .instance(let version): "an instance of type version \(version)"
        default: "\(kind)"
        }
    }
}
