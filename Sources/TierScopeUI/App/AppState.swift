import TierVM

/// The panes, in focus order (Tab).
public enum PaneID: Int, CaseIterable, Sendable {
    case source, bytecode, trace, timeline, machineCode, output

    public var title: String {
        switch self {
        case .source: "Source"
        case .bytecode: "Bytecode"
        case .trace: "Trace / optimiser"
        case .timeline: "Tier timeline"
        case .machineCode: "Machine code"
        case .output: "Output"
        }
    }
}

/// What the person asked the engine to do.
public enum EngineCommand: Equatable, Sendable {
    case pause
    case resume
    case stepEvent
    case stepInstruction
    case stepMicroOp
    case slowMotion(nanoseconds: UInt64)
    case instructionDelay(nanoseconds: UInt64)
    /// Write the screen to a file (`S`).
    case snapshot
    /// Run until the next event of one of these kinds (`1` to `5`).
    case runUntil(Set<EventKindName>)
    /// Run until the next event about the selected source line (`.`).
    case runUntilLine(Int)
}

/// Whether the engine runs, and how a person is stepping it (as the UI asked; the engine's own answer
/// is whether it is held).
public enum RunState: Equatable, Sendable {
    case running
    case paused
    case stepping
    case finished
}

/// The UI's state: focus, selection, scrolling, overlays. A value with no knowledge of the terminal,
/// changed by `handle(_:)` (a pure state machine, tested without a screen), read by the panes.
public struct AppState: Sendable {
    public var focus: PaneID = .source {
        didSet { if Layout.inspectors.contains(focus) { inspector = focus } }
    }
    /// Which of the trace, timeline and machine code panes the compact layout shows.
    public var inspector: PaneID = .trace
    public var zoomed = false
    public var showHelp = false
    public var quit = false
    /// `r`: run the program again from the start.
    public var restart = false
    /// A one-off message for the detail line (a snapshot written), cleared by the next key.
    public var notice: String?
    public var runState: RunState = .running
    /// Whether the engine is held right now (the stepping gate says so), as against asked to pause and
    /// not there yet.
    public var engineHeld = false
    /// Presenter mode's stages and banner (`tierscope demo NAME`); nil otherwise.
    public var presenter: Presenter?
    /// A replay's position (`tierscope replay`); nil in a live run.
    public var replay: ReplayPosition?

    /// Slow motion: how long the engine waits after every event, 0 for full speed. `-` and `+` move
    /// through `slowMotionDelays`; `--speed` (or a demo) may start it anywhere between.
    public var slowMotion: UInt64 = 0
    /// Slow motion by instructions (`--speed 200i/s`): the wait before each bytecode instruction, 0 for
    /// none. While it is set, `-` and `+` halve and double the rate instead.
    public var instructionDelay: UInt64 = 0
    public static let slowMotionDelays: [UInt64] = [0, 2_000_000, 10_000_000, 50_000_000, 200_000_000, 1_000_000_000]

    public var themeIndex = 0
    public var themeCount = 1

    /// The timeline's filter (`/`), and whether it is being typed.
    public var filter = ""
    public var editingFilter = false

    // Selection. The source line, the function shown in the bytecode pane and its selected instruction,
    // the trace shown and its selected micro-op. Moving one moves its counterparts (`link`).
    public var line = 1
    public var function = 0
    public var instruction = 0
    public var trace: Int?
    public var microOp = 0
    /// The timeline's and the output's selected rows; nil follows the newest.
    public var timelineRow: Int?
    public var outputRow: Int?
    /// The machine code pane's selected row.
    public var machineRow = 0
    /// What the trace pane lists (`o` cycles): what the optimiser changed, only what runs, or everything
    /// recorded.
    public var traceView: TraceView = .changes
    /// The trace pane's step through the optimiser (`<` `>`): an index into `PassView.steps(of:)` of
    /// the shown trace (as recorded, after each pass, as compiled), or nil for the usual view.
    public var passStep: Int?
    /// Until the person moves the selection, it follows the hottest line, so that a newcomer sees where
    /// the action is.
    public var followHottest = true

    /// Each pane's first visible row, kept so that the selection stays in view without jumping.
    public var scroll: [PaneID: Int] = [:]
    /// Where each pane was last drawn, for mouse clicks.
    public var paneRects: [PaneID: Rect] = [:]

    public init() {}

    /// After a restart: how the person had arranged the screen (focus, zoom, theme, views), on a fresh
    /// run whose selections start over.
    /// Breakpoints by kind (the help overlay names them): the key, and the kinds of event it runs to.
    public static let breakpoints: [Character: Set<EventKindName>] = [
        "1": [.instructionSpecialized, .instructionDespecialized],  // a specialisation or despecialisation
        "2": [.sideExit, .deoptimized],  // a guard failure
        "3": [.traceRecorded, .traceAborted],  // a trace recorded or aborted
        "4": [.jitCompiled],
        "5": [.traceInvalidated],
    ]

    /// The speed to start a run again at: the one the person chose last.
    public var speed: Speed { Speed(eventDelay: slowMotion, instructionDelay: instructionDelay) }

    public mutating func keepPresentation(of earlier: AppState) {
        focus = earlier.focus
        inspector = earlier.inspector
        zoomed = earlier.zoomed
        themeIndex = earlier.themeIndex
        traceView = earlier.traceView
        filter = earlier.filter
        if let shows = earlier.presenter?.showsBanner { presenter?.showsBanner = shows }
    }

    /// Applies a key (or mouse event) and returns what the engine must be told.
    public mutating func handle(_ key: Key, model: RunModel) -> [EngineCommand] {
        switch key {
        case .up, .down, .pageUp, .pageDown, .home, .end, .mouse, .character("j"), .character("k"),
            .character("g"), .character("G"), .character("["), .character("]"):
            followHottest = false
        default: break
        }
        if key != .resize { notice = nil }
        if editingFilter { return handleFilterKey(key) }
        if showHelp {
            if case .character(let c) = key, c == "q" {
                quit = true
            } else if key != .resize {
                showHelp = false
            }
            return []
        }
        switch key {
        case .character(" "):
            guard runState != .finished else { return [] }
            if runState == .running {
                runState = .paused
                return [.pause]
            }
            runState = .running
            return [.resume]
        case .character("n"): return step(.stepEvent)
        case .character("b"): return step(.stepInstruction)
        case .character("u"): return step(.stepMicroOp)
        case .character("+"), .character("="):
            if instructionDelay > 0 {
                // Twice the rate; past 10,000 instructions a second, full speed.
                instructionDelay = instructionDelay / 2 < 100_000 ? 0 : instructionDelay / 2
                return [.instructionDelay(nanoseconds: instructionDelay)]
            }
            guard let faster = Self.slowMotionDelays.last(where: { $0 < slowMotion }) else { return [] }
            slowMotion = faster
            return [.slowMotion(nanoseconds: slowMotion)]
        case .character("-"), .character("_"):
            if instructionDelay > 0 {
                instructionDelay = min(instructionDelay * 2, 2_000_000_000)
                return [.instructionDelay(nanoseconds: instructionDelay)]
            }
            guard let slower = Self.slowMotionDelays.first(where: { $0 > slowMotion }) else { return [] }
            slowMotion = slower
            return [.slowMotion(nanoseconds: slowMotion)]
        case .tab: focus = PaneID(rawValue: (focus.rawValue + 1) % PaneID.allCases.count)!
        case .backTab:
            focus = PaneID(rawValue: (focus.rawValue + PaneID.allCases.count - 1) % PaneID.allCases.count)!
        case .character("z"): zoomed.toggle()
        case .character("P"): presenter?.showsBanner.toggle()
        case .character("t"): themeIndex = (themeIndex + 1) % max(1, themeCount)
        case .character("?"): showHelp = true
        case .character("q"), .character("\u{3}"): quit = true
        case .character("r"): restart = true
        case .character("S"): return [.snapshot]
        // Like a step, the engine is held again when it gets there.
        case .character(let c) where Self.breakpoints[c] != nil:
            return step(.runUntil(Self.breakpoints[c]!))
        case .character("."):
            return step(.runUntilLine(line))
        case .character("/"):
            // A new search, as in less and vim: the old filter is not appended to.
            filter = ""
            editingFilter = true
            focus = .timeline
        case .character("o"): traceView = traceView.next
        case .character(">"): stepPasses(by: 1, model: model)
        case .character("<"): stepPasses(by: -1, model: model)
        case .character("["): cycleTrace(by: -1, model: model)
        case .character("]"): cycleTrace(by: 1, model: model)
        case .up, .character("k"): move(by: -1, model: model)
        case .down, .character("j"): move(by: 1, model: model)
        case .pageUp: move(by: -pageSize, model: model)
        case .pageDown: move(by: pageSize, model: model)
        case .home, .character("g"): move(by: -1_000_000, model: model)
        case .end, .character("G"): move(by: 1_000_000, model: model)
        case .left, .character("h"): focus = neighbour(-1)
        case .right, .character("l"): focus = neighbour(1)
        case .mouse(let event): click(event, model: model)
        default: break
        }
        return []
    }

    private mutating func step(_ command: EngineCommand) -> [EngineCommand] {
        guard runState != .finished else { return [] }
        runState = .stepping
        return [command]
    }

    private mutating func handleFilterKey(_ key: Key) -> [EngineCommand] {
        switch key {
        case .enter: editingFilter = false
        case .escape:
            editingFilter = false
            filter = ""
        case .backspace, .delete:
            if !filter.isEmpty { filter.removeLast() }
        case .character(let c) where c.isPrintableGlyph && c != "\u{3}":
            filter.append(c)
        case .character("\u{3}"):
            quit = true
        default: break
        }
        timelineRow = nil
        return []
    }

    private var pageSize: Int { max(1, (paneRects[focus]?.height ?? 12) - 3) }

    private func neighbour(_ direction: Int) -> PaneID {
        PaneID(rawValue: (focus.rawValue + direction + PaneID.allCases.count) % PaneID.allCases.count)!
    }

    /// Moves the focused pane's selection, and its counterparts in the other panes.
    public mutating func move(by delta: Int, model: RunModel) {
        switch focus {
        case .source:
            select(line: clamp(line + delta, 1, max(1, model.listing.lines.count)), model: model)
        case .bytecode:
            let count = model.listing.functions[function].instructions.count
            select(instruction: clamp(instruction + delta, 0, max(0, count - 1)), model: model)
        case .trace:
            guard let trace, let snapshot = model.trace(trace) else { return }
            let rows = visibleMicroOps(snapshot)
            guard !rows.isEmpty else { return }
            let position = rows.firstIndex(of: microOp) ?? 0
            select(microOp: rows[clamp(position + delta, 0, rows.count - 1)], model: model)
        case .timeline:
            let entries = model.timeline(matching: filter)
            let count = entries.count
            guard count > 0 else { return }
            let current = timelineRow ?? count - 1
            let next = clamp(current + delta, 0, count - 1)
            timelineRow = next == count - 1 ? nil : next
            if let site = entries[next].site, let f = model.functionIndex(of: site.code) {
                function = f
                instruction = min(site.offset, max(0, model.listing.functions[f].instructions.count - 1))
                line = site.line
            }
            if let id = entries[next].trace, model.trace(id) != nil { trace = id }
        case .output:
            let count = model.output.lines.count
            guard count > 0 else { return }
            let next = clamp((outputRow ?? count - 1) + delta, 0, count - 1)
            outputRow = next == count - 1 ? nil : next
        case .machineCode:
            let id = trace ?? model.compiledTraces.keys.max()
            guard let id, let rows = model.machineCodeRows(trace: id), !rows.isEmpty else { return }
            if trace == nil { trace = id }
            machineRow = clamp(machineRow + delta, 0, rows.count - 1)
            // The instruction's micro-op becomes the selection, and with it its bytecode and line.
            if let entry = rows[machineRow].entry { select(microOp: entry, model: model) }
        }
    }

    /// Selects a source line: the bytecode pane shows the function around it, at its first
    /// instruction, and the trace pane the trace that covers it, if any.
    public mutating func select(line newLine: Int, model: RunModel) {
        line = newLine
        function = model.function(atLine: newLine)
        let instructions = model.listing.functions[function].instructions
        if let first = instructions.firstIndex(where: { $0.line == newLine }) { instruction = first }
        linkTrace(model: model)
    }

    /// Selects an instruction of the bytecode pane's function; its line follows.
    public mutating func select(instruction newInstruction: Int, model: RunModel) {
        instruction = newInstruction
        let instructions = model.listing.functions[function].instructions
        if newInstruction < instructions.count, instructions[newInstruction].line > 0 {
            line = instructions[newInstruction].line
        }
        linkTrace(model: model)
    }

    /// Selects a micro-op of the shown trace; the instruction and line it came from follow.
    public mutating func select(microOp index: Int, model: RunModel) {
        microOp = index
        guard let trace, let snapshot = model.trace(trace), index < snapshot.entries.count else { return }
        let record = snapshot.entries[index].microOp
        if let code = record.code, let f = model.functionIndex(of: code) {
            function = f
            instruction = record.offset
        }
        if record.line > 0 { line = record.line }
    }

    /// Shows the trace covering the selected instruction, if there is one (the newest such), keeping
    /// the shown one otherwise.
    mutating func linkTrace(model: RunModel) {
        guard let traces = model.snapshot?.traces else { return }
        let code = model.listing.functions[function].code
        let covering = traces.last { trace in
            trace.entries.contains { $0.microOp.code == code && $0.microOp.offset == instruction }
        }
        if let covering {
            trace = covering.id
            if let index = covering.entries.firstIndex(where: {
                $0.microOp.code == code && $0.microOp.offset == instruction
            }) {
                microOp = index
            }
        }
    }

    /// The micro-ops the trace pane lists.
    public func visibleMicroOps(_ trace: TraceSnapshot) -> [Int] {
        if let step = passStep(of: trace) {
            return PassView(trace, at: step).rows.filter { traceView.shows($0, in: trace) }.map(\.entry)
        }
        return trace.entries.indices.filter { traceView.shows(trace.entries[$0]) }
    }

    /// The step through the optimiser the trace pane shows for `trace`, if it is stepping.
    public func passStep(of trace: TraceSnapshot) -> PassView.Step? {
        guard let passStep else { return nil }
        let steps = PassView.steps(of: trace)
        return steps[min(passStep, steps.count - 1)]
    }

    /// `>` and `<`: the shown trace as recorded, after each pass, as compiled, and back to the usual
    /// view past either end.
    private mutating func stepPasses(by delta: Int, model: RunModel) {
        let id = trace ?? model.snapshot.map { $0.traces.count - 1 }
        guard let id, let shown = model.trace(id) else { return }
        trace = id
        focus = .trace
        let count = PassView.steps(of: shown).count
        let next = (passStep ?? (delta > 0 ? -1 : count)) + delta
        passStep = next < 0 || next >= count ? nil : next
        let rows = visibleMicroOps(shown)
        if !rows.contains(microOp), let first = rows.first { microOp = first }
    }

    private mutating func cycleTrace(by delta: Int, model: RunModel) {
        guard let count = model.snapshot?.traces.count, count > 0 else { return }
        let current = trace ?? (delta > 0 ? -1 : count)
        trace = clamp(current + delta, 0, count - 1)
        microOp = 0
        focus = .trace
    }

    /// A click focuses the pane under it and selects the row; the wheel scrolls.
    private mutating func click(_ event: MouseEvent, model: RunModel) {
        guard let (pane, rect) = paneRects.first(where: { $0.value.contains(x: event.x, y: event.y) }) else { return }
        focus = pane
        switch event.kind {
        case .scrollUp: move(by: -3, model: model)
        case .scrollDown: move(by: 3, model: model)
        case .press:
            let row = (scroll[pane] ?? 0) + (event.y - rect.y - 1)
            guard event.y > rect.y && event.y < rect.maxY - 1 else { return }
            switch pane {
            case .source: select(line: clamp(row + 1, 1, max(1, model.listing.lines.count)), model: model)
            case .bytecode:
                let count = model.listing.functions[function].instructions.count
                if row < count { select(instruction: max(0, row), model: model) }
            case .trace:
                guard let trace, let snapshot = model.trace(trace) else { return }
                let rows = visibleMicroOps(snapshot)
                // The trace pane's first row is its heading.
                let index = row - 1
                if index >= 0 && index < rows.count { select(microOp: rows[index], model: model) }
            case .timeline:
                let count = model.timeline(matching: filter).count
                if row >= 0 && row < count { timelineRow = row == count - 1 ? nil : row }
            case .output, .machineCode: break
            }
        }
    }

    /// Moves the selection to the hottest line (while `followHottest`), and the trace to the newest one
    /// that covers it, or else the newest. What it picks depends on the model alone, not on what it
    /// picked before, so that a replay opened at any event selects what the live run selected there.
    public mutating func followHeat(model: RunModel) {
        guard followHottest, model.hottest > 0 else { return }
        var best = line
        var bestHeat: UInt64 = 0
        for (candidate, heat) in model.lineHeat.enumerated() where heat > bestHeat {
            best = candidate
            bestHeat = heat
        }
        if let count = model.snapshot?.traces.count, count > 0 {
            trace = count - 1
            microOp = 0
        }
        select(line: best, model: model)
    }

    /// After the model took in a new snapshot: the selection follows the heat until the person moves
    /// it, and the trace pane shows a trace as soon as there is one.
    public mutating func settle(model: RunModel) {
        followHeat(model: model)
        if trace == nil, let count = model.snapshot?.traces.count, count > 0 { trace = count - 1 }
    }

    /// Follows the engine while it is held: the source line, instruction and micro-op it is at.
    public mutating func follow(_ stop: StopPoint, model: RunModel) {
        guard let f = model.functionIndex(of: stop.site.code) else { return }
        followHottest = false
        function = f
        instruction = min(stop.site.offset, max(0, model.listing.functions[f].instructions.count - 1))
        // Held before the program's first instruction (RESUME, on line 1 even where line 1 is a
        // comment): the first line of code.
        line = f == 0 && stop.site.offset == 0 ? model.firstCodeLine : stop.site.line
        if case .microOp(let id, let index, _, _) = stop.kind {
            trace = id
            microOp = index
        }
    }
}

/// How much of a trace the trace pane lists.
public enum TraceView: Sendable, CaseIterable {
    /// Every micro-op that runs, and every one the optimiser removed, except the position updates and
    /// validity checks dead code drops by the dozen (the heading counts them).
    case changes
    /// Only what runs.
    case optimized
    /// Everything recorded.
    case everything

    var next: TraceView {
        switch self {
        case .changes: .optimized
        case .optimized: .everything
        case .everything: .changes
        }
    }

    public var label: String {
        switch self {
        case .changes: "changes"
        case .optimized: "optimised"
        case .everything: "everything"
        }
    }

    public func shows(_ entry: TraceSnapshot.Entry) -> Bool {
        switch self {
        case .everything: true
        case .optimized: entry.isLive
        case .changes: entry.isLive || !TraceView.isBookkeeping(entry)
        }
    }

    /// Whether a row of a step through the optimiser is listed: `optimised` leaves out what the step's
    /// pass removed, `changes` the position updates and validity checks (dead code drops most of
    /// them, by the dozen, at the last step).
    public func shows(_ row: PassView.Row, in trace: TraceSnapshot) -> Bool {
        switch self {
        case .everything: true
        case .optimized: !row.isRemoved
        case .changes: !TraceView.bookkeeping.contains(trace.entries[row.entry].microOp.name)
        }
    }

    static let bookkeeping: Set<String> = [MicroOp._SET_IP.name, MicroOp._CHECK_VALIDITY.name]

    /// A `_SET_IP` or `_CHECK_VALIDITY` removed as dead code.
    public static func isBookkeeping(_ entry: TraceSnapshot.Entry) -> Bool {
        !entry.isLive && (entry.microOp.uop == ._SET_IP || entry.microOp.uop == ._CHECK_VALIDITY)
    }
}

func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), max(low, high)) }
