import CTierCore

/// The operand signatures Tier 1 warms up on: an instruction specialises once it has seen the same
/// signature `--specialize-after` times in a row.
enum Specialization {
    /// The signature of two operands' types (the high bit marks a signature as set).
    @inline(__always) static func signature(_ a: ts_value, _ b: ts_value) -> UInt32 {
        0x8000_0000 | UInt32(truncatingIfNeeded: a.tag.rawValue) | UInt32(truncatingIfNeeded: b.tag.rawValue) << 8
    }

    @inline(__always) static func signature(_ a: ts_value) -> UInt32 {
        0x8000_0000 | UInt32(truncatingIfNeeded: a.tag.rawValue)
    }

    /// An iterator's signature: what kind of iterator over what.
    @inline(__always) static func iteratorSignature(_ a: ts_value) -> UInt32 {
        guard a.tag == .iterator else { return signature(a) }
        let it = a.iterator.pointee
        return 0x8000_0000 | 0x4000_0000 | it.kind.rawValue << 8 | UInt32(truncatingIfNeeded: it.source.tag.rawValue)
    }

    /// A call's signature: which callable (a function's version, a built-in's identity) and how many
    /// arguments.
    @inline(__always) static func callSignature(_ callable: ts_value, _ count: Int) -> UInt32 {
        let identity: UInt32 =
            switch callable.tag {
            case .function: callable.function.pointee.version
            case .builtin: UInt32(truncatingIfNeeded: callable.builtin.pointee.index) | 0x1000_0000
            default: UInt32(truncatingIfNeeded: callable.tag.rawValue) | 0x2000_0000
            }
        return 0x8000_0000 | (identity &* 31 &+ UInt32(truncatingIfNeeded: count))
    }

    /// The signature of a value's exact type (user classes by their version).
    @inline(__always) static func typeSignature(_ a: ts_value) -> UInt32 {
        0x8000_0000 | ts_type_version(a)
    }
}

/// Tier 1's specialiser: decides when a generic instruction has warmed up on stable operand types,
/// rewrites it in place into the specialised form that fits (`SpecializedForms.swift` chooses the
/// form and fills in its cache), and puts the generic form back when the specialised one keeps
/// missing. It publishes each decision.
///
/// The warm-up and backoff policy (ours; CPython 3.13 re-specialises after 53 misses):
/// - an instruction specialises after `--specialize-after` consecutive executions (default 8) that
///   saw the same operand types;
/// - a specialised instruction that misses its guards 16 times reverts to the generic form;
/// - after a revert or a failed attempt the instruction waits 32, 64, 128 ... up to 4096 executions
///   before warming up again (`InlineCacheCounter.backOff`).
final class Specializer {
    static let missLimit: UInt8 = 16
    /// Tier 1 waits at most 2^12 executions after a failure, as CPython does.
    static let backoffExponent = 12

    /// The VM whose instructions it rewrites, and whose runtime answers its questions about operands.
    /// Unowned and unsafe: the VM owns its specialiser, so it outlives it, and a counted reference
    /// would cost a retain and release wherever Tier 1 asks.
    unowned(unsafe) var vm: VM!
    /// `--specialize-after`.
    let specializeAfter: Int

    init(specializeAfter: Int) {
        self.specializeAfter = specializeAfter
    }

    /// Counts one execution of a generic instruction that may specialise; true when it has warmed up.
    @inline(__always)
    func warmUp(_ cache: UnsafeMutablePointer<ts_cache>, _ signature: UInt32) -> Bool {
        InlineCacheCounter.warmUp(cache, signature, threshold: specializeAfter)
    }

    /// Names for the operand types in a signature, for events.
    private func typeNames(_ values: [ts_value]) -> [String] {
        values.map { vm.typeName($0) }
    }

    /// Decides the specialised form of the instruction at `index`, whose operands are on top of the
    /// stack, and rewrites it in place, or records why none fits and backs off.
    @inline(never)
    func specialize(_ frame: FrameRef, at index: Int, stack: UnsafeMutablePointer<ts_value>, top: Int) {
        let code = frame.pointee.code
        let instruction = code.pointee.instructions[index]
        let cache = code.pointee.caches + index
        let op = Opcode(rawValue: instruction.op)!
        let decision = chooseForm(op, Int(instruction.arg), frame: frame, stack: stack, top: top, cache: cache)
        let observed = typeNames(decision.operands)
        switch decision.form {
        case .success(let form):
            code.pointee.instructions[index].op = form.rawValue
            cache.pointee.misses = 0
            vm.bus.publish(
                .instructionSpecialized(
                    InstructionSpecialized(
                        site: InstructionSite(frame.code, index), from: "\(op)", to: "\(form)",
                        observedTypes: observed, executions: max(1, specializeAfter))))
        case .failure(let reason):
            let wait = InlineCacheCounter.backOff(cache, maximumExponent: Specializer.backoffExponent)
            vm.bus.publish(
                .specializationFailed(
                    SpecializationFailed(
                        site: InstructionSite(frame.code, index), instruction: "\(op)", reason: reason.text,
                        observedTypes: observed, retryAfter: Int(wait))))
        }
    }

    /// A specialised instruction's guard failed: count it, and after too many put the generic form back.
    @inline(never)
    func missed(_ frame: FrameRef, at index: Int, stack: UnsafeMutablePointer<ts_value>, top: Int) {
        let code = frame.pointee.code
        let cache = code.pointee.caches + index
        cache.pointee.misses &+= 1
        guard cache.pointee.misses >= Specializer.missLimit else { return }
        let op = Opcode(rawValue: code.pointee.instructions[index].op)!
        let generic = op.generic
        code.pointee.instructions[index].op = generic.rawValue
        let wait = InlineCacheCounter.backOff(cache, maximumExponent: Specializer.backoffExponent)
        cache.pointee.misses = 0
        vm.bus.publish(
            .instructionDespecialized(
                InstructionDespecialized(
                    site: InstructionSite(frame.code, index), from: "\(op)", to: "\(generic)",
                    misses: Int(Specializer.missLimit), retryAfter: Int(wait),
                    reason: missReason(op, cache: cache, stack: stack, top: top))))
    }

    /// Why the last miss happened, in words: what the operands were instead.
    private func missReason(
        _ op: Opcode, cache: UnsafeMutablePointer<ts_cache>, stack: UnsafeMutablePointer<ts_value>, top: Int
    ) -> String {
        let vm = self.vm!
        switch op {
        case .BINARY_SUBSCR_GETITEM, .STORE_SUBSCR_SETITEM, .BINARY_OP_PY_METHOD, .COMPARE_OP_PY_METHOD:
            let (left, right) = (stack[top - 2], stack[top - 1])
            let isOperator = op == .BINARY_OP_PY_METHOD || op == .COMPARE_OP_PY_METHOD
            // The version stands for the method: a class changed under it, or another class came.
            if ts_type_version(left) != cache.pointee.version {
                return "the \(isOperator ? "left operand" : "container") is a \(vm.typeName(left)) of type version "
                    + "\(ts_type_version(left)), not \(cache.pointee.version)"
            }
            if isOperator && right.tag == .instance && right.instance.pointee.cls != left.instance.pointee.cls {
                return "a \(vm.typeName(right)) on the right may answer first"
            }
            return "the method's frame did not fit on the frame stack"
        case .CALL_LEN_PY_METHOD:
            let x = stack[top - 1]
            if ts_type_version(x) != cache.pointee.version {
                return "the argument is a \(vm.typeName(x)) of type version \(ts_type_version(x)), "
                    + "not \(cache.pointee.version)"
            }
            return "another callable, or no room for the method's frame"
        default:
            break
        }
        switch op.generic {
        case .BINARY_OP, .COMPARE_OP, .BINARY_SUBSCR:
            return "operands became \(vm.typeName(stack[top - 2])) and \(vm.typeName(stack[top - 1]))"
        case .LOAD_ATTR, .STORE_ATTR, .TO_BOOL, .CONTAINS_OP:
            let owner = stack[top - 1]
            let version = ts_type_version(owner)
            if owner.tag == .instance && version != cache.pointee.version {
                return "\(vm.typeName(owner)) changed: type version \(cache.pointee.version) is now \(version)"
            }
            return "the operand became \(vm.typeName(owner))"
        case .FOR_ITER, .UNPACK_SEQUENCE:
            return "the operand became \(vm.typeName(stack[top - 1]))"
        case .CALL:
            return "another callable, or another number of arguments"
        case .STORE_SUBSCR:
            return "operands became \(vm.typeName(stack[top - 2])) and \(vm.typeName(stack[top - 1]))"
        case .LOAD_GLOBAL:
            return "the globals or builtins changed"
        default:
            return "its guards failed"
        }
    }
}
