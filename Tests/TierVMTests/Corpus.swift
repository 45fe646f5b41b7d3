import Foundation
import Testing

@testable import TierVM

/// The repository's files, found from this source file's location.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// The `.py` programs of a corpus directory, by file name.
    static func programs(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(directory).path)) ?? []
        return names.filter { $0.hasSuffix(".py") && $0 != "regenerate.py" }.sorted()
    }

    static func text(_ relative: String) -> String {
        (try? String(contentsOf: url(relative), encoding: .utf8)) ?? ""
    }
}

/// What a run printed and how it ended: the three things the differential tests compare.
struct Outcome: Equatable, CustomStringConvertible {
    var stdout: String
    var exitStatus: Int32
    /// The last non-empty line of stderr.
    var lastErrorLine: String

    var description: String {
        "exit \(exitStatus), stderr ending \"\(lastErrorLine)\", stdout:\n\(stdout)"
    }
}

/// Collects program output from the engine's thread.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func append(_ chunk: [UInt8]) {
        lock.lock()
        bytes += chunk
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Runs source text through the whole engine, as `tierscope run` does.
func run(_ source: String, path: String = "test.py", options: EngineOptions = EngineOptions()) -> Outcome {
    let output = OutputCollector()
    let result = Engine.run(source: source, path: path, options: options) { output.append($0) }
    let lines = (result.errorReport ?? "").split(separator: "\n").filter {
        !$0.trimmingCharacters(in: .whitespaces).isEmpty
    }
    return Outcome(stdout: output.text, exitStatus: result.exitStatus, lastErrorLine: lines.last.map(String.init) ?? "")
}

/// What python3 printed for a corpus program, from its committed expectation files.
func expectedOutcome(directory: String, program: String) -> Outcome {
    let stem = String(program.dropLast(3))
    let stdout = Repository.text("\(directory)/expected/\(stem).stdout")
    let status = Repository.text("\(directory)/expected/\(stem).status").split(
        separator: "\n", omittingEmptySubsequences: false)
    return Outcome(
        stdout: stdout, exitStatus: Int32(status.first ?? "") ?? -1,
        lastErrorLine: status.count > 1 ? String(status[1]) : "")
}

/// The tier configurations every program must agree with python3 under.
enum TierConfiguration: String, CaseIterable, CustomTestStringConvertible {
    case interpreterOnly
    case specializing
    case traces
    case unoptimizedTraces
    case jit
    case minimumThresholds

    var options: EngineOptions {
        var options = EngineOptions()
        switch self {
        case .interpreterOnly: options.maxTier = .interpreter
        case .specializing: options.maxTier = .specialized
        case .traces: options.maxTier = .traces
        case .unoptimizedTraces:
            options.maxTier = .traces
            options.optimize = false
        case .jit: options.maxTier = .jit
        case .minimumThresholds:
            options.specializeAfter = 1
            options.traceAfter = 1
            options.sideTraceAfter = 1
        }
        return options
    }

    var testDescription: String { rawValue }
}
