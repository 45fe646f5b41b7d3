import CTierCore

#if canImport(Glibc)
import Glibc
#endif

// The generic (Tier 0) semantics of operators: arithmetic over every numeric kind, sequence operators,
// comparisons, membership, truth, and subscripts. Specialised forms in later tiers must agree with these.

/// Sizes beyond which an operation is refused with MemoryError rather than attempted.
enum Limits {
    static let maximumIntegerBits = 1 << 26
}

extension VM {
    // MARK: - Binary operators

    func binaryOp(_ oparg: Int32, _ a: ts_value, _ b: ts_value) throws(PyError) -> ts_value {
        let (op, inPlace) = BinaryOperator.decode(oparg)!
        if a.tag == .int && b.tag == .int {
            return try intOp(op, a.u.i, b.u.i)
        }
        if a.isNumber && b.isNumber {
            if a.tag == .float || b.tag == .float {
                guard op != .and, op != .or, op != .xor, op != .leftShift, op != .rightShift, op != .matrixMultiply
                else {
                    throw unsupported(op, inPlace, a, b)
                }
                return try floatOp(op, try toDouble(a), try toDouble(b))
            }
            if a.tag == .bool && b.tag == .bool, op == .and || op == .or || op == .xor {
                let x = a.u.i != 0
                let y = b.u.i != 0
                return .bool(op == .and ? x && y : op == .or ? x || y : x != y)
            }
            return try bigIntOp(op, a, b)
        }
        if dispatchesToInstance(op, inPlace: inPlace, a, b) {
            if let result = try instanceBinaryOp(op, inPlace: inPlace, a, b) { return result }
            throw unsupported(op, inPlace, a, b)
        }
        switch (a.tag, op) {
        case (.str, .add):
            guard b.tag == .str else {
                throw PyError.typeError("can only concatenate str (not \"\(typeName(b))\") to str")
            }
            return ts_value(concatenate(a.str, b.str))
        case (.str, .multiply), (.list, .multiply), (.tuple, .multiply):
            return try repeatSequence(a, b, inPlace: inPlace)
        case (.list, .add):
            if inPlace {
                try extend(a.list, with: b)
                return a
            }
            guard b.tag == .list else {
                throw PyError.typeError("can only concatenate list (not \"\(typeName(b))\") to list")
            }
            let result = heap.makeList(capacity: a.list.count + b.list.count)
            for v in a.list.buffer { result.append(v, heap: heap) }
            for v in b.list.buffer { result.append(v, heap: heap) }
            return ts_value(result)
        case (.tuple, .add):
            guard b.tag == .tuple else {
                throw PyError.typeError("can only concatenate tuple (not \"\(typeName(b))\") to tuple")
            }
            return ts_value(heap.makeTuple(Array(a.tuple.buffer) + Array(b.tuple.buffer)))
        case (.dict, .or) where b.tag == .dict:
            let result = inPlace ? a.dict : copyDict(a.dict)
            for e in b.dict.entries where !e.key.isNull { try setItem(result, e.key, e.value) }
            return ts_value(result)
        case (.str, .remainder):
            return try percentFormat(a.str, b)
        default:
            // `x * sequence` is the sequence's repeat, which names a count that is not an int.
            if op == .multiply && (b.tag == .str || b.tag == .list || b.tag == .tuple) {
                return try repeatSequence(b, a, inPlace: false)
            }
            throw unsupported(op, inPlace, a, b)
        }
    }

    func unsupported(_ op: BinaryOperator, _ inPlace: Bool, _ a: ts_value, _ b: ts_value) -> PyError {
        // CPython names pow() beside ** (they share the slot), but not beside **=.
        let name = inPlace ? op.symbol + "=" : op == .power ? "** or pow()" : op.symbol
        return PyError.typeError("unsupported operand type(s) for \(name): '\(typeName(a))' and '\(typeName(b))'")
    }

    /// An int or float as a double; ints too large for one raise OverflowError.
    func toDouble(_ v: ts_value) throws(PyError) -> Double {
        switch v.tag {
        case .float: return v.u.f
        case .int, .bool: return Double(v.u.i)
        default: return try integerToFloat(v.bigValue)
        }
    }

    func intOp(_ op: BinaryOperator, _ a: Int64, _ b: Int64) throws(PyError) -> ts_value {
        switch op {
        case .add:
            let (r, overflow) = a.addingReportingOverflow(b)
            return overflow ? try bigIntOp(.add, .int(a), .int(b)) : .int(r)
        case .subtract:
            let (r, overflow) = a.subtractingReportingOverflow(b)
            return overflow ? try bigIntOp(.subtract, .int(a), .int(b)) : .int(r)
        case .multiply:
            let (r, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? try bigIntOp(.multiply, .int(a), .int(b)) : .int(r)
        case .floorDivide:
            if b == 0 { throw PyError.zeroDivision("integer division or modulo by zero") }
            guard let (q, _) = IntMath.floorDivMod(a, b) else { return heap.makeInt(-BigInt(a)) }
            return .int(q)
        case .remainder:
            if b == 0 { throw PyError.zeroDivision("integer modulo by zero") }
            guard let (_, r) = IntMath.floorDivMod(a, b) else { return .int(0) }
            return .int(r)
        case .trueDivide:
            if b == 0 { throw PyError.zeroDivision("division by zero") }
            if a.magnitude <= 1 << 53 && b.magnitude <= 1 << 53 { return .float(Double(a) / Double(b)) }
            return .float(try IntMath.trueDivide(BigInt(a), BigInt(b)))
        case .power:
            if b < 0 { return try floatOp(.power, Double(a), Double(b)) }
            var result: Int64 = 1
            var base = a
            var exponent = b
            while exponent > 0 {
                if exponent & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { return try bigIntOp(.power, .int(a), .int(b)) }
                    result = r
                }
                exponent >>= 1
                if exponent > 0 {
                    let (s, o) = base.multipliedReportingOverflow(by: base)
                    if o { return try bigIntOp(.power, .int(a), .int(b)) }
                    base = s
                }
            }
            return .int(result)
        case .leftShift:
            if b < 0 { throw PyError.valueError("negative shift count") }
            if a == 0 { return .int(0) }
            if b < 63 {
                let shifted = a << b
                if shifted >> b == a { return .int(shifted) }
            }
            return try bigIntOp(.leftShift, .int(a), .int(b))
        case .rightShift:
            if b < 0 { throw PyError.valueError("negative shift count") }
            return .int(b >= 64 ? (a < 0 ? -1 : 0) : a >> b)
        case .and: return .int(a & b)
        case .or: return .int(a | b)
        case .xor: return .int(a ^ b)
        case .matrixMultiply:
            throw PyError.typeError("unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    func floatOp(_ op: BinaryOperator, _ a: Double, _ b: Double) throws(PyError) -> ts_value {
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        case .multiply: return .float(a * b)
        case .trueDivide:
            if b == 0 { throw PyError.zeroDivision("float division by zero") }
            return .float(a / b)
        case .floorDivide:
            if b == 0 { throw PyError.zeroDivision("float floor division by zero") }
            return .float(FloatMath.floorDivide(a, b))
        case .remainder:
            if b == 0 { throw PyError.zeroDivision("float modulo") }
            return .float(FloatMath.remainder(a, b))
        case .power:
            return .float(try floatPower(a, b))
        default:
            throw PyError.typeError("unsupported operand type(s) for \(op.symbol): 'float' and 'float'")
        }
    }

    /// Python's float `**`: errors where C's pow would quietly return inf or NaN.
    func floatPower(_ a: Double, _ b: Double) throws(PyError) -> Double {
        if a == 0 && b < 0 { throw PyError.zeroDivision("0.0 cannot be raised to a negative power") }
        // An infinite base is exempt: CPython's float_pow answers (-inf) ** 0.5 with inf, as C's pow does.
        if a < 0 && a.isFinite && b.isFinite && b != b.rounded() {
            throw PyError(
                "NotImplementedError",
                "complex numbers are not supported by tierscope (a negative number raised to a fractional power)")
        }
        let r = pow(a, b)
        if r.isInfinite && a.isFinite && b.isFinite { throw PyError.overflow("(34, 'Numerical result out of range')") }
        return r
    }

    func concatenate(_ a: StrRef, _ b: StrRef) -> StrRef { heap.concatenate(a, b) }

    private func repeatSequence(_ sequence: ts_value, _ countValue: ts_value, inPlace: Bool) throws(PyError) -> ts_value
    {
        guard countValue.isIntegral else {
            throw PyError.typeError("can't multiply sequence by non-int of type '\(typeName(countValue))'")
        }
        // A count past 64 bits, of either sign, is CPython's OverflowError even for an empty sequence.
        if countValue.tag == .bigint { throw PyError("OverflowError", "cannot fit 'int' into an index-sized integer") }
        let times = max(0, Int(countValue.u.i))
        let length = try length(of: sequence)
        if length > 0 && times > options.maximumItems / length { throw PyError.memoryError() }
        // Nothing to copy: `() * 2**62` must not go round 2**62 times.
        let copies = length == 0 ? 0 : times
        switch sequence.tag {
        case .str:
            let s = sequence.str
            if s.isASCII {
                return ts_value(
                    heap.makeString(length: length * copies, wide: false) { raw in
                        let out = raw.assumingMemoryBound(to: UInt8.self)
                        for k in 0..<copies { (out + k * length).initialize(from: ts_str_ascii(s), count: length) }
                    })
            }
            return ts_value(
                heap.makeString(length: length * copies, wide: true) { raw in
                    let out = raw.assumingMemoryBound(to: UInt32.self)
                    for k in 0..<copies { (out + k * length).initialize(from: ts_str_ucs4(s), count: length) }
                })
        case .list:
            let items = Array(sequence.list.buffer)
            let result = inPlace ? sequence.list : heap.makeList(capacity: length * copies)
            if inPlace { result.pointee.count = 0 }
            result.reserve(length * copies, heap: heap)
            for _ in 0..<copies { for v in items { result.append(v, heap: heap) } }
            return ts_value(result)
        default:
            let items = Array(sequence.tuple.buffer)
            var all: [ts_value] = []
            all.reserveCapacity(length * copies)
            for _ in 0..<copies { all += items }
            return ts_value(heap.makeTuple(all))
        }
    }

    /// `list.extend(iterable)` and `list += iterable`.
    func extend(_ list: ListRef, with iterable: ts_value) throws(PyError) {
        if iterable.tag == .list || iterable.tag == .tuple {
            let items = Array(iterable.tag == .list ? iterable.list.buffer : iterable.tuple.buffer)
            list.reserve(items.count, heap: heap)
            for v in items { list.append(v, heap: heap) }
            return
        }
        try forEach(iterable) { (v) throws(PyError) in
            if list.count >= options.maximumItems { throw PyError.memoryError() }
            list.append(v, heap: heap)
        }
    }

    // MARK: - Unary operators

    func negative(_ v: ts_value) throws(PyError) -> ts_value {
        switch v.tag {
        case .int, .bool:
            if v.u.i == .min { return heap.makeInt(-BigInt(v.u.i)) }
            return .int(-v.u.i)
        case .bigint: return heap.makeInt(-v.bigValue)
        case .float: return .float(-v.u.f)
        default:
            return try instanceUnary(
                specialNames.neg, v, PyError.typeError("bad operand type for unary -: '\(typeName(v))'"))
        }
    }

    func positive(_ v: ts_value) throws(PyError) -> ts_value {
        switch v.tag {
        case .int, .bigint, .float: return v
        case .bool: return .int(v.u.i)
        default:
            return try instanceUnary(
                specialNames.pos, v, PyError.typeError("bad operand type for unary +: '\(typeName(v))'"))
        }
    }

    func invert(_ v: ts_value) throws(PyError) -> ts_value {
        switch v.tag {
        case .int, .bool: return .int(~v.u.i)
        case .bigint: return heap.makeInt(-v.bigValue - 1)
        default:
            return try instanceUnary(
                specialNames.invert, v, PyError.typeError("bad operand type for unary ~: '\(typeName(v))'"))
        }
    }

    /// `bool(v)`.
    func isTruthy(_ v: ts_value) -> Bool {
        switch v.tag {
        case .null, .none: return false
        case .bool, .int: return v.u.i != 0
        case .float: return v.u.f != 0
        case .bigint: return true
        case .str: return v.str.length > 0
        case .list: return v.list.count > 0
        case .tuple: return v.tuple.count > 0
        case .dict: return v.dict.count > 0
        case .range: return !v.range.isEmpty
        case .dictView: return v.dictView.pointee.dict.count > 0
        default: return true
        }
    }

    // MARK: - Comparisons

    func compare(_ op: ComparisonOperator, _ a: ts_value, _ b: ts_value) throws(PyError) -> Bool {
        if a.isNumber && b.isNumber {
            guard let c = try compareNumbers(a, b) else { return op == .notEqual }
            return op.holds(c)
        }
        if a.tag == .instance || b.tag == .instance { return try truth(try instanceCompare(op, a, b)) }
        switch op {
        case .equal: return try equals(a, b)
        case .notEqual: return try !equals(a, b)
        default: break
        }
        switch (a.tag, b.tag) {
        case (.str, .str):
            return op.holds(a.str.compare(to: b.str))
        case (.list, .list), (.tuple, .tuple):
            let x = a.tag == .list ? a.list.buffer : a.tuple.buffer
            let y = b.tag == .list ? b.list.buffer : b.tuple.buffer
            try enterNested(" in comparison")
            defer { reprDepth -= 1 }
            for i in 0..<min(x.count, y.count) {
                if x[i].isIdentical(to: y[i]) { continue }
                if try !equals(x[i], y[i]) { return try compare(op, x[i], y[i]) }
            }
            return op.holds(x.count < y.count ? -1 : (x.count > y.count ? 1 : 0))
        default:
            throw PyError.typeError(
                "'\(op.symbol)' not supported between instances of '\(typeName(a))' and '\(typeName(b))'")
        }
    }

    /// `item in container`.
    func contains(_ container: ts_value, _ item: ts_value) throws(PyError) -> Bool {
        switch container.tag {
        case .str:
            guard item.tag == .str else {
                throw PyError.typeError("'in <string>' requires string as left operand, not \(typeName(item))")
            }
            return find(item.str, in: container.str, from: 0, to: container.str.length) >= 0
        case .list, .tuple:
            let items = container.tag == .list ? container.list.buffer : container.tuple.buffer
            for v in items where try isSame(v, item) { return true }
            return false
        case .dict:
            return try getItem(container.dict, item) != nil
        case .dictView:
            let view = container.dictView.pointee
            switch view.which {
            case 0: return try getItem(view.dict, item) != nil
            case 1:
                for e in view.dict.entries where !e.key.isNull {
                    if try isSame(e.value, item) { return true }
                }
                return false
            default:
                guard item.tag == .tuple, item.tuple.count == 2 else { return false }
                guard let value = try getItem(view.dict, item.tuple.items[0]) else { return false }
                return try equals(value, item.tuple.items[1])
            }
        case .range:
            return try rangeContains(container.range, item)
        case .iterator:
            while let v = try next(container) { if try isSame(v, item) { return true } }
            return false
        case .instance:
            return try instanceContains(container, item)
        default:
            throw PyError.typeError("argument of type '\(typeName(container))' is not iterable")
        }
    }

    // MARK: - Subscripts

    func getSubscript(_ container: ts_value, _ index: ts_value) throws(PyError) -> ts_value {
        switch container.tag {
        case .list, .tuple:
            let isList = container.tag == .list
            let items = isList ? container.list.buffer : container.tuple.buffer
            let kind = isList ? "list" : "tuple"
            if index.tag == .slice {
                let b = try sliceBounds(index.slice, length: items.count)
                var picked: [ts_value] = []
                picked.reserveCapacity(b.count)
                var i = b.start
                for _ in 0..<b.count {
                    picked.append(items[i])
                    i += b.step
                }
                return isList ? ts_value(heap.makeList(picked)) : ts_value(heap.makeTuple(picked))
            }
            guard index.isIntegral else {
                throw PyError.typeError("\(kind) indices must be integers or slices, not \(typeName(index))")
            }
            guard let i = try normalizedIndex(index, length: items.count) else {
                throw PyError.indexError("\(kind) index out of range")
            }
            return items[i]
        case .str:
            let s = container.str
            if index.tag == .slice {
                let b = try sliceBounds(index.slice, length: s.length)
                if b.step == 1 && b.count == s.length { return container }
                return ts_value(substring(s, b))
            }
            guard index.isIntegral else {
                throw PyError.typeError("string indices must be integers, not '\(typeName(index))'")
            }
            guard let i = try normalizedIndex(index, length: s.length) else {
                throw PyError.indexError("string index out of range")
            }
            return character(s[i])
        case .dict:
            guard let v = try getItem(container.dict, index) else { throw PyError("KeyError", try reprText(index)) }
            return v
        case .range:
            if index.tag == .slice { return try rangeSlice(container.range, index.slice) }
            return try rangeItem(container.range, index)
        default:
            if let method = specialMethod(container, specialNames.getitem) {
                return try callSpecial(method, container, index)
            }
            throw PyError.typeError("'\(typeName(container))' object is not subscriptable")
        }
    }

    func substring(_ s: StrRef, _ b: SliceBounds) -> StrRef {
        if s.isASCII {
            return heap.makeString(length: b.count, wide: false) { raw in
                let out = raw.assumingMemoryBound(to: UInt8.self)
                let data = ts_str_ascii(s)
                var i = b.start
                for k in 0..<b.count {
                    out[k] = data[i]
                    i += b.step
                }
            }
        }
        return heap.makeString(length: b.count, wide: true) { raw in
            let out = raw.assumingMemoryBound(to: UInt32.self)
            var i = b.start
            for k in 0..<b.count {
                out[k] = s[i]
                i += b.step
            }
        }
    }

    func setSubscript(_ container: ts_value, _ index: ts_value, _ value: ts_value) throws(PyError) {
        switch container.tag {
        case .list:
            let list = container.list
            if index.tag == .slice {
                try assignSlice(list, index.slice, value)
                return
            }
            guard index.isIntegral else {
                throw PyError.typeError("list indices must be integers or slices, not \(typeName(index))")
            }
            guard let i = try normalizedIndex(index, length: list.count) else {
                throw PyError.indexError("list assignment index out of range")
            }
            list.pointee.items![i] = value
        case .dict:
            try setItem(container.dict, index, value)
        case .str, .tuple, .range:
            throw PyError.typeError("'\(typeName(container))' object does not support item assignment")
        default:
            if let method = specialMethod(container, specialNames.setitem) {
                _ = try callSpecial(method, container, index, value)
                return
            }
            throw PyError.typeError("'\(typeName(container))' object does not support item assignment")
        }
    }

    private func assignSlice(_ list: ListRef, _ slice: SliceRef, _ value: ts_value) throws(PyError) {
        guard value.tag != .null, (try? getIterator(value)) != nil else {
            throw PyError.typeError("can only assign an iterable")
        }
        let items = try collect(value)
        let b = try sliceBounds(slice, length: list.count)
        if b.step == 1 {
            var all = Array(list.buffer)
            let stop = max(b.start, b.stop)
            all.replaceSubrange(b.start..<stop, with: items)
            list.pointee.count = 0
            list.reserve(all.count, heap: heap)
            for v in all { list.append(v, heap: heap) }
            return
        }
        guard items.count == b.count else {
            throw PyError.valueError(
                "attempt to assign sequence of size \(items.count) to extended slice of size \(b.count)")
        }
        var i = b.start
        for v in items {
            list.pointee.items![i] = v
            i += b.step
        }
    }

    func deleteSubscript(_ container: ts_value, _ index: ts_value) throws(PyError) {
        switch container.tag {
        case .list:
            let list = container.list
            if index.tag == .slice {
                let b = try sliceBounds(index.slice, length: list.count)
                var doomed = Set<Int>()
                var i = b.start
                for _ in 0..<b.count {
                    doomed.insert(i)
                    i += b.step
                }
                let kept = list.buffer.enumerated().filter { !doomed.contains($0.offset) }.map(\.element)
                list.pointee.count = 0
                for v in kept { list.append(v, heap: heap) }
                return
            }
            guard index.isIntegral else {
                throw PyError.typeError("list indices must be integers or slices, not \(typeName(index))")
            }
            guard let i = try normalizedIndex(index, length: list.count) else {
                throw PyError.indexError("list assignment index out of range")
            }
            list.remove(at: i)
        case .dict:
            guard try deleteItem(container.dict, index) != nil else { throw PyError("KeyError", try reprText(index)) }
        default:
            if let method = specialMethod(container, specialNames.delitem) {
                _ = try callSpecial(method, container, index)
                return
            }
            throw PyError.typeError("'\(typeName(container))' object doesn't support item deletion")
        }
    }

    /// The first index of `needle` in `haystack[from..<to]`, or -1.
    func find(_ needle: StrRef, in haystack: StrRef, from: Int, to: Int) -> Int {
        let n = needle.length
        if n == 0 { return from <= to ? from : -1 }
        if to - from < n { return -1 }
        if needle.isASCII && haystack.isASCII {
            let offset = ts_find_bytes(ts_str_ascii(haystack) + from, to - from, ts_str_ascii(needle), n)
            return offset < 0 ? -1 : from + Int(offset)
        }
        var i = from
        while i <= to - n {
            var k = 0
            while k < n && haystack[i + k] == needle[k] { k += 1 }
            if k == n { return i }
            i += 1
        }
        return -1
    }
}

extension ComparisonOperator {
    /// Whether the operator holds for a three-way comparison result.
    func holds(_ c: Int) -> Bool { ts_compare_holds(rawValue, Int32(c.signum())) }
}
