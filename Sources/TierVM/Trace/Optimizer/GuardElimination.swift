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
            func narrow(to narrower: MicroOp, _ reason: String) {
                entries[i].replaced = (entry.uop, entry.oparg, Self.name, reason)
                entries[i].uop = narrower
                changes.append(
                    OptimizerChange(
                        index: i, microOp: entry.uop.name, action: .narrowed, replacement: narrower.name,
                        reason: reason))
            }
            switch entry.uop {
            case ._GUARD_TYPE_VERSION:
                if let version = top?.typeVersion, version == UInt32(truncatingIfNeeded: entry.operand) {
                    remove("the type of \(top!.name) is already known (version \(version))")
                }
            case ._GUARD_NOS_TYPE_VERSION:
                if let version = second?.typeVersion, version == UInt32(truncatingIfNeeded: entry.operand) {
                    remove("the type of \(second!.name) is already known (version \(version))")
                }
            case ._GUARD_TOS_NOT_OTHER_CLASS:
                if let top, top.kind.isBuiltinValue {
                    remove("\(top.name) is a known \(top.kind.word), not an instance")
                } else if let version = top?.typeVersion, version == second?.typeVersion {
                    remove("\(top!.name) and \(second!.name) are instances of one class")
                }
            case ._GUARD_RESULT_IMPLEMENTED:
                if let top, top.kind.isBuiltinValue {
                    remove("\(top.name) is a known \(top.kind.word), never NotImplemented")
                }
            case ._GUARD_GLOBALS_VERSION:
                if state.checkedVersions.contains("globals \(entry.operand)") {
                    remove("the globals were checked earlier and nothing since could change them")
                }
            case ._GUARD_BUILTINS_VERSION:
                if state.checkedVersions.contains("builtins \(entry.operand)") {
                    remove("the builtins were checked earlier and nothing since could change them")
                }
            default:
                // A type guard, as the table states what it proves: gone when all of it is known, narrowed
                // to the guard for the other value when half of it is.
                let proves = entry.uop.proofs
                let topKnown = proves.tos == .unknown || top?.kind == proves.tos
                let secondKnown = proves.nos == .unknown || second?.kind == proves.nos
                switch (proves.tos, proves.nos) {
                case (.unknown, .unknown):
                    break
                case (let kind, .unknown):
                    if topKnown { remove("\(top!.name) is a known \(kind.word)") }
                case (.unknown, let kind):
                    if secondKnown { remove("\(second!.name) is a known \(kind.word)") }
                case (let tos, let nos):
                    if topKnown && secondKnown {
                        let what = tos == nos ? "known \(tos.word)s" : "a known \(nos.word) and \(tos.word)"
                        remove("\(second!.name) and \(top!.name) are \(what)")
                    } else if topKnown, let narrower = MicroOp.typeGuard(proving: (tos: .unknown, nos: nos)) {
                        narrow(
                            to: narrower,
                            "\(top!.name) is a known \(tos.word); only \(second?.name ?? "the other") needs checking")
                    } else if secondKnown, let narrower = MicroOp.typeGuard(proving: (tos: tos, nos: .unknown)) {
                        narrow(
                            to: narrower,
                            "\(second!.name) is a known \(nos.word); only \(top?.name ?? "the other") needs checking")
                    }
                }
            }
        }
        return changes
    }
}

extension MicroOp {
    /// What the micro-op, as a guard that passed, proves about the top value and the one below it.
    var proofs: (tos: Fact.Kind, nos: Fact.Kind) {
        (Fact.Kind(ts_uop_proves(rawValue, 1)), Fact.Kind(ts_uop_proves(rawValue, 2)))
    }

    /// The guard that checks exactly this on its operands alone, if the table has one.
    static func typeGuard(proving proofs: (tos: Fact.Kind, nos: Fact.Kind)) -> MicroOp? {
        allCases.first { uop in
            uop.isGuard && uop.operandSource == UInt32(TS_SRC_NONE) && uop.proofs == proofs
        }
    }
}

extension Fact.Kind {
    /// Whether a value of this kind is known to be of a built-in type (so neither a user instance nor
    /// NotImplemented).
    var isBuiltinValue: Bool {
        switch self {
        case .unknown, .null, .instance: false
        default: true
        }
    }

    /// How a reason names the kind: "a known int", "a known range iterator".
    var word: String {
        switch self {
        case .rangeIterator: "range iterator"
        case .listIterator: "list iterator"
        case .tupleIterator: "tuple iterator"
        case .none: "None"
        case .null: "NULL"
        case .instance: "instance"
        default: "\(self)"
        }
    }
}
