import ArgumentParser
import TierScopeUI
import TierVM

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "List the demos, or present one: the UI stops at each stage of its story and narrates it.",
        discussion: """
            Without a name, lists the demos in Demos/ with their titles, in the workshop's running order. \
            With one, opens the terminal UI in presenter mode: held at the start, then in slow motion (the \
            demo's own speed), stopping by itself at each stage of the demo's story, with a banner that says \
            what the stage shows. Space goes on to the next stage; P hides and shows the banner. The layout \
            reads at 80x24, for a projector.
            """
    )

    @Argument(help: "The demo to present (as `tierscope demo` lists them).")
    var name: String?

    @OptionGroup var tiers: TierOptions

    @Option(
        help: ArgumentHelp(
            "Colour theme: \(ThemeCatalog.builtinNames.joined(separator: ", ")), or a theme file's path.",
            valueName: "name|path"))
    var theme: String?

    @Option(
        help: ArgumentHelp(
            "Slow motion between stages (40ms, 25/s, 200i/s, full); the demo's own speed by default.",
            valueName: "speed"),
        transform: { text in
            guard let speed = SpeedText.parse(text) else {
                throw ValidationError("--speed wants a wait per event such as 40ms or 1s, a rate such as 25/s, or full")
            }
            return speed
        })
    var speed: Speed?

    @Option(
        help: ArgumentHelp(
            "When the UI closes, write its last screen to this file (ANSI colours for a .ans file).",
            valueName: "file"))
    var snapshot: String?

    @Option(
        help: ArgumentHelp(
            "Record the run for `tierscope replay` (r records the new run over it).", valueName: "file.tsrec"))
    var record: String?

    func run() throws {
        let catalog: DemoCatalog
        let demo: DemoCatalog.Demo
        do throws(DemoCatalog.Failure) {
            catalog = try DemoCatalog.locate()
            guard let name else {
                FileOutput.standardOutput.write(catalog.listing)
                return
            }
            demo = try catalog.demo(named: name)
        } catch {
            FileOutput.standardError.write("\(error)\n")
            throw ExitCode(2)
        }
        let source = readProgram(demo.path)
        let header: DemoHeader
        do throws(DemoHeader.Problem) {
            header = try DemoHeader(source: source)
        } catch {
            FileOutput.standardError.write("tierscope: \(demo.path): \(error)\n")
            throw ExitCode(2)
        }
        var options = App.Options()
        options.engine = tiers.engineOptions
        options.theme = theme
        options.startPaused = true
        options.speed = speed ?? header.speed ?? .full
        options.snapshotPath = snapshot
        options.recordPath = record
        options.presenter = Presenter(name: demo.name, header: header)
        let status = App.run(source: source, path: demo.path, options: options)
        if status != 0 { throw ExitCode(status) }
    }
}
