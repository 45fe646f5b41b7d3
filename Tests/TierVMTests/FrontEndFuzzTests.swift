import Dispatch
import Foundation
import Testing

@testable import TierVM

/// Broken input must never crash or hang the engine: thousands of mutated corpus programs each end in
/// normal output or a clean, Python-style error, within a time limit.
@Suite("Robustness: mutated programs")
struct FrontEndFuzzTests {
    /// A small deterministic generator (SplitMix64), so a failure reproduces from its seed.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes that make interesting syntax when inserted.
    static let interesting: [UInt8] =
        Array("()[]{}:,.=+-*/%<>!\"'\\#\n\t 0123456789abcfjrux_@$~^&|;".utf8) + [0xC3, 0xA9, 0xFF, 0x00]

    static func mutate(_ source: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = source
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            let length = min(bytes.count - at, Int.random(in: 1...12, using: &rng))
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes.removeSubrange(at..<at + length)
            case 1: bytes.insert(contentsOf: bytes[at..<at + length], at: at)
            case 2:
                let other = Int.random(in: 0..<bytes.count, using: &rng)
                bytes.swapAt(at, other)
            case 3: bytes.removeSubrange(at...)
            case 4: bytes.insert(interesting.randomElement(using: &rng)!, at: at)
            default: bytes[at] = interesting.randomElement(using: &rng)!
            }
        }
        return bytes
    }

    /// Whether a run ended the way a Python program may end: success, or a last line naming an
    /// exception class (`SyntaxError: ...`, `ZeroDivisionError: ...`, a user's `InsufficientFunds`).
    static func endedCleanly(_ outcome: Outcome) -> Bool {
        switch outcome.exitStatus {
        case 0: return outcome.lastErrorLine.isEmpty
        case 1:
            let name = outcome.lastErrorLine.prefix { $0 != ":" }
            guard let first = name.first, first.isLetter || first == "_" else { return false }
            return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        default: return false
        }
    }

    static let programs = Repository.programs(in: "Tests/Programs").map {
        Array(Repository.text("Tests/Programs/\($0)").utf8)
    }

    /// Runs one input with a budget, on a thread the test can stop waiting for.
    static func runGuarded(_ bytes: [UInt8], configuration: TierConfiguration) -> Outcome? {
        let done = DispatchSemaphore(value: 0)
        let box = OutcomeBox()
        DispatchQueue.global().async {
            var options = configuration.options
            options.fuel = 20_000
            options.maximumItems = 1 << 20
            options.collectionThreshold = 1 << 20
            switch Engine.decode(bytes, path: "mutant.py") {
            case .success(let source):
                box.outcome = run(source, path: "mutant.py", options: options)
            case .failure(let error):
                box.outcome = Outcome(stdout: "", exitStatus: 1, lastErrorLine: error.summary)
            }
            done.signal()
        }
        guard done.wait(timeout: .now() + .seconds(10)) == .success else { return nil }
        return box.outcome
    }

    final class OutcomeBox: @unchecked Sendable {
        var outcome: Outcome?
    }

    /// Eight batches of 1,250; set TIERSCOPE_FUZZ_BATCHES for a longer hunt.
    static let batches = Int(ProcessInfo.processInfo.environment["TIERSCOPE_FUZZ_BATCHES"] ?? "") ?? 8

    @Test("10,000 mutated programs end cleanly", arguments: 0..<batches)
    func mutatedPrograms(batch: Int) {
        var rng = SplitMix64(state: 0x7153_C09E + UInt64(batch))
        var outcomes: [Int32: Int] = [:]
        for i in 0..<1250 {
            let original = Self.programs[Int.random(in: 0..<Self.programs.count, using: &rng)]
            let mutant = Self.mutate(original, &rng)
            // Alternate batches run everything specialised at once, so guards and reverts meet odd input.
            let configuration: TierConfiguration = batch % 2 == 0 ? .jit : .minimumThresholds
            guard let outcome = Self.runGuarded(mutant, configuration: configuration) else {
                Issue.record(
                    "batch \(batch) input \(i) did not finish within 10 s:\n\(String(decoding: mutant, as: UTF8.self))")
                return
            }
            outcomes[outcome.exitStatus, default: 0] += 1
            #expect(Self.endedCleanly(outcome), "batch \(batch) input \(i) ended badly: \(outcome)")
        }
        // The mutations must reach past the front end, or the test proves little about the VM.
        #expect(outcomes[0, default: 0] > 50)
        #expect(outcomes[1, default: 0] > 500)
    }
}
