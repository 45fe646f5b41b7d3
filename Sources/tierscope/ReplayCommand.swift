import ArgumentParser
import TierScopeUI
import TierVM

#if canImport(Glibc)
import Glibc
#endif

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open a recorded run (.tsrec) in the panes, with time travel; or print its events.",
        discussion: """
            In a terminal, the recording opens in the live UI's panes with a cursor: the arrows step one \
            event back or forward, [ and ] jump between a demo's stages (or trace recordings), Home and End \
            go to either end, space plays, and every pane shows the run as it was at the cursor. With \
            --text (or when stdout is not a terminal) it prints the events as --events would have. A \
            corrupt, truncated, empty or newer-version recording is reported with what is wrong.
            """
    )

    @Argument(help: "The recording to read.")
    var file: String

    @Flag(help: "Print the events as text, even in a terminal.")
    var text = false

    @Option(help: ArgumentHelp("Print the events: `text` or `jsonl`.", valueName: "format"))
    var events: EventLogFormat?

    @Option(
        help: ArgumentHelp("The event to open at: a number, `start` or `end`.", valueName: "event"),
        transform: { text in
            switch text {
            case "start": return App.ReplayStart.beginning
            case "end": return App.ReplayStart.end
            default:
                guard let sequence = Int(text), sequence >= 0 else {
                    throw ValidationError("--at wants an event number, start or end")
                }
                return App.ReplayStart.event(sequence)
            }
        })
    var at: App.ReplayStart = .beginning

    @OptionGroup var screen: ScreenOptions

    func run() throws {
        if !text && events == nil && isatty(0) == 1 && isatty(1) == 1 {
            var options = App.Options()
            screen.apply(to: &options)
            let status = App.replay(path: file, options: options, at: at)
            if status != 0 { throw ExitCode(status) }
            return
        }
        let recording: Recording
        do {
            recording = try Recording.read(path: file)
        } catch {
            FileOutput.standardError.write("tierscope: \(error)\n")
            throw ExitCode(1)
        }
        let header = recording.header
        FileOutput.standardOutput.write(
            "recording of \(header.program.path) by tierscope \(header.tierscope), \(recording.events.count) events"
                + (recording.isComplete ? "" : " (the run did not finish)") + "\n")
        let writer = EventLogWriter(format: events ?? .text, output: .standardOutput)
        for event in recording.events { writer.receive(event) }
    }
}
