import CTierCore

#if canImport(Glibc)
import Glibc
#endif

/// The VM's heap: every object is a malloc'd C struct on one intrusive list, reclaimed by a mark-and-sweep
/// collector. Values hold plain pointers, so nothing on the hot path retains or releases.
///
/// Collections run only at safe points chosen by the interpreter (a loop's back edge, a function's entry),
/// when every live value is in a frame, a global, a constant or `temporaryRoots`. Runtime helpers can
/// therefore hold new objects in Swift locals without registering them, as long as they do not run Python
/// code meanwhile; helpers that do (a `key=` function, `__str__`) root what they hold in `temporaryRoots`.
final class Heap {
    /// The newest mortal object; each object links to the one allocated before it.
    private var newest: UnsafeMutableRawPointer?
    private(set) var objectCount = 0
    /// Bytes held by mortal objects, including their item buffers.
    private(set) var liveBytes = 0
    private(set) var allocatedSinceCollection = 0
    private(set) var collections = 0
    /// Allocation volume that triggers the next collection: the live size after the last one, so the heap
    /// may at most double between collections, but never less than `minimumThreshold`.
    private(set) var threshold: Int
    let minimumThreshold: Int
    /// Values held by Swift code while it runs Python code.
    var temporaryRoots: [ts_value] = []

    /// Dead objects of up to `recycledSizeLimit` bytes, by 16-byte size class, linked through
    /// `gc_next`. Loops make and drop small objects at every iteration (a big total, a str header, a
    /// slice, an instance), and calloc and free cost more than the work between them. An object's class
    /// is kept in its header's `gc_flags`, above the collector's bits, so the sweep files it exactly.
    private let recycled = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(
        capacity: Heap.recycledSizeLimit / 16 + 1)
    static let recycledSizeLimit = 128
    private static let sizeClassShift: UInt32 = 8

    /// The interpreter's safe-point countdown: zeroing it makes the next loop back edge or function
    /// entry stop at a safe point, where the collection runs.
    private let safePointCountdown: UnsafeMutablePointer<Int64>

    init(minimumThreshold: Int = 8 << 20, safePointCountdown: UnsafeMutablePointer<Int64>) {
        self.minimumThreshold = minimumThreshold
        self.safePointCountdown = safePointCountdown
        threshold = minimumThreshold
        recycled.initialize(repeating: nil, count: Heap.recycledSizeLimit / 16 + 1)
    }

    deinit {
        var object = newest
        while let o = object {
            object = UnsafeMutableRawPointer(ts_object_next(o))
            release(o)
        }
        for sizeClass in 0...Heap.recycledSizeLimit / 16 {
            var block = recycled[sizeClass]
            while let o = block {
                block = UnsafeMutableRawPointer(ts_object_next(o))
                free(o)
            }
        }
        recycled.deallocate()
    }

    @inline(__always) var needsCollection: Bool { allocatedSinceCollection >= threshold }

    /// Allocates a zeroed object with `trailingBytes` after the struct (tuple items, string data).
    /// Immortal objects (constants, builtins, interned names) live as long as the VM and are never traced.
    func allocate<T>(_: T.Type, kind: ts_tag, trailingBytes: Int = 0, immortal: Bool = false) -> UnsafeMutablePointer<T>
    {
        let size = MemoryLayout<T>.stride + trailingBytes
        // Class 0: not recycled (immortal, or too big), so allocated at its exact size.
        let sizeClass = !immortal && size <= Heap.recycledSizeLimit ? (size + 15) >> 4 : 0
        let raw: UnsafeMutableRawPointer
        if sizeClass != 0, let block = recycled[sizeClass] {
            recycled[sizeClass] = UnsafeMutableRawPointer(ts_object_next(block))
            memset(block, 0, size)
            raw = block
        } else {
            guard let block = calloc(1, sizeClass != 0 ? sizeClass << 4 : size) else {
                fatalError("out of memory allocating \(size) bytes")
            }
            raw = block
        }
        let header = raw.assumingMemoryBound(to: ts_object.self)
        header.pointee.kind = UInt32(kind.rawValue)
        if immortal {
            header.pointee.gc_flags = UInt32(TS_GC_IMMORTAL)
        } else {
            header.pointee.gc_flags = UInt32(sizeClass) << Heap.sizeClassShift
            header.pointee.gc_next = newest.map { $0.assumingMemoryBound(to: ts_object.self) }
            newest = raw
            objectCount += 1
            account(size)
        }
        return raw.bindMemory(to: T.self, capacity: 1)
    }

    /// Records memory an object gained (or, negative, gave back) after allocation, such as a list's items.
    @inline(__always) func account(_ bytes: Int) {
        liveBytes += bytes
        if bytes > 0 {
            allocatedSinceCollection += bytes
            if allocatedSinceCollection >= threshold { safePointCountdown.pointee = 0 }
        }
    }

    /// Runs a full collection. `markRoots` marks everything the VM holds directly.
    func collect(markRoots: (inout Marker) -> Void) {
        var marker = Marker()
        for value in temporaryRoots { marker.mark(value) }
        markRoots(&marker)
        marker.drain()
        sweep()
        collections += 1
        allocatedSinceCollection = 0
        threshold = max(minimumThreshold, liveBytes)
    }

    private func sweep() {
        var previous: UnsafeMutableRawPointer? = nil
        var object = newest
        while let o = object {
            let next = UnsafeMutableRawPointer(ts_object_next(o))
            let flags = ts_object_gc_flags(o)
            if flags & UInt32(TS_GC_MARKED) != 0 {
                ts_object_set_gc_flags(o, flags & ~UInt32(TS_GC_MARKED))
                previous = o
            } else {
                if let previous {
                    ts_object_set_next(previous, next?.assumingMemoryBound(to: ts_object.self))
                } else {
                    newest = next
                }
                liveBytes -= Heap.size(of: o)
                objectCount -= 1
                release(o)
            }
            object = next
        }
    }

    /// The bytes an object accounts for: its struct, trailing data and item buffers.
    static func size(of object: UnsafeMutableRawPointer) -> Int {
        switch ts_tag(rawValue: UInt64(ts_object_kind(object)))! {
        case .str:
            let s = object.assumingMemoryBound(to: ts_str.self)
            if s.pointee.flags & UInt32(TS_STR_BORROWED) != 0 {
                return MemoryLayout<ts_str>.stride + MemoryLayout<UnsafeRawPointer>.stride
            }
            return MemoryLayout<ts_str>.stride + Int(s.pointee.length) * Int(s.pointee.kind) + 1
        case .list:
            let l = object.assumingMemoryBound(to: ts_list.self)
            return MemoryLayout<ts_list>.stride + Int(l.pointee.capacity) * MemoryLayout<ts_value>.stride
        case .tuple:
            let t = object.assumingMemoryBound(to: ts_tuple.self)
            return MemoryLayout<ts_tuple>.stride + Int(t.pointee.count) * MemoryLayout<ts_value>.stride
        case .dict:
            let d = object.assumingMemoryBound(to: ts_dict.self)
            return MemoryLayout<ts_dict>.stride + Int(d.pointee.index_size) * 8 + Int(d.pointee.entries_capacity)
                * MemoryLayout<ts_dict_entry>.stride
        case .instance:
            let i = object.assumingMemoryBound(to: ts_instance.self)
            return MemoryLayout<ts_instance>.stride + Int(i.pointee.nslots) * MemoryLayout<ts_value>.stride
        case .bigint:
            let b = object.assumingMemoryBound(to: ts_bigint.self)
            return MemoryLayout<ts_bigint>.stride + Int(b.pointee.size.magnitude) * MemoryLayout<UInt64>.stride
        case .range: return MemoryLayout<ts_range>.stride
        case .slice: return MemoryLayout<ts_slice>.stride
        case .function: return MemoryLayout<ts_function>.stride
        case .builtin: return MemoryLayout<ts_builtin>.stride
        case .boundMethod: return MemoryLayout<ts_bound_method>.stride
        case .classObject: return MemoryLayout<ts_class>.stride
        case .iterator: return MemoryLayout<ts_iterator>.stride
        case .dictView: return MemoryLayout<ts_dict_view>.stride
        case .null, .none, .bool, .int, .float: return 0
        }
    }

    /// Frees an object and what it owns.
    private func release(_ object: UnsafeMutableRawPointer) {
        switch ts_tag(rawValue: UInt64(ts_object_kind(object)))! {
        case .list:
            free(object.assumingMemoryBound(to: ts_list.self).pointee.items)
        case .dict:
            let d = object.assumingMemoryBound(to: ts_dict.self)
            free(d.pointee.index)
            free(d.pointee.entries)
        case .instance:
            free(object.assumingMemoryBound(to: ts_instance.self).pointee.slots)
        case .str:
            let s = object.assumingMemoryBound(to: ts_str.self)
            if s.pointee.flags & UInt32(TS_STR_BORROWED) != 0 {
                let buffer = ts_str_buffer_of(s)
                buffer.pointee.borrowers -= 1
                if buffer.pointee.borrowers == 0 {
                    liveBytes -= Heap.size(of: buffer)
                    free(buffer)
                }
            }
        case .range:
            if let big = object.assumingMemoryBound(to: ts_range.self).pointee.big {
                Unmanaged<BigRangeBox>.fromOpaque(big).release()
            }
        default:
            break
        }
        let sizeClass = Int(ts_object_gc_flags(object) >> Heap.sizeClassShift)
        if sizeClass != 0 {
            ts_object_set_next(object, recycled[sizeClass]?.assumingMemoryBound(to: ts_object.self))
            recycled[sizeClass] = object
        } else {
            free(object)
        }
    }
}

/// The collector's mark phase: an explicit stack, so deep structures cannot overflow the native stack.
struct Marker {
    private var pending: [UnsafeMutableRawPointer] = []

    @inline(__always) mutating func mark(_ value: ts_value) {
        guard value.isObject else { return }
        mark(object: value.rawObject)
    }

    mutating func mark(object: UnsafeMutableRawPointer?) {
        guard let object else { return }
        let flags = ts_object_gc_flags(object)
        if flags & UInt32(TS_GC_MARKED | TS_GC_IMMORTAL) != 0 { return }
        ts_object_set_gc_flags(object, flags | UInt32(TS_GC_MARKED))
        pending.append(object)
    }

    mutating func mark(_ values: UnsafeMutablePointer<ts_value>?, count: Int) {
        guard let values else { return }
        for i in 0..<count { mark(values[i]) }
    }

    mutating func drain() {
        while let object = pending.popLast() {
            traceChildren(of: object)
        }
    }

    private mutating func traceChildren(of object: UnsafeMutableRawPointer) {
        switch ts_tag(rawValue: UInt64(ts_object_kind(object)))! {
        case .list:
            let l = object.assumingMemoryBound(to: ts_list.self)
            mark(l.pointee.items, count: Int(l.pointee.count))
        case .tuple:
            let t = object.assumingMemoryBound(to: ts_tuple.self)
            mark(ts_tuple_items(t), count: Int(t.pointee.count))
        case .dict:
            let d = object.assumingMemoryBound(to: ts_dict.self)
            guard let entries = d.pointee.entries else { return }
            for i in 0..<Int(d.pointee.nentries) {
                mark(entries[i].key)
                mark(entries[i].value)
            }
        case .slice:
            let s = object.assumingMemoryBound(to: ts_slice.self)
            mark(s.pointee.start)
            mark(s.pointee.stop)
            mark(s.pointee.step)
        case .function:
            let f = object.assumingMemoryBound(to: ts_function.self)
            mark(object: f.pointee.globals)
            mark(object: f.pointee.name)
            mark(object: f.pointee.qualname)
            mark(object: f.pointee.defaults)
            mark(object: f.pointee.owner)
        case .builtin:
            mark(object: object.assumingMemoryBound(to: ts_builtin.self).pointee.name)
        case .boundMethod:
            let m = object.assumingMemoryBound(to: ts_bound_method.self)
            mark(m.pointee.receiver)
            mark(m.pointee.function)
        case .classObject:
            let c = object.assumingMemoryBound(to: ts_class.self)
            mark(object: c.pointee.name)
            mark(object: c.pointee.base)
            mark(object: c.pointee.dict)
            mark(object: c.pointee.layout)
        case .instance:
            let i = object.assumingMemoryBound(to: ts_instance.self)
            mark(object: i.pointee.cls)
            mark(i.pointee.slots, count: Int(i.pointee.nslots))
        case .iterator:
            mark(object.assumingMemoryBound(to: ts_iterator.self).pointee.source)
        case .dictView:
            mark(object: object.assumingMemoryBound(to: ts_dict_view.self).pointee.dict)
        case .str, .bigint, .range, .null, .none, .bool, .int, .float:
            break
        }
    }
}
