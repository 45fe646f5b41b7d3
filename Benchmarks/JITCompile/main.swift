// Measures how long the JIT takes to compile a trace: every trace of the given programs (by default
// the corpus and the Demos), each run at the default thresholds and with every threshold at 1, with
// nobody watching, as a plain `tierscope run` pays it. Compile time is placing, patching and
// protecting the code; the listing events carry is gathered afterwards and not counted.
// Run it in release: swift run -c release jit-benchmark [FILE.py ...]
import TierVM

#if canImport(Glibc)
import Glibc
#endif

/// The `.py` files directly under `directory`, sorted.
func programs(in directory: String) -> [String] {
    guard let stream = opendir(directory) else { return [] }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasSuffix(".py") && name != "regenerate.py" { names.append(directory + "/" + name) }
    }
    return names.sorted()
}

/// Collects what a finished run's traces took to compile.
final class Samples: @unchecked Sendable {
    var nanoseconds: [UInt64] = []
}

let arguments = Array(CommandLine.arguments.dropFirst())
let files = arguments.isEmpty ? programs(in: "Tests/Programs") + programs(in: "Demos") : arguments
var minimum = EngineOptions()
minimum.specializeAfter = 1
minimum.traceAfter = 1
minimum.sideTraceAfter = 1
let samples = Samples()
for path in files {
    guard case .success(let bytes) = FileInput.bytes(atPath: path),
        case .success(let source) = Engine.decode(bytes, path: path)
    else {
        print("cannot read \(path)")
        exit(1)
    }
    for options in [EngineOptions(), minimum] {
        _ = Engine.run(source: source, path: path, options: options, output: { _ in }) { finished in
            samples.nanoseconds += finished.traces.compactMap(\.compileNanoseconds)
        }
    }
}
let sorted = samples.nanoseconds.sorted()
guard !sorted.isEmpty else {
    print("no trace was compiled")
    exit(1)
}
/// The value at fraction `q` of the sorted samples, in microseconds with one decimal.
func microseconds(at q: Double) -> String {
    let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
    let tenths = (Double(value) / 100).rounded()
    return "\(Int(tenths) / 10).\(Int(tenths) % 10) µs"
}
print(
    "\(sorted.count) traces compiled from \(files.count) programs: median \(microseconds(at: 0.5)), "
        + "p90 \(microseconds(at: 0.9)), p99 \(microseconds(at: 0.99)), max \(microseconds(at: 1))")
