import CTierCore
import Glibc

/// Where native trace code lives: chunks of pages mapped near the binary (so that rel32 calls reach its
/// helpers), shared by many traces and bump-allocated. W^X always: a chunk is mapped read+write, each
/// trace is written into pages that have never been executable, and those pages then become read+execute
/// for good; no page is ever writable and executable at once. A trace therefore starts on a fresh page:
/// one `mprotect` per compile instead of two (each costs microseconds, more than copying and patching
/// the whole trace), for the price of the rest of its last page. A chunk whose traces are all freed is
/// made writable again and reused from its start.
final class CodeMemory {
    /// Bytes per chunk: a few hundred traces.
    static let chunkSize = 1 << 20
    static let alignment = 16

    private struct Chunk {
        let base: UnsafeMutableRawPointer
        /// Where the next trace goes: the first page not yet executable.
        var used = 0
        /// Bytes of traces still in use; the chunk is empty again when it drops to zero.
        var live = 0
    }

    private var chunks: [Chunk] = []
    private let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    /// Bytes of every trace placed and not yet freed, the rest of their last pages included.
    private(set) var liveBytes = 0

    /// Maps the first chunk now, so that the first traces compile without paying for it.
    init() {
        if let base = mapChunk() { chunks.append(Chunk(base: base)) }
    }

    deinit {
        for chunk in chunks { munmap(chunk.base, CodeMemory.chunkSize) }
    }

    /// Writable room for `size` bytes of code, on pages that have never been executable. The caller
    /// fills it in place, then `protect`s it (or `free`s it).
    func reserve(_ size: Int) -> UnsafeMutableRawPointer? {
        let rounded = pages(size)
        guard rounded <= CodeMemory.chunkSize else { return nil }
        if let k = chunks.firstIndex(where: { $0.used + rounded <= CodeMemory.chunkSize }) {
            return take(rounded, from: k)
        }
        guard let base = mapChunk() else { return nil }
        chunks.append(Chunk(base: base))
        return take(rounded, from: chunks.count - 1)
    }

    private func take(_ size: Int, from k: Int) -> UnsafeMutableRawPointer {
        let address = chunks[k].base + chunks[k].used
        chunks[k].used += size
        chunks[k].live += size
        liveBytes += size
        return address
    }

    /// Makes the finished `code` (from `reserve`) executable and no longer writable.
    func protect(_ code: UnsafeMutableRawBufferPointer) -> Bool {
        mprotect(code.baseAddress!, pages(code.count), PROT_READ | PROT_EXEC) == 0
    }

    /// `size` rounded up to whole pages.
    private func pages(_ size: Int) -> Int { (size + pageSize - 1) & ~(pageSize - 1) }

    /// Gives back a trace's `size` bytes at `address`.
    func free(_ address: UnsafeMutableRawPointer, size: Int) {
        let rounded = pages(size)
        guard let k = chunks.firstIndex(where: { address >= $0.base && address < $0.base + CodeMemory.chunkSize })
        else { return }
        chunks[k].live -= rounded
        liveBytes -= rounded
        // Empty: writable again (and not executable) from its start. A chunk that cannot be is left
        // full, since its pages could not take new code.
        if chunks[k].live == 0, mprotect(chunks[k].base, chunks[k].used, PROT_READ | PROT_WRITE) == 0 {
            chunks[k].used = 0
        }
    }

    /// A chunk of read+write pages, within rel32 reach of the binary's code where the kernel allows.
    private func mapChunk() -> UnsafeMutableRawPointer? {
        let anchor = UInt(
            bitPattern: unsafeBitCast(
                ts_stencil_of as @convention(c) (UInt16) -> UnsafePointer<ts_stencil>,
                to: UnsafeRawPointer.self))
        // Below the binary, clear of the heap that grows above it: a few tries at 256 MiB steps.
        for step in 1...6 {
            let offset = UInt(step) << 28
            guard anchor > offset else { break }
            let hint = UnsafeMutableRawPointer(bitPattern: (anchor - offset) & ~UInt(pageSize - 1))
            let mapped = mmap(hint, CodeMemory.chunkSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let mapped, mapped != MAP_FAILED else { continue }
            if CodeMemory.reaches(from: UInt(bitPattern: mapped), to: anchor) { return populated(mapped) }
            munmap(mapped, CodeMemory.chunkSize)
        }
        // Anywhere: helpers are then called through slots in each trace's data.
        let mapped = mmap(nil, CodeMemory.chunkSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { return nil }
        return populated(mapped)
    }

    /// `chunk` with all its pages faulted in (contents unchanged). A first write to a page costs a fault
    /// and the kernel clearing the page, about 2 µs, as much as the rest of a compile; populating the
    /// chunk in one call costs about a third of that per page, and the traces it holds then compile
    /// without a fault. One compile in a chunk's hundred or more pays the whole (a few hundred µs).
    /// Smaller steps put a step's cost into every few compiles instead, and a second thread populating
    /// in the background made every compile's `mprotect` slower (TLB shootdowns, the mmap lock) than
    /// the faults it saved. Before Linux 5.14 pages fault as they are written.
    private func populated(_ chunk: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        _ = madvise(chunk, CodeMemory.chunkSize, MADV_POPULATE_WRITE)
        return chunk
    }

    /// Whether a rel32 at `from` reaches `to` (with room for a chunk in between).
    static func reaches(from: UInt, to: UInt) -> Bool {
        let distance = Int64(bitPattern: UInt64(to)) - Int64(bitPattern: UInt64(from))
        return abs(distance) < (Int64(1) << 31) - Int64(chunkSize)
    }
}
