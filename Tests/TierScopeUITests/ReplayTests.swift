import Foundation
import Testing

@testable import TierScopeUI
@testable import TierVM

#if canImport(Glibc)
import Glibc
#endif

/// A screen of fixed size with no keyboard: the UI's sessions drawn without a terminal.
final class FakeTerminal: TerminalScreen {
    let width: Int
    let height: Int
    let colorDepth = ColorDepth.palette256
    let unicode = true
    let interruptRequested = false
    private(set) var frames = 0

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    func draw(_ canvas: Canvas) { frames += 1 }
    func nextKey(timeoutMilliseconds: Int) -> Key? { nil }
    func shutdown() {}
}

/// A demo watched live in the real UI session (on a fake terminal) while it is recorded, held at each
/// of its stages on the way: what the screen showed at each stage and at the end, to hold a replay to.
struct WatchedAndRecorded {
    struct Moment {
        var cursor: Int
        var frame: Canvas
        var state: AppState
    }

    let file: String
    let stages: [Moment]
    let end: Moment
    let themes: [LoadedTheme]

    /// Watches `name` at full speed, or presented (held at each stage, as `tierscope demo` does).
    init(demo name: String, presenting: Bool = false, width: Int = 80, height: Int = 24) throws {
        file = RecordingTestFiles.path("\(name).tsrec")
        let (source, header) = try PresenterTests.header(name)
        themes = [try #require(try ThemeCatalog.builtin(named: "dark"))]
        var options = App.Options()
        if presenting { options.presenter = Presenter(name: name, header: header) }
        let recorder = try Recorder(
            path: file, header: RecordingHeader(options: options.engine, path: "Demos/\(name).py", source: source))
        guard
            case .success(let launched) = App.launch(
                source: source, path: "Demos/\(name).py", options: options, recorder: recorder)
        else { throw RecordingTestFiles.Failure("\(name) does not compile") }
        let session = Session(
            launched, terminal: FakeTerminal(width: width, height: height), themes: themes, options: options)
        defer { launched.run.stop() }
        var stages: [Moment] = []
        let deadline = MonotonicClock.now() + 30_000_000_000
        while session.model.result == nil && MonotonicClock.now() < deadline {
            session.update()
            if session.state.presenter?.reached ?? 0 > stages.count {
                session.draw()
                let frame = try #require(session.lastFrame)
                stages.append(Moment(cursor: Int(session.model.eventCount), frame: frame, state: session.state))
                session.handle(.character(" "))
            }
            usleep(1000)
        }
        session.update()
        session.draw()
        self.stages = stages
        end = Moment(
            cursor: Int(session.model.eventCount), frame: try #require(session.lastFrame), state: session.state)
    }

    func replay(at cursor: Int, width: Int = 80, height: Int = 24) throws -> ReplaySession {
        let index = try ReplayIndex(try Recording.read(path: file), path: file)
        return ReplaySession(index, terminal: FakeTerminal(width: width, height: height), themes: themes, at: cursor)
    }

    /// The replay's model drawn with the live session's state (its selection, focus and scrolling): the
    /// same screen if, and only if, the replay rebuilt what the live run's model held.
    func render(_ replay: ReplaySession, as moment: Moment) -> Canvas {
        let theme = themes[0].theme(for: .palette256)
        return Screen.render(
            width: moment.frame.width, height: moment.frame.height, model: replay.model, state: moment.state,
            theme: theme
        ).0
    }
}

enum RecordingTestFiles {
    static func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tierscope-\(UUID().uuidString)-\(name)").path
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

@Suite("Replay with time travel", .serialized)
struct ReplayTests {
    static func differences(_ a: Canvas, _ b: Canvas) -> String {
        guard a.width == b.width && a.height == b.height else { return "sizes differ" }
        for y in 0..<a.height {
            guard let x = (0..<a.width).first(where: { a[$0, y] != b[$0, y] }) else { continue }
            return
                "row \(y), column \(x): \(a[x, y]) against \(b[x, y])\n  live:   \(a.line(y))\n  replay: \(b.line(y))"
        }
        return ""
    }

    @Test(
        "replaying a recording reproduces the live run's last screen cell for cell, and selects what it selected",
        arguments: ["side_exit", "class_mutation", "trace_abort", "native_loop"])
    func finalScreen(_ demo: String) throws {
        let watched = try WatchedAndRecorded(demo: demo, presenting: true)
        let replay = try watched.replay(at: watched.end.cursor)
        #expect(watched.end.cursor == replay.index.eventCount)
        let frame = watched.render(replay, as: watched.end)
        let same = frame == watched.end.frame
        #expect(same, "\(Self.differences(watched.end.frame, frame))")
        #expect(replay.state.line == watched.end.state.line)
        #expect(replay.state.trace == watched.end.state.trace)
        #expect(replay.state.focus == watched.end.state.focus)
    }

    @Test(
        "scrubbed back to each stage, the replay shows what the live screen showed there",
        arguments: ["side_exit", "int_overflow", "native_loop"])
    func earlierScreens(_ demo: String) throws {
        let watched = try WatchedAndRecorded(demo: demo, presenting: true)
        let stages = try PresenterTests.header(demo).1.stages
        #expect(watched.stages.count == stages.count)
        let replay = try watched.replay(at: watched.end.cursor)
        for moment in watched.stages.reversed() {
            replay.handle(.character("["))
            #expect(replay.state.replay?.cursor == moment.cursor)
            let frame = watched.render(replay, as: moment)
            let same = frame == moment.frame
            #expect(same, "stage at \(moment.cursor): \(Self.differences(moment.frame, frame))")
            #expect(replay.state.focus == moment.state.focus)
            #expect(replay.state.trace == moment.state.trace)
            #expect(replay.state.line == moment.state.line)
        }
    }

    @Test("every event's screen is the same reached forwards, backwards, or opened there")
    func pathIndependence() throws {
        let watched = try WatchedAndRecorded(demo: "side_exit", presenting: true, width: 160, height: 48)
        let count = watched.end.cursor
        let forwards = try watched.replay(at: 0, width: 160, height: 48)
        let backwards = try watched.replay(at: count, width: 160, height: 48)
        var seen: [Int: Canvas] = [:]
        for cursor in 0...count {
            if cursor > 0 { forwards.handle(.right) }
            #expect(forwards.state.replay?.cursor == cursor)
            seen[cursor] = Self.frame(forwards)
        }
        for cursor in stride(from: count, through: 0, by: -1) {
            if cursor < count { backwards.handle(.left) }
            let opened = try watched.replay(at: cursor, width: 160, height: 48)
            let there = Self.frame(opened)
            let back = Self.frame(backwards)
            let sameBack = back == there
            let sameForwards = seen[cursor] == there
            #expect(sameBack, "at \(cursor), back: \(Self.differences(there, back))")
            #expect(sameForwards, "at \(cursor), forwards: \(Self.differences(there, seen[cursor]!))")
        }
    }

    /// The session's screen as a fresh view of it would draw it: scrolled only as far as its selection
    /// needs (a session keeps its views where they were while the selection stays in sight).
    static func frame(_ session: ReplaySession) -> Canvas {
        var state = session.state
        state.scroll = [:]
        return Screen.render(
            width: session.terminal.width, height: session.terminal.height, model: session.model, state: state,
            theme: .monochrome
        ).0
    }

    @Test("the arrows, [ ], Home, End and the breakpoint keys move the cursor; h and l still move the focus")
    func keys() throws {
        let state = AppState()
        #expect(ReplayKeys.command(for: .left, state: state) == .move(.step(-1)))
        #expect(ReplayKeys.command(for: .right, state: state) == .move(.step(1)))
        #expect(ReplayKeys.command(for: .character("]"), state: state) == .move(.nextMark))
        #expect(ReplayKeys.command(for: .home, state: state) == .move(.first))
        #expect(ReplayKeys.command(for: .end, state: state) == .move(.last))
        #expect(ReplayKeys.command(for: .character("4"), state: state) == .move(.nextOfKind([.jitCompiled])))
        #expect(ReplayKeys.command(for: .character("l"), state: state) == nil)
        var filtering = state
        filtering.editingFilter = true
        #expect(ReplayKeys.command(for: .character("]"), state: filtering) == nil)

        let watched = try WatchedAndRecorded(demo: "side_exit")
        let replay = try watched.replay(at: 0)
        let events = replay.index.recording.events
        replay.handle(.character("4"))
        let compiled = try #require(replay.state.replay?.cursor)
        #expect(events[compiled - 1].kind.kindName == .jitCompiled)
        #expect(!events[..<(compiled - 1)].contains { $0.kind.kindName == .jitCompiled })
        replay.handle(.character("2"))
        #expect(events[replay.state.replay!.cursor - 1].kind.kindName == .sideExit)
        replay.handle(.home)
        #expect(replay.state.replay?.cursor == 0)
        replay.handle(.character("]"))
        #expect(replay.state.replay?.cursor == replay.index.stageCursors.first)
        #expect(replay.state.presenter?.reached == 1)
        replay.handle(.end)
        #expect(replay.state.replay?.cursor == events.count)
        #expect(replay.model.result?.exitStatus == 0)
        replay.handle(.character("]"))
        #expect(replay.state.replay?.cursor == events.count, "no mark after the end")
        replay.handle(.right)
        #expect(replay.state.replay?.cursor == events.count)
    }

    @Test("a recording in the old format, or of a program that did not compile, says there is nothing to show")
    func eventsOnly() throws {
        let old = """
            {"format":"tierscope-recording","options":\(Self.optionsJSON),"program":{"path":"p.py","source":"print(1)\\n"},"tierscope":"0.1.0","version":1}
            {"seq":1,"t":0,"kind":"programOutput","text":"1\\n"}

            """
        let recording = try Recording.parse(Array(old.utf8), path: "old.tsrec")
        #expect(throws: RecordingError.self) { try ReplayIndex(recording, path: "old.tsrec") }
        do {
            _ = try ReplayIndex(recording, path: "old.tsrec")
        } catch {
            #expect("\(error)".contains("recorded in format 1"))
            #expect("\(error)".contains("tierscope replay --text"))
        }
    }

    static var optionsJSON: String {
        let encoder = JSONEncoder()
        return String(decoding: try! encoder.encode(EngineOptions()), as: UTF8.self)
    }

    @Test("on a recording of a million events, a jump anywhere takes milliseconds")
    func millionEvents() throws {
        let watched = try Recording.read(path: try WatchedAndRecorded(demo: "native_loop").file)
        let keyframe = try #require(watched.keyframes.last)
        let site = InstructionSite(code: CodeReference(name: "f", firstLine: 1), offset: 3, line: 2)
        var events: [Event] = []
        var keyframes: [Keyframe] = []
        let count = 1_000_000
        events.reserveCapacity(count)
        for i in 1...count {
            let kind: EventKind =
                i % 3 == 0
                ? .programOutput(ProgramOutput(text: "line \(i)\n"))
                : .sideExit(SideExitTaken(trace: 0, exit: 1, guardName: "_GUARD_NOS_INT", site: site, count: i))
            events.append(Event(sequence: UInt64(i), timestamp: UInt64(i) * 1000, kind: kind))
            if i % 100 == 0 { keyframes.append(Keyframe(after: UInt64(i), snapshot: keyframe.snapshot)) }
        }
        var recording = watched
        recording.events = events
        recording.keyframes = keyframes
        let index = try ReplayIndex(recording, path: "million.tsrec")
        let model = RunModel(listing: index.listing)
        var generator = SystemRandomNumberGenerator()
        let cursors = (0..<40).map { _ in Int.random(in: 0...count, using: &generator) } + [count, 0, count / 2]
        // The first visit to a stretch makes its timeline rows; a later one finds them made.
        for cursor in cursors { index.restore(model, at: cursor) }
        let started = MonotonicClock.now()
        for cursor in cursors { index.restore(model, at: cursor) }
        let perJump = Double(MonotonicClock.now() - started) / Double(cursors.count) / 1e6
        index.restore(model, at: count)
        #expect(model.eventCount == UInt64(count))
        #expect(model.output.lines.last?.text == "line \(count - count % 3)")
        #expect(model.output.totalLines == count / 3)
        #expect(model.timeline.count == RunModel.timelineLimit)
        #expect(perJump < 50, "a jump took \(perJump) ms")
    }
}
