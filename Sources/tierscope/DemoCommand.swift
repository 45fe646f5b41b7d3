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

    @OptionGroup var screen: ScreenOptions
    @OptionGroup var live: LiveOptions

    func run() throws {
        let catalog: DemoCatalog
        let demo: DemoCatalog.Demo
        do throws(DemoCatalog.Failure) {
            catalog = try DemoCatalog.locate()
            guard let name else {
                FileOutput.standardOutput.write(catalog.listing())
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
        options.startPaused = true
        screen.apply(to: &options)
        live.apply(to: &options, header: header)
        options.presenter = Presenter(name: demo.name, header: header)
        let status = App.run(source: source, path: demo.path, options: options)
        if status != 0 { throw ExitCode(status) }
    }
}
