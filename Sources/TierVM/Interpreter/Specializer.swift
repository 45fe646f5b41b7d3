import CTierCore

/// Tier 1's decisions: when an instruction has warmed up on stable operand types, which specialised
/// form fits, what a specialised form's cache must hold, and when misses send it back.
///
/// The warm-up and backoff policy (ours; CPython 3.13 re-specialises after 53 misses):
/// - an instruction specialises after `--specialize-after` consecutive executions (default 8) that
///   saw the same operand types;
/// - a specialised instruction that misses its guards 16 times reverts to the generic form;
/// - after a revert or a failed attempt the instruction waits 32, 64, 128 ... up to 4096 executions
///   before warming up again (exponential backoff on the number of earlier attempts).
enum Specialization {
    static let missLimit: UInt8 = 16

    /// Executions to wait after the `attempt`-th failure or revert, at most 2^`maximumExponent`.
    static func backoffWait(_ attempt: UInt8, maximumExponent: Int = 12) -> UInt16 {
        UInt16(1 << min(Int(attempt) + 5, maximumExponent))
    }

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

extension VM {
    /// Counts one execution of a generic instruction that may specialise; true when it has warmed up.
    @inline(__always)
    func warmUp(_ cache: UnsafeMutablePointer<ts_cache>, _ signature: UInt32) -> Bool {
        if cache.pointee.signature == signature && cache.pointee.state == 0 {
            cache.pointee.counter &-= 1
            return cache.pointee.counter == 0
        }
        return restartWarmUp(cache, signature, threshold: options.specializeAfter)
    }

    /// A new operand signature (or the end of a backoff) starts the warm-up over. Also counts loop back
    /// edges and function entries towards tracing, with a constant signature.
    @inline(never)
    func restartWarmUp(_ cache: UnsafeMutablePointer<ts_cache>, _ signature: UInt32, threshold: Int) -> Bool {
        if cache.pointee.state != 0 {
            cache.pointee.counter &-= 1
            if cache.pointee.counter > 0 { return false }
            cache.pointee.state = 0
        }
        cache.pointee.signature = signature
        cache.pointee.counter = UInt16(clamping: max(1, threshold)) - 1
        return cache.pointee.counter == 0
    }

    /// Counts a loop back edge or function entry; true when it is hot enough to trace (`--trace-after`).
    @inline(__always)
    func heatUp(_ cache: UnsafeMutablePointer<ts_cache>) -> Bool {
        let signature: UInt32 = 0x8000_0001
        if cache.pointee.signature == signature && cache.pointee.state == 0 {
            cache.pointee.counter &-= 1
            return cache.pointee.counter == 0
        }
        return restartWarmUp(cache, signature, threshold: options.traceAfter)
    }

    /// Puts an instruction's counter into backoff after a failed attempt. Tier 1 waits at most 4096
    /// executions, as CPython does; a loop or function whose traces keep failing may wait up to 32768
    /// (`maximumExponent` 15), since each attempt costs a recording and an optimisation.
    func backOff(_ cache: UnsafeMutablePointer<ts_cache>, maximumExponent: Int = 12) -> UInt16 {
        let wait = Specialization.backoffWait(cache.pointee.backoff, maximumExponent: maximumExponent)
        cache.pointee.state = 1
        cache.pointee.counter = wait
        cache.pointee.backoff = min(cache.pointee.backoff + 1, UInt8(maximumExponent - 4))
        return wait
    }

    private func site(_ frame: FrameRef, _ index: Int) -> InstructionSite {
        let code = frame.code
        return InstructionSite(code: code.reference, offset: index, line: Int(code.line(at: index)))
    }

    /// Names for the operand types in a signature, for events.
    private func typeNames(_ values: [ts_value]) -> [String] {
        values.map { typeName($0) }
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
            bus.publish(
                .instructionSpecialized(
                    InstructionSpecialized(
                        site: site(frame, index), from: "\(op)", to: "\(form)", observedTypes: observed,
                        executions: max(1, options.specializeAfter))))
        case .failure(let reason):
            let wait = Specialization.backoffWait(cache.pointee.backoff)
            cache.pointee.state = 1
            cache.pointee.counter = wait
            cache.pointee.backoff = min(cache.pointee.backoff + 1, 8)
            bus.publish(
                .specializationFailed(
                    SpecializationFailed(
                        site: site(frame, index), instruction: "\(op)", reason: reason.text, observedTypes: observed,
                        retryAfter: Int(wait))))
        }
    }

    /// A specialised instruction's guard failed: count it, and after too many put the generic form back.
    @inline(never)
    func missed(_ frame: FrameRef, at index: Int, stack: UnsafeMutablePointer<ts_value>, top: Int) {
        let code = frame.pointee.code
        let cache = code.pointee.caches + index
        cache.pointee.misses &+= 1
        guard cache.pointee.misses >= Specialization.missLimit else { return }
        let op = Opcode(rawValue: code.pointee.instructions[index].op)!
        let generic = op.generic
        code.pointee.instructions[index].op = generic.rawValue
        let wait = Specialization.backoffWait(cache.pointee.backoff)
        cache.pointee.state = 1
        cache.pointee.counter = wait
        cache.pointee.backoff = min(cache.pointee.backoff + 1, 8)
        cache.pointee.misses = 0
        bus.publish(
            .instructionDespecialized(
                InstructionDespecialized(
                    site: site(frame, index), from: "\(op)", to: "\(generic)", misses: Int(Specialization.missLimit),
                    retryAfter: Int(wait), reason: missReason(op, cache: cache, stack: stack, top: top))))
    }

    /// Why the last miss happened, in words: what the operands were instead.
    private func missReason(
        _ op: Opcode, cache: UnsafeMutablePointer<ts_cache>, stack: UnsafeMutablePointer<ts_value>, top: Int
    ) -> String {
        switch op.generic {
        case .BINARY_OP, .COMPARE_OP, .BINARY_SUBSCR:
            return "operands became \(typeName(stack[top - 2])) and \(typeName(stack[top - 1]))"
        case .LOAD_ATTR, .STORE_ATTR, .TO_BOOL:
            let owner = stack[top - 1]
            let version = ts_type_version(owner)
            if owner.tag == .instance && version != cache.pointee.version {
                return "\(typeName(owner)) changed: type version \(cache.pointee.version) is now \(version)"
            }
            return "the operand became \(typeName(owner))"
        case .FOR_ITER, .UNPACK_SEQUENCE:
            return "the operand became \(typeName(stack[top - 1]))"
        case .CALL:
            return "another callable, or another number of arguments"
        case .STORE_SUBSCR:
            return "operands became \(typeName(stack[top - 2])) and \(typeName(stack[top - 1]))"
        case .LOAD_GLOBAL:
            return "the globals or builtins changed"
        default:
            return "its guards failed"
        }
    }
}
