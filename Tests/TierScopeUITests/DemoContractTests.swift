import Foundation
import Testing
import TierScopeUI
import TierVM

/// Every demo states, in its `# tierscope:` header, the events its story needs and the speed it is
/// watched at; these tests run each demo as `tierscope Demos/NAME.py` would (default tiers) and fail
/// when the story does not happen, so that no demo promises what its run does not show.
@Suite("Demo contracts")
struct DemoContractTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Demos")
    static let demos: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".py") }.sorted()
    }()

    /// Every event of a run, in order.
    final class Log: SynchronousSubscriber, @unchecked Sendable {
        var events: [Event] = []
        func receive(_ event: Event) { events.append(event) }
    }

    static func run(_ name: String) throws -> (DemoHeader, [Event]) {
        let source = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let header = try DemoHeader(source: source)
        let bus = EventBus()
        let log = Log()
        bus.subscribe(log)
        _ = Engine.run(source: source, path: name, bus: bus, output: { _ in })
        return (header, log.events)
    }

    @Test("there is a demo for each phenomenon the workshop shows")
    func found() {
        #expect(Self.demos.count >= 12)
        for name in [
            "specialize_families", "int_turns_float", "sum_squares", "function_trace", "trace_abort",
            "guard_elimination", "loop_peeling", "constant_folding", "side_exit", "global_rebinding", "class_mutation",
            "int_overflow", "native_loop",
        ] {
            #expect(Self.demos.contains(name + ".py"), "no demo \(name)")
        }
    }

    @Test("each demo's story happens, in order, at the default tiers", arguments: demos)
    func story(_ name: String) throws {
        let (header, events) = try Self.run(name)
        #expect(header.title != nil, "\(name) has no title line")
        #expect(!header.expectations.isEmpty, "\(name) states no events its story needs")
        #expect(!header.stages.isEmpty, "\(name) has no stages for a presenter to stop at")
        let unmet = header.unmet(by: events)
        #expect(unmet.isEmpty, "\(name): the run never shows \(unmet.map(\.description).joined(separator: "; "))")
    }

    @Test("each demo's speed lets its story unfold in 10 to 30 seconds", arguments: demos)
    func pace(_ name: String) throws {
        let (header, events) = try Self.run(name)
        let speed = try #require(header.speed, "\(name) names no speed")
        let seconds = Double(speed.eventDelay) * Double(events.count) / 1e9
        #expect((10...30).contains(seconds), "\(name): \(events.count) events at its speed take \(seconds) s")
    }

    @Test("a header reads its title, speed, expectations and stages, and stops at the first line of code")
    func parsing() throws {
        let header = try DemoHeader(
            source: """
                # demo: a title for the list
                # tierscope: speed 25/s
                # tierscope: expect traceAborted count_vowels no specialised form
                # tierscope: stage jitCompiled trace 0
                #   The JIT compiles the trace:
                #   stencils, patched.
                #
                # Prose after it is not narration.
                x = 1
                # tierscope: expect sideExit
                """)
        #expect(header.title == "a title for the list")
        #expect(header.speed == Speed(eventDelay: 40_000_000))
        #expect(
            header.expectations == [
                .init(kind: .traceAborted, text: "count_vowels no specialised form"),
                .init(kind: .jitCompiled, text: "trace 0", narration: "The JIT compiles the trace: stencils, patched."),
            ])
        #expect(header.stages.map(\.kind) == [.jitCompiled])
    }

    @Test("a header line it cannot read is an error that names the line")
    func problems() {
        #expect(throws: DemoHeader.Problem(line: 2, message: "speed wants one value such as 40ms, 25/s or 200i/s")) {
            try DemoHeader(source: "# t: title\n# tierscope: speed fast\n")
        }
        #expect(throws: DemoHeader.Problem(line: 1, message: "expect wants an event kind, such as traceAborted")) {
            try DemoHeader(source: "# tierscope: expect traceExploded\n")
        }
        #expect(
            throws: DemoHeader.Problem(
                line: 2, message: "a stage wants its narration on indented comment lines below it")
        ) {
            try DemoHeader(source: "# t: title\n# tierscope: stage jitCompiled\n# prose\n")
        }
    }

    @Test("expectations are met in order, each by the words of an event's line in order")
    func ordering() throws {
        let header = try DemoHeader(
            source: "# tierscope: expect programOutput alpha\n# tierscope: expect programOutput beta\n")
        func output(_ sequence: UInt64, _ text: String) -> Event {
            Event(sequence: sequence, timestamp: 0, kind: .programOutput(ProgramOutput(text: text)))
        }
        #expect(header.unmet(by: [output(1, "alpha"), output(2, "beta")]).isEmpty)
        #expect(header.unmet(by: [output(1, "beta"), output(2, "alpha")]).count == 1)
        #expect(header.unmet(by: []).count == 2)
    }

    @Test("speeds read as waits per event, rates, or full")
    func speeds() {
        #expect(SpeedText.parse("40ms") == Speed(eventDelay: 40_000_000))
        #expect(SpeedText.parse("1.5s") == Speed(eventDelay: 1_500_000_000))
        #expect(SpeedText.parse("25/s") == Speed(eventDelay: 40_000_000))
        #expect(SpeedText.parse("200i/s") == Speed(instructionDelay: 5_000_000))
        #expect(SpeedText.parse("full") == .full)
        #expect(SpeedText.parse("fast") == nil)
        #expect(SpeedText.parse("0/s") == nil)
        #expect(SpeedText.describe(40_000_000) == "40 ms/event")
        #expect(SpeedText.describe(1_500_000_000) == "1.5 s/event")
        #expect(SpeedText.describe(2_500_000) == "2.5 ms/event")
        #expect(SpeedText.describe(instructionDelay: 5_000_000) == "200 instr/s")
    }
}
