import CTierCore
import Testing

@testable import TierVM

/// The one warm-up and backoff counter that Tier 1's specialiser and the Tier 2 driver share, and the
/// dispatch of specialised instructions through the expansion table.
@Suite("Inline cache counters and table dispatch")
struct InlineCacheCounterTests {
    @Test("backoff doubles from 32 executions and stays at its tier's maximum")
    func backoffDoublesToTheMaximum() {
        var cache = ts_cache()
        let tier1 = (0..<10).map { _ in
            InlineCacheCounter.backOff(&cache, maximumExponent: Specializer.backoffExponent)
        }
        #expect(tier1 == [32, 64, 128, 256, 512, 1024, 2048, 4096, 4096, 4096])
        cache = ts_cache()
        let tier2 = (0..<12).map { _ in InlineCacheCounter.backOff(&cache, maximumExponent: Tier2.backoffExponent) }
        #expect(tier2 == [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 32768])
    }

    @Test("a backing-off counter waits out its backoff, then warms up again from the start")
    func waitThenWarmUp() {
        var cache = ts_cache()
        let signature: UInt32 = 0x8000_0042
        #expect(!InlineCacheCounter.warmUp(&cache, signature, threshold: 3))
        #expect(!InlineCacheCounter.warmUp(&cache, signature, threshold: 3))
        #expect(InlineCacheCounter.warmUp(&cache, signature, threshold: 3))
        let wait = InlineCacheCounter.backOff(&cache, maximumExponent: Specializer.backoffExponent)
        for _ in 0..<(Int(wait) - 1) { #expect(!InlineCacheCounter.warmUp(&cache, signature, threshold: 3)) }
        // The last execution of the wait is the first of the new warm-up.
        #expect(!InlineCacheCounter.warmUp(&cache, signature, threshold: 3))
        #expect(!InlineCacheCounter.warmUp(&cache, signature, threshold: 3))
        #expect(InlineCacheCounter.warmUp(&cache, signature, threshold: 3))
    }

    @Test("a reverted instruction waits the shared backoff: 32, then 64 executions")
    func despecializationWaitsTheBackoff() {
        // Each call's `+` sees ints 20 times, then floats 20 times: specialise, miss 16 times, revert.
        let source = """
            def f(a, b):
                return a + b

            for round in range(3):
                for i in range(20):
                    f(i, 1)
                for i in range(20):
                    f(i + 0.5, 1.5)

            """
        let (_, events, _) = SpecializationTests.runAdaptive(source)
        let waits = events.compactMap { event -> Int? in
            guard case .instructionDespecialized(let e) = event.kind, e.site.code.name == "f" else { return nil }
            return e.retryAfter
        }
        #expect(Array(waits.prefix(2)) == [32, 64])
    }

    @Test("a specialised built-in call that raises reports the built-in's error, not a miss")
    func specializedCallRaises() {
        let source = """
            def f(x):
                return abs(x)

            for i in range(20):
                f(-i)
            f("text")

            """
        let (_, events, program) = SpecializationTests.runAdaptive(source)
        #expect(SpecializationTests.opcodes(program, in: "f").contains(.CALL_BUILTIN_FAST))
        let misses = events.filter {
            if case .instructionDespecialized = $0.kind { true } else { false }
        }
        #expect(misses.isEmpty)
        let failure = events.compactMap { event -> String? in
            guard case .error(let e) = event.kind else { return nil }
            let inF = e.traceback.contains { $0.function == "f" }
            return "\(e.type): \(e.message)\(inF ? " in f" : "")"
        }
        #expect(failure == ["TypeError: bad operand type for abs(): 'str' in f"])
    }
}
