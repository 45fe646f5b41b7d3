import Testing

@testable import TierVM

/// Every program in the corpus and every demo must print exactly what python3 (3.11) printed for it, end
/// with the same last line on stderr and the same exit status, in every tier configuration.
@Suite("Differential: tierscope against python3")
struct DifferentialTests {
    static let corpus = Repository.programs(in: "Tests/Programs")
    static let demos = Repository.programs(in: "Demos")

    @Test("the corpus is big enough to mean something")
    func corpusSize() {
        #expect(Self.corpus.count >= 60)
        #expect(Self.demos.contains("sum_squares.py"))
    }

    @Test("corpus program matches python3", arguments: corpus, TierConfiguration.allCases)
    func corpusProgram(_ program: String, _ configuration: TierConfiguration) {
        let source = Repository.text("Tests/Programs/\(program)")
        let outcome = run(source, path: program, options: configuration.options)
        #expect(outcome == expectedOutcome(directory: "Tests/Programs", program: program))
    }

    @Test("demo matches python3", arguments: demos, TierConfiguration.allCases)
    func demo(_ program: String, _ configuration: TierConfiguration) {
        let source = Repository.text("Demos/\(program)")
        let outcome = run(source, path: program, options: configuration.options)
        #expect(outcome == expectedOutcome(directory: "Demos", program: program))
    }
}
