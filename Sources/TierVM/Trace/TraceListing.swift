import CTierCore

/// How traces read in listings and events: each micro-op with its operand in the program's own terms
/// (`_GUARD_NOS_INT total`, `_STORE_FAST i`), where it came from, what removed or rewrote it and why,
/// and where its exit goes.
enum TraceListing {
    /// The recorded micro-ops, for the traceRecorded event.
    static func records(_ entries: [TraceEntry]) -> [MicroOpRecord] {
        let names = operandTexts(entries)
        return entries.enumerated().map { $0.element.record(operandText: names[$0.offset]) }
    }

    /// Operand texts for every entry, named from an analysis that treats every micro-op as present
    /// (names do not depend on what the optimiser later removed).
    static func operandTexts(_ entries: [TraceEntry]) -> [String] {
        var all = entries
        for i in all.indices {
            all[i].removedBy = nil
            // A folded global keeps its constant: naming it needs the value, not the load it replaced.
            if let replaced = all[i].replaced, ![._LOAD_GLOBAL_MODULE, ._LOAD_GLOBAL_BUILTINS].contains(replaced.from) {
                all[i].uop = replaced.from
                all[i].oparg = replaced.oparg
            }
        }
        guard let root = entries.first?.code else { return [] }
        let analysis = AbstractInterpreter(all, root: root, entryDepth: entryDepth(entries))
        return entries.enumerated().map { i, entry in text(entry, analysis.before[i]) }
    }

    /// The stack depth where a trace starts, from its first instruction.
    private static func entryDepth(_ entries: [TraceEntry]) -> Int {
        guard let first = entries.first(where: { $0.uop != ._START_EXECUTOR }) ?? entries.first else { return 0 }
        return max(0, first.code.stackDepths[first.offset])
    }

    private static func text(_ entry: TraceEntry, _ state: AbstractState?) -> String {
        let code = entry.code
        let oparg = Int(entry.oparg)
        let top = state?.peek(1)?.name ?? "?"
        let second = state?.peek(2)?.name ?? "?"
        switch entry.uop {
        case ._LOAD_FAST, ._LOAD_FAST_CHECK, ._STORE_FAST:
            return oparg < code.localNames.count ? code.localNames[oparg] : "?"
        case ._LOAD_CONST:
            return oparg < code.constants.count ? Disassembler.constantRepr(code.constants[oparg]) : "?"
        case ._LOAD_CONST_INLINE:
            let value = ts_value(
                tag: ts_tag(rawValue: UInt64(entry.oparg)) ?? .null, u: ts_payload(bits: entry.operand))
            let shown = AbstractInterpreter.inlineName(value)
            if let note = entry.note { return value.isObject ? note : "\(note) = \(shown)" }
            return shown
        case ._SET_IP: return "@\(entry.oparg)"
        case ._ITER_NEXT_RANGE, ._ITER_NEXT_LIST, ._ITER_NEXT_TUPLE: return "next(\(top))"
        case ._GUARD_NOT_EXHAUSTED_RANGE: return "\(top): range iterator"
        case ._GUARD_NOT_EXHAUSTED_LIST: return "\(top): list iterator"
        case ._GUARD_NOT_EXHAUSTED_TUPLE: return "\(top): tuple iterator"
        case ._GUARD_TYPE_VERSION:
            let version = UInt32(truncatingIfNeeded: entry.operand)
            return "\(top), version \(version)"
        case ._GUARD_NOS_TYPE_VERSION:
            return "\(second), version \(UInt32(truncatingIfNeeded: entry.operand))"
        case ._GUARD_TOS_NOT_OTHER_CLASS:
            return "\(top) beside \(second)"
        case ._GUARD_RESULT_IMPLEMENTED, ._GUARD_RESULT_LENGTH, ._INLINE_RETURN:
            return top
        case ._GUARD_IS_TRUE_POP, ._GUARD_IS_FALSE_POP, ._TO_BOOL_INT, ._TO_BOOL_LIST,
            ._TO_BOOL_STR, ._TO_BOOL_NONE, ._TO_BOOL:
            return top
        case _ where entry.uop.isBinaryOperator:
            return "\(second), \(top)"
        case ._COMPARE_OP_INT, ._COMPARE_OP_FLOAT, ._COMPARE_OP_STR, ._COMPARE_OP:
            return "\(second), \(top)"
        case ._LOAD_ATTR_INSTANCE_VALUE, ._LOAD_ATTR_METHOD_WITH_VALUES, ._LOAD_ATTR_METHOD_NO_DICT,
            ._LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, ._LOAD_ATTR:
            return "\(top).\(code.names[oparg >> 1])"
        case ._STORE_ATTR_INSTANCE_VALUE, ._STORE_ATTR:
            return "\(top).\(code.names[oparg])"
        case ._LOAD_GLOBAL_MODULE, ._LOAD_GLOBAL_BUILTINS, ._LOAD_GLOBAL:
            return code.names[oparg >> 1]
        case ._LOAD_NAME, ._STORE_NAME, ._STORE_GLOBAL, ._DELETE_NAME, ._DELETE_GLOBAL:
            return oparg < code.names.count ? code.names[oparg] : "?"
        case ._PUSH_FRAME, ._PUSH_FRAME_GETITEM, ._PUSH_FRAME_SETITEM, ._PUSH_FRAME_OPERATOR, ._PUSH_FRAME_CONTAINS,
            ._PUSH_FRAME_BOOL, ._PUSH_FRAME_LEN, ._INLINE_CALL:
            return entry.callee.map { "\($0.qualifiedName)()" } ?? ""
        case ._CHECK_FUNCTION_EXACT_ARGS, ._CHECK_CALLABLE, ._CALL_BUILTIN_FAST, ._CALL_BUILTIN_CLASS, ._CALL_LEN,
            ._CALL_LIST_APPEND, ._CALL_RANGE_ITER:
            return "\(oparg) argument\(oparg == 1 ? "" : "s")"
        case ._JUMP_TO_TOP, ._EXIT_TRACE:
            return entry.exitTarget.map { "to @\($0)" } ?? ""
        default:
            // A type guard says what it checks, as the table states it: `i, total: int`, `xs: list`.
            switch entry.uop.proofs {
            case (.unknown, .unknown): return entry.oparg != 0 ? "\(entry.oparg)" : ""
            case (let tos, .unknown): return "\(top): \(tos.word)"
            case (.unknown, let nos): return "\(second): \(nos.word)"
            case (let tos, let nos) where tos == nos: return "\(second), \(top): \(tos.word)"
            case (let tos, let nos): return "\(second): \(nos.word), \(top): \(tos.word)"
            }
        }
    }
}
