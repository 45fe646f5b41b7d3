import Glibc

/// `/tmp/perf-PID.map`, the file `perf report` reads to name code it found in no binary: one line per
/// compiled trace, `START SIZE NAME` in hex, appended as each is placed.
final class PerfMap {
    private let file: UnsafeMutablePointer<FILE>?

    init() {
        file = fopen("/tmp/perf-\(getpid()).map", "a")
    }

    deinit {
        if let file { fclose(file) }
    }

    func name(_ code: TraceCompiler.Compiled, _ name: String) {
        guard let file else { return }
        let start = String(UInt(bitPattern: code.address), radix: 16)
        fputs("\(start) \(String(code.size, radix: 16)) \(name)\n", file)
        fflush(file)
    }
}
