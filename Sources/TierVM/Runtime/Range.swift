import CTierCore

// Ranges: the 64-bit representation every fast path reads, the exact one for ranges beyond it
// (`range(2**64)`), and what Python does with either: length, items, slices, membership, equality,
// hashing, iteration and repr.

/// A range's bounds and length as exact integers.
struct RangeBounds {
    let start: BigInt
    let stop: BigInt
    /// Never zero.
    let step: BigInt
    let length: BigInt

    init(start: BigInt, stop: BigInt, step: BigInt) {
        self.start = start
        self.stop = stop
        self.step = step
        if step > 0 && start < stop {
            length = (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            length = (start - stop - 1) / -step + 1
        } else {
            length = 0
        }
    }

    /// The item at position `i`, or where it would be past the end (CPython's `compute_item`).
    func item(_ i: BigInt) -> BigInt { start + i * step }
}

/// What a TS_RANGE object beyond 64 bits retains in its `big` field; the collector releases it.
final class BigRangeBox {
    let bounds: RangeBounds
    init(_ bounds: RangeBounds) { self.bounds = bounds }
}

extension Heap {
    /// A range from 64-bit bounds, in the fast representation unless its length does not fit in 64 bits
    /// (`range(-2**63, 2**63 - 1)`).
    func makeRange(start: Int64, stop: Int64, step: Int64) -> RangeRef {
        var length: Int64 = 0
        guard ts_range_length(start, stop, step, &length) else {
            return makeRange(RangeBounds(start: BigInt(start), stop: BigInt(stop), step: BigInt(step)))
        }
        let r = allocate(ts_range.self, kind: .range)
        r.pointee.start = start
        r.pointee.stop = stop
        r.pointee.step = step
        r.pointee.length = length
        return r
    }

    /// A range from exact bounds: the fast representation whenever everything fits in 64 bits.
    func makeRange(_ bounds: RangeBounds) -> RangeRef {
        if let start = Int64(exactly: bounds.start), let stop = Int64(exactly: bounds.stop),
            let step = Int64(exactly: bounds.step), Int64(exactly: bounds.length) != nil
        {
            return makeRange(start: start, stop: stop, step: step)
        }
        let r = allocate(ts_range.self, kind: .range)
        r.pointee.big = Unmanaged.passRetained(BigRangeBox(bounds)).toOpaque()
        return r
    }
}

extension UnsafeMutablePointer where Pointee == ts_range {
    /// The exact bounds of a range beyond 64 bits; nil for the fast representation.
    var bigBounds: RangeBounds? {
        pointee.big.map { Unmanaged<BigRangeBox>.fromOpaque($0).takeUnretainedValue().bounds }
    }

    /// The exact bounds, whichever representation holds them.
    var bounds: RangeBounds {
        bigBounds ?? RangeBounds(start: BigInt(pointee.start), stop: BigInt(pointee.stop), step: BigInt(pointee.step))
    }

    var isEmpty: Bool { bigBounds.map { $0.length == 0 } ?? (pointee.length == 0) }
}

extension VM {
    /// `range(stop)`, `range(start, stop[, step])`.
    func makeRange(_ args: Arguments) throws(PyError) -> ts_value {
        try args.checkKeywords("range", allowed: [])
        try arity(args, "range", 1...3)
        for v in args.positional where !v.isIntegral {
            throw PyError.typeError("'\(typeName(v))' object cannot be interpreted as an integer")
        }
        let one = ts_value.int(1)
        let (start, stop, step) =
            args.count == 1
            ? (ts_value.int(0), args[0], one) : (args[0], args[1], args.count == 3 ? args[2] : one)
        if step.tag != .bigint && step.u.i == 0 { throw PyError.valueError("range() arg 3 must not be zero") }
        if start.tag != .bigint && stop.tag != .bigint && step.tag != .bigint {
            return ts_value(.range, heap.makeRange(start: start.u.i, stop: stop.u.i, step: step.u.i))
        }
        return ts_value(
            .range, heap.makeRange(RangeBounds(start: start.bigValue, stop: stop.bigValue, step: step.bigValue)))
    }

    /// `len(r)`: CPython refuses a length beyond 64 bits.
    func rangeLength(_ r: RangeRef) throws(PyError) -> Int {
        guard let big = r.bigBounds else { return Int(r.pointee.length) }
        guard let n = Int(exactly: big.length) else {
            throw PyError.overflow("Python int too large to convert to C ssize_t")
        }
        return n
    }

    /// `r[index]` for an int index.
    func rangeItem(_ r: RangeRef, _ index: ts_value) throws(PyError) -> ts_value {
        guard index.isIntegral else {
            throw PyError.typeError("range indices must be integers or slices, not \(typeName(index))")
        }
        if r.pointee.big == nil {
            // A big index is beyond every 64-bit range's length.
            guard index.tag != .bigint else { throw PyError.indexError("range object index out of range") }
            let n = r.pointee.length
            let i = index.u.i < 0 ? index.u.i + n : index.u.i
            guard i >= 0 && i < n else { throw PyError.indexError("range object index out of range") }
            // The item lies between start and stop, so it fits even where `i * step` wraps.
            return .int(r.pointee.start &+ i &* r.pointee.step)
        }
        let b = r.bounds
        var i = index.bigValue
        if i < 0 { i += b.length }
        guard i >= 0 && i < b.length else { throw PyError.indexError("range object index out of range") }
        return heap.makeInt(b.item(i))
    }

    /// `r[start:stop:step]`: another range, from the resolved slice's start and stop items, as CPython
    /// computes it (`range(0, 40, 2)[::3]` is `range(0, 40, 6)`).
    func rangeSlice(_ r: RangeRef, _ slice: SliceRef) throws(PyError) -> ts_value {
        let b = r.bounds
        let (start, stop, step) = try sliceIndices(slice, length: b.length)
        return ts_value(
            .range, heap.makeRange(RangeBounds(start: b.item(start), stop: b.item(stop), step: b.step * step)))
    }

    /// `slice.indices(length)` over exact integers (CPython's `_PySlice_GetLongIndices`): ranges can be
    /// longer than any machine index.
    func sliceIndices(_ s: SliceRef, length: BigInt) throws(PyError) -> (BigInt, BigInt, BigInt) {
        func index(_ v: ts_value) throws(PyError) -> BigInt? {
            if v.tag == .none { return nil }
            guard v.isIntegral else {
                throw PyError.typeError("slice indices must be integers or None or have an __index__ method")
            }
            return v.bigValue
        }
        let step = try index(s.pointee.step) ?? 1
        if step == 0 { throw PyError.valueError("slice step cannot be zero") }
        let lower: BigInt = step < 0 ? -1 : 0
        let upper = step < 0 ? length - 1 : length
        func clamp(_ value: BigInt?, _ fallback: BigInt) -> BigInt {
            guard var i = value else { return fallback }
            if i < 0 {
                i += length
                return Swift.max(i, lower)
            }
            return Swift.min(i, upper)
        }
        let start = clamp(try index(s.pointee.start), step < 0 ? upper : lower)
        let stop = clamp(try index(s.pointee.stop), step < 0 ? lower : upper)
        return (start, stop, step)
    }

    /// `item in r`: arithmetic for ints, a search by equality for anything else, as CPython does. Only
    /// numbers and instances (through `__eq__`) can equal an int, so the search is skipped for the rest.
    func rangeContains(_ r: RangeRef, _ item: ts_value) throws(PyError) -> Bool {
        guard item.isIntegral else { return try searchByEquality(r, item) != nil }
        if r.pointee.big == nil {
            // Every item of a 64-bit range fits in 64 bits.
            guard item.tag != .bigint, r.pointee.length > 0 else { return false }
            let (x, start, step) = (item.u.i, r.pointee.start, r.pointee.step)
            let last = start &+ (r.pointee.length - 1) &* step
            let (lo, hi) = step > 0 ? (start, last) : (last, start)
            guard x >= lo && x <= hi else { return false }
            return UInt64(bitPattern: x &- lo) % step.magnitude == 0
        }
        let b = r.bounds
        let x = item.bigValue
        guard b.step > 0 ? (x >= b.start && x < b.stop) : (x <= b.start && x > b.stop) else { return false }
        return (x - b.start) % b.step == 0
    }

    /// The position of the first item equal to `item`, which is not an int (CPython's
    /// `_PySequence_IterSearch`). `__eq__` runs Python code, which may collect, so the iterator and
    /// the item stay rooted while it runs.
    private func searchByEquality(_ r: RangeRef, _ item: ts_value) throws(PyError) -> BigInt? {
        guard item.isNumber || item.tag == .instance else { return nil }
        let it = try getIterator(ts_value(.range, r))
        let rootCount = heap.temporaryRoots.count
        heap.temporaryRoots += [it, item]
        defer { heap.temporaryRoots.removeLast(heap.temporaryRoots.count - rootCount) }
        var i: BigInt = 0
        while let v = try next(it) {
            if try isSame(v, item) { return i }
            i += 1
        }
        return nil
    }

    /// `r.start`, `r.stop`, `r.step`; nil for any other name.
    func rangeAttribute(_ r: RangeRef, _ name: StrRef) -> ts_value? {
        let fast = r.pointee.big == nil
        if name.equals("start") { return fast ? .int(r.pointee.start) : heap.makeInt(r.bounds.start) }
        if name.equals("stop") { return fast ? .int(r.pointee.stop) : heap.makeInt(r.bounds.stop) }
        if name.equals("step") { return fast ? .int(r.pointee.step) : heap.makeInt(r.bounds.step) }
        return nil
    }

    /// The position of `item` in `r`, or nil. An int is placed by arithmetic; anything else is searched
    /// for by equality, item by item, as CPython's `_PySequence_IterSearch` does (`range(5).index(2.0)`
    /// is 2). Only numbers and instances can equal an int, so the search is skipped for the rest.
    func rangePosition(_ r: RangeRef, of item: ts_value) throws(PyError) -> BigInt? {
        guard item.isIntegral else { return try searchByEquality(r, item) }
        guard try rangeContains(r, item) else { return nil }
        if r.pointee.big == nil {
            // Both lie between start and the last item, so their distance fits a UInt64 and the
            // position an Int64.
            let (x, start, step) = (item.u.i, r.pointee.start, r.pointee.step)
            let distance = step > 0 ? UInt64(bitPattern: x &- start) : UInt64(bitPattern: start &- x)
            return BigInt(distance / step.magnitude)
        }
        let b = r.bounds
        return (item.bigValue - b.start) / b.step
    }

    /// `range.count` and `range.index`.
    func registerRangeMethods() {
        func item(_ args: Arguments, _ method: String) throws(PyError) -> ts_value {
            guard args.count == 2 else {
                throw PyError.typeError("range.\(method)() takes exactly one argument (\(args.count - 1) given)")
            }
            return args[1]
        }
        defineMethod(.range, "count") { vm, args throws(PyError) in
            let x = try item(args, "count")
            if x.isIntegral { return .int(try vm.rangeContains(args[0].range, x) ? 1 : 0) }
            // Every match counts, not just the first: `range(3).count(1.0)` compares all three.
            guard x.isNumber || x.tag == .instance else { return .int(0) }
            var n = 0
            try vm.forEach(args[0]) { (v) throws(PyError) in if try vm.isSame(v, x) { n += 1 } }
            return .int(n)
        }
        defineMethod(.range, "index") { vm, args throws(PyError) in
            let x = try item(args, "index")
            guard let i = try vm.rangePosition(args[0].range, of: x) else {
                // CPython words the two differently.
                if x.isIntegral { throw PyError.valueError("\(try vm.reprText(x)) is not in range") }
                throw PyError.valueError("sequence.index(x): x not in sequence")
            }
            return vm.heap.makeInt(i)
        }
    }

    /// `a == b`: the same sequence of items, whatever the bounds that produce it.
    func rangesEqual(_ a: RangeRef, _ b: RangeRef) -> Bool {
        if a == b { return true }
        if a.pointee.big == nil && b.pointee.big == nil {
            let (x, y) = (a.pointee, b.pointee)
            if x.length != y.length { return false }
            if x.length == 0 { return true }
            return x.start == y.start && (x.length == 1 || x.step == y.step)
        }
        let (x, y) = (a.bounds, b.bounds)
        if x.length != y.length { return false }
        if x.length == 0 { return true }
        return x.start == y.start && (x.length == 1 || x.step == y.step)
    }

    /// CPython's range hash: the hash of `(len, start, step)`, with None for what the items do not
    /// depend on (start and step of an empty range, step of a one-item range), so equal ranges hash alike.
    func rangeHash(_ r: RangeRef) throws(PyError) -> Int64 {
        let b = r.bounds
        var hasher = TupleHasher()
        hasher.combine(IntMath.hash(b.length))
        hasher.combine(b.length == 0 ? try hashValue(.none) : IntMath.hash(b.start))
        hasher.combine(b.length <= 1 ? try hashValue(.none) : IntMath.hash(b.step))
        return hasher.finish(count: 3)
    }

    func rangeRepr(_ r: RangeRef) -> String {
        if r.pointee.big == nil {
            let x = r.pointee
            return x.step == 1 ? "range(\(x.start), \(x.stop))" : "range(\(x.start), \(x.stop), \(x.step))"
        }
        let b = r.bounds
        return b.step == 1 ? "range(\(b.start), \(b.stop))" : "range(\(b.start), \(b.stop), \(b.step))"
    }

    /// `reversed(r)`: the items of the range that runs the other way.
    func reversedRange(_ r: RangeRef) -> RangeRef {
        let b = r.bounds
        guard b.length > 0 else { return heap.makeRange(start: 0, stop: 0, step: 1) }
        return heap.makeRange(RangeBounds(start: b.item(b.length - 1), stop: b.start - b.step, step: -b.step))
    }
}
