import CTierCore

#if canImport(Glibc)
import Glibc
#endif

// dict: CPython's compact layout (entries in insertion order, an open-addressed index of entry numbers)
// over the C struct, so lookups of globals and attributes stay in plain memory.

extension Heap {
    func allocateDict(immortal: Bool = false, capacity: Int = 5) -> DictRef {
        let d = allocate(ts_dict.self, kind: .dict, immortal: immortal)
        d.resize(entries: max(capacity, 5), heap: self, accounted: !immortal)
        return d
    }
}

extension UnsafeMutablePointer where Pointee == ts_dict {
    var count: Int { Int(pointee.used) }

    /// Rebuilds the table with room for `entries` entries, dropping deleted ones.
    fileprivate func resize(entries newCapacity: Int, heap: Heap, accounted: Bool = true) {
        var indexSize = 8
        while indexSize * 2 < newCapacity * 3 { indexSize *= 2 }
        let oldBytes = Int(pointee.index_size) * 8 + Int(pointee.entries_capacity) * MemoryLayout<ts_dict_entry>.stride
        let newEntries = calloc(newCapacity, MemoryLayout<ts_dict_entry>.stride)!.assumingMemoryBound(
            to: ts_dict_entry.self)
        let newIndex = malloc(indexSize * 8)!.assumingMemoryBound(to: Int64.self)
        newIndex.initialize(repeating: Int64(TS_DICT_EMPTY), count: indexSize)
        var n = 0
        if let old = pointee.entries {
            for i in 0..<Int(pointee.nentries) where !old[i].key.isNull {
                newEntries[n] = old[i]
                n += 1
            }
        }
        let mask = UInt64(indexSize - 1)
        for e in 0..<n {
            var perturb = UInt64(bitPattern: newEntries[e].hash)
            var i = perturb & mask
            while newIndex[Int(i)] != Int64(TS_DICT_EMPTY) {
                perturb >>= 5
                i = (i &* 5 &+ perturb &+ 1) & mask
            }
            newIndex[Int(i)] = Int64(e)
        }
        free(pointee.entries)
        free(pointee.index)
        pointee.entries = newEntries
        pointee.index = newIndex
        pointee.index_size = Int64(indexSize)
        pointee.entries_capacity = Int64(newCapacity)
        pointee.nentries = Int64(n)
        if accounted {
            heap.account(indexSize * 8 + newCapacity * MemoryLayout<ts_dict_entry>.stride - oldBytes)
        }
    }

    /// Finds `key`: the index slot where it is or would go, and its entry number (-1 when absent).
    @inline(__always)
    fileprivate func find(
        hash: Int64, matches: (ts_value) throws(PyError) -> Bool
    ) throws(PyError) -> (slot: Int, entry: Int) {
        let index = pointee.index.unsafelyUnwrapped
        let entries = pointee.entries.unsafelyUnwrapped
        let mask = UInt64(pointee.index_size - 1)
        var perturb = UInt64(bitPattern: hash)
        var i = perturb & mask
        var firstDeleted = -1
        while true {
            let ix = index[Int(i)]
            if ix == Int64(TS_DICT_EMPTY) {
                return (firstDeleted >= 0 ? firstDeleted : Int(i), -1)
            }
            if ix == Int64(TS_DICT_DELETED) {
                if firstDeleted < 0 { firstDeleted = Int(i) }
            } else if entries[Int(ix)].hash == hash, try matches(entries[Int(ix)].key) {
                return (Int(i), Int(ix))
            }
            perturb >>= 5
            i = (i &* 5 &+ perturb &+ 1) & mask
        }
    }

    /// The entries in insertion order, deleted ones included (their key is null).
    var entries: UnsafeMutableBufferPointer<ts_dict_entry> {
        UnsafeMutableBufferPointer(start: pointee.entries, count: Int(pointee.nentries))
    }
}

extension VM {
    /// Looks a key up by value (hashing it; unhashable keys raise TypeError). Keys match by identity
    /// first, then by equality, as CPython's do: that is how a NaN key is found again.
    func getItem(_ d: DictRef, _ key: ts_value) throws(PyError) -> ts_value? {
        if key.tag == .str { return getItem(d, string: key.str) }
        let hash = try hashValue(key)
        let (_, entry) = try d.find(hash: hash) { (k) throws(PyError) in try isSame(k, key) }
        return entry >= 0 ? d.pointee.entries![entry].value : nil
    }

    /// Looks up a str key; never raises (the path of globals and attributes).
    func getItem(_ d: DictRef, string key: StrRef) -> ts_value? {
        let entry = stringEntry(d, key)
        return entry >= 0 ? d.pointee.entries![entry].value : nil
    }

    /// The entry number of a str key, or -1.
    func stringEntry(_ d: DictRef, _ key: StrRef) -> Int {
        let hash = key.hash
        // String comparison cannot raise.
        let found = try? d.find(hash: hash) { (k) throws(PyError) in k.tag == .str && k.str.isEqual(to: key) }
        return found?.entry ?? -1
    }

    func setItem(_ d: DictRef, _ key: ts_value, _ value: ts_value) throws(PyError) {
        let hash = key.tag == .str ? key.str.hash : try hashValue(key)
        let (slot, entry) = try d.find(hash: hash) { (k) throws(PyError) in try isSame(k, key) }
        if entry >= 0 {
            d.pointee.entries![entry].value = value
            return
        }
        insert(d, slot: slot, hash: hash, key: key, value: value)
    }

    /// Sets a str key; never raises.
    func setItem(_ d: DictRef, string key: StrRef, _ value: ts_value) {
        let hash = key.hash
        guard
            let (slot, entry) = try? d.find(
                hash: hash, matches: { (k) throws(PyError) in k.tag == .str && k.str.isEqual(to: key) })
        else { return }
        if entry >= 0 {
            d.pointee.entries![entry].value = value
        } else {
            insert(d, slot: slot, hash: hash, key: ts_value(key), value: value)
        }
    }

    private func insert(_ d: DictRef, slot: Int, hash: Int64, key: ts_value, value: ts_value) {
        if d.pointee.nentries == d.pointee.entries_capacity {
            d.resize(
                entries: max(8, Int(d.pointee.used) * 3), heap: heap,
                accounted: ts_object_gc_flags(d) & UInt32(TS_GC_IMMORTAL) == 0)
            let (newSlot, _) = try! d.find(hash: hash) { (_) throws(PyError) in false }
            insertFresh(d, slot: newSlot, hash: hash, key: key, value: value)
        } else {
            insertFresh(d, slot: slot, hash: hash, key: key, value: value)
        }
    }

    private func insertFresh(_ d: DictRef, slot: Int, hash: Int64, key: ts_value, value: ts_value) {
        let n = Int(d.pointee.nentries)
        d.pointee.entries![n] = ts_dict_entry(hash: hash, key: key, value: value)
        d.pointee.index![slot] = Int64(n)
        d.pointee.nentries += 1
        d.pointee.used += 1
        d.pointee.keys_version &+= 1
    }

    /// Removes a key; returns its value, or nil when it was absent.
    @discardableResult
    func deleteItem(_ d: DictRef, _ key: ts_value) throws(PyError) -> ts_value? {
        let hash = key.tag == .str ? key.str.hash : try hashValue(key)
        let (slot, entry) = try d.find(hash: hash) { (k) throws(PyError) in try isSame(k, key) }
        guard entry >= 0 else { return nil }
        let value = d.pointee.entries![entry].value
        d.pointee.index![slot] = Int64(TS_DICT_DELETED)
        d.pointee.entries![entry].key = .null
        d.pointee.entries![entry].value = .null
        d.pointee.used -= 1
        d.pointee.keys_version &+= 1
        return value
    }

    func clear(_ d: DictRef) {
        for i in 0..<Int(d.pointee.nentries) {
            d.pointee.entries![i].key = .null
            d.pointee.entries![i].value = .null
        }
        d.resize(entries: 5, heap: heap)
        d.pointee.used = 0
        d.pointee.keys_version &+= 1
    }

    func copyDict(_ source: DictRef) -> DictRef {
        let d = heap.allocateDict(capacity: max(5, source.count))
        for e in source.entries where !e.key.isNull {
            try! setItem(d, e.key, e.value)
        }
        return d
    }
}
