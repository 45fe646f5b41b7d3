import CTierCore

// Iterators over every iterable kind, and the loops built-ins run over arbitrary iterables.

extension VM {
    private func makeIterator(
        _ kind: ts_iter_kind, source: ts_value, index: Int64 = 0, remaining: Int64 = 0, step: Int64 = 0
    ) -> ts_value {
        let it = heap.allocate(ts_iterator.self, kind: .iterator)
        it.pointee.kind = kind
        it.pointee.source = source
        it.pointee.index = index
        it.pointee.remaining = remaining
        it.pointee.step = step
        return ts_value(.iterator, it)
    }

    /// The iterator of a range that fits in 64 bits: `length` items from `start`, `step` apart.
    func rangeIterator(start: Int64, length: Int64, step: Int64) -> ts_value {
        makeIterator(.range, source: .none, index: start, remaining: length, step: step)
    }

    /// `iter(v)`.
    func getIterator(_ v: ts_value) throws(PyError) -> ts_value {
        switch v.tag {
        case .list, .tuple, .str:
            return makeIterator(.sequence, source: v)
        case .range:
            let r = v.range.pointee
            // A range beyond 64 bits iterates by position, like a list: FOR_ITER_RANGE never sees it.
            if r.big != nil { return makeIterator(.sequence, source: v) }
            return rangeIterator(start: r.start, length: r.length, step: r.step)
        case .dict:
            return makeIterator(.dict, source: v, remaining: v.dict.pointee.used, step: 0)
        case .dictView:
            let view = v.dictView.pointee
            return makeIterator(.dict, source: ts_value(view.dict), remaining: view.dict.pointee.used, step: view.which)
        case .iterator:
            return v
        case .instance:
            return try instanceIterator(v)
        default:
            throw PyError.typeError("'\(typeName(v))' object is not iterable")
        }
    }

    /// `enumerate(iterable, start)`: any int starts it, as in CPython; see `nextEnumerated` for counts
    /// beyond 64 bits.
    func makeEnumerate(_ iterable: ts_value, start: ts_value) throws(PyError) -> ts_value {
        guard start.isIntegral else {
            throw PyError.typeError("'\(typeName(start))' object cannot be interpreted as an integer")
        }
        let inner = try getIterator(iterable)
        if start.tag != .bigint { return makeIterator(.enumerate, source: inner, index: start.u.i) }
        return makeIterator(.enumerate, source: ts_value(heap.makeTuple([inner, start])), step: 1)
    }

    /// The next `(count, item)` of an enumerate. The count lives in `index` while it fits in 64 bits
    /// (`step` 0); past that, `step` is 1 and `source` is the pair (inner iterator, next count as a big
    /// int), as CPython falls back from its `en_index` to `en_longindex`. Only counts beyond 64 bits pay
    /// for the pair; the count returns to `index` once it fits again.
    private func nextEnumerated(_ it: IteratorRef) throws(PyError) -> ts_value? {
        if it.pointee.step == 0 {
            guard let item = try next(it.pointee.source) else { return nil }
            let count = it.pointee.index
            let (following, overflow) = count.addingReportingOverflow(1)
            if overflow {
                it.pointee.source = ts_value(heap.makeTuple([it.pointee.source, heap.makeInt(BigInt(count) + 1)]))
                it.pointee.step = 1
            } else {
                it.pointee.index = following
            }
            return ts_value(heap.makeTuple([.int(count), item]))
        }
        let pair = it.pointee.source.tuple
        let (inner, count) = (pair.items[0], pair.items[1])
        guard let item = try next(inner) else { return nil }
        let following = count.bigValue + 1
        if let small = Int64(exactly: following) {
            it.pointee.source = inner
            it.pointee.index = small
            it.pointee.step = 0
        } else {
            it.pointee.source = ts_value(heap.makeTuple([inner, heap.makeInt(following)]))
        }
        return ts_value(heap.makeTuple([count, item]))
    }

    func makeZip(_ iterables: [ts_value]) throws(PyError) -> ts_value {
        var iterators: [ts_value] = []
        for v in iterables { iterators.append(try getIterator(v)) }
        return makeIterator(.zip, source: ts_value(heap.makeTuple(iterators)))
    }

    func makeReversed(_ v: ts_value) throws(PyError) -> ts_value {
        switch v.tag {
        case .list, .tuple, .str:
            return makeIterator(.reversed, source: v, index: Int64(try length(of: v)) - 1)
        case .range:
            let r = v.range.pointee
            // The reversed step of -2**63 does not fit in 64 bits.
            if r.big != nil || r.step == .min { return try getIterator(ts_value(.range, reversedRange(v.range))) }
            let last = r.start &+ (r.length - 1) &* r.step
            return makeIterator(.range, source: .none, index: last, remaining: r.length, step: -r.step)
        case .dict:
            let keys = heap.makeList(v.dict.entries.filter { !$0.key.isNull }.map(\.key).reversed())
            return makeIterator(.sequence, source: ts_value(keys))
        default:
            throw PyError.typeError("'\(typeName(v))' object is not reversible")
        }
    }

    /// The iterator's next item, or nil once it is exhausted.
    func next(_ iteratorValue: ts_value) throws(PyError) -> ts_value? {
        let it = iteratorValue.iterator
        switch it.pointee.kind {
        case .range:
            guard it.pointee.remaining > 0 else { return nil }
            let value = it.pointee.index
            it.pointee.remaining -= 1
            it.pointee.index = value &+ it.pointee.step
            return .int(value)
        case .sequence:
            let i = Int(it.pointee.index)
            let source = it.pointee.source
            switch source.tag {
            case .list:
                guard i < source.list.count else { return nil }
                it.pointee.index += 1
                return source.list.pointee.items![i]
            case .tuple:
                guard i < source.tuple.count else { return nil }
                it.pointee.index += 1
                return source.tuple.items[i]
            case .range:
                // Only ranges beyond 64 bits; 2**63 items is more than any loop will reach.
                let b = source.range.bounds
                guard BigInt(i) < b.length else { return nil }
                it.pointee.index += 1
                return heap.makeInt(b.item(BigInt(i)))
            default:
                guard i < source.str.length else { return nil }
                it.pointee.index += 1
                return character(source.str[i])
            }
        case .reversed:
            let i = Int(it.pointee.index)
            let source = it.pointee.source
            guard i >= 0, i < (try length(of: source)) else { return nil }
            it.pointee.index -= 1
            switch source.tag {
            case .list: return source.list.pointee.items![i]
            case .tuple: return source.tuple.items[i]
            default: return character(source.str[i])
            }
        case .dict:
            let d = it.pointee.source.dict
            if d.pointee.used != it.pointee.remaining {
                it.pointee.remaining = -1
                throw PyError("RuntimeError", "dictionary changed size during iteration")
            }
            var i = Int(it.pointee.index)
            let n = Int(d.pointee.nentries)
            while i < n, d.pointee.entries![i].key.isNull { i += 1 }
            guard i < n else {
                it.pointee.index = Int64(i)
                return nil
            }
            it.pointee.index = Int64(i + 1)
            let e = d.pointee.entries![i]
            switch it.pointee.step {
            case 0: return e.key
            case 1: return e.value
            default: return ts_value(heap.makeTuple([e.key, e.value]))
            }
        case .enumerate:
            return try nextEnumerated(it)
        case .zip:
            let iterators = it.pointee.source.tuple
            if iterators.count == 0 { return nil }
            var items: [ts_value] = []
            for inner in iterators.buffer {
                guard let item = try next(inner) else { return nil }
                items.append(item)
            }
            return ts_value(heap.makeTuple(items))
        }
    }

    /// Runs `body` on each item of any iterable. Long loops inside built-ins count against the
    /// execution budget like loops in Python code do.
    func forEach(_ iterable: ts_value, _ body: (ts_value) throws(PyError) -> Void) throws(PyError) {
        switch iterable.tag {
        case .list:
            var i = 0
            while i < iterable.list.count {
                try body(iterable.list.pointee.items![i])
                i += 1
                if i & 0xFFFF == 0 { try spendBudget(0x10000) }
            }
        case .tuple:
            for v in iterable.tuple.buffer { try body(v) }
        default:
            let it = try getIterator(iterable)
            // The body may run Python code, which may collect: the iterator must stay reachable.
            let rootCount = heap.temporaryRoots.count
            heap.temporaryRoots.append(it)
            defer { heap.temporaryRoots.removeLast(heap.temporaryRoots.count - rootCount) }
            var n = 0
            while let v = try next(it) {
                try body(v)
                n += 1
                if n & 0xFFFF == 0 { try spendBudget(0x10000) }
            }
        }
    }

    /// The items of any iterable, in a Swift array.
    func collect(_ iterable: ts_value) throws(PyError) -> [ts_value] {
        switch iterable.tag {
        case .list: return Array(iterable.list.buffer)
        case .tuple: return Array(iterable.tuple.buffer)
        default:
            if iterable.tag == .range, try rangeLength(iterable.range) > options.maximumItems {
                throw PyError.memoryError()
            }
            var items: [ts_value] = []
            try forEach(iterable) { (v) throws(PyError) in
                if items.count >= options.maximumItems { throw PyError.memoryError() }
                items.append(v)
            }
            return items
        }
    }

    /// Charges work done inside a built-in to the execution budget, when there is one.
    func spendBudget(_ units: Int) throws(PyError) {
        guard options.fuel != nil else { return }
        fuel -= units
        if fuel <= 0 { throw PyError("RuntimeError", "tierscope stopped the program: its execution budget ran out") }
    }

    /// UNPACK_SEQUENCE: exactly `count` items, or the errors CPython gives.
    func unpack(_ v: ts_value, count: Int, into destination: UnsafeMutablePointer<ts_value>) throws(PyError) {
        var items: [ts_value]
        switch v.tag {
        case .tuple, .list:
            let buffer = v.tag == .tuple ? v.tuple.buffer : v.list.buffer
            if buffer.count == count {
                // The stack gets the last item lowest, so the first target is stored first.
                for i in 0..<count { destination[i] = buffer[count - 1 - i] }
                return
            }
            items = Array(buffer)
        default:
            guard v.tag == .str || v.tag == .range || v.tag == .dict || v.tag == .dictView || v.tag == .iterator else {
                throw PyError.typeError("cannot unpack non-iterable \(typeName(v)) object")
            }
            items = []
            let it = try getIterator(v)
            while let item = try next(it) {
                items.append(item)
                if items.count > count { break }
            }
        }
        if items.count > count { throw PyError.valueError("too many values to unpack (expected \(count))") }
        if items.count < count {
            throw PyError.valueError("not enough values to unpack (expected \(count), got \(items.count))")
        }
        for i in 0..<count { destination[i] = items[count - 1 - i] }
    }

    /// A one-character str; ASCII ones are made once.
    func character(_ codePoint: UInt32) -> ts_value {
        if codePoint < 128 { return asciiCharacters[Int(codePoint)] }
        return ts_value(heap.makeString(codePoints: CollectionOfOne(codePoint)))
    }

    /// `len(v)`.
    func length(of v: ts_value) throws(PyError) -> Int {
        switch v.tag {
        case .str: return v.str.length
        case .list: return v.list.count
        case .tuple: return v.tuple.count
        case .dict: return v.dict.count
        case .range: return try rangeLength(v.range)
        case .dictView: return v.dictView.pointee.dict.count
        case .instance: return try instanceLength(v)
        default: throw PyError.typeError("object of type '\(typeName(v))' has no len()")
        }
    }
}
