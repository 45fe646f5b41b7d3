import CTierCore

// Arithmetic on ints past 64 bits where programs spend their time: straight on the heap objects' limbs
// through ts_bigint.c, with no Swift BigInt, no array and no reference counting in between. A result is
// computed into the workspace first, so one that fits in 64 bits again becomes an immediate and only a
// big one costs a heap object.

/// Scratch limbs owned by the VM and reused by every big-int operation.
final class IntWorkspace {
    /// One limb per operand, holding an immediate's magnitude while an operation reads it.
    private let operandLimbs = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
    private var results: UnsafeMutablePointer<UInt64>
    private var capacity: Int

    init() {
        capacity = 64
        results = .allocate(capacity: capacity)
        operandLimbs.initialize(repeating: 0, count: 2)
    }

    deinit {
        operandLimbs.deallocate()
        results.deallocate()
    }

    /// An int's limbs and signed size (GMP's convention): a big int's own, or for an immediate (or a bool)
    /// its magnitude in operand slot `slot` (0 or 1).
    @inline(__always) func limbs(of v: ts_value, slot: Int) -> (UnsafePointer<UInt64>, Int64) {
        if v.tag == .bigint {
            let b = v.bigint
            return (UnsafePointer(ts_bigint_limbs(b)), b.pointee.size)
        }
        let i = v.u.i
        operandLimbs[slot] = i.magnitude
        return (UnsafePointer(operandLimbs + slot), i == 0 ? 0 : i < 0 ? -1 : 1)
    }

    /// Room for `count` limbs of result; valid until the next call.
    @inline(__always) func results(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        if count > capacity { grow(to: count) }
        return results
    }

    private func grow(to count: Int) {
        results.deallocate()
        capacity = max(count, capacity * 2)
        results = .allocate(capacity: capacity)
    }
}

extension Heap {
    /// The int with these limbs and signed size: an immediate when it fits in 64 bits, a big int object
    /// (limbs copied in) otherwise.
    @inline(__always) func makeInt(limbs: UnsafePointer<UInt64>, size: Int64, immortal: Bool = false) -> ts_value {
        if let small = int64(limbs: limbs, size: size) { return .int(small) }
        let count = Int(size.magnitude)
        let object = allocate(
            ts_bigint.self, kind: .bigint, trailingBytes: count * MemoryLayout<UInt64>.stride, immortal: immortal)
        object.pointee.size = size
        ts_bigint_limbs(object).update(from: limbs, count: count)
        return ts_value(.bigint, object)
    }

    func makeInt(_ value: BigInt, immortal: Bool = false) -> ts_value {
        value.with { makeInt(limbs: $0, size: $1, immortal: immortal) }
    }
}

extension VM {
    /// A binary operator on two ints (immediates, bools or big ints) of which at least one is big, or whose
    /// 64-bit result overflowed.
    func bigIntOp(_ op: BinaryOperator, _ a: ts_value, _ b: ts_value) throws(PyError) -> ts_value {
        let (x, xn) = ints.limbs(of: a, slot: 0)
        let (y, yn) = ints.limbs(of: b, slot: 1)
        let xCount = Int(xn.magnitude)
        let yCount = Int(yn.magnitude)
        if options.fuel != nil { try spendBudget(bigIntCost(op, xCount, yCount, b)) }
        switch op {
        case .add:
            let r = ints.results(max(xCount, yCount) + 1)
            return heap.makeInt(limbs: r, size: ts_big_add(x, xn, y, yn, r))
        case .subtract:
            let r = ints.results(max(xCount, yCount) + 1)
            return heap.makeInt(limbs: r, size: ts_big_sub(x, xn, y, yn, r))
        case .multiply:
            if ts_big_bit_length(x, xn) + ts_big_bit_length(y, yn) > UInt64(Limits.maximumIntegerBits) {
                throw PyError.memoryError()
            }
            let r = ints.results(xCount + yCount)
            return heap.makeInt(limbs: r, size: ts_big_mul(x, xn, y, yn, r))
        case .floorDivide, .remainder:
            if yn == 0 {
                throw PyError.zeroDivision(
                    op == .remainder ? "integer modulo by zero" : "integer division or modulo by zero")
            }
            let quotientCount = max(xCount - yCount, 0) + 2
            let q = ints.results(quotientCount + 2 * yCount)
            let r = q + quotientCount
            var qn: Int64 = 0
            var rn: Int64 = 0
            ts_big_floor_divmod(x, xn, y, yn, q, &qn, r, &rn, r + yCount)
            return op == .floorDivide ? heap.makeInt(limbs: q, size: qn) : heap.makeInt(limbs: r, size: rn)
        case .trueDivide:
            if yn == 0 { throw PyError.zeroDivision("division by zero") }
            return .float(try IntMath.trueDivide(a.bigValue, b.bigValue))
        case .power:
            return try bigIntPower(a.bigValue, b.bigValue)
        case .leftShift:
            if yn < 0 { throw PyError.valueError("negative shift count") }
            if xn == 0 { return .int(0) }
            guard b.tag != .bigint, b.u.i <= Limits.maximumIntegerBits else {
                throw PyError.overflow("too many digits in integer")
            }
            let shift = Int(b.u.i)
            let r = ints.results(xCount + shift / 64 + 1)
            return heap.makeInt(limbs: r, size: ts_big_shift_left(x, xn, UInt64(shift), r))
        case .rightShift:
            if yn < 0 { throw PyError.valueError("negative shift count") }
            guard b.tag != .bigint, b.u.i < Int64(Int32.max) else { return .int(xn < 0 ? -1 : 0) }
            let shift = Int(b.u.i)
            let r = ints.results(max(xCount - shift / 64, 0) + 1)
            return heap.makeInt(limbs: r, size: ts_big_shift_right(x, xn, UInt64(shift), r))
        case .and, .or, .xor:
            let r = ints.results(max(xCount, yCount) + 1)
            let which = op == .and ? TS_BIG_AND : op == .or ? TS_BIG_OR : TS_BIG_XOR
            return heap.makeInt(limbs: r, size: ts_big_bitwise(which, x, xn, y, yn, r))
        case .matrixMultiply:
            throw PyError.typeError("unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    private func bigIntPower(_ a: BigInt, _ b: BigInt) throws(PyError) -> ts_value {
        if b.isNegative { return try floatOp(.power, try integerToFloat(a), try integerToFloat(b)) }
        if a.magnitude <= 1 {
            if a.isZero { return .int(b.isZero ? 1 : 0) }
            return .int(a.isNegative && b.isOdd ? -1 : 1)
        }
        guard let exponent = Int(exactly: b),
            case (let bits, false) = a.bitLength.multipliedReportingOverflow(by: exponent),
            bits <= Limits.maximumIntegerBits
        else {
            throw PyError.memoryError()
        }
        return heap.makeInt(a.power(exponent))
    }

    /// Roughly the machine-word operations a big-int operation costs, so a budgeted run stops even
    /// when the time goes into arithmetic on huge numbers rather than into loops.
    private func bigIntCost(_ op: BinaryOperator, _ x: Int, _ y: Int, _ b: ts_value) -> Int {
        let small = b.tag == .bigint ? nil : Int(b.u.i)
        switch op {
        case .multiply, .floorDivide, .remainder, .trueDivide: return x * y
        case .power:
            guard let exponent = small, exponent > 0 else { return x }
            let (bits, overflow) = (x * 64).multipliedReportingOverflow(by: exponent)
            if overflow { return Int.max / 2 }
            let words = bits / 64 + 1
            let (cost, tooBig) = words.multipliedReportingOverflow(by: words)
            return tooBig ? Int.max / 2 : cost
        case .leftShift: return x + (small ?? Int.max / 2) / 64
        default: return x + y
        }
    }

    /// -1, 0 or 1 as int a is below, equal to or above int b (immediates, bools or big ints).
    func compareInts(_ a: ts_value, _ b: ts_value) -> Int {
        let (x, xn) = ints.limbs(of: a, slot: 0)
        let (y, yn) = ints.limbs(of: b, slot: 1)
        return Int(ts_big_compare(x, xn, y, yn))
    }

    /// The hash of a big int, read from its limbs in place.
    func bigIntHash(_ v: ts_value) -> Int64 {
        let (x, xn) = ints.limbs(of: v, slot: 0)
        return IntMath.hash(residue: ts_big_mod_word(x, xn, IntMath.hashModulus), negative: xn < 0)
    }
}
