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

    @Flag(help: "Start held before the first instruction, to step from the very beginning.")
    var paused = false

    @OptionGroup var screen: ScreenOptions
    @OptionGroup var live: LiveOptions

    func run() throws {
        let source = readProgram(file)
        var options = App.Options()
        options.engine = tiers.engineOptions
        options.startPaused = paused
        screen.apply(to: &options)
        live.apply(to: &options, header: try? DemoHeader(source: source))
        let status = App.run(source: source, path: file, options: options)
        if status != 0 { throw ExitCode(status) }
    }
}
