import ArgumentParser
import TierScopeUI
import TierVM

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the terminal UI on a program and watch the engine run it (the default command).",
        discussion: """
            The program runs on its own thread while the panes show, live, how often each line and \
            instruction runs and in which tier, every specialisation and trace, what the optimiser removed \
            and why, and the program's output. Space pauses; n, b and u step by event, by instruction and \
            by micro-op; ? lists every key; q quits. Needs a terminal of at least 80x24; NO_COLOR is honoured.
            """
    )

    @Argument(help: "The Python program to watch.")
    var file: String

    @OptionGroup var tiers: TierOptions

    @Option(
        help: ArgumentHelp(
            "Colour theme: \(ThemeCatalog.builtinNames.joined(separator: ", ")), or a theme file's path.",
            valueName: "name|path"))
    var theme: String?

    @Flag(help: "Start held before the first instruction, to step from the very beginning.")
    var paused = false

    @Option(
        help: ArgumentHelp(
            "Slow motion: a wait after every event (40ms, 1s), events per second (25/s), bytecode "
                + "instructions per second (200i/s), or full. "
                + "Default: the speed the program's `# tierscope: speed` line names (each demo has one), "
                + "else full.",
            valueName: "speed"),
        transform: { text in
            guard let speed = SpeedText.parse(text) else {
                throw ValidationError(
                    "--speed wants a wait per event such as 40ms or 1s, a rate such as 25/s or 200i/s, or full")
            }
            return speed
        })
    var speed: Speed?

    @Option(
        help: ArgumentHelp(
            "When the UI closes, write its last screen to this file: plain text, or with ANSI colours for "
                + "a .ans file.", valueName: "file"))
    var snapshot: String?

    @Option(
        help: ArgumentHelp(
            "Record the run for `tierscope replay` (r records the new run over it).", valueName: "file.tsrec"))
    var record: String?

    func run() throws {
        let source = readProgram(file)
        var options = App.Options()
        options.engine = tiers.engineOptions
        options.theme = theme
        options.startPaused = paused
        options.speed = speed ?? (try? DemoHeader(source: source))?.speed ?? .full
        options.snapshotPath = snapshot
        options.recordPath = record
        let status = App.run(source: source, path: file, options: options)
        if status != 0 { throw ExitCode(status) }
    }
}
