import CTierCore

#if canImport(Glibc)
import Glibc
#endif

// Lists and tuples: allocation, growth, and the index and slice arithmetic they share.

extension Heap {
    func makeList(capacity: Int = 0) -> ListRef {
        let l = allocate(ts_list.self, kind: .list)
        if capacity > 0 {
            l.pointee.items = malloc(capacity * MemoryLayout<ts_value>.stride)!.assumingMemoryBound(to: ts_value.self)
            l.pointee.capacity = Int64(capacity)
            account(capacity * MemoryLayout<ts_value>.stride)
        }
        return l
    }

    func makeList<C: Collection>(_ items: C) -> ListRef where C.Element == ts_value {
        let l = makeList(capacity: items.count)
        for (i, v) in items.enumerated() { l.pointee.items![i] = v }
        l.pointee.count = Int64(items.count)
        return l
    }

    func makeTuple<C: Collection>(_ items: C, immortal: Bool = false) -> TupleRef where C.Element == ts_value {
        let t = makeTuple(count: items.count, immortal: immortal)
        for (i, v) in items.enumerated() { t.items[i] = v }
        return t
    }

    /// A tuple whose items the caller fills in before anything else can see it.
    func makeTuple(count: Int, immortal: Bool = false) -> TupleRef {
        let t = allocate(
            ts_tuple.self, kind: .tuple, trailingBytes: count * MemoryLayout<ts_value>.stride, immortal: immortal)
        t.pointee.count = Int64(count)
        return t
    }
}

extension Heap {
    /// Frees a list's item buffer (what a key function or `__lt__` gave a list emptied for sorting).
    /// Not inlined into `sort`: updating the heap's counters there, in a function that runs Python code
    /// through an escaping closure, made Swift check every access to them at run time, in every loop
    /// that allocates (a profile of `[x] * n` showed it).
    @inline(never)
    func dropItems(of list: ListRef) {
        free(list.pointee.items)
        account(-Int(list.pointee.capacity) * MemoryLayout<ts_value>.stride)
        list.pointee.items = nil
        list.pointee.capacity = 0
        list.pointee.count = 0
    }
}

extension UnsafeMutablePointer where Pointee == ts_list {
    /// Makes room for `extra` more items, growing by about an eighth plus a constant, as CPython does.
    func reserve(_ extra: Int, heap: Heap) {
        let needed = Int(pointee.count) + extra
        guard needed > Int(pointee.capacity) else { return }
        let newCapacity = Swift.max(needed, needed + needed >> 3 + (needed < 9 ? 3 : 6))
        let stride = MemoryLayout<ts_value>.stride
        pointee.items = realloc(pointee.items, newCapacity * stride)!.assumingMemoryBound(to: ts_value.self)
        heap.account((newCapacity - Int(pointee.capacity)) * stride)
        pointee.capacity = Int64(newCapacity)
    }

    func append(_ v: ts_value, heap: Heap) {
        if pointee.count == pointee.capacity { reserve(1, heap: heap) }
        pointee.items![Int(pointee.count)] = v
        pointee.count += 1
    }

    func insert(_ v: ts_value, at index: Int, heap: Heap) {
        reserve(1, heap: heap)
        let items = pointee.items!
        let n = Int(pointee.count)
        (items + index + 1).update(from: items + index, count: n - index)
        items[index] = v
        pointee.count += 1
    }

    @discardableResult
    func remove(at index: Int) -> ts_value {
        let items = pointee.items!
        let v = items[index]
        let n = Int(pointee.count)
        (items + index).update(from: items + index + 1, count: n - index - 1)
        pointee.count -= 1
        return v
    }
}

/// Resolved slice bounds, as `slice.indices(length)` gives them.
struct SliceBounds {
    var start: Int
    var stop: Int
    var step: Int
    var count: Int
}

extension VM {
    /// An index for a sequence of `length`: negative counts from the end; nil when out of range.
    func normalizedIndex(_ index: ts_value, length: Int) throws(PyError) -> Int? {
        let i: Int
        switch index.tag {
        case .int, .bool: i = Int(index.u.i)
        case .bigint: return nil
        default: throw PyError.typeError("indices must be integers")
        }
        let n = i < 0 ? i + length : i
        return n >= 0 && n < length ? n : nil
    }

    /// An int that must fit a machine word (`range()` bounds, repeat counts, indices).
    func machineInt(_ v: ts_value, _ what: String? = nil) throws(PyError) -> Int {
        switch v.tag {
        case .int, .bool: return Int(v.u.i)
        case .bigint: throw PyError.overflow("Python int too large to convert to C ssize_t")
        default:
            throw PyError.typeError(what ?? "'\(typeName(v))' object cannot be interpreted as an integer")
        }
    }

    /// An index argument that CPython clips to the machine range instead of refusing (`_PyEval_SliceIndex`):
    /// slice bounds and the start/end of `find` or `index`.
    func sliceIndex(_ v: ts_value, _ what: String) throws(PyError) -> Int {
        switch v.tag {
        case .int, .bool: return Int(v.u.i)
        case .bigint: return v.bigint.pointee.size < 0 ? Int.min : Int.max
        default: throw PyError.typeError(what)
        }
    }

    func sliceBounds(_ s: SliceRef, length: Int) throws(PyError) -> SliceBounds {
        func bound(_ v: ts_value) throws(PyError) -> Int? {
            switch v.tag {
            case .none: return nil
            case .int, .bool: return Int(v.u.i)
            case .bigint: return v.bigint.pointee.size < 0 ? Int.min / 2 : Int.max / 2
            default:
                throw PyError.typeError("slice indices must be integers or None or have an __index__ method")
            }
        }
        // Clamped like CPython's, so that negating it cannot overflow.
        let step = max(-Int.max, try bound(s.pointee.step) ?? 1)
        if step == 0 { throw PyError.valueError("slice step cannot be zero") }
        var start: Int
        var stop: Int
        if step > 0 {
            start = try bound(s.pointee.start).map { $0 < 0 ? Swift.max(0, $0 + length) : Swift.min($0, length) } ?? 0
            stop =
                try bound(s.pointee.stop).map { $0 < 0 ? Swift.max(0, $0 + length) : Swift.min($0, length) } ?? length
        } else {
            start =
                try bound(s.pointee.start).map { $0 < 0 ? Swift.max(-1, $0 + length) : Swift.min($0, length - 1) }
                ?? length - 1
            stop =
                try bound(s.pointee.stop).map { $0 < 0 ? Swift.max(-1, $0 + length) : Swift.min($0, length - 1) } ?? -1
        }
        let count: Int
        if step > 0 {
            count = start < stop ? (stop - start - 1) / step + 1 : 0
        } else {
            count = stop < start ? (start - stop - 1) / (-step) + 1 : 0
        }
        return SliceBounds(start: start, stop: stop, step: step, count: count)
    }

    func makeSlice(_ start: ts_value, _ stop: ts_value, _ step: ts_value) -> ts_value {
        let s = heap.allocate(ts_slice.self, kind: .slice)
        s.pointee.start = start
        s.pointee.stop = stop
        s.pointee.step = step
        return ts_value(.slice, s)
    }
}
