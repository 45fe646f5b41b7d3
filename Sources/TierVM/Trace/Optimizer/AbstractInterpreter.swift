import CTierCore

/// What the optimiser knows about one value in a trace: its type, sometimes its exact value, and a
/// name for listings (the local it came from, or how it was computed).
struct Fact {
    enum Kind: Equatable {
        case unknown
        case null
        case none
        case bool
        case int
        case float
        case str
        case list
        case tuple
        case dict
        case rangeIterator
        case listIterator
        case tupleIterator
        /// An instance of the user class with this type version.
        case instance(UInt32)
        case function
        case builtin
    }

    var kind: Kind = .unknown
    /// The exact value, when the optimiser knows it (a constant, a folded result).
    var constant: ts_value? = nil
    /// How listings refer to the value: `i`, `total`, `i * i`, `3`.
    var name: String
    /// For a value on the stack: the local slot (of the same frame) it was loaded from, while that local
    /// still holds it. A guard that checks the value has then checked the local too.
    var local: Int? = nil

    static func unknown(_ name: String) -> Fact { Fact(kind: .unknown, name: name) }

    /// What both facts say about a value that may be either: the kind, constant and alias they agree on.
    func meet(_ other: Fact) -> Fact {
        var result = Fact(kind: kind == other.kind ? kind : .unknown, name: name)
        if let a = constant, let b = other.constant, a.isIdentical(to: b) { result.constant = a }
        if local == other.local { result.local = local }
        return result
    }

    func sameFact(as other: Fact) -> Bool {
        guard kind == other.kind, local == other.local else { return false }
        switch (constant, other.constant) {
        case (nil, nil): return true
        case (let a?, let b?): return a.isIdentical(to: b)
        default: return false
        }
    }

    /// The type version `_GUARD_TYPE_VERSION` would check, when the kind pins one down.
    var typeVersion: UInt32? {
        switch kind {
        case .instance(let v): v
        case .int: UInt32(ts_tag.int.rawValue)
        case .float: UInt32(ts_tag.float.rawValue)
        case .str: UInt32(ts_tag.str.rawValue)
        case .list: UInt32(ts_tag.list.rawValue)
        case .tuple: UInt32(ts_tag.tuple.rawValue)
        case .dict: UInt32(ts_tag.dict.rawValue)
        case .bool: UInt32(ts_tag.bool.rawValue)
        case .none: UInt32(ts_tag.none.rawValue)
        default: nil
        }
    }

    /// What a constant value's kind is.
    static func of(_ value: ts_value, name: String) -> Fact {
        let kind: Kind =
            switch value.tag {
            case .int: .int
            case .float: .float
            case .bool: .bool
            case .none: .none
            case .str: .str
            case .tuple: .tuple
            case .null: .null
            case .function: .function
            case .builtin: .builtin
            default: .unknown
            }
        let immediate = value.tag == .int || value.tag == .float || value.tag == .bool || value.tag == .none
        return Fact(kind: kind, constant: immediate ? value : nil, name: name)
    }
}

extension Fact.Kind {
    /// A kind from the micro-op table (ts_uops.h).
    init(_ fact: ts_fact) {
        self =
            switch fact {
            case TS_FACT_NULL: .null
            case TS_FACT_NONE: .none
            case TS_FACT_BOOL: .bool
            case TS_FACT_INT: .int
            case TS_FACT_FLOAT: .float
            case TS_FACT_STR: .str
            case TS_FACT_LIST: .list
            case TS_FACT_TUPLE: .tuple
            case TS_FACT_DICT: .dict
            case TS_FACT_RANGE_ITERATOR: .rangeIterator
            case TS_FACT_LIST_ITERATOR: .listIterator
            case TS_FACT_TUPLE_ITERATOR: .tupleIterator
            case TS_FACT_FUNCTION: .function
            case TS_FACT_BUILTIN: .builtin
            default: .unknown
            }
    }
}

/// The abstract state of a trace at one point: what is known about the locals and the stack of each
/// frame the trace is in (inlined calls add frames).
struct AbstractState {
    struct Frame {
        let code: CodeObject
        var locals: [Fact]
        var stack: [Fact]
    }

    var frames: [Frame]
    /// Global and builtin dict versions checked since the last micro-op that could change them.
    var checkedVersions: Set<String> = []

    var top: Frame {
        get { frames[frames.count - 1] }
        set { frames[frames.count - 1] = newValue }
    }

    /// The fact `depth` values below the top of the stack (1 is the top).
    func peek(_ depth: Int) -> Fact? {
        let stack = top.stack
        return stack.count >= depth ? stack[stack.count - depth] : nil
    }

    mutating func push(_ fact: Fact) { top.stack.append(fact) }

    @discardableResult
    mutating func pop() -> Fact { top.stack.popLast() ?? .unknown("?") }

    /// Follows a call into `callee`, whose first locals are the arguments the caller passed.
    mutating func enter(_ callee: CodeObject, arguments: [Fact]) {
        var locals = callee.localNames.map { Fact.unknown($0) }
        for (i, fact) in arguments.enumerated() where i < locals.count {
            locals[i] = fact
            locals[i].name = callee.localNames[i]
            locals[i].local = nil
        }
        frames.append(Frame(code: callee, locals: locals, stack: []))
    }

    /// Records that a guard proved the value `depth` below the top has this kind, and so the local it
    /// was loaded from, and every other copy of that local on the stack.
    mutating func establish(_ depth: Int, _ kind: Fact.Kind) {
        let index = top.stack.count - depth
        guard index >= 0, top.stack[index].kind == .unknown else { return }
        top.stack[index].kind = kind
        guard let local = top.stack[index].local else { return }
        if top.locals[local].kind == .unknown { top.locals[local].kind = kind }
        for i in top.stack.indices where top.stack[i].local == local && top.stack[i].kind == .unknown {
            top.stack[i].kind = kind
        }
    }

    /// What holds in both states: a fact survives only where both agree on it.
    func meet(_ other: AbstractState) -> AbstractState {
        guard frames.count == other.frames.count,
            zip(frames, other.frames).allSatisfy({ $0.stack.count == $1.stack.count && $0.code === $1.code })
        else { return forgettingValues() }
        var result = self
        for f in frames.indices {
            for l in frames[f].locals.indices {
                result.frames[f].locals[l] = frames[f].locals[l].meet(other.frames[f].locals[l])
            }
            for k in frames[f].stack.indices {
                result.frames[f].stack[k] = frames[f].stack[k].meet(other.frames[f].stack[k])
            }
        }
        result.checkedVersions = checkedVersions.intersection(other.checkedVersions)
        return result
    }

    /// Every value unknown, the shape (frames, stack depths, names) kept.
    func forgettingValues() -> AbstractState {
        var result = self
        for f in frames.indices {
            result.frames[f].locals = frames[f].locals.map { Fact.unknown($0.name) }
            result.frames[f].stack = frames[f].stack.map { Fact.unknown($0.name) }
        }
        result.checkedVersions = []
        return result
    }

    /// Whether the two states know the same things (names aside).
    func sameFacts(as other: AbstractState) -> Bool {
        guard frames.count == other.frames.count, checkedVersions == other.checkedVersions else { return false }
        for (a, b) in zip(frames, other.frames) {
            guard a.locals.count == b.locals.count, a.stack.count == b.stack.count else { return false }
            for (x, y) in zip(a.locals + a.stack, b.locals + b.stack) where !x.sameFact(as: y) { return false }
        }
        return true
    }

    /// A local is about to be overwritten: stack values loaded from it no longer alias it.
    mutating func forgetAliases(of local: Int) {
        for i in top.stack.indices where top.stack[i].local == local { top.stack[i].local = nil }
    }
}

/// Abstract interpretation of a trace: runs the live micro-ops over facts instead of values, from what
/// is known at the trace's start (nothing about values, only the shape of the stack). The state before
/// each micro-op is what passes decide from. Facts only ever come from what the trace itself does and
/// checks, so they hold on every iteration of a loop trace: nothing is assumed at its top. A peeled
/// loop's head is where the loop comes back to, so the facts there are only those that hold both after
/// the first iteration and after every trip round (a fixpoint).
struct AbstractInterpreter {
    /// The state before each entry (nil for removed entries, and after the analysis lost track).
    private(set) var before: [AbstractState?]

    init(_ entries: [TraceEntry], root: CodeObject, entryDepth: Int) {
        var state = AbstractState(frames: [
            AbstractState.Frame(
                code: root, locals: root.localNames.map { Fact.unknown($0) },
                stack: (0..<entryDepth).map { Fact.unknown("stack[\($0)]") })
        ])
        before = Array(repeating: nil, count: entries.count)
        var lost = false
        for (i, entry) in entries.enumerated() where entry.isLive {
            if lost { continue }
            if entry.uop == ._LOOP_HEAD { state = AbstractInterpreter.loopInvariant(entries, head: i, entering: state) }
            before[i] = state
            if !AbstractInterpreter.apply(entry, to: &state) { lost = true }
        }
    }

    /// The facts that hold at a peeled loop's head on every trip: start from what the first iteration
    /// established, go round the body, keep what still holds, until nothing changes (the lattice is
    /// shallow, so this takes two or three rounds).
    static func loopInvariant(_ entries: [TraceEntry], head: Int, entering: AbstractState) -> AbstractState {
        var assumed = entering
        for _ in 0..<8 {
            var state = assumed
            for entry in entries[head...] where entry.isLive {
                if entry.uop == ._JUMP_TO_TOP { break }
                guard apply(entry, to: &state) else { return entering.forgettingValues() }
            }
            let next = assumed.meet(state)
            if next.sameFacts(as: assumed) { return assumed }
            assumed = next
        }
        return entering.forgettingValues()
    }

    /// The effect of one micro-op on the facts; false when the analysis cannot follow it.
    static func apply(_ entry: TraceEntry, to state: inout AbstractState) -> Bool {
        let oparg = Int(entry.oparg)
        let code = state.top.code
        if entry.uop.escapes { state.checkedVersions.removeAll() }
        let uop = entry.uop
        // What needs more than the table says: aliasing of locals, constants, frames, and the names
        // listings give values.
        switch uop {
        case ._LOAD_FAST, ._LOAD_FAST_CHECK:
            var fact = state.top.locals[oparg]
            if fact.kind == .unknown || uop == ._LOAD_FAST_CHECK { fact.name = code.localNames[oparg] }
            fact.local = oparg
            state.push(fact)
        case ._STORE_FAST:
            var fact = state.pop()
            fact.name = code.localNames[oparg]
            fact.local = nil
            state.forgetAliases(of: oparg)
            state.top.locals[oparg] = fact
        case ._LOAD_CONST:
            state.push(constantFact(code.constants[oparg]))
        case ._LOAD_CONST_INLINE:
            let value = ts_value(tag: ts_tag(rawValue: UInt64(oparg))!, u: ts_payload(bits: entry.operand))
            state.push(Fact.of(value, name: inlineName(value)))
        case ._COPY:
            guard let fact = state.peek(oparg) else { return false }
            state.push(fact)
        case ._SWAP:
            let count = state.top.stack.count
            guard count >= oparg else { return false }
            state.top.stack.swapAt(count - 1, count - oparg)
        case ._GUARD_GLOBALS_VERSION:
            state.checkedVersions.insert("globals \(entry.operand)")
        case ._GUARD_BUILTINS_VERSION:
            state.checkedVersions.insert("builtins \(entry.operand)")
        case ._GUARD_TYPE_VERSION:
            let version = UInt32(truncatingIfNeeded: entry.operand)
            state.establish(1, version >= 1024 ? .instance(version) : kindOfTag(version))
        case ._LOAD_NAME:
            state.push(.unknown(code.names[oparg]))
        case ._LOAD_GLOBAL_MODULE, ._LOAD_GLOBAL_BUILTINS, ._LOAD_GLOBAL:
            state.push(.unknown(code.names[oparg >> 1]))
            if oparg & 1 != 0 { state.push(Fact(kind: .null, name: "NULL")) }
        case ._LOAD_ATTR_INSTANCE_VALUE, ._LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, ._LOAD_ATTR:
            let owner = state.pop()
            state.push(.unknown("\(owner.name).\(code.names[oparg >> 1])"))
            if oparg & 1 != 0 {
                state.push(uop == ._LOAD_ATTR ? .unknown("self or NULL") : Fact(kind: .null, name: "NULL"))
            }
        case ._LOAD_ATTR_METHOD_WITH_VALUES, ._LOAD_ATTR_METHOD_NO_DICT:
            let owner = state.pop()
            let kind: Fact.Kind = uop == ._LOAD_ATTR_METHOD_NO_DICT ? .builtin : .function
            state.push(Fact(kind: kind, name: "\(owner.name).\(code.names[oparg >> 1])"))
            state.push(owner)
        case ._PUSH_FRAME, ._INLINE_CALL:
            // An inlined call's argument is its unbound locals; the one the call had is where it was.
            let oparg = Int(entry.replaced?.oparg ?? entry.oparg)
            guard let callee = entry.callee, state.top.stack.count >= oparg + 2 else { return false }
            // Whether a receiver sits below the arguments is not always known (a generic LOAD_ATTR
            // pushes "self or NULL"), but _CHECK_FUNCTION_EXACT_ARGS has proved that the arguments,
            // receiver included, number exactly the callee's parameters.
            let hasSelf = callee.argumentCount == oparg + 1
            let count = oparg + (hasSelf ? 1 : 0)
            var arguments: [Fact] = []
            for _ in 0..<count { arguments.insert(state.pop(), at: 0) }
            if !hasSelf { state.pop() }
            state.pop()
            state.enter(callee, arguments: arguments)
        case ._PUSH_FRAME_GETITEM, ._PUSH_FRAME_SETITEM, ._PUSH_FRAME_OPERATOR, ._PUSH_FRAME_CONTAINS,
            ._PUSH_FRAME_BOOL, ._PUSH_FRAME_LEN:
            let inputs = uop.inputs(entry.oparg)
            guard let callee = entry.callee, let order = Self.methodArguments(uop), state.top.stack.count >= inputs
            else { return false }
            var taken: [Fact] = []
            for _ in 0..<inputs { taken.insert(state.pop(), at: 0) }
            state.enter(callee, arguments: order.map { taken[$0] })
        case ._POP_FRAME, ._INLINE_RETURN:
            let result = state.pop()
            guard state.frames.count > 1 else { return false }
            state.frames.removeLast()
            state.push(Fact(kind: result.kind, constant: result.constant, name: "result"))
        case ._REPLACE_WITH_TRUE:
            state.pop()
            state.push(Fact(kind: .bool, constant: .bool(true), name: "True"))
        case ._UNARY_NEGATIVE:
            // Negating a float is a float; an int may not stay a small int (-(-2**63)), so it is not known.
            let operand = state.peek(1)
            state.pop()
            state.push(Fact(kind: operand?.kind == .float ? .float : .unknown, name: "-\(operand?.name ?? "?")"))
        default:
            if uop.isGuard {
                for depth in 1...2 {
                    let kind = Fact.Kind(ts_uop_proves(uop.rawValue, Int32(depth)))
                    if kind != .unknown { state.establish(depth, kind) }
                }
            }
            let inputs = uop.inputs(entry.oparg)
            guard state.top.stack.count >= inputs else { return false }
            // The names of at least the top two values, so that a micro-op that only reads (the iterator
            // `_ITER_NEXT_RANGE` steps) can name its result after them.
            let operands = state.top.stack.suffix(max(inputs, 2)).map(\.name)
            for _ in 0..<inputs { state.pop() }
            let outputs = uop.outputs(entry.oparg)
            for k in 0..<outputs {
                let isTop = k == outputs - 1
                let kind = isTop ? Fact.Kind(ts_uop_result(uop.rawValue)) : .unknown
                state.push(Fact(kind: kind, name: resultName(uop, entry.oparg, operands, output: outputs - 1 - k)))
            }
        }
        return true
    }

    /// Where a special method's arguments sit among the values its frame push takes off the stack (bottom
    /// first), in the order its body in ts_uop_bodies.h passes them: `obj[k] = v` has (v, obj, k) on the
    /// stack and calls `__setitem__(obj, k, v)`, `x in obj` calls `__contains__(obj, x)`, `len(x)` takes
    /// len and NULL too.
    static func methodArguments(_ uop: MicroOp) -> [Int]? {
        switch uop {
        case ._PUSH_FRAME_GETITEM, ._PUSH_FRAME_OPERATOR: [0, 1]
        case ._PUSH_FRAME_SETITEM: [1, 2, 0]
        case ._PUSH_FRAME_CONTAINS: [1, 0]
        case ._PUSH_FRAME_BOOL: [0]
        case ._PUSH_FRAME_LEN: [2]
        default: nil
        }
    }

    /// How listings name a value a micro-op produced (`i * i`, `len(xs)`, `xs[i]`); `output` counts
    /// from the top.
    static func resultName(_ uop: MicroOp, _ oparg: Int32, _ operands: [String], output: Int) -> String {
        let left = operands.count >= 2 ? operands[operands.count - 2] : "?"
        let right = operands.last ?? "?"
        switch uop {
        case _ where uop.isBinaryOperator:
            // Every form of BINARY_OP keeps the instruction's argument: the operator.
            return "\(left) \(BinaryOperator.decode(oparg)?.op.symbol ?? "?") \(right)"
        case ._COMPARE_OP_INT, ._COMPARE_OP_FLOAT, ._COMPARE_OP_STR:
            return "\(left) \(ComparisonOperator(rawValue: oparg)?.symbol ?? "?") \(right)"
        case ._BINARY_SUBSCR_LIST_INT, ._BINARY_SUBSCR_TUPLE_INT, ._BINARY_SUBSCR_STR_INT, ._BINARY_SUBSCR_DICT,
            ._BINARY_SUBSCR:
            return "\(left)[\(right)]"
        case ._ITER_NEXT_RANGE, ._ITER_NEXT_LIST, ._ITER_NEXT_TUPLE: return "next(\(right))"
        case ._PUSH_NULL: return "NULL"
        case ._CALL_LEN: return "len(\(right))"
        case ._CALL_LIST_APPEND: return "None"
        case ._CALL_BUILTIN_FAST, ._CALL_BUILTIN_CLASS, ._CALL, ._CALL_KW: return "call result"
        case ._TO_BOOL_INT, ._TO_BOOL_LIST, ._TO_BOOL_NONE, ._TO_BOOL_STR, ._TO_BOOL, ._UNARY_NOT:
            return "bool(\(right))"
        case ._IS_OP, ._CONTAINS_OP, ._COMPARE_OP: return "comparison"
        case ._UNPACK_SEQUENCE_TWO_TUPLE, ._UNPACK_SEQUENCE_TUPLE, ._UNPACK_SEQUENCE_LIST, ._UNPACK_SEQUENCE:
            return "\(right)[\(output)]"
        case ._BUILD_TUPLE: return "tuple"
        case ._BUILD_LIST: return "list"
        case ._BUILD_MAP: return "dict"
        case ._BUILD_SLICE: return "slice"
        case ._BUILD_STRING, ._CONVERT_VALUE, ._FORMAT_SIMPLE, ._FORMAT_WITH_SPEC: return "str"
        case ._GET_ITER, ._CALL_RANGE_ITER: return "iterator"
        case ._MAKE_FUNCTION, ._SET_FUNCTION_ATTRIBUTE: return "function"
        default: return "result"
        }
    }

    private static func kindOfTag(_ tag: UInt32) -> Fact.Kind {
        switch ts_tag(rawValue: UInt64(tag)) {
        case .int: .int
        case .float: .float
        case .str: .str
        case .list: .list
        case .tuple: .tuple
        case .dict: .dict
        case .bool: .bool
        case ts_tag.none?: .none
        default: .unknown
        }
    }

    static func constantFact(_ value: Constant) -> Fact {
        switch value {
        case .int(let i):
            if let small = Int64(exactly: i) { return Fact(kind: .int, constant: .int(small), name: "\(i)") }
            // A big int is a heap object, not the 64-bit int that `.int` promises to the int guards.
            return Fact(kind: .unknown, name: "\(i)")
        case .float(let f): return Fact(kind: .float, constant: .float(f), name: formatFloatRepr(f))
        case .bool(let b): return Fact(kind: .bool, constant: .bool(b), name: b ? "True" : "False")
        case .none: return Fact(kind: .none, constant: ts_value.none, name: "None")
        case .str: return Fact(kind: .str, name: Disassembler.constantRepr(value))
        case .tuple: return Fact(kind: .tuple, name: Disassembler.constantRepr(value))
        }
    }

    static func inlineName(_ value: ts_value) -> String {
        switch value.tag {
        case .int: String(value.u.i)
        case .float: formatFloatRepr(value.u.f)
        case .bool: value.u.i != 0 ? "True" : "False"
        case .none: "None"
        default: "object"
        }
    }
}
