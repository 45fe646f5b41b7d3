import CTierCore

/// Guard elimination: a guard whose fact is already known is removed, and one that checks two values
/// of which one is known is narrowed to check only the other. The facts come from type propagation:
/// what the trace itself produced or checked earlier, never what happened to be true while recording.
struct GuardElimination: OptimizerPass {
    static let name = "guard elimination"
    static let flag = "guards"

    func run(_ entries: inout [TraceEntry], _ context: inout OptimizerContext) -> [OptimizerChange] {
        var changes: [OptimizerChange] = []
        // Each decision changes nothing the analysis depends on (a redundant guard proves nothing new),
        // so one analysis serves the whole pass.
        let analysis = AbstractInterpreter(entries, root: context.root, entryDepth: context.entryDepth)
        for i in entries.indices where entries[i].isLive && entries[i].uop.isGuard {
            guard let state = analysis.before[i] else { continue }
            let entry = entries[i]
            let top = state.peek(1)
            let second = state.peek(2)
            func remove(_ reason: String) {
                entries.remove(i, by: Self.name, because: reason)
                changes.append(
                    OptimizerChange(
                        index: i, microOp: entry.uop.name, action: .removed, replacement: nil, reason: reason))
            }
            func narrow(to name: String, _ reason: String) {
                entries[i].replaced = (entry.uop.name, Self.name, reason)
                entries[i].uop = .named(name)
                changes.append(
                    OptimizerChange(
                        index: i, microOp: entry.uop.name, action: .narrowed, replacement: name, reason: reason))
            }
            func known(_ fact: Fact?, _ kind: Fact.Kind) -> Bool { fact?.kind == kind }
            func both(_ kind: Fact.Kind, _ word: String, tos: String?, nos: String?) {
                switch (known(top, kind), known(second, kind)) {
                case (true, true):
                    remove("\(second!.name) and \(top!.name) are known \(word)s")
                case (true, false):
                    if let nos {
                        narrow(
                            to: nos,
                            "\(top!.name) is a known \(word); only \(second?.name ?? "the other") needs checking")
                    }
                case (false, true):
                    if let tos {
                        narrow(
                            to: tos,
                            "\(second!.name) is a known \(word); only \(top?.name ?? "the other") needs checking")
                    }
                default:
                    break
                }
            }
            switch entry.uop.name {
            case "_GUARD_BOTH_INT": both(.int, "int", tos: "_GUARD_TOS_INT", nos: "_GUARD_NOS_INT")
            case "_GUARD_BOTH_FLOAT": both(.float, "float", tos: "_GUARD_TOS_FLOAT", nos: "_GUARD_NOS_FLOAT")
            case "_GUARD_BOTH_UNICODE": both(.str, "str", tos: nil, nos: nil)
            case "_GUARD_TOS_INT" where known(top, .int): remove("\(top!.name) is a known int")
            case "_GUARD_NOS_INT" where known(second, .int): remove("\(second!.name) is a known int")
            case "_GUARD_TOS_FLOAT" where known(top, .float): remove("\(top!.name) is a known float")
            case "_GUARD_NOS_FLOAT" where known(second, .float): remove("\(second!.name) is a known float")
            case "_GUARD_NOS_LIST" where known(second, .list): remove("\(second!.name) is a known list")
            case "_GUARD_NOS_TUPLE" where known(second, .tuple): remove("\(second!.name) is a known tuple")
            case "_GUARD_NOS_DICT" where known(second, .dict): remove("\(second!.name) is a known dict")
            case "_GUARD_NOS_UNICODE" where known(second, .str): remove("\(second!.name) is a known str")
            case "_ITER_CHECK_RANGE" where known(top, .rangeIterator): remove("\(top!.name) is a known range iterator")
            case "_ITER_CHECK_LIST" where known(top, .listIterator): remove("\(top!.name) is a known list iterator")
            case "_ITER_CHECK_TUPLE" where known(top, .tupleIterator): remove("\(top!.name) is a known tuple iterator")
            case "_TO_BOOL_BOOL" where known(top, .bool): remove("\(top!.name) is a known bool")
            case "_GUARD_TYPE_VERSION":
                if let version = top?.typeVersion, version == UInt32(truncatingIfNeeded: entry.operand) {
                    remove("the type of \(top!.name) is already known (version \(version))")
                }
            case "_GUARD_GLOBALS_VERSION":
                if state.checkedVersions.contains("globals \(entry.operand)") {
                    remove("the globals were checked earlier and nothing since could change them")
                }
            case "_GUARD_BUILTINS_VERSION":
                if state.checkedVersions.contains("builtins \(entry.operand)") {
                    remove("the builtins were checked earlier and nothing since could change them")
                }
            default:
                break
            }
        }
        return changes
    }
}
