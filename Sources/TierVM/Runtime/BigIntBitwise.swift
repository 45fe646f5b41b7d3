import BigInt

// `&`, `|` and `^` on ints beyond 64 bits, with Python's semantics: as if both operands were two's
// complement of unbounded width. The BigInt package's own operators get results of exactly -2**64,
// -2**128, ... wrong (they come out as 0), so the words are combined here instead.

extension IntMath {
    enum Bitwise {
        case and, or, xor
    }

    static func bitwise(_ op: Bitwise, _ a: BigInt, _ b: BigInt) -> BigInt {
        // One word more than either magnitude needs, so the sign word is never a digit.
        let count = max(a.magnitude.words.count, b.magnitude.words.count) + 1
        let x = twosComplement(a, count: count)
        let y = twosComplement(b, count: count)
        var result = [UInt](repeating: 0, count: count)
        for i in 0..<count {
            switch op {
            case .and: result[i] = x[i] & y[i]
            case .or: result[i] = x[i] | y[i]
            case .xor: result[i] = x[i] ^ y[i]
            }
        }
        return fromTwosComplement(result)
    }

    private static func twosComplement(_ value: BigInt, count: Int) -> [UInt] {
        var words = Array(value.magnitude.words)
        words += [UInt](repeating: 0, count: count - words.count)
        guard value.sign == .minus, !value.isZero else { return words }
        var carry = true
        for i in words.indices {
            words[i] = ~words[i]
            if carry { (words[i], carry) = words[i].addingReportingOverflow(1) }
        }
        return words
    }

    private static func fromTwosComplement(_ words: [UInt]) -> BigInt {
        guard let top = words.last, top >> (UInt.bitWidth - 1) == 1 else {
            return BigInt(sign: .plus, magnitude: BigUInt(words: words))
        }
        var magnitude = words
        var carry = true
        for i in magnitude.indices {
            magnitude[i] = ~magnitude[i]
            if carry { (magnitude[i], carry) = magnitude[i].addingReportingOverflow(1) }
        }
        return BigInt(sign: .minus, magnitude: BigUInt(words: magnitude))
    }
}
