import CTierCore

#if canImport(Glibc)
import Glibc
#endif

// `list.sort` and `sorted`: CPython 3.11's algorithm (Objects/listobject.c, Objects/listsort.txt), step for
// step. Only `<` is asked, and it is asked of the same pairs in the same order as CPython asks it, so a
// list whose order is not total (NaN, a `__lt__` that is inconsistent or prints) ends up as python3 leaves
// it, and a TypeError names the same two types.

extension VM {
    /// Sorts `list` in place with Python's `key` and `reverse`.
    func sort(_ list: ListRef, key: ts_value?, reverse: ts_value?) throws(PyError) {
        let items = Array(list.buffer)
        let descending = reverse.map { isTruthy($0) } ?? false
        let rootCount = heap.temporaryRoots.count
        defer { heap.temporaryRoots.removeLast(heap.temporaryRoots.count - rootCount) }
        heap.temporaryRoots += items
        // As in CPython, the list is empty while it sorts: a key function or `__lt__` that looks at it sees
        // nothing, and one that changes it leaves its own buffer, which is dropped and reported below.
        let (savedItems, savedCapacity) = (list.pointee.items, list.pointee.capacity)
        list.pointee.count = 0
        list.pointee.items = nil
        list.pointee.capacity = 0
        var order = Array(0..<items.count)
        defer {
            heap.dropItems(of: list)
            list.pointee.items = savedItems
            list.pointee.capacity = savedCapacity
            list.pointee.count = Int64(items.count)
            for (i, k) in order.enumerated() { savedItems![i] = items[k] }
        }
        var keys = items
        if let key, key.tag != .none {
            for i in 0..<items.count {
                keys[i] = try call(key, [items[i]])
                heap.temporaryRoots.append(keys[i])
            }
        }
        // Reversing before and after keeps equal items in their original order.
        if descending { order.reverse() }
        var sorter = TimSort(order) { (x, y) throws(PyError) in
            let (a, b) = (keys[x], keys[y])
            // Lists of ints or of floats are the common case; CPython special-cases them too.
            if a.tag == .int && b.tag == .int { return a.u.i < b.u.i }
            if a.tag == .float && b.tag == .float { return a.u.f < b.u.f }
            return try self.compare(.less, a, b)
        }
        try sorter.sort()
        order = sorter.items
        if descending { order.reverse() }
        if list.pointee.items != nil { throw PyError.valueError("list modified during sort") }
    }
}

/// CPython's timsort over positions into the keys: natural runs, extended to `minrun` by binary insertion,
/// merged in powersort's order with galloping. Each function is the CPython one of the same name.
struct TimSort {
    typealias Less = (Int, Int) throws(PyError) -> Bool

    private struct Run {
        var base: Int
        var length: Int
        /// The run's depth in powersort's conceptual merge tree.
        var power: Int
    }

    /// Galloping starts after this many wins in a row (MIN_GALLOP).
    private static let minimumGallop = 7

    private(set) var items: [Int]
    private var scratch: [Int]
    private var pending: [Run] = []
    private var minGallop = TimSort.minimumGallop
    private let isLess: Less

    init(_ items: [Int], isLess: @escaping Less) {
        self.items = items
        scratch = Array(repeating: 0, count: items.count / 2 + 1)
        self.isLess = isLess
    }

    mutating func sort() throws(PyError) {
        let n = items.count
        guard n >= 2 else { return }
        let minRun = TimSort.minimumRun(n)
        var low = 0
        var remaining = n
        repeat {
            var (length, descending) = try countRun(low, low + remaining)
            if descending { items[low..<low + length].reverse() }
            if length < minRun {
                let force = Swift.min(remaining, minRun)
                try binarySort(low, low + force, start: low + length)
                length = force
            }
            try foundNewRun(length)
            pending.append(Run(base: low, length: length, power: 0))
            low += length
            remaining -= length
        } while remaining > 0
        try mergeForceCollapse()
    }

    /// merge_compute_minrun: n below 64, else a length between 32 and 64 such that n / minrun is just
    /// below a power of two.
    private static func minimumRun(_ count: Int) -> Int {
        var n = count
        var r = 0
        while n >= 64 {
            r |= n & 1
            n >>= 1
        }
        return n + r
    }

    /// binarysort: sorts `low..<high`, of which `low..<start` is sorted, by binary insertion.
    private mutating func binarySort(_ low: Int, _ high: Int, start: Int) throws(PyError) {
        var start = start == low ? start + 1 : start
        while start < high {
            var l = low
            var r = start
            let pivot = items[r]
            repeat {
                let p = l + ((r - l) >> 1)
                if try isLess(pivot, items[p]) { r = p } else { l = p + 1 }
            } while l < r
            var p = start
            while p > l {
                items[p] = items[p - 1]
                p -= 1
            }
            items[l] = pivot
            start += 1
        }
    }

    /// count_run: the length of the run at `low`, ascending (`<=`) or strictly descending.
    private func countRun(_ low: Int, _ high: Int) throws(PyError) -> (Int, descending: Bool) {
        var i = low + 1
        if i == high { return (1, false) }
        var n = 2
        if try isLess(items[i], items[i - 1]) {
            i += 1
            while i < high, try isLess(items[i], items[i - 1]) {
                i += 1
                n += 1
            }
            return (n, true)
        }
        i += 1
        while i < high, try !isLess(items[i], items[i - 1]) {
            i += 1
            n += 1
        }
        return (n, false)
    }

    /// gallop_left: where `key` goes in the sorted `array[base..<base + n]`, left of any equal items,
    /// searching out from `hint`.
    private func gallopLeft(_ key: Int, _ array: [Int], _ base: Int, _ n: Int, hint: Int) throws(PyError) -> Int {
        var lastOffset = 0
        var offset = 1
        let h = base + hint
        if try isLess(array[h], key) {
            let maxOffset = n - hint
            while offset < maxOffset, try isLess(array[h + offset], key) {
                lastOffset = offset
                offset = (offset << 1) + 1
            }
            offset = Swift.min(offset, maxOffset)
            lastOffset += hint
            offset += hint
        } else {
            let maxOffset = hint + 1
            while offset < maxOffset, try !isLess(array[h - offset], key) {
                lastOffset = offset
                offset = (offset << 1) + 1
            }
            offset = Swift.min(offset, maxOffset)
            (lastOffset, offset) = (hint - offset, hint - lastOffset)
        }
        lastOffset += 1
        while lastOffset < offset {
            let m = lastOffset + ((offset - lastOffset) >> 1)
            if try isLess(array[base + m], key) { lastOffset = m + 1 } else { offset = m }
        }
        return offset
    }

    /// gallop_right: as gallopLeft, but right of any equal items.
    private func gallopRight(_ key: Int, _ array: [Int], _ base: Int, _ n: Int, hint: Int) throws(PyError) -> Int {
        var lastOffset = 0
        var offset = 1
        let h = base + hint
        if try isLess(key, array[h]) {
            let maxOffset = hint + 1
            while offset < maxOffset, try isLess(key, array[h - offset]) {
                lastOffset = offset
                offset = (offset << 1) + 1
            }
            offset = Swift.min(offset, maxOffset)
            (lastOffset, offset) = (hint - offset, hint - lastOffset)
        } else {
            let maxOffset = n - hint
            while offset < maxOffset, try !isLess(key, array[h + offset]) {
                lastOffset = offset
                offset = (offset << 1) + 1
            }
            offset = Swift.min(offset, maxOffset)
            lastOffset += hint
            offset += hint
        }
        lastOffset += 1
        while lastOffset < offset {
            let m = lastOffset + ((offset - lastOffset) >> 1)
            if try isLess(key, array[base + m]) { offset = m } else { lastOffset = m + 1 }
        }
        return offset
    }

    /// found_new_run: before a run of `length` is pushed, merges the runs on the stack deeper in the
    /// merge tree than the boundary between the top run and the new one.
    private mutating func foundNewRun(_ length: Int) throws(PyError) {
        guard let top = pending.last else { return }
        let power = TimSort.power(top.base, top.length, length, items.count)
        while pending.count > 1 && pending[pending.count - 2].power > power {
            try merge(at: pending.count - 2)
        }
        pending[pending.count - 1].power = power
    }

    /// powerloop: the depth of the boundary between two adjacent runs, from the first bit where their
    /// midpoints' fractions of the list differ.
    private static func power(_ s1: Int, _ n1: Int, _ n2: Int, _ n: Int) -> Int {
        var result = 0
        var a = 2 * s1 + n1
        var b = a + n1 + n2
        while true {
            result += 1
            if a >= n {
                a -= n
                b -= n
            } else if b >= n {
                break
            }
            a <<= 1
            b <<= 1
        }
        return result
    }

    private mutating func mergeForceCollapse() throws(PyError) {
        while pending.count > 1 {
            var n = pending.count - 2
            if n > 0 && pending[n - 1].length < pending[n + 1].length { n -= 1 }
            try merge(at: n)
        }
    }

    /// merge_at: merges the runs at stack positions i and i + 1, skipping what is already in place.
    private mutating func merge(at i: Int) throws(PyError) {
        var (baseA, countA) = (pending[i].base, pending[i].length)
        let (baseB, countB) = (pending[i + 1].base, pending[i + 1].length)
        pending[i].length = countA + countB
        if i == pending.count - 3 { pending[i + 1] = pending[i + 2] }
        pending.removeLast()
        let k = try gallopRight(items[baseB], items, baseA, countA, hint: 0)
        baseA += k
        countA -= k
        if countA == 0 { return }
        let remainingB = try gallopLeft(items[baseA + countA - 1], items, baseB, countB, hint: countB - 1)
        if remainingB <= 0 { return }
        if countA <= remainingB {
            try mergeLow(baseA, countA, baseB, remainingB)
        } else {
            try mergeHigh(baseA, countA, baseB, remainingB)
        }
    }

    /// merge_lo: merges run A (copied aside, the shorter) with run B that follows it, from the left.
    private mutating func mergeLow(_ baseA: Int, _ countA: Int, _ baseB: Int, _ countB: Int) throws(PyError) {
        var (na, nb) = (countA, countB)
        for k in 0..<na { scratch[k] = items[baseA + k] }
        var dest = baseA
        var a = 0
        var b = baseB
        // What is left of A goes back however the merge ends, so that a failed comparison loses nothing.
        var copyB = false
        defer {
            if copyB {
                for k in 0..<nb { items[dest + k] = items[b + k] }
                items[dest + nb] = scratch[a]
            } else {
                for k in 0..<na { items[dest + k] = scratch[a + k] }
            }
        }
        items[dest] = items[b]
        dest += 1
        b += 1
        nb -= 1
        if nb == 0 { return }
        if na == 1 {
            copyB = true
            return
        }
        var minGallop = self.minGallop
        while true {
            var winsA = 0
            var winsB = 0
            repeat {
                if try isLess(items[b], scratch[a]) {
                    items[dest] = items[b]
                    dest += 1
                    b += 1
                    winsB += 1
                    winsA = 0
                    nb -= 1
                    if nb == 0 { return }
                } else {
                    items[dest] = scratch[a]
                    dest += 1
                    a += 1
                    winsA += 1
                    winsB = 0
                    na -= 1
                    if na == 1 {
                        copyB = true
                        return
                    }
                }
            } while winsA < minGallop && winsB < minGallop
            minGallop += 1
            repeat {
                minGallop -= minGallop > 1 ? 1 : 0
                self.minGallop = minGallop
                var k = try gallopRight(items[b], scratch, a, na, hint: 0)
                winsA = k
                if k > 0 {
                    for m in 0..<k { items[dest + m] = scratch[a + m] }
                    dest += k
                    a += k
                    na -= k
                    if na == 1 {
                        copyB = true
                        return
                    }
                    // Impossible for a consistent `<`, but it need not be.
                    if na == 0 { return }
                }
                items[dest] = items[b]
                dest += 1
                b += 1
                nb -= 1
                if nb == 0 { return }
                k = try gallopLeft(scratch[a], items, b, nb, hint: 0)
                winsB = k
                if k > 0 {
                    for m in 0..<k { items[dest + m] = items[b + m] }
                    dest += k
                    b += k
                    nb -= k
                    if nb == 0 { return }
                }
                items[dest] = scratch[a]
                dest += 1
                a += 1
                na -= 1
                if na == 1 {
                    copyB = true
                    return
                }
            } while winsA >= TimSort.minimumGallop || winsB >= TimSort.minimumGallop
            minGallop += 1
            self.minGallop = minGallop
        }
    }

    /// merge_hi: merges run A with run B (copied aside, the shorter) that follows it, from the right.
    private mutating func mergeHigh(_ baseA: Int, _ countA: Int, _ baseB: Int, _ countB: Int) throws(PyError) {
        var (na, nb) = (countA, countB)
        for k in 0..<nb { scratch[k] = items[baseB + k] }
        var dest = baseB + nb - 1
        var a = baseA + na - 1
        var b = nb - 1
        var copyA = false
        defer {
            if copyA {
                // B's first item goes in front of what is left of A.
                var k = na
                while k > 0 {
                    items[dest - na + k] = items[a - na + k]
                    k -= 1
                }
                items[dest - na] = scratch[b]
            } else {
                for k in 0..<nb { items[dest - (nb - 1) + k] = scratch[k] }
            }
        }
        items[dest] = items[a]
        dest -= 1
        a -= 1
        na -= 1
        if na == 0 { return }
        if nb == 1 {
            copyA = true
            return
        }
        var minGallop = self.minGallop
        while true {
            var winsA = 0
            var winsB = 0
            repeat {
                if try isLess(scratch[b], items[a]) {
                    items[dest] = items[a]
                    dest -= 1
                    a -= 1
                    winsA += 1
                    winsB = 0
                    na -= 1
                    if na == 0 { return }
                } else {
                    items[dest] = scratch[b]
                    dest -= 1
                    b -= 1
                    winsB += 1
                    winsA = 0
                    nb -= 1
                    if nb == 1 {
                        copyA = true
                        return
                    }
                }
            } while winsA < minGallop && winsB < minGallop
            minGallop += 1
            repeat {
                minGallop -= minGallop > 1 ? 1 : 0
                self.minGallop = minGallop
                var k = try na - gallopRight(scratch[b], items, baseA, na, hint: na - 1)
                winsA = k
                if k > 0 {
                    dest -= k
                    a -= k
                    var m = k
                    while m > 0 {
                        items[dest + m] = items[a + m]
                        m -= 1
                    }
                    na -= k
                    if na == 0 { return }
                }
                items[dest] = scratch[b]
                dest -= 1
                b -= 1
                nb -= 1
                if nb == 1 {
                    copyA = true
                    return
                }
                k = try nb - gallopLeft(items[a], scratch, 0, nb, hint: nb - 1)
                winsB = k
                if k > 0 {
                    dest -= k
                    b -= k
                    for m in 1...k { items[dest + m] = scratch[b + m] }
                    nb -= k
                    if nb == 1 {
                        copyA = true
                        return
                    }
                    // Impossible for a consistent `<`, but it need not be.
                    if nb == 0 { return }
                }
                items[dest] = items[a]
                dest -= 1
                a -= 1
                na -= 1
                if na == 0 { return }
            } while winsA >= TimSort.minimumGallop || winsB >= TimSort.minimumGallop
            minGallop += 1
            self.minGallop = minGallop
        }
    }
}
