import CTierCore

// Equality and hashing: what `==`, `in`, `list.index` and every dict rely on. Equal values hash alike
// across types (1, 1.0 and True are one dict key), as in CPython.

extension VM {
    /// Limits recursion through nested containers, as CPython's recursion limit does.
    func enterNested(_ what: String) throws(PyError) {
        reprDepth += 1
        if reprDepth > options.recursionLimit {
            reprDepth -= 1
            throw PyError.recursionError("maximum recursion depth exceeded\(what)")
        }
    }

    /// Identity or equality: how `in`, `count` and `index` match items, as CPython's do.
    func isSame(_ a: ts_value, _ b: ts_value) throws(PyError) -> Bool {
        if a.isIdentical(to: b) { return true }
        return try equals(a, b)
    }

    func equals(_ a: ts_value, _ b: ts_value) throws(PyError) -> Bool {
        if a.tag == b.tag {
            switch a.tag {
            case .null, .none: return true
            case .bool, .int: return a.u.i == b.u.i
            case .float: return a.u.f == b.u.f
            case .str: return a.str.isEqual(to: b.str)
            case .bigint: return compareInts(a, b) == 0
            case .list:
                if a.isIdentical(to: b) { return true }
                return try sequencesEqual(a.list.buffer, b.list.buffer)
            case .tuple:
                if a.isIdentical(to: b) { return true }
                return try sequencesEqual(a.tuple.buffer, b.tuple.buffer)
            case .dict:
                return try dictsEqual(a.dict, b.dict)
            case .range:
                return rangesEqual(a.range, b.range)
            case .instance:
                return try truth(try instanceCompare(.equal, a, b))
            default:
                return a.isIdentical(to: b)
            }
        }
        if a.isNumber && b.isNumber {
            return try compareNumbers(a, b) == 0
        }
        if a.tag == .instance || b.tag == .instance { return try truth(try instanceCompare(.equal, a, b)) }
        return false
    }

    private func sequencesEqual(
        _ x: UnsafeMutableBufferPointer<ts_value>, _ y: UnsafeMutableBufferPointer<ts_value>
    ) throws(PyError) -> Bool {
        guard x.count == y.count else { return false }
        try enterNested(" in comparison")
        defer { reprDepth -= 1 }
        for i in 0..<x.count {
            // Identity first, as CPython does (so a list holding a NaN equals itself).
            if x[i].isIdentical(to: y[i]) { continue }
            if try !equals(x[i], y[i]) { return false }
        }
        return true
    }

    private func dictsEqual(_ a: DictRef, _ b: DictRef) throws(PyError) -> Bool {
        if a == b { return true }
        guard a.count == b.count else { return false }
        try enterNested(" in comparison")
        defer { reprDepth -= 1 }
        for e in a.entries where !e.key.isNull {
            guard let other = try getItem(b, e.key) else { return false }
            if !e.value.isIdentical(to: other), try !equals(e.value, other) { return false }
        }
        return true
    }

    /// Compares two numbers of any numeric types: -1, 0, 1, or nil when a NaN is involved.
    func compareNumbers(_ a: ts_value, _ b: ts_value) throws(PyError) -> Int? {
        switch (a.tag, b.tag) {
        case (.int, .int), (.int, .bool), (.bool, .int), (.bool, .bool):
            return a.u.i < b.u.i ? -1 : (a.u.i > b.u.i ? 1 : 0)
        case (.float, .float):
            if a.u.f < b.u.f { return -1 }
            if a.u.f > b.u.f { return 1 }
            return a.u.f == b.u.f ? 0 : nil
        case (.float, _):
            if b.tag == .bigint { return FloatMath.compare(b.bigValue, a.u.f).map { -$0 } }
            return FloatMath.compare(b.u.i, a.u.f).map { -$0 }
        case (_, .float):
            if a.tag == .bigint { return FloatMath.compare(a.bigValue, b.u.f) }
            return FloatMath.compare(a.u.i, b.u.f)
        default:
            return compareInts(a, b)
        }
    }

    /// Python's `hash()`: TypeError for mutable containers.
    func hashValue(_ v: ts_value) throws(PyError) -> Int64 {
        switch v.tag {
        case .str: return v.str.hash
        case .int, .bool: return IntMath.hash(v.u.i)
        case .float: return FloatMath.hash(v.u.f)
        case .none: return 0x5_9A3E_1F
        case .bigint: return bigIntHash(v)
        case .tuple:
            try enterNested(" while hashing")
            defer { reprDepth -= 1 }
            var hasher = TupleHasher()
            for item in v.tuple.buffer { hasher.combine(try hashValue(item)) }
            return hasher.finish(count: v.tuple.count)
        case .range:
            return try rangeHash(v.range)
        case .list, .dict, .slice, .dictView:
            throw PyError.typeError("unhashable type: '\(typeName(v))'")
        case .instance:
            return try instanceHash(v)
        case .null, .function, .builtin, .boundMethod, .classObject, .iterator:
            return Int64(bitPattern: v.u.bits >> 4)
        }
    }
}

/// CPython's xxHash-based tuple hash, one item's hash at a time (tuples, and ranges, which hash as the
/// tuple of what defines them).
struct TupleHasher {
    private var acc: UInt64 = 2_870_177_450_012_600_261

    mutating func combine(_ hash: Int64) {
        acc = acc &+ UInt64(bitPattern: hash) &* 14_029_467_366_897_019_727
        acc = (acc << 31) | (acc >> 33)
        acc = acc &* 11_400_714_785_074_694_791
    }

    func finish(count: Int) -> Int64 {
        let h = Int64(bitPattern: acc &+ (UInt64(count) ^ (2_870_177_450_012_600_261 ^ 3_527_539)))
        return h == -1 ? 1_546_275_796 : h
    }
}
