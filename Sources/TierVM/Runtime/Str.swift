import CTierCore

#if canImport(Glibc)
import Glibc
#endif

// Strings: creation from Swift and from code points, and the reads every str operation builds on.

extension Heap {
    /// A str from Swift text.
    func makeString(_ text: String, immortal: Bool = false) -> StrRef {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return makeString(codePoints: text.unicodeScalars.map(\.value), immortal: immortal)
        }
        var text = text
        return text.withUTF8 { utf8 in makeASCIIString(UnsafeRawBufferPointer(utf8), immortal: immortal) }
    }

    func makeASCIIString(_ bytes: UnsafeRawBufferPointer, immortal: Bool = false) -> StrRef {
        let s = allocate(ts_str.self, kind: .str, trailingBytes: bytes.count + 1, immortal: immortal)
        s.pointee.length = Int64(bytes.count)
        s.pointee.kind = 1
        s.pointee.hash = -1
        if let base = bytes.baseAddress {
            ts_str_ascii(s).initialize(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
        return s
    }

    /// A str from code points; stored one byte each when they are all ASCII.
    func makeString<C: Collection>(codePoints: C, immortal: Bool = false) -> StrRef where C.Element == UInt32 {
        let count = codePoints.count
        let ascii = codePoints.allSatisfy { $0 < 0x80 }
        let s = allocate(ts_str.self, kind: .str, trailingBytes: ascii ? count + 1 : count * 4, immortal: immortal)
        s.pointee.length = Int64(count)
        s.pointee.hash = -1
        if ascii {
            s.pointee.kind = 1
            let data = ts_str_ascii(s)
            for (i, c) in codePoints.enumerated() { data[i] = UInt8(truncatingIfNeeded: c) }
        } else {
            s.pointee.kind = 4
            let data = ts_str_ucs4(s)
            for (i, c) in codePoints.enumerated() { data[i] = c }
        }
        return s
    }

    /// A str of `length` code points filled by `fill`; `wide` when any of them may be non-ASCII.
    func makeString(length: Int, wide: Bool, fill: (UnsafeMutableRawPointer) -> Void) -> StrRef {
        let s = allocate(ts_str.self, kind: .str, trailingBytes: wide ? length * 4 : length + 1)
        s.pointee.length = Int64(length)
        s.pointee.hash = -1
        s.pointee.kind = wide ? 4 : 1
        fill(UnsafeMutableRawPointer(s + 1))
        return wide ? s.narrowedIfASCII(self) : s
    }
}

// MARK: - Concatenation

/// At this many code points or more, a concatenation's result goes into a growable buffer.
private let growableLength = 64

extension Heap {
    /// `a + b`. A long result goes into a ts_str_buffer with room to spare, and a concatenation onto
    /// the longest str of a buffer writes into that room: so `s += c` in a loop costs the length of
    /// `c`, not of `s`, as CPython's in-place resize makes it (without reference counts to tell that
    /// `s` is not shared, this is how the old `s` stays as it was).
    func concatenate(_ a: StrRef, _ b: StrRef) -> StrRef {
        let n = a.length + b.length
        let wide = !a.isASCII || !b.isASCII
        guard n >= growableLength else {
            return makeString(length: n, wide: wide) { raw in
                copyCodePoints(of: a, to: raw, wide: wide, at: 0)
                copyCodePoints(of: b, to: raw, wide: wide, at: a.length)
            }
        }
        if a.pointee.flags & UInt32(TS_STR_BORROWED) != 0 {
            let buffer = ts_str_buffer_of(a)
            let bufferIsWide = buffer.pointee.kind == 4
            if buffer.pointee.used == a.length, bufferIsWide || !wide, buffer.pointee.capacity >= n {
                copyCodePoints(of: b, to: UnsafeMutableRawPointer(buffer + 1), wide: bufferIsWide, at: a.length)
                buffer.pointee.used = Int64(n)
                return borrowedString(buffer, length: n)
            }
        }
        let capacity = 2 * n
        let kind = wide ? 4 : 1
        let bytes = MemoryLayout<ts_str_buffer>.stride + capacity * kind
        guard let raw = malloc(bytes) else { fatalError("out of memory allocating \(bytes) bytes") }
        let buffer = raw.bindMemory(to: ts_str_buffer.self, capacity: 1)
        buffer.pointee = ts_str_buffer(borrowers: 0, capacity: Int64(capacity), used: Int64(n), kind: Int64(kind))
        copyCodePoints(of: a, to: UnsafeMutableRawPointer(buffer + 1), wide: wide, at: 0)
        copyCodePoints(of: b, to: UnsafeMutableRawPointer(buffer + 1), wide: wide, at: a.length)
        account(bytes)
        return borrowedString(buffer, length: n)
    }

    /// A str over the first `length` code points of `buffer`.
    private func borrowedString(_ buffer: UnsafeMutablePointer<ts_str_buffer>, length: Int) -> StrRef {
        let s = allocate(ts_str.self, kind: .str, trailingBytes: MemoryLayout<UnsafeRawPointer>.stride)
        s.pointee.length = Int64(length)
        s.pointee.hash = -1
        s.pointee.kind = UInt32(buffer.pointee.kind)
        s.pointee.flags = UInt32(TS_STR_BORROWED)
        UnsafeMutableRawPointer(s + 1).storeBytes(of: UnsafeMutableRawPointer(buffer), as: UnsafeMutableRawPointer.self)
        buffer.pointee.borrowers += 1
        return s
    }

    /// Copies a str's code points to position `offset` of `out`, one byte or four each.
    func copyCodePoints(of s: StrRef, to out: UnsafeMutableRawPointer, wide: Bool, at offset: Int) {
        if !wide {
            (out.assumingMemoryBound(to: UInt8.self) + offset).update(from: ts_str_ascii(s), count: s.length)
        } else if s.isASCII {
            let target = out.assumingMemoryBound(to: UInt32.self) + offset
            let source = ts_str_ascii(s)
            for i in 0..<s.length { target[i] = UInt32(source[i]) }
        } else {
            (out.assumingMemoryBound(to: UInt32.self) + offset).update(from: ts_str_ucs4(s), count: s.length)
        }
    }

    /// Bytes a str buffer holds, for the collector's accounting.
    static func size(of buffer: UnsafeMutablePointer<ts_str_buffer>) -> Int {
        MemoryLayout<ts_str_buffer>.stride + Int(buffer.pointee.capacity * buffer.pointee.kind)
    }
}

extension UnsafeMutablePointer where Pointee == ts_str {
    @inline(__always) var length: Int { Int(pointee.length) }
    @inline(__always) var isASCII: Bool { pointee.kind == 1 }

    @inline(__always) subscript(i: Int) -> UInt32 {
        isASCII ? UInt32(ts_str_ascii(self)[i]) : ts_str_ucs4(self)[i]
    }

    /// The code points, for iteration in Swift.
    var codePoints: StrCodePoints { StrCodePoints(string: self) }

    /// The text as a Swift string (lone surrogates, which Swift cannot hold, become U+FFFD).
    var string: String {
        if isASCII {
            return String(decoding: UnsafeBufferPointer(start: ts_str_ascii(self), count: length), as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        for c in codePoints { scalars.append(Unicode.Scalar(c) ?? "\u{FFFD}") }
        return String(scalars)
    }

    /// A kind-4 string whose code points turned out all ASCII is re-made in the canonical one-byte form.
    func narrowedIfASCII(_ heap: Heap) -> StrRef {
        guard !isASCII, codePoints.allSatisfy({ $0 < 0x80 }) else { return self }
        return heap.makeString(codePoints: codePoints)
    }

    /// The string's hash: FNV-1a over the code points, cached. Never -1 (the "not computed" mark).
    var hash: Int64 {
        if pointee.hash != -1 { return pointee.hash }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in codePoints {
            h = (h ^ UInt64(c)) &* 0x100_0000_01b3
        }
        h ^= h >> 29
        var result = Int64(bitPattern: h)
        if result == -1 { result = -2 }
        pointee.hash = result
        return result
    }

    func isEqual(to other: StrRef) -> Bool {
        if self == other { return true }
        guard length == other.length, pointee.kind == other.pointee.kind else { return false }
        if pointee.hash != -1 && other.pointee.hash != -1 && pointee.hash != other.pointee.hash { return false }
        return memcmp(ts_str_data(self), ts_str_data(other), length * Int(pointee.kind)) == 0
    }

    /// Code point order, as Python compares strings.
    func compare(to other: StrRef) -> Int {
        let n = Swift.min(length, other.length)
        if isASCII && other.isASCII {
            let c = memcmp(ts_str_ascii(self), ts_str_ascii(other), n)
            if c != 0 { return c < 0 ? -1 : 1 }
        } else {
            for i in 0..<n {
                let a = self[i]
                let b = other[i]
                if a != b { return a < b ? -1 : 1 }
            }
        }
        return length == other.length ? 0 : (length < other.length ? -1 : 1)
    }

    /// Whether the string equals an ASCII Swift string (attribute names, keywords).
    func equals(_ text: StaticString) -> Bool {
        guard isASCII, length == text.utf8CodeUnitCount else { return false }
        return memcmp(ts_str_ascii(self), text.utf8Start, length) == 0
    }
}

/// A str's code points as a Swift collection.
struct StrCodePoints: RandomAccessCollection {
    let string: StrRef
    var startIndex: Int { 0 }
    var endIndex: Int { string.length }
    @inline(__always) subscript(i: Int) -> UInt32 { string[i] }
}
