import ArgumentParser
import MachineCode
import Synchronization
import TierScopeUI
import TierVM

#if canImport(Glibc)
import Glibc
#endif

/// The `tierscope` command line.
struct Tierscope: ParsableCommand {
    /// `--events` without a format means `--events=text`; ArgumentParser has no options whose value
    /// is optional.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        for i in arguments.indices where arguments[i] == "--events" {
            let next = i + 1 < arguments.count ? arguments[i + 1] : ""
            if EventLogFormat(rawValue: next) == nil { arguments[i] = "--events=text" }
        }
        main(arguments)
    }

    static let configuration = CommandConfiguration(
        commandName: "tierscope",
        abstract: "Watch a tiered Python VM run your program.",
        discussion: """
            tierscope runs a program written in a subset of Python on its own tiered virtual machine \
            (bytecode interpreter, specialising interpreter, micro-op traces, a copy-and-patch JIT) and \
            shows what the engine does with it.
            """,
        subcommands: [Watch.self, Run.self, Disassemble.self, Replay.self, DemoCommand.self, TerminalCheck.self],
        defaultSubcommand: Watch.self
    )
}

/// Options that choose which tiers run and when they take over. Each default is the engine's own
/// (`EngineOptions()`), so `--help` shows what a run without the flag does.
struct TierOptions: ParsableArguments {
    private static let defaults = EngineOptions()

    @Option(name: .customLong("max-tier"), help: ArgumentHelp("The highest tier to use.", valueName: "tier"))
    var maxTier: EngineOptions.MaxTier = TierOptions.defaults.maxTier

    @Option(help: ArgumentHelp("Type-stable executions before an instruction is specialised (Tier 1).", valueName: "n"))
    var specializeAfter: Int = TierOptions.defaults.specializeAfter

    @Option(help: ArgumentHelp("Loop iterations or calls before a trace is recorded (Tier 2).", valueName: "n"))
    var traceAfter: Int = TierOptions.defaults.traceAfter

    @Option(help: ArgumentHelp("Exits through a side exit before a side trace grows there.", valueName: "n"))
    var sideTraceAfter: Int = TierOptions.defaults.sideTraceAfter

    @Flag(name: .customLong("no-opt"), help: "Run traces without the optimiser passes.")
    var noOptimization = false

    @Flag(name: .customLong("no-jit"), help: "Run traces in the micro-op interpreter (as --max-tier 2).")
    var noJIT = false

    @Flag(name: .customLong("perf-map"), help: "Write /tmp/perf-PID.map naming the JIT's code for perf report.")
    var perfMap = false

    @Option(
        name: .customLong("jit-memory"),
        help: ArgumentHelp("Bytes of native code the JIT may keep before evicting the coldest.", valueName: "bytes"))
    var jitMemory: Int = TierOptions.defaults.jitMemoryLimit

    @Option(
        help: ArgumentHelp(
            "Run only these optimiser passes, comma-separated, from: \(EngineOptions.passNames.joined(separator: ", ")).",
            valueName: "pass,..."),
        transform: {
            $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0).filter { !$0.isWhitespace } }
        })
    var passes: [String]?

    func validate() throws {
        for (name, value) in [
            ("specialize-after", specializeAfter), ("trace-after", traceAfter), ("side-trace-after", sideTraceAfter),
            ("jit-memory", jitMemory),
        ] where value < 0 {
            throw ValidationError("--\(name) must not be negative")
        }
        for pass in passes ?? [] where !EngineOptions.passNames.contains(pass) {
            throw ValidationError(
                "--passes: there is no pass '\(pass)'; choose from \(EngineOptions.passNames.joined(separator: ", "))")
        }
        if noOptimization && passes != nil {
            throw ValidationError("--no-opt and --passes contradict each other; use one")
        }
    }

    var engineOptions: EngineOptions {
        var options = EngineOptions()
        options.maxTier = noJIT && maxTier == .jit ? .traces : maxTier
        options.perfMap = perfMap
        options.jitMemoryLimit = jitMemory
        options.specializeAfter = specializeAfter
        options.traceAfter = traceAfter
        options.sideTraceAfter = sideTraceAfter
        if noOptimization { options.optimize = false }
        if let passes { options.passes = passes }
        return options
    }
}

extension EngineOptions.MaxTier: ExpressibleByArgument {}

/// Reads a program file, or exits with status 2 as python3 does when it cannot.
func readProgram(_ path: String) -> String {
    let bytes: [UInt8]
    switch FileInput.bytes(atPath: path) {
    case .success(let read): bytes = read
    case .failure(let failure):
        FileOutput.standardError.write(
            "tierscope: can't open file '\(path)': [Errno \(failure.errno)] \(failure.reason)\n")
        exit(2)
    }
    switch Engine.decode(bytes, path: path) {
    case .success(let text):
        return text
    case .failure(let error):
        FileOutput.standardError.write(error.summary + "\n")
        exit(1)
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a program and print its output, as python3 would.",
        discussion:
            "Program output goes to stdout; tracebacks and syntax errors to stderr. The exit status is python3's."
    )

    @Argument(help: "The Python program to run.")
    var file: String

    @OptionGroup var tiers: TierOptions

    @Option(
        help: ArgumentHelp(
            "Print every engine event on stderr, one line each (`--events`), or as JSON Lines (`--events=jsonl`).",
            valueName: "format"))
    var events: EventLogFormat?

    @Option(help: ArgumentHelp("Record the run, events and program, to a .tsrec file.", valueName: "file"))
    var record: String?

    @Option(
        name: .customLong("trace-json"),
        help: ArgumentHelp(
            "Write the tier timeline as Chrome trace-event JSON, for Perfetto UI or chrome://tracing.",
            valueName: "file"))
    var traceJSON: String?

    func run() throws {
        let source = readProgram(file)
        let bus = EventBus()
        let timeline = traceJSON.map { _ in EventKeeper() }
        if let timeline { bus.subscribe(timeline) }
        var recorder: Recorder? = nil
        if let record {
            do {
                let header = RecordingHeader(options: tiers.engineOptions, path: file, source: source)
                recorder = try Recorder(path: record, header: header)
            } catch {
                FileOutput.standardError.write("tierscope: \(error)\n")
                throw ExitCode(2)
            }
            bus.subscribe(recorder!)
        }
        if let events { bus.subscribe(EventLogWriter(format: events)) }
        // The program's output goes to stdout, so what it printed can be written there even if the
        // engine crashes.
        CrashOutput.install()
        let output: @Sendable ([UInt8]) -> Void = { bytes in FileOutput.standardOutput.write(bytes) }
        var (status, report): (Int32, String?)
        if let recorder {
            // A replay shows the panes as well as the events: the listing and the keyframes only an observed
            // run can give.
            switch Engine.launch(
                source: source, path: file, options: tiers.engineOptions, bus: bus, recorder: recorder, output: output)
            {
            case .success(let live):
                let result = live.waitUntilFinished(timeoutSeconds: 1e9)
                (status, report) = (result?.exitStatus ?? 1, result?.errorReport)
            case .failure(let failure): (status, report) = (1, failure.report)
            }
        } else {
            let result = Engine.run(source: source, path: file, options: tiers.engineOptions, bus: bus, output: output)
            (status, report) = (result.exitStatus, result.errorReport)
        }
        recorder?.flush()
        if let traceJSON, let timeline {
            guard
                FileOutput.replaceContents(ofFile: traceJSON, with: ChromeTrace.json(for: timeline.events, path: file))
            else {
                FileOutput.standardError.write(
                    "tierscope: can't write '\(traceJSON)': \(String(cString: strerror(errno)))\n")
                throw ExitCode(2)
            }
        }
        if let report { FileOutput.standardError.write(report) }
        if status != 0 { throw ExitCode(status) }
    }
}

struct Disassemble: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dis",
        abstract: "List the bytecode of every function in a program, like python3 -m dis."
    )

    @Argument(help: "The Python program to disassemble.")
    var file: String

    @Flag(
        help: """
            Run the program first (its output suppressed) and list the instructions as they ended up: \
            specialised forms, and each inline cache's warm-up, misses and backoff.
            """)
    var adaptive = false

    @Flag(
        help: """
            Run the program first (its output suppressed) and list every trace Tier 2 recorded: each micro-op \
            before optimisation, the ones removed marked with the pass that removed them and why, and the \
            exits with how often each was taken.
            """)
    var traces = false

    @Flag(
        help: """
            Run the program first (its output suppressed) and disassemble the native code of every trace the \
            JIT compiled: each micro-op with its operand, then its x86-64 instructions, patched holes marked.
            """)
    var asm = false

    @Option(
        name: .customLong("compare-passes"),
        help: ArgumentHelp(
            "Given twice, run the program once with each set of optimiser passes (all, none, or some of "
                + "\(EngineOptions.passNames.joined(separator: ",")), comma-separated) and list every trace's "
                + "micro-ops from both side by side.",
            valueName: "passes"))
    var comparePasses: [String] = []

    @OptionGroup var tiers: TierOptions

    func validate() throws {
        guard !comparePasses.isEmpty else { return }
        guard comparePasses.count == 2 else {
            throw ValidationError("--compare-passes wants two sets of passes: --compare-passes A --compare-passes B")
        }
        if tiers.passes != nil || tiers.noOptimization {
            throw ValidationError("--compare-passes chooses the passes itself; leave out --passes and --no-opt")
        }
        for set in comparePasses {
            for pass in PassSet(set).unknown {
                throw ValidationError(
                    "--compare-passes: there is no pass '\(pass)'; choose all, none, or from "
                        + EngineOptions.passNames.joined(separator: ", "))
            }
        }
    }

    func run() throws {
        let source = readProgram(file)
        if comparePasses.count == 2 { return compare(source) }
        if asm { return try disassembleNativeCode(source) }
        guard adaptive || traces else {
            do {
                let program = try Compiler.compile(source: source, filename: file)
                FileOutput.standardOutput.write(Disassembler.listing(of: program))
            } catch {
                FileOutput.standardError.write(error.report(source: SourceText(path: file, text: source)))
                throw ExitCode(1)
            }
            return
        }
        let result = Engine.run(source: source, path: file, options: tiers.engineOptions, output: { _ in }) {
            [adaptive, traces] run in
            if adaptive { FileOutput.standardOutput.write(Disassembler.listing(of: run.program, showCaches: true)) }
            if traces {
                if adaptive { FileOutput.standardOutput.write("\n") }
                FileOutput.standardOutput.write(
                    run.traces.isEmpty
                        ? "No traces: nothing ran hot enough (see --trace-after) or Tier 2 is off (--max-tier).\n"
                        : run.traces.map(\.listing).joined(separator: "\n"))
            }
        }
        if result.exitStatus != 0, let report = result.errorReport {
            FileOutput.standardError.write(
                "the program ended with an error (its listing above shows how far it got):\n" + report)
        }
    }
}

extension Disassemble {
    /// `dis --asm`: runs the program with the JIT on, keeping every `jitCompiled` event, then lists each
    /// compiled trace's code with the trace's snapshot at the end of the run.
    func disassembleNativeCode(_ source: String) throws {
        let options = tiers.engineOptions
        guard options.maxTier == .jit else {
            FileOutput.standardError.write("dis --asm: the JIT is off (--max-tier or --no-jit)\n")
            throw ExitCode(2)
        }
        let bus = EventBus()
        let compiles = CompileCollector()
        bus.subscribe(compiles)
        let result = Engine.run(source: source, path: file, options: options, bus: bus, output: { _ in }) { run in
            let snapshots = Dictionary(run.traces.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let all = compiles.events
            FileOutput.standardOutput.write(
                all.isEmpty
                    ? "No native code: no trace was compiled (see --trace-after).\n"
                    : all.map { MachineCode.listing($0, trace: snapshots[$0.trace]) }.joined(separator: "\n"))
        }
        if result.exitStatus != 0, let report = result.errorReport {
            FileOutput.standardError.write(
                "the program ended with an error (its listing above shows how far it got):\n" + report)
        }
    }
}

extension Disassemble {
    /// `dis --compare-passes A --compare-passes B`: the program run once with each set of passes, every
    /// trace's micro-ops from both side by side.
    func compare(_ source: String) {
        let runs = comparePasses.map { set -> (label: String, traces: [TraceSnapshot]) in
            var options = tiers.engineOptions
            PassSet(set).apply(to: &options)
            nonisolated(unsafe) var traces: [TraceSnapshot] = []
            _ = Engine.run(source: source, path: file, options: options, output: { _ in }) { traces = $0.traces }
            return (set, traces)
        }
        FileOutput.standardOutput.write(
            "A: \(PassSet(runs[0].label).description)\nB: \(PassSet(runs[1].label).description)\n\n"
                + TraceComparison.listing(left: ("A", runs[0].traces), right: ("B", runs[1].traces)))
    }
}

/// A set of optimiser passes as `--compare-passes` takes it: `all`, `none`, or names comma-separated.
struct PassSet: CustomStringConvertible {
    let names: [String]?

    init(_ text: String) {
        switch text {
        case "all": names = nil
        case "none": names = []
        default: names = text.split(separator: ",").map { String($0).filter { !$0.isWhitespace } }
        }
    }

    var unknown: [String] { (names ?? []).filter { !EngineOptions.passNames.contains($0) } }

    func apply(to options: inout EngineOptions) {
        if names?.isEmpty == true {
            options.optimize = false
        } else {
            options.passes = names
        }
    }

    var description: String {
        guard let names else { return "every pass (\(EngineOptions.passNames.joined(separator: ", ")))" }
        return names.isEmpty ? "no passes: traces as recorded" : names.joined(separator: ", ")
    }
}

/// Keeps the `jitCompiled` events of a run.
final class CompileCollector: SynchronousSubscriber, @unchecked Sendable {
    private let compiled = Mutex<[JITCompiled]>([])

    func receive(_ event: Event) {
        guard case .jitCompiled(let e) = event.kind else { return }
        compiled.withLock { $0.append(e) }
    }

    var events: [JITCompiled] { compiled.withLock { $0 } }
}

/// How `--events` prints events.
enum EventLogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}

/// The headless log: a synchronous subscriber that prints each event as it is published.
/// Keeps every event of a run, for an export written once it ends.
final class EventKeeper: SynchronousSubscriber, @unchecked Sendable {
    private let kept = Mutex<[Event]>([])
    func receive(_ event: Event) { kept.withLock { $0.append(event) } }
    var events: [Event] { kept.withLock { $0 } }
}

final class EventLogWriter: SynchronousSubscriber, @unchecked Sendable {
    private let format: EventLogFormat
    private let output: FileOutput

    init(format: EventLogFormat, output: FileOutput = .standardError) {
        self.format = format
        self.output = output
    }

    func receive(_ event: Event) {
        let line = format == .jsonl ? event.jsonLine() : EventLog.line(for: event)
        output.write(line + "\n")
    }
}

Tierscope.main()
