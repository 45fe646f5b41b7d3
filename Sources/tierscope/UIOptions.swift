import ArgumentParser
import TierScopeUI
import TierVM

/// What every command that opens the terminal UI takes: its theme, and where to leave its last screen.
struct ScreenOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Colour theme: \(ThemeCatalog.builtinNames.joined(separator: ", ")), or a theme file's path.",
            valueName: "name|path"))
    var theme: String?

    @Option(
        help: ArgumentHelp(
            "When the UI closes, write its last screen to this file: plain text, or with ANSI colours for "
                + "a .ans file.", valueName: "file"))
    var snapshot: String?

    func apply(to options: inout App.Options) {
        options.theme = theme
        options.snapshotPath = snapshot
    }
}

/// What the commands that run a program in the UI take besides: how fast it goes, and where to record it.
struct LiveOptions: ParsableArguments {
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
            "Record the run for `tierscope replay` (r records the new run over it).", valueName: "file.tsrec"))
    var record: String?

    /// Sets the speed (the program's own, from its header, unless one was asked for) and the recording.
    func apply(to options: inout App.Options, header: DemoHeader?) {
        options.speed = speed ?? header?.speed ?? .full
        options.recordPath = record
    }
}
