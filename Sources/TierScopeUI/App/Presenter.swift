import TierVM

/// Presenter mode (`tierscope demo NAME`): the demo's stages, how far the run has got through them,
/// and whether the banner that narrates them shows (`P` hides it and gives the panes the room back).
public struct Presenter: Sendable, Equatable {
    /// The demo's name and its title line.
    public var name: String
    public var title: String
    public var stages: [DemoHeader.Expectation]
    /// Stages the run has reached and the screen has shown.
    public var reached = 0
    public var showsBanner = true

    public init(name: String, header: DemoHeader) {
        self.name = name
        title = header.title ?? ""
        stages = header.stages
    }

    /// What the banner says now: the stage reached last, or, before the first, how to begin.
    public var narration: String {
        reached == 0 ? Self.introduction(stages: stages.count) : stages[min(reached, stages.count) - 1].narration ?? ""
    }

    static func introduction(stages: Int) -> String {
        "Space runs the demo in slow motion; it stops by itself at each of its \(stages) stages and says what to "
            + "look at. P hides this banner."
    }

    /// Every sentence the banner can say, for a height that does not change from stage to stage.
    var allNarrations: [String] { [Self.introduction(stages: stages.count)] + stages.map { $0.narration ?? "" } }
}

extension AppState {
    /// A stage reached: the pane that shows what happened comes to the front, with the event's
    /// instruction, line and trace selected, so that every pane points at the same moment.
    public mutating func present(stage number: Int, reachedBy event: Event, model: RunModel) {
        presenter?.reached = number
        followHottest = false
        focus = PaneID.showing(event.kind)
        // Where it happened: the event's instruction, else its trace's start, else where the engine was.
        let site = event.kind.site ?? event.kind.trace.flatMap { model.trace($0)?.site } ?? model.snapshot?.stop?.site
        if let site, let f = model.functionIndex(of: site.code) {
            function = f
            instruction = min(site.offset, max(0, model.listing.functions[f].instructions.count - 1))
            line = site.line
        } else {
            // Nowhere in particular (the run's end): the hottest line.
            followHottest = true
            followHeat(model: model)
            followHottest = false
        }
        // Its trace; for an event about no trace, the newest that covers the instruction, or the newest.
        trace = nil
        microOp = 0
        machineRow = 0
        passStep = nil
        guard let id = event.kind.trace, let snapshot = model.trace(id) else {
            if let count = model.snapshot?.traces.count, count > 0 { trace = count - 1 }
            linkTrace(model: model)
            return
        }
        trace = id
        // A pass's stage shows the trace as that pass left it, its changes marked.
        switch event.kind {
        case .optimizerPass(let e): passStep = snapshot.passes.firstIndex(of: e.pass).map { $0 + 1 }
        case .guardEliminated(let e): passStep = snapshot.passes.firstIndex(of: e.pass).map { $0 + 1 }
        default: break
        }
        if case .guardEliminated(let e) = event.kind {
            microOp = e.index
        } else if case .sideExit(let e) = event.kind,
            let exit = snapshot.entries.firstIndex(where: { $0.exit == e.exit })
        {
            // The guard that failed.
            microOp = exit
        } else if case .optimizerPass = event.kind, let step = passStep(of: snapshot),
            let first = PassView(snapshot, at: step).rows.first(where: {
                $0.change != nil && traceView.shows($0, in: snapshot)
            })
        {
            // The pass's first change, in view.
            microOp = first.entry
        } else if let index = snapshot.entries.firstIndex(where: {
            $0.microOp.code == model.listing.functions[function].code && $0.microOp.offset == instruction
        }) {
            microOp = index
        }
    }
}

extension PaneID {
    /// The pane that shows best what an event did.
    static func showing(_ kind: EventKind) -> PaneID {
        switch kind {
        case .instructionSpecialized, .instructionDespecialized, .specializationFailed, .functionCompiled:
            .bytecode
        case .traceRecordingStarted, .traceRecorded, .traceAborted, .optimizerPass, .guardEliminated, .sideExit,
            .sideTraceAttached, .deoptimized, .traceInvalidated:
            .trace
        case .jitCompiled, .jitFreed, .jitEvicted: .machineCode
        case .programOutput, .programFinished, .error: .output
        case .eventsDropped: .timeline
        }
    }
}

extension EventKind {
    /// The trace the event is about, for the kinds that are about one (a side trace's own number for
    /// `sideTraceAttached`).
    var trace: Int? {
        switch self {
        case .traceRecorded(let e): e.trace
        case .optimizerPass(let e): e.trace
        case .guardEliminated(let e): e.trace
        case .jitCompiled(let e): e.trace
        case .jitFreed(let e): e.trace
        case .jitEvicted(let e): e.trace
        case .sideExit(let e): e.trace
        case .sideTraceAttached(let e): e.trace
        case .deoptimized(let e): e.trace
        case .traceInvalidated(let e): e.trace
        default: nil
        }
    }
}

extension AppState {
    /// The selection and focus of `other`, for a replay that puts back what a stage brought forward.
    mutating func takeSelection(of other: AppState) {
        line = other.line
        function = other.function
        instruction = other.instruction
        trace = other.trace
        microOp = other.microOp
        machineRow = other.machineRow
        timelineRow = other.timelineRow
        outputRow = other.outputRow
        followHottest = other.followHottest
        focus = other.focus
        passStep = other.passStep
    }
}
