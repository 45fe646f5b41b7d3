import CTierCore

#if canImport(Glibc)
import Glibc
#endif

// The program's output on its way out: buffered, because a write per print would dominate programs that
// print a lot, and kept where a crash handler can find it, because a crash must not lose what the
// program printed before it.

/// Bytes written and not yet handed on. A C-layout block that only moves when it grows, so that a signal
/// handler can read it without locks or Swift runtime calls.
struct PendingOutput {
    var bytes: UnsafeMutablePointer<UInt8>
    var count: Int
    var capacity: Int
}

/// The VM's output buffer.
final class OutputBuffer {
    let pending: UnsafeMutablePointer<PendingOutput>

    init(capacity: Int = 1 << 15) {
        pending = .allocate(capacity: 1)
        pending.initialize(
            to: PendingOutput(
                bytes: malloc(capacity)!.assumingMemoryBound(to: UInt8.self), count: 0, capacity: capacity))
        CrashOutput.watch(pending)
    }

    deinit {
        CrashOutput.unwatch(pending)
        free(pending.pointee.bytes)
        pending.deallocate()
    }

    var count: Int { pending.pointee.count }

    private func reserve(_ extra: Int) {
        let needed = pending.pointee.count + extra
        guard needed > pending.pointee.capacity else { return }
        let capacity = max(needed, pending.pointee.capacity * 2)
        pending.pointee.bytes = realloc(pending.pointee.bytes, capacity)!.assumingMemoryBound(to: UInt8.self)
        pending.pointee.capacity = capacity
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (pending.pointee.bytes + pending.pointee.count).update(
            from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        // The count grows only once the bytes are in place: a crash handler never writes garbage.
        pending.pointee.count += bytes.count
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// A str, as UTF-8; ASCII strs are copied as they are.
    func append(_ s: StrRef) {
        if s.isASCII {
            append(UnsafeRawBufferPointer(start: ts_str_ascii(s), count: s.length))
            return
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(s.length * 2)
        for c in s.codePoints {
            UTF8.encode(Unicode.Scalar(c) ?? "\u{FFFD}") { utf8.append($0) }
        }
        utf8.withUnsafeBytes { append($0) }
    }

    /// What was written since `mark`, as text.
    func text(from mark: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: pending.pointee.bytes + mark, count: count - mark), as: UTF8.self)
    }

    /// Everything buffered; the buffer is empty afterwards.
    func take() -> [UInt8] {
        let bytes = Array(UnsafeBufferPointer(start: pending.pointee.bytes, count: count))
        pending.pointee.count = 0
        return bytes
    }
}

/// Writes the program's buffered output to stdout when the process crashes (a fault, or a trap in the
/// engine), before the crash goes on as it would have: then python3's output is still there to compare
/// with, and a crash report follows the last line the program printed. For `tierscope run`, whose output
/// is stdout; anything else keeps its output to itself.
public enum CrashOutput {
    private static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]
    /// Set before any VM runs, read by every VM: whether their buffers are watched.
    nonisolated(unsafe) private static var installed = false
    /// The buffer of the VM running; one VM runs at a time where this is installed.
    nonisolated(unsafe) private static var watched: UnsafeMutablePointer<PendingOutput>?
    /// The handlers this one stands in front of, by signal number.
    nonisolated(unsafe) private static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    /// Installs the handler for the signals a crash raises. Call once, before running a program.
    public static func install() {
        guard !installed else { return }
        installed = true
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in CrashOutput.crashed(signal) }
            sigemptyset(&action.sa_mask)
            // The VM's deep native stacks may be what overflowed: run on the alternate stack if the thread
            // has one.
            action.sa_flags = Int32(SA_ONSTACK)
            sigaction(signal, &action, previous + Int(signal))
        }
    }

    static func watch(_ pending: UnsafeMutablePointer<PendingOutput>) {
        if installed { watched = pending }
    }

    static func unwatch(_ pending: UnsafeMutablePointer<PendingOutput>) {
        if installed && watched == pending { watched = nil }
    }

    /// Only async-signal-safe calls: write(2), sigaction(2), raise(3).
    private static func crashed(_ signal: Int32) {
        if let pending = watched {
            var offset = 0
            let (bytes, count) = (pending.pointee.bytes, pending.pointee.count)
            while offset < count {
                let n = write(1, bytes + offset, count - offset)
                if n <= 0 { break }
                offset += n
            }
            pending.pointee.count = 0
        }
        // Hand the signal to whoever had it before (Swift's backtracer, or the default action). A fault
        // happens again when the faulting instruction reruns; a trap or abort is raised again.
        sigaction(signal, previous + Int(signal), nil)
        if signal == SIGTRAP || signal == SIGABRT { raise(signal) }
    }
}
