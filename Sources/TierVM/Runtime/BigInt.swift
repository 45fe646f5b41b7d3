import CTierCore

/// An unbounded integer as a Swift value, for the paths that are not hot: literals, ranges beyond 64
/// bits, formatting, `int()`, `round()`, `pow()` with a modulus. Sign and magnitude in GMP's convention,
/// arithmetic through ts_bigint.c. Arithmetic on the VM's own big ints does not come through here; it
/// works on the heap objects' limbs in place (see IntArithmetic.swift).
///
/// `/` and `%` are Python's floor division and modulo, so there is one meaning of each in the VM.
public struct BigInt: Sendable, Hashable, Comparable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The magnitude, least significant limb first, no zero limb on top (zero has none).
    private(set) var limbs: [UInt64]
    private(set) var isNegative: Bool

    /// GMP's signed size.
    var size: Int64 { isNegative ? -Int64(limbs.count) : Int64(limbs.count) }

    init(limbs: UnsafePointer<UInt64>, size: Int64) {
        self.limbs = Array(UnsafeBufferPointer(start: limbs, count: Int(size.magnitude)))
        isNegative = size < 0
    }

    init(_ value: Int64) {
        limbs = value == 0 ? [] : [value.magnitude]
        isNegative = value < 0
    }

    init(_ value: Int) { self.init(Int64(value)) }

    init(_ value: UInt64) {
        limbs = value == 0 ? [] : [value]
        isNegative = false
    }

    public init(integerLiteral value: Int64) { self.init(value) }

    /// The integer a double holds; the double must be finite and integral.
    init(_ value: Double) {
        precondition(value.isFinite && value.rounded(.towardZero) == value, "not an integral double")
        let magnitude = value.magnitude
        if magnitude < 0x1p64 {
            self.init(UInt64(magnitude))
        } else {
            let exponent = Int(magnitude.exponent)
            self = BigInt(magnitude.significandBitPattern | 1 << 52) << (exponent - 52)
        }
        if value < 0 { self = -self }
    }

    /// Computes a result into a buffer of `capacity` limbs; `body` returns the result's signed size.
    private static func computing(capacity: Int, _ body: (UnsafeMutablePointer<UInt64>) -> Int64) -> BigInt {
        var size: Int64 = 0
        let limbs = [UInt64](unsafeUninitializedCapacity: max(capacity, 1)) { buffer, count in
            size = body(buffer.baseAddress!)
            count = Int(size.magnitude)
        }
        var result = BigInt(0)
        result.limbs = limbs
        result.isNegative = size < 0
        return result
    }

    /// Runs `body` over both operands' limbs and sizes.
    private static func with<R>(
        _ a: BigInt, _ b: BigInt, _ body: (UnsafePointer<UInt64>, Int64, UnsafePointer<UInt64>, Int64) -> R
    ) -> R {
        a.limbs.withUnsafeBufferPointer { x in
            b.limbs.withUnsafeBufferPointer { y in
                body(x.baseAddress ?? zeroLimb, a.size, y.baseAddress ?? zeroLimb, b.size)
            }
        }
    }

    /// Runs `body` over the limbs and the signed size, as ts_bigint.c reads a number.
    func with<R>(_ body: (UnsafePointer<UInt64>, Int64) -> R) -> R {
        limbs.withUnsafeBufferPointer { body($0.baseAddress ?? zeroLimb, size) }
    }

    // MARK: - Properties

    var isZero: Bool { limbs.isEmpty }
    var isOdd: Bool { limbs.first.map { $0 & 1 == 1 } ?? false }
    var magnitude: BigInt {
        var m = self
        m.isNegative = false
        return m
    }
    /// The number of bits of the magnitude (Python's `int.bit_length()`).
    var bitLength: Int { limbs.isEmpty ? 0 : limbs.count * 64 - limbs.last!.leadingZeroBitCount }
    var trailingZeroBitCount: Int {
        guard let i = limbs.firstIndex(where: { $0 != 0 }) else { return 0 }
        return i * 64 + limbs[i].trailingZeroBitCount
    }

    // MARK: - Arithmetic

    static func + (a: BigInt, b: BigInt) -> BigInt {
        computing(capacity: max(a.limbs.count, b.limbs.count) + 1) { r in with(a, b) { ts_big_add($0, $1, $2, $3, r) } }
    }

    static func - (a: BigInt, b: BigInt) -> BigInt {
        computing(capacity: max(a.limbs.count, b.limbs.count) + 1) { r in with(a, b) { ts_big_sub($0, $1, $2, $3, r) } }
    }

    static func * (a: BigInt, b: BigInt) -> BigInt {
        computing(capacity: a.limbs.count + b.limbs.count) { r in with(a, b) { ts_big_mul($0, $1, $2, $3, r) } }
    }

    static prefix func - (a: BigInt) -> BigInt {
        var r = a
        r.isNegative = !a.isNegative && !a.isZero
        return r
    }

    static func += (a: inout BigInt, b: BigInt) { a = a + b }
    static func -= (a: inout BigInt, b: BigInt) { a = a - b }
    static func *= (a: inout BigInt, b: BigInt) { a = a * b }

    /// Python's divmod: the quotient rounded toward negative infinity, the remainder with b's sign.
    func floorDivided(by b: BigInt) -> (quotient: BigInt, remainder: BigInt) {
        precondition(!b.isZero, "division by zero")
        var q = [UInt64](repeating: 0, count: max(limbs.count - b.limbs.count, 0) + 2)
        var r = [UInt64](repeating: 0, count: b.limbs.count)
        var scratch = r
        var qn: Int64 = 0
        var rn: Int64 = 0
        BigInt.with(self, b) { ts_big_floor_divmod($0, $1, $2, $3, &q, &qn, &r, &rn, &scratch) }
        return (BigInt(limbs: q, size: qn), BigInt(limbs: r, size: rn))
    }

    static func / (a: BigInt, b: BigInt) -> BigInt { a.floorDivided(by: b).quotient }
    static func % (a: BigInt, b: BigInt) -> BigInt { a.floorDivided(by: b).remainder }

    static func << (a: BigInt, n: Int) -> BigInt {
        if n < 0 { return a >> -n }
        return computing(capacity: a.limbs.count + n / 64 + 1) { r in a.with { ts_big_shift_left($0, $1, UInt64(n), r) }
        }
    }

    /// Rounds toward negative infinity, as Python's `>>` does.
    static func >> (a: BigInt, n: Int) -> BigInt {
        if n < 0 { return a << -n }
        return computing(capacity: max(a.limbs.count - n / 64, 0) + 1) { r in
            a.with { ts_big_shift_right($0, $1, UInt64(n), r) }
        }
    }

    static func bitwise(_ op: ts_big_bitwise_op, _ a: BigInt, _ b: BigInt) -> BigInt {
        computing(capacity: max(a.limbs.count, b.limbs.count) + 1) { r in
            with(a, b) { ts_big_bitwise(op, $0, $1, $2, $3, r) }
        }
    }

    static func & (a: BigInt, b: BigInt) -> BigInt { bitwise(TS_BIG_AND, a, b) }
    static func | (a: BigInt, b: BigInt) -> BigInt { bitwise(TS_BIG_OR, a, b) }
    static func ^ (a: BigInt, b: BigInt) -> BigInt { bitwise(TS_BIG_XOR, a, b) }
    static func |= (a: inout BigInt, b: BigInt) { a = a | b }

    /// self ** exponent; the caller keeps the result's size within reason.
    func power(_ exponent: Int) -> BigInt {
        precondition(exponent >= 0)
        let capacity = (bitLength * exponent) / 64 + 2
        return BigInt.computing(capacity: capacity) { r in with { ts_big_power($0, $1, UInt64(exponent), r, capacity) }
        }
    }

    /// self ** exponent modulo |modulus|, in [0, |modulus|).
    func power(_ exponent: BigInt, modulus: BigInt) -> BigInt {
        BigInt.computing(capacity: modulus.limbs.count) { r in
            BigInt.with(self, exponent) { a, an, e, en in
                modulus.with { ts_big_power_mod(a, an, e, en, $0, $1, r) }
            }
        }
    }

    /// The inverse modulo |modulus|, in [0, |modulus|), or nil when there is none.
    func inverse(_ modulus: BigInt) -> BigInt? {
        var exists = true
        let result = BigInt.computing(capacity: modulus.limbs.count) { r in
            let size = BigInt.with(self, modulus) { ts_big_invert($0, $1, $2, $3, r) }
            exists = size != .min
            return exists ? size : 0
        }
        return exists ? result : nil
    }

    /// |self| modulo m.
    func magnitudeModulo(_ m: UInt64) -> UInt64 { with { ts_big_mod_word($0, $1, m) } }

    // MARK: - Comparison

    public static func < (a: BigInt, b: BigInt) -> Bool { with(a, b) { ts_big_compare($0, $1, $2, $3) } < 0 }

    // MARK: - Text

    public var description: String { (isNegative ? "-" : "") + digits(radix: 10) }

    /// The magnitude's digits in `radix` (2 to 36).
    func digits(radix: Int, uppercase: Bool = false) -> String {
        with { limbs, size in
            let capacity = ts_big_digit_capacity(limbs, size, Int32(radix))
            return String(unsafeUninitializedCapacity: capacity) { buffer in
                let count = buffer.withMemoryRebound(to: CChar.self) {
                    ts_big_digits(limbs, size, Int32(radix), $0.baseAddress!)
                }
                if uppercase {
                    for i in 0..<count where buffer[i] >= 0x61 { buffer[i] -= 0x20 }
                }
                return count
            }
        }
    }

    /// The number written with `digits` in `radix` (2 to 36, no sign, no underscores); nil for any other
    /// character.
    init?(_ digits: some StringProtocol, radix: Int = 10) {
        var values: [UInt8] = []
        values.reserveCapacity(digits.utf8.count)
        for c in digits.utf8 {
            let value: UInt8
            switch c {
            case 0x30...0x39: value = c - 0x30
            case 0x61...0x7A: value = c - 0x61 + 10
            case 0x41...0x5A: value = c - 0x41 + 10
            default: return nil
            }
            guard Int(value) < radix else { return nil }
            values.append(value)
        }
        guard !values.isEmpty else { return nil }
        self = BigInt.computing(capacity: ts_big_limb_capacity(values.count, Int32(radix))) { r in
            ts_big_from_digits(values, values.count, Int32(radix), r)
        }
    }
}

/// Where an empty magnitude points, since C wants a pointer even for zero limbs.
nonisolated(unsafe) private let zeroLimb: UnsafePointer<UInt64> = {
    let p = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    p.initialize(to: 0)
    return UnsafePointer(p)
}()

/// The int64 a number in ts_bigint.c's convention holds, or nil when it needs more than 64 bits.
@inline(__always) func int64(limbs: UnsafePointer<UInt64>, size: Int64) -> Int64? {
    switch size {
    case 0: 0
    case 1 where limbs[0] <= UInt64(Int64.max): Int64(limbs[0])
    case -1 where limbs[0] <= Int64.min.magnitude: Int64(truncatingIfNeeded: 0 &- limbs[0])
    default: nil
    }
}

extension Int64 {
    init?(exactly value: BigInt) {
        guard let v = value.with(int64(limbs:size:)) else { return nil }
        self = v
    }
}

extension Int {
    init?(exactly value: BigInt) {
        guard let v = Int64(exactly: value) else { return nil }
        self = Int(v)
    }
}

extension Double {
    /// The nearest double, ties to even; infinite beyond the range.
    init(_ value: BigInt) {
        self = value.with(ts_big_to_double)
    }
}
