import TierVM

#if canImport(Glibc)
import Glibc
#endif

extension App {
    /// `tierscope replay FILE.tsrec`: the recording in the live UI's panes, with a cursor that moves
    /// through its events both ways. Returns the exit status: 0, 1 when the recording cannot be shown
    /// (said on stderr with the terminal untouched), 2 when the UI could not start.
    public static func replay(path: String, options: Options, at start: ReplayStart = .beginning) -> Int32 {
        let themes: [LoadedTheme]
        let index: ReplayIndex
        do {
            themes = try themeList(first: options.theme)
            index = try ReplayIndex(try Recording.read(path: path), path: path)
        } catch {
            FileOutput.standardError.write("tierscope: \(error)\n")
            return 1
        }
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal.open()
        } catch {
            FileOutput.standardError.write("\(error)\n")
            return 2
        }
        let session = ReplaySession(index, terminal: terminal, themes: themes, at: start.cursor(in: index))
        session.loop(framesPerSecond: options.framesPerSecond)
        let interrupted = terminal.interruptRequested
        terminal.shutdown()
        session.painter.writeLastFrame(to: options.snapshotPath)
        return interrupted ? 128 + (NcursesTerminal.interruptSignal ?? SIGINT) : 0
    }

    /// Where a replay opens (`--at`).
    public enum ReplayStart: Sendable, Equatable {
        case beginning
        case end
        case event(Int)

        func cursor(in index: ReplayIndex) -> Int {
            switch self {
            case .beginning: 0
            case .end: index.eventCount
            case .event(let sequence): min(max(0, sequence), index.eventCount)
            }
        }
    }
}

/// One replay: the cursor, the model rebuilt at it, the keys that move it, and playing forward at a
/// chosen rate. The panes are the live UI's, drawn from the same model and state.
final class ReplaySession {
    let index: ReplayIndex
    let terminal: any TerminalScreen
    let model: RunModel
    var state = AppState()
    private(set) lazy var painter = Painter(terminal: terminal, themes: themes)
    private let themes: [LoadedTheme]
    /// While playing: when the last event was played, to pace the next.
    private var playedAt: UInt64 = 0

    init(_ index: ReplayIndex, terminal: any TerminalScreen, themes: [LoadedTheme], at cursor: Int) {
        self.index = index
        self.terminal = terminal
        self.themes = themes
        model = RunModel(listing: index.listing)
        state.themeCount = themes.count
        let marks = index.marks
        state.replay = ReplayPosition(
            cursor: 0, count: index.eventCount, nanoseconds: 0, marks: marks.cursors, markName: marks.name)
        if let speed = (try? DemoHeader(source: index.recording.header.program.source))?.speed, speed.eventDelay > 0 {
            state.replay?.rate = 1e9 / Double(speed.eventDelay)
        }
        if !index.stages.isEmpty, let header = try? DemoHeader(source: index.recording.header.program.source) {
            let name = index.listing.path.split(separator: "/").last.map { String($0.prefix { $0 != "." }) } ?? ""
            state.presenter = Presenter(name: name, header: header)
        }
        state.select(line: model.firstCodeLine, model: model)
        seek(to: cursor)
    }

    /// Whether the person has moved the selection; until then each cursor selects afresh, so that an
    /// event looks the same however the cursor came to it.
    private var selectionMoved = false
    /// Whether the person has chosen the focused pane; until then it is the last stage's.
    private var focusMoved = false

    /// Moves the cursor: the model is rebuilt there, and the selection is what the live UI's was, worked
    /// out from the cursor alone so that an event looks the same however the cursor came to it: in a
    /// demo, what the last stage reached brought forward (as the live UI keeps it until the next
    /// stage); at an event the engine was held after, the frame it was in (as stepping with `n` shows
    /// it); else the heat.
    func seek(to cursor: Int) {
        index.restore(model, at: cursor)
        state.replay?.cursor = cursor
        state.replay?.nanoseconds = cursor > 0 ? index.recording.events[cursor - 1].timestamp : 0
        state.replay?.keyframe = index.keyframe(atOrBefore: cursor).map { Int($0.after) }
        state.runState = state.replay?.playing == true ? .running : .paused
        let stages = index.stageCursors.filter { $0 <= cursor }
        state.presenter?.reached = stages.count
        if !selectionMoved {
            let focus = state.focus
            if let stage = stages.last {
                state.takeSelection(of: selection(presenting: stages.count, at: stage))
            } else {
                state.takeSelection(of: fresh)
            }
            if focusMoved { state.focus = focus }
            if let stop = model.snapshot?.stop, state.runState == .paused, stages.last != cursor {
                state.follow(stop, model: model)
                if cursor > 0, let id = index.recording.events[cursor - 1].kind.trace, model.trace(id) != nil {
                    state.trace = id
                }
            }
        }
        state.settle(model: model)
        if let trace = state.trace, model.trace(trace) == nil { state.trace = nil }
    }

    /// A session's selection before anything happened.
    private lazy var fresh: AppState = {
        var state = AppState()
        state.select(line: model.firstCodeLine, model: model)
        return state
    }()

    /// What presenting stage `number`, reached at `cursor`, selected, as the live UI did there: worked
    /// out on the model at that event, once.
    private func selection(presenting number: Int, at cursor: Int) -> AppState {
        if let made = stageSelections[cursor] { return made }
        let scratch = RunModel(listing: index.listing)
        index.restore(scratch, at: cursor)
        var state = fresh
        state.present(stage: number, reachedBy: index.recording.events[cursor - 1], model: scratch)
        state.settle(model: scratch)
        stageSelections[cursor] = state
        return state
    }

    private var stageSelections: [Int: AppState] = [:]

    func loop(framesPerSecond: Int) {
        painter.loop(
            framesPerSecond: framesPerSecond, advance: play, draw: draw, handle: handle, done: { self.state.quit })
    }

    func draw() { painter.draw(model: model, state: &state) }

    /// While playing: the events due since the last frame, stopping at the end and, in a demo, at each
    /// stage, as presenter mode does.
    private func play() {
        guard let replay = state.replay, replay.playing else { return }
        let now = MonotonicClock.now()
        let due = Int(Double(now - playedAt) * replay.rate / 1e9)
        guard due > 0 else { return }
        playedAt = now
        var target = min(replay.count, replay.cursor + due)
        if let stage = index.stageCursors.first(where: { $0 > replay.cursor && $0 <= target }) { target = stage }
        if target == replay.count || index.stageCursors.contains(target) { state.replay?.playing = false }
        seek(to: target)
    }

    func handle(_ key: Key) {
        if key == .resize {
            draw()
            return
        }
        if case .mouse(let event) = key, event.kind == .press, event.y == terminal.height - 3,
            let replay = state.replay, let cursor = ScrubBar.cursor(atColumn: event.x, width: terminal.width, replay)
        {
            seek(to: cursor)
        } else if let command = ReplayKeys.command(for: key, state: state) {
            state.notice = nil
            run(command)
        } else {
            let before = (state.line, state.instruction, state.trace, state.microOp, state.timelineRow, state.outputRow)
            let focused = state.focus
            let passStep = state.passStep
            for command in state.handle(key, model: model) where command == .snapshot {
                state.notice = painter.writeSnapshot(program: index.listing.path)
            }
            let after = (state.line, state.instruction, state.trace, state.microOp, state.timelineRow, state.outputRow)
            if before != after || state.passStep != passStep { selectionMoved = true }
            if state.focus != focused { focusMoved = true }
        }
        draw()
    }

    func run(_ command: ReplayCommand) {
        guard var replay = state.replay else { return }
        switch command {
        case .move(let move):
            replay.playing = false
            state.replay = replay
            seek(to: index.position(after: move, from: replay.cursor))
        case .togglePlay:
            replay.playing.toggle()
            playedAt = MonotonicClock.now()
            state.replay = replay
            if replay.playing && replay.cursor == replay.count { seek(to: 0) }
            state.runState = replay.playing ? .running : .paused
        case .faster:
            state.replay?.rate = ReplayPosition.rates.first { $0 > replay.rate } ?? replay.rate
        case .slower:
            state.replay?.rate = ReplayPosition.rates.last { $0 < replay.rate } ?? replay.rate
        }
    }
}
