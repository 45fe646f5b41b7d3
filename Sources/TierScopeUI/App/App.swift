import Synchronization
import TierVM

#if canImport(Glibc)
import Glibc
#endif

/// The terminal UI's front door: runs a program on its own thread and shows it live until the person
/// quits. Everything that can fail before the screen is taken (a bad theme, a syntax error, no
/// terminal) is reported on stderr with the terminal untouched.
public enum App {
    public struct Options: Sendable {
        public var engine = EngineOptions()
        /// A builtin theme's name or a theme file's path; nil for the default (`dark`).
        public var theme: String?
        /// Start held before the first instruction, for stepping from the very beginning.
        public var startPaused = false
        /// Slow motion to start with.
        public var speed = Speed.full
        /// Where to write the last screen when the UI closes (`--snapshot`); colours for `.ans` files.
        public var snapshotPath: String?
        /// Frames per second while the program runs.
        public var framesPerSecond = 30
        /// Presenter mode: the demo whose stages the engine stops at and the banner narrates.
        public var presenter: Presenter?
        /// Where to record the run for `tierscope replay` (`--record`); `r` records the new run over it.
        public var recordPath: String?

        public init() {}
    }

    /// Runs the UI and returns the process's exit status: the program's, if it finished with an error;
    /// 0 when it finished or the person quit; 128 + the signal when interrupted (130 for Ctrl-C); 2 when
    /// the UI could not start.
    public static func run(source: String, path: String, options: Options) -> Int32 {
        let themes: [LoadedTheme]
        do throws(ThemeError) {
            themes = try themeList(first: options.theme)
        } catch {
            FileOutput.standardError.write("tierscope: \(error)\n")
            return 2
        }
        var recorder: Recorder?
        if let recordPath = options.recordPath {
            do {
                recorder = try Recorder(
                    path: recordPath, header: RecordingHeader(options: options.engine, path: path, source: source))
            } catch {
                FileOutput.standardError.write("tierscope: \(error)\n")
                return 2
            }
        }
        let first: Launched
        switch launch(source: source, path: path, options: options, recorder: recorder) {
        case .success(let launched): first = launched
        case .failure(let failure):
            FileOutput.standardError.write(failure.report)
            return 1
        }
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal.open()
        } catch {
            first.run.stop()
            FileOutput.standardError.write("\(error)\n")
            return 2
        }
        var session = Session(first, terminal: terminal, themes: themes, options: options)
        while true {
            session.loop(framesPerSecond: options.framesPerSecond)
            // `r`: the program again from the start, with the same options and the speed the person
            // chose, on the same screen. It compiled once, so it compiles again.
            guard session.state.restart && !terminal.interruptRequested else { break }
            session.run.stop()
            _ = session.run.waitUntilFinished(timeoutSeconds: 2)
            var again = options
            again.speed = session.state.speed
            let recorder = options.recordPath.flatMap {
                try? Recorder(path: $0, header: RecordingHeader(options: options.engine, path: path, source: source))
            }
            guard case .success(let next) = launch(source: source, path: path, options: again, recorder: recorder)
            else { break }
            let kept = session.state
            session = Session(next, terminal: terminal, themes: themes, options: again)
            session.state.keepPresentation(of: kept)
        }
        let run = session.run
        let interrupted = terminal.interruptRequested
        run.stop()
        let result = run.waitUntilFinished(timeoutSeconds: 2)
        terminal.shutdown()
        session.painter.writeLastFrame(to: options.snapshotPath)
        // The screen is gone: leave the program's traceback where the person can still read it.
        if let result, let report = result.errorReport, !result.cancelled {
            FileOutput.standardError.write(report)
            return result.exitStatus
        }
        // Ctrl-C, SIGTERM or a hang-up ended the session: say so the way a shell expects (128 + signal).
        return interrupted ? 128 + (NcursesTerminal.interruptSignal ?? SIGINT) : 0
    }

    /// A run of the program with its own bus, output channel and event subscription, and in presenter
    /// mode the demo's stages as it reaches them.
    struct Launched {
        let run: LiveRun
        let events: BufferedSubscriber
        let pending: PendingOutput
        let stages: StageTracker?
    }

    static func launch(
        source: String, path: String, options: Options, recorder: Recorder? = nil
    ) -> Result<Launched, SyntaxFailure> {
        let bus = EventBus()
        let events = bus.subscribeBuffered(capacity: 1 << 16)
        if let recorder { bus.subscribe(recorder) }
        let pending = PendingOutput()
        let stages = options.presenter.map { StageTracker(stages: $0.stages) }
        var breakpoint: (@Sendable (Event) -> Bool)?
        if let stages { breakpoint = { event in stages.reaches(event) } }
        return Engine.launch(
            source: source, path: path, options: options.engine, bus: bus, startPaused: options.startPaused,
            slowMotion: options.speed.eventDelay, instructionDelay: options.speed.instructionDelay,
            breakpoint: breakpoint, recorder: recorder,
            output: { bytes in pending.append(bytes) }
        ).map { Launched(run: $0, events: events, pending: pending, stages: stages) }
    }

    /// The themes `t` cycles through: the chosen one first, then the builtin ones.
    static func themeList(first: String?) throws(ThemeError) -> [LoadedTheme] {
        var themes = try ThemeCatalog.builtins()
        if let first {
            let chosen = try ThemeCatalog.resolve(first)
            themes.removeAll { $0.name == chosen.name }
            themes.insert(chosen, at: 0)
        }
        return themes
    }
}

/// One UI session: the loop that drains the engine's events, snapshots and output into the model,
/// draws a frame, and answers keys.
final class Session {
    let run: LiveRun
    let terminal: any TerminalScreen
    let themes: [LoadedTheme]
    let events: BufferedSubscriber
    let pending: PendingOutput
    let stages: StageTracker?
    let model: RunModel
    var state = AppState()
    private var snapshotNumber = 0
    private var lastStop: StopPoint?

    /// A session on a run just launched, in the state `options` start it in.
    init(_ launched: App.Launched, terminal: any TerminalScreen, themes: [LoadedTheme], options: App.Options) {
        run = launched.run
        self.terminal = terminal
        self.themes = themes
        events = launched.events
        pending = launched.pending
        stages = launched.stages
        model = RunModel(listing: run.listing)
        state.presenter = options.presenter
        state.themeCount = themes.count
        state.select(line: model.firstCodeLine, model: model)
        state.runState = options.startPaused ? .paused : .running
        state.slowMotion = options.speed.eventDelay
        state.instructionDelay = options.speed.instructionDelay
    }

    func loop(framesPerSecond: Int) {
        painter.loop(
            framesPerSecond: framesPerSecond, advance: update, draw: draw, handle: handle,
            done: { self.state.quit || self.state.restart })
    }

    /// Takes in what the engine published since the last frame.
    func update() {
        state.engineHeld = run.gate.heldPoint != nil
        model.apply(events.drain())
        let bytes = pending.take()
        if !bytes.isEmpty { model.output.append(String(decoding: bytes, as: UTF8.self)) }
        let (snapshot, number) = run.latestSnapshot
        if number != snapshotNumber, let snapshot {
            snapshotNumber = number
            model.apply(snapshot)
            if let stop = snapshot.stop, stop != lastStop, state.runState != .running {
                lastStop = stop
                state.runState = .paused
                state.follow(stop, model: model)
            }
            // Held at a stage (the gate's standing breakpoint holds a running engine too): its pane,
            // instruction and trace come forward, and the banner tells its story.
            if let stages, let reached = stages.current.reached.last, reached.sequence == snapshot.eventsPublished,
                stages.current.reached.count > state.presenter?.reached ?? 0
            {
                lastStop = snapshot.stop
                state.runState = .paused
                state.present(stage: stages.current.reached.count, reachedBy: reached, model: model)
            }
            state.settle(model: model)
        }
        if model.result == nil, let result = run.result {
            model.result = result
            if let report = result.errorReport, !result.cancelled { model.output.append(report, isError: true) }
            state.runState = .finished
        }
    }

    /// Puts frames on the terminal and keeps the last one for snapshots.
    private(set) lazy var painter = Painter(terminal: terminal, themes: themes)
    /// The frame last put on the screen, for snapshots (`S`, `--snapshot`).
    var lastFrame: Canvas? { painter.lastFrame }

    func draw() { painter.draw(model: model, state: &state) }

    func handle(_ key: Key) {
        if key == .resize {
            draw()
            return
        }
        for command in state.handle(key, model: model) {
            switch command {
            case .pause: run.gate.pause()
            case .resume:
                lastStop = nil
                run.gate.resume()
            case .stepEvent: run.gate.step()
            case .stepInstruction: run.gate.stepInstruction()
            case .stepMicroOp: run.gate.stepMicroOp()
            case .slowMotion(let nanoseconds): run.gate.setSlowMotion(nanoseconds: nanoseconds)
            case .instructionDelay(let nanoseconds): run.gate.setInstructionDelay(nanoseconds: nanoseconds)
            case .snapshot: writeSnapshot()
            case .runUntil(let kinds):
                lastStop = nil
                run.gate.run(until: kinds)
            case .runUntilLine(let line):
                lastStop = nil
                run.gate.run(untilLine: line, in: nil)
            }
        }
        draw()
    }
}

extension Session {
    /// `S`: the screen as it is now, in colour, for slides; the detail line says where it went.
    func writeSnapshot() { state.notice = painter.writeSnapshot(program: run.listing.path) }
}

/// The program's output on its way from the engine's thread to the UI's.
final class PendingOutput: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    func append(_ more: [UInt8]) { bytes.withLock { $0 += more } }

    func take() -> [UInt8] {
        bytes.withLock { bytes in
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
    }
}
