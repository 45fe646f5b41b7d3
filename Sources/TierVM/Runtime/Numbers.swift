import CTierCore

#if canImport(Glibc)
import Glibc
#endif

extension ts_value {
    /// Whether the value is an int (bools included, as in Python).
    @inline(__always) var isIntegral: Bool { tag == .int || tag == .bool || tag == .bigint }
    @inline(__always) var isNumber: Bool { isIntegral || tag == .float }

    /// The value of an int, bool or big int.
    var bigValue: BigInt {
        switch tag {
        case .int, .bool: return BigInt(u.i)
        default: return BigInt(limbs: ts_bigint_limbs(bigint), size: bigint.pointee.size)
        }
    }
}

/// Python's integer semantics over 64-bit fast paths and BigInt.
enum IntMath {
    /// CPython's numeric hash modulus (2**61 - 1): equal numbers of any type hash alike.
    static let hashModulus: UInt64 = (1 << 61) - 1

    /// An int's hash from its magnitude modulo `hashModulus` and its sign, as CPython's (-1 is kept
    /// for errors there, so it becomes -2).
    static func hash(residue: UInt64, negative: Bool) -> Int64 {
        let h = negative ? -Int64(residue) : Int64(residue)
        return h == -1 ? -2 : h
    }

    /// Floor division and modulo with Python's signs (the remainder takes the divisor's sign).
    static func floorDivMod(_ a: BigInt, _ b: BigInt) -> (BigInt, BigInt) {
        a.floorDivided(by: b)
    }

    static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64)? {
        if b == -1 && a == .min { return nil }
        var q = a / b
        var r = a % b
        if r != 0 && (r < 0) != (b < 0) {
            q -= 1
            r += b
        }
        return (q, r)
    }

    static func hash(_ n: BigInt) -> Int64 { hash(residue: n.magnitudeModulo(hashModulus), negative: n.isNegative) }

    static func hash(_ n: Int64) -> Int64 { hash(residue: n.magnitude % hashModulus, negative: n < 0) }

    /// `a / b` for ints, correctly rounded like CPython's long true division.
    static func trueDivide(_ a: BigInt, _ b: BigInt) throws(PyError) -> Double {
        let limit = BigInt(1) << 53
        if a.magnitude <= limit && b.magnitude <= limit {
            return Double(Int64(exactly: a)!) / Double(Int64(exactly: b)!)
        }
        let negative = a.isNegative != b.isNegative
        let n = a.magnitude
        let d = b.magnitude
        // Scale so the quotient has 55 or more significant bits, then let one rounding do the rest.
        let shift = 55 - (n.bitLength - d.bitLength)
        let scaledN = shift > 0 ? n << shift : n >> (-shift)
        var (q, r) = scaledN.floorDivided(by: d)
        if shift < 0 && n.trailingZeroBitCount < -shift { r = 1 }
        if !r.isZero { q |= 1 }
        let qd = Double(q)
        let result = Double(sign: .plus, exponent: -shift, significand: qd)
        if result.isInfinite { throw PyError.overflow("integer division result too large for a float") }
        return negative ? -result : result
    }
}

enum FloatMath {
    /// Python's float `%`: the result has the divisor's sign.
    static func remainder(_ a: Double, _ b: Double) -> Double {
        var mod = fmod(a, b)
        if mod != 0 {
            if (b < 0) != (mod < 0) { mod += b }
        } else {
            mod = copysign(0, b)
        }
        return mod
    }

    /// Python's float `//`, computed the way CPython's divmod does to stay consistent with `%`.
    static func floorDivide(_ a: Double, _ b: Double) -> Double {
        var mod = fmod(a, b)
        var div = (a - mod) / b
        if mod != 0 {
            if (b < 0) != (mod < 0) {
                mod += b
                div -= 1
            }
        }
        if div != 0 {
            var floorDiv = div.rounded(.down)
            if div - floorDiv > 0.5 { floorDiv += 1 }
            return floorDiv
        }
        return copysign(0, a / b)
    }

    /// CPython's `_Py_HashDouble`: the value modulo 2**61 - 1, so that a float equal to an int (or to any
    /// rational) hashes as it does. A NaN equals nothing, and CPython hashes it by identity; a NaN's
    /// identity here is its bit pattern (see `VM.freshNaN`).
    static func hash(_ d: Double) -> Int64 {
        if d.isInfinite { return d > 0 ? 314_159 : -314_159 }
        if d.isNaN {
            let h = Int64(bitPattern: d.bitPattern >> 1)
            return h == -1 ? -2 : h
        }
        var exponent: Int32 = 0
        var m = frexp(d, &exponent)
        var e = Int(exponent)
        let negative = m < 0
        if negative { m = -m }
        // 28 bits at a time, reduced modulo 2**61 - 1 as they come in.
        var x: UInt64 = 0
        while m != 0 {
            x = ((x << 28) & IntMath.hashModulus) | x >> (61 - 28)
            m *= 268_435_456.0
            e -= 28
            let y = UInt64(m)
            m -= Double(y)
            x += y
            if x >= IntMath.hashModulus { x -= IntMath.hashModulus }
        }
        // Multiplying by 2**e modulo 2**61 - 1 is a rotation by e modulo 61.
        e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61)
        x = ((x << UInt64(e)) & IntMath.hashModulus) | x >> UInt64(61 - e)
        let h = negative ? -Int64(x) : Int64(x)
        return h == -1 ? -2 : h
    }

    /// Compares an int with a float exactly (Python never rounds the int): -1, 0, 1, or nil for NaN.
    static func compare(_ i: BigInt, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d.isInfinite { return d > 0 ? -1 : 1 }
        let whole = d.rounded(.down)
        let bigWhole = BigInt(whole)
        if i < bigWhole { return -1 }
        if i > bigWhole { return 1 }
        return whole == d ? 0 : -1
    }

    static func compare(_ i: Int64, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if i.magnitude <= 1 << 53 {
            let f = Double(i)
            return f < d ? -1 : (f > d ? 1 : 0)
        }
        return compare(BigInt(i), d)
    }
}

// MARK: - Parsing numbers from text (int() and float())

enum NumberParsing {
    /// Digits with single underscores between them; nil when the underscores are misplaced.
    private static func stripUnderscores(_ text: Substring) -> String? {
        if text.hasPrefix("_") || text.hasSuffix("_") || text.contains("__") { return nil }
        return text.replacingOccurrences(of: "_", with: "")
    }

    /// `int(text, base)`; nil when the text is not a valid literal.
    static func parseInt(_ text: String, base: Int) -> BigInt? {
        var body = Substring(text.trimmingCharacters(in: PythonWhitespace.self))
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        var radix = base
        let lower = body.lowercased()
        let prefixes: [(String, Int)] = [("0x", 16), ("0o", 8), ("0b", 2)]
        if let (_, r) = prefixes.first(where: { lower.hasPrefix($0.0) }), base == 0 || base == r {
            radix = r
            body = body.dropFirst(2)
            if body.hasPrefix("_") { body = body.dropFirst() }
        } else if base == 0 {
            radix = 10
            // Base 0 follows literal rules: no leading zeros on a non-zero decimal.
            if body.count > 1, body.first == "0", body.contains(where: { $0 != "0" && $0 != "_" }) { return nil }
        }
        guard !body.isEmpty, let digits = stripUnderscores(body), !digits.isEmpty else { return nil }
        // The digits are checked against the radix as they are read.
        guard let value = BigInt(digits, radix: radix) else { return nil }
        return negative ? -value : value
    }

    /// `float(text)`; nil when the text is not a valid float literal.
    static func parseFloat(_ text: String) -> Double? {
        var body = Substring(text.trimmingCharacters(in: PythonWhitespace.self))
        var sign = 1.0
        if let first = body.first, first == "+" || first == "-" {
            if first == "-" { sign = -1 }
            body = body.dropFirst()
        }
        switch body.lowercased() {
        case "inf", "infinity": return sign * .infinity
        case "nan": return .nan
        default: break
        }
        // digits [. digits] [e [sign] digits], underscores only between digits.
        var i = body.startIndex
        var literal = ""
        func digits() -> Bool {
            let start = i
            var previousUnderscore = false
            var any = false
            while i < body.endIndex {
                let c = body[i]
                if c.isASCII && c.isNumber {
                    literal.append(c)
                    any = true
                    previousUnderscore = false
                } else if c == "_" && any && !previousUnderscore {
                    previousUnderscore = true
                } else {
                    break
                }
                i = body.index(after: i)
            }
            if previousUnderscore { i = start }
            return any && !previousUnderscore
        }
        let hasInteger = digits()
        var hasFraction = false
        if i < body.endIndex, body[i] == "." {
            literal.append(".")
            i = body.index(after: i)
            hasFraction = digits()
        }
        guard hasInteger || hasFraction else { return nil }
        if i < body.endIndex, body[i] == "e" || body[i] == "E" {
            literal.append("e")
            i = body.index(after: i)
            if i < body.endIndex, body[i] == "+" || body[i] == "-" {
                literal.append(body[i])
                i = body.index(after: i)
            }
            guard digits() else { return nil }
        }
        guard i == body.endIndex, let value = Double(literal) else { return nil }
        return sign * value
    }
}

/// Python's idea of whitespace for int() and float(): Unicode White_Space.
enum PythonWhitespace {}
extension String {
    func trimmingCharacters(in _: PythonWhitespace.Type) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}

extension Substring {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        String(self).replacingOccurrences(of: target, with: replacement)
    }
}
