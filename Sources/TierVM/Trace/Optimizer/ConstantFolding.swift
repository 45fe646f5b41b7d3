import CTierCore

/// Constant folding: arithmetic and comparisons on values the trace knows exactly are computed when the
/// trace is optimised, branches on known conditions disappear, and globals and builtins are read once:
/// their current values become constants of the trace, which watches them and is invalidated when one
/// is rebound.
struct ConstantFolding: OptimizerPass {
    static let name = "constant folding"
    static let flag = "constants"

    func run(_ entries: inout [TraceEntry], _ context: inout OptimizerContext) -> [OptimizerChange] {
        var changes: [OptimizerChange] = []
        changes += promoteGlobals(&entries, &context)
        // Folding one operation can make its result a constant operand of the next: repeat to a fixpoint.
        while true {
            let round = foldOnce(&entries, context)
            if round.isEmpty { break }
            changes += round
        }
        changes += rangeIterators(&entries, context)
        changes += inlineConstants(&entries)
        return changes
    }

    /// `for x in range(a, b)`: the call's result is the next instruction's only input and nothing else
    /// sees it, so `_CALL_BUILTIN_CLASS` of range and `_GET_ITER` become one `_CALL_RANGE_ITER`, which
    /// makes the iterator from the ints straight away (no range object, no call into the VM's generic
    /// call path) and goes back to the call where anything is out of the ordinary. A loop nested in a
    /// trace does this on every trip of the outer loop.
    private func rangeIterators(_ entries: inout [TraceEntry], _ context: OptimizerContext) -> [OptimizerChange] {
        guard let range = context.vm.constructors[Int(ts_tag.range.rawValue)] else { return [] }
        let rangeConstructor = UInt64(UInt(bitPattern: range))
        var changes: [OptimizerChange] = []
        for call in entries.indices where entries[call].isLive && entries[call].uop == ._CALL_BUILTIN_CLASS {
            let entry = entries[call]
            guard entry.operand == rangeConstructor, (1...3).contains(entry.oparg) else { continue }
            // Only position updates and validity checks may lie between the call and GET_ITER.
            var next = entries.liveIndex(after: call)
            while let i = next, [._SET_IP, ._CHECK_VALIDITY].contains(entries[i].uop) {
                next = entries.liveIndex(after: i)
            }
            guard let getIter = next, entries[getIter].uop == ._GET_ITER, entries[getIter].code === entry.code,
                entries[getIter].depth == entry.depth, entries[getIter].offset == entry.offset + 1
            else { continue }
            let reason = "the range is only iterated: its iterator is made from the ints, with no range object"
            entries[call].replaced = (entry.uop, entry.oparg, Self.name, reason)
            entries[call].uop = ._CALL_RANGE_ITER
            // Anything but ints that fit goes back to the call, before anything has changed.
            entries[call].exitTarget = entry.offset
            changes.append(
                OptimizerChange(
                    index: call, microOp: entry.uop.name, action: .replaced,
                    replacement: MicroOp._CALL_RANGE_ITER.name, reason: reason))
            let removal = "made by the range call before it, which now returns the iterator"
            entries.remove(getIter, by: Self.name, because: removal)
            changes.append(
                OptimizerChange(
                    index: getIter, microOp: MicroOp._GET_ITER.name, action: .removed, replacement: nil,
                    reason: removal))
        }
        return changes
    }

    /// The code's constants the trace still loads become part of the trace itself, as CPython's
    /// optimiser turns `_LOAD_CONST` into `_LOAD_CONST_INLINE`: the micro-op interpreter takes the value
    /// from the micro-op, and native code has it as an immediate, instead of reading it through the
    /// frame's code object. Constants live as long as their code, which lives for the run.
    private func inlineConstants(_ entries: inout [TraceEntry]) -> [OptimizerChange] {
        entries.indices.filter { entries[$0].isLive && entries[$0].uop == ._LOAD_CONST }.map {
            Self.inlineConstant(&entries, at: $0, pass: Self.name)
        }
    }

    /// Turns the `_LOAD_CONST` at `index` into a `_LOAD_CONST_INLINE` of its value, for `pass`.
    static func inlineConstant(_ entries: inout [TraceEntry], at index: Int, pass: String) -> OptimizerChange {
        let value = entries[index].code.code.pointee.consts[Int(entries[index].oparg)]
        entries[index].replaced = (._LOAD_CONST, entries[index].oparg, pass, "the constant is written into the trace")
        entries[index].uop = ._LOAD_CONST_INLINE
        entries[index].oparg = Int32(truncatingIfNeeded: value.tag.rawValue)
        entries[index].operand = value.u.bits
        return OptimizerChange(
            index: index, microOp: MicroOp._LOAD_CONST.name, action: .replaced,
            replacement: MicroOp._LOAD_CONST_INLINE.name,
            reason: "\(AbstractInterpreter.inlineName(value)) is written into the trace")
    }

    private func promoteGlobals(_ entries: inout [TraceEntry], _ context: inout OptimizerContext) -> [OptimizerChange] {
        var changes: [OptimizerChange] = []
        let vm = context.vm
        // A name the trace rebinds itself would invalidate it on every pass: leave those as loads.
        let rebound = Set(
            entries.filter {
                $0.isLive && [._STORE_GLOBAL, ._STORE_NAME, ._DELETE_GLOBAL, ._DELETE_NAME].contains($0.uop)
            }.map { $0.code.names[Int($0.oparg)] })
        for i in entries.indices where entries[i].isLive {
            let entry = entries[i]
            let isModule = entry.uop == ._LOAD_GLOBAL_MODULE
            guard isModule || entry.uop == ._LOAD_GLOBAL_BUILTINS else { continue }
            let dict = isModule ? vm.globals : vm.builtinsDict
            let index = Int(entry.operand)
            guard index < Int(dict.pointee.nentries) else { continue }
            let stored = dict.pointee.entries![index]
            guard !stored.key.isNull else { continue }
            let name = stored.key.str
            guard !rebound.contains(name.string) else { continue }
            // The load was specialised when its dicts had the versions its guards check. If either has
            // changed since (a global now shadows the builtin, a name was deleted), the cached index may
            // no longer be this name's binding: the guards would fail, so folding would be wrong.
            let versionGuards = loadGuards(entries, before: i)
            guard
                versionGuards.allSatisfy({ g in
                    let current = entries[g].uop == ._GUARD_GLOBALS_VERSION ? vm.globals : vm.builtinsDict
                    return UInt32(truncatingIfNeeded: current.pointee.keys_version)
                        == UInt32(truncatingIfNeeded: entries[g].operand)
                }),
                isModule || vm.getItem(vm.globals, string: name) == nil
            else { continue }
            entries[i].uop = ._LOAD_CONST_INLINE
            entries[i].oparg = Int32(truncatingIfNeeded: stored.value.tag.rawValue)
            entries[i].operand = stored.value.u.bits
            entries[i].replaced = (
                entry.uop, entry.oparg, Self.name, "the value of \(name.string) is read once; the trace watches it"
            )
            entries[i].note = name.string
            // A constant cannot miss: the load's own exit goes, and so do the dict-version guards that
            // protected it, since the watch catches every rebinding (and, for a builtin, a global of the
            // same name appearing) and invalidates the trace.
            entries[i].exitTarget = nil
            changes.append(
                OptimizerChange(
                    index: i, microOp: entry.uop.name, action: .replaced, replacement: MicroOp._LOAD_CONST_INLINE.name,
                    reason: "\(name.string) is folded to its current value; rebinding it invalidates the trace"))
            for g in versionGuards {
                let reason = "the trace watches \(name.string) instead"
                changes.append(
                    OptimizerChange(
                        index: g, microOp: entries[g].uop.name, action: .removed, replacement: nil, reason: reason))
                entries.remove(g, by: Self.name, because: reason)
            }
            context.watchedGlobals.append((dict, name))
            if !isModule { context.watchedGlobals.append((vm.globals, name)) }
            if entry.oparg & 1 != 0 {
                var null = entries[i]
                null.uop = ._PUSH_NULL
                null.oparg = 0
                null.operand = 0
                null.replaced = nil
                entries.insert(null.inserted(by: Self.name), at: i + 1)
            }
        }
        return changes
    }

    /// The dict-version guards of the global load at `index`: the live micro-ops of its own instruction
    /// before it.
    private func loadGuards(_ entries: [TraceEntry], before index: Int) -> [Int] {
        var guards: [Int] = []
        var g = index
        while let previous = entries.liveIndex(before: g), entries[previous].offset == entries[index].offset,
            entries[previous].code === entries[index].code
        {
            g = previous
            let uop = entries[previous].uop
            if uop == ._GUARD_GLOBALS_VERSION || uop == ._GUARD_BUILTINS_VERSION { guards.append(previous) }
        }
        return guards
    }

    /// Folds the first foldable operation it finds; the indices after it shift, so one at a time.
    private func foldOnce(_ entries: inout [TraceEntry], _ context: OptimizerContext) -> [OptimizerChange] {
        let analysis = AbstractInterpreter(entries, root: context.root, entryDepth: context.entryDepth)
        for i in entries.indices where entries[i].isLive {
            guard let state = analysis.before[i] else { continue }
            let entry = entries[i]
            switch entry.uop {
            case let uop where uop.isPure:
                var result = ts_value.null
                guard let right = state.peek(1)?.constant, let left = state.peek(2)?.constant,
                    ts_fold_binary(uop.rawValue, entry.oparg, left, right, &result),
                    let producers = pureProducers(entries, of: i, count: 2)
                else { continue }
                for p in producers.values {
                    entries.remove(p, by: Self.name, because: "its value is folded into the operation that used it")
                }
                for g in producers.guards {
                    entries.remove(g, by: Self.name, because: "it checked constants that were folded")
                }
                entries[i].replaced = (entry.uop, entry.oparg, Self.name, "both operands are constants")
                entries[i].exitTarget = nil
                entries[i].uop = ._LOAD_CONST_INLINE
                entries[i].oparg = Int32(truncatingIfNeeded: result.tag.rawValue)
                entries[i].operand = result.u.bits
                return [
                    OptimizerChange(
                        index: i, microOp: entry.uop.name, action: .folded,
                        replacement: MicroOp._LOAD_CONST_INLINE.name,
                        reason:
                            "\(AbstractInterpreter.resultName(uop, entry.oparg, [state.peek(2)!.name, state.peek(1)!.name], output: 0)) is \(AbstractInterpreter.inlineName(result))"
                    )
                ]
            case ._GUARD_IS_TRUE_POP, ._GUARD_IS_FALSE_POP:
                guard let condition = state.peek(1)?.constant, condition.tag == .bool else { continue }
                let holds = (condition.u.i != 0) == (entry.uop == ._GUARD_IS_TRUE_POP)
                guard holds else { continue }
                if let producers = pureProducers(entries, of: i, count: 1) {
                    for p in producers.values {
                        entries.remove(p, by: Self.name, because: "the branch it decided is known")
                    }
                    for g in producers.guards {
                        entries.remove(g, by: Self.name, because: "it checked a constant")
                    }
                    entries.remove(
                        i, by: Self.name, because: "the condition is always \(condition.u.i != 0 ? "true" : "false")")
                } else {
                    entries[i].replaced = (entry.uop, entry.oparg, Self.name, "the condition is always the same")
                    entries[i].uop = ._POP_TOP
                    entries[i].exitTarget = nil
                }
                return [
                    OptimizerChange(
                        index: i, microOp: entry.uop.name, action: .removed, replacement: nil,
                        reason: "the branch always goes the way the trace goes")
                ]
            default:
                continue
            }
        }
        return []
    }

    /// The live entries that pushed the top `count` values just before `index`, if they are plain pushes
    /// with nothing but guards on those values between them and `index`.
    private func pureProducers(_ entries: [TraceEntry], of index: Int, count: Int) -> (values: [Int], guards: [Int])? {
        var values: [Int] = []
        var guards: [Int] = []
        var i = index
        while values.count < count {
            guard let previous = entries.liveIndex(before: i) else { return nil }
            let uop = entries[previous].uop
            if uop.isGuard && uop.operandSource == UInt32(TS_SRC_NONE) && uop.proofs != (.unknown, .unknown) {
                // A type check of the operands, which folding makes moot.
                guards.append(previous)
            } else if [._LOAD_FAST, ._LOAD_CONST, ._LOAD_CONST_INLINE].contains(uop) {
                values.append(previous)
            } else if [._SET_IP, ._CHECK_VALIDITY].contains(uop) {
                // Bookkeeping between instructions; dead code removes what is left of it.
            } else {
                return nil
            }
            i = previous
        }
        return (values, guards)
    }
}
