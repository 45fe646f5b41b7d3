import Testing

@testable import TierVM

/// `tierscope run` and the UI start a program through different doors (`Engine.run`, `Engine.launch`);
/// a recording or a log must not depend on which one was used.
@Suite("One run loop")
struct RunLoopTests {
    static let programs: [(name: String, source: String)] = [
        (
            "prints",
            """
            def sum_squares(n):
                total = 0
                for i in range(n):
                    total += i * i
                return total

            print(sum_squares(300))

            """
        ),
        (
            "runtime error",
            """
            def ratio(n):
                total = 0
                for i in range(n):
                    total += i
                return total // (n - n)

            print("before")
            print(ratio(100))

            """
        ),
        ("syntax error", "x = (1,\n"),
    ]

    /// An event without what depends on the clock (timestamps, durations): its kind, and what the output,
    /// the error and the end say.
    static func shape(_ event: Event) -> String {
        switch event.kind {
        case .programOutput(let output): "programOutput \(output.text.debugDescription)"
        case .error(let error):
            "error \(error.phase) \(error.type): \(error.message) at \(error.traceback.map(\.line))"
        case .programFinished(let end): "programFinished \(end.exitStatus) cancelled: \(end.cancelled)"
        default: event.kind.name
        }
    }

    static func throughRun(_ source: String) -> (events: [String], result: RunResult) {
        let bus = EventBus()
        let events = EventCollector()
        bus.subscribe(events)
        let result = Engine.run(source: source, path: "same.py", bus: bus) { _ in }
        return (events.all.map(shape), result)
    }

    static func throughLaunch(_ source: String) throws -> (events: [String], status: Int32, report: String?) {
        let bus = EventBus()
        let events = EventCollector()
        bus.subscribe(events)
        switch Engine.launch(source: source, path: "same.py", bus: bus, output: { _ in }) {
        case .success(let run):
            let result = try #require(run.waitUntilFinished())
            return (events.all.map(shape), result.exitStatus, result.errorReport)
        case .failure(let failure):
            return (events.all.map(shape), 1, failure.report)
        }
    }

    @Test(
        "run and launch publish the same events in the same order, and end the same way",
        arguments: programs.map(\.name))
    func sameEvents(_ name: String) throws {
        let source = try #require(Self.programs.first { $0.name == name }).source
        let run = Self.throughRun(source)
        let launched = try Self.throughLaunch(source)
        #expect(launched.events == run.events)
        #expect(launched.status == run.result.exitStatus)
        #expect(launched.report == run.result.errorReport)
        // Both doors tell the whole story: what was compiled (or why not), and how the run ended.
        let first = try #require(run.events.first)
        #expect(first.hasPrefix(name == "syntax error" ? "error compile" : "functionCompiled"))
        #expect(run.events.last?.hasPrefix("programFinished \(run.result.exitStatus)") == true)
        #expect(run.events.contains { $0.hasPrefix("error") } == (run.result.exitStatus != 0))
        if name == "prints" { #expect(run.events.contains("traceRecorded")) }
    }
}
