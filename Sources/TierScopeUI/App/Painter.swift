import TierVM

/// Puts a session's frames on the terminal, live or replayed: each theme brought down to the
/// terminal's colours once, when first shown, and the last frame kept for snapshots (`S`, `--snapshot`).
final class Painter {
    let terminal: any TerminalScreen
    let themes: [LoadedTheme]
    private var themesForTerminal: [Int: Theme] = [:]
    private(set) var lastFrame: Canvas?
    /// Snapshots `S` has written in this session, to name the next one.
    private var snapshotsWritten = 0

    init(terminal: any TerminalScreen, themes: [LoadedTheme]) {
        self.terminal = terminal
        self.themes = themes
    }

    /// The UI's loop, live or replayed: each frame takes in what changed (`advance`) and is drawn;
    /// keys are answered as they come, the frame redrawn after each and at least every frame, until
    /// `done` or an interrupt.
    func loop(
        framesPerSecond: Int, advance: () -> Void, draw: () -> Void, handle: (Key) -> Void, done: () -> Bool
    ) {
        let frame = UInt64(1_000_000_000 / max(1, framesPerSecond))
        while !done() {
            let started = MonotonicClock.now()
            advance()
            if terminal.interruptRequested { return }
            draw()
            var remaining = Int((frame - min(frame, MonotonicClock.now() - started)) / 1_000_000)
            while let key = terminal.nextKey(timeoutMilliseconds: max(0, remaining)) {
                handle(key)
                if done() || terminal.interruptRequested { return }
                remaining = 0
            }
        }
    }

    /// Draws the frame for `model` and `state`, keeping in `state` where each pane went and scrolled to.
    func draw(model: RunModel, state: inout AppState) {
        let index = state.themeIndex % themes.count
        let theme = themesForTerminal[index] ?? themes[index].theme(for: terminal.colorDepth)
        themesForTerminal[index] = theme
        let (canvas, drawn) = Screen.render(
            width: terminal.width, height: terminal.height, model: model, state: state, theme: theme)
        state.scroll = drawn.scroll
        state.paneRects = drawn.paneRects
        terminal.draw(canvas)
        lastFrame = canvas
    }

    /// Writes the last frame, in colour, to `tierscope-PROGRAM-N.ans` in the current directory (`cat`
    /// shows it), and says where it went or that it could not be written.
    func writeSnapshot(program path: String) -> String? {
        guard let frame = lastFrame else { return nil }
        snapshotsWritten += 1
        let program = path.split(separator: "/").last.map { $0.split(separator: ".").first ?? $0 } ?? ""
        let file = "tierscope-\(program)-\(snapshotsWritten).ans"
        let written = FileOutput.replaceContents(ofFile: file, with: ScreenSnapshot.text(of: frame, colour: true))
        return written ? "screen written to \(file)" : "could not write \(file)"
    }

    /// `--snapshot FILE`: the last frame, when the UI closes (plain text, or colours for a `.ans` file).
    func writeLastFrame(to path: String?) {
        guard let path, let frame = lastFrame else { return }
        let text = ScreenSnapshot.text(of: frame, colour: ScreenSnapshot.wantsColour(path: path))
        if !FileOutput.replaceContents(ofFile: path, with: text) {
            FileOutput.standardError.write("tierscope: can't write the snapshot to '\(path)'\n")
        }
    }
}
