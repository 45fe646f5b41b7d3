import TierVM

/// A recording made ready for time travel: for any cursor (the number of events that have happened, 0
/// to all of them) it rebuilds what the live run's model held at that moment. The engine's state comes
/// from the nearest keyframe at or before the cursor; what the events told (the timeline, the output,
/// compiles, aborts, specialisations) from the events up to it, found through indices built once, so
/// that a jump costs the same at the start of a recording of a million events as at its end.
public final class ReplayIndex {
    public let recording: Recording
    public let listing: ProgramListing
    /// The demo's stages, if the recorded program is a demo, and the cursor that reaches each.
    public let stages: [DemoHeader.Expectation]
    public let stageCursors: [Int]
    /// Where a trace was recorded, aborted or attached: the marks `[` and `]` jump between when the
    /// program has no stages.
    public let traceCursors: [Int]

    /// Positions (into `recording.events`) of the events with a timeline row, of those that tell the
    /// model a fact (`RunModel.takeFacts`), and of the program's output.
    private let visible: [Int32]
    private let facts: [Int32]
    private let outputs: [Int32]
    /// Lines the output has completed after each output event, counting from the start.
    private let outputLines: [Int]
    /// Timeline rows, made when first shown, in chunks of `chunkSize` rows.
    private var timelineChunks: [Int: [TimelineEntry]] = [:]
    private static let chunkSize = 4096

    public var eventCount: Int { recording.events.count }

    /// An index of `recording`, which must have its listing (format 2, and a program that compiled).
    public init(_ recording: Recording, path: String) throws(RecordingError) {
        guard let listing = recording.listing else {
            if recording.header.version < 2 {
                throw .eventsOnly(
                    path: path,
                    reason: "recorded in format \(recording.header.version), before recordings kept the panes")
            }
            throw .eventsOnly(path: path, reason: "the program did not compile")
        }
        self.recording = recording
        self.listing = listing
        var visible: [Int32] = []
        var facts: [Int32] = []
        var outputs: [Int32] = []
        var outputLines: [Int] = []
        var traces: [Int] = []
        var lines = 0
        for (index, event) in recording.events.enumerated() {
            if TimelineEntry.shows(event) { visible.append(Int32(index)) }
            if RunModel.tellsFacts(event) { facts.append(Int32(index)) }
            switch event.kind {
            case .traceAborted, .traceRecorded, .sideTraceAttached:
                traces.append(index + 1)
            case .programOutput(let output):
                lines += output.text.utf8.count { $0 == 0x0A }
                outputs.append(Int32(index))
                outputLines.append(lines)
            default: break
            }
        }
        self.visible = visible
        self.facts = facts
        self.outputs = outputs
        self.outputLines = outputLines
        traceCursors = traces
        stages = (try? DemoHeader(source: recording.header.program.source))?.stages ?? []
        stageCursors = StageProgress.stageEvents(of: stages, in: recording.events).map { Int($0) }
    }

    /// The cursors `[` and `]` move between, and what they are called.
    public var marks: (cursors: [Int], name: String) {
        stages.isEmpty ? (traceCursors, "trace") : (stageCursors, "stage")
    }

    /// Sets `model` to what the live run's model held after `cursor` events.
    public func restore(_ model: RunModel, at cursor: Int) {
        let cursor = min(max(0, cursor), eventCount)
        let events = recording.events
        model.forgetFacts()
        for position in facts.prefix(while: { Int($0) < cursor }) { model.takeFacts(of: events[Int(position)]) }
        model.eventCount = UInt64(cursor)
        model.timeline = timeline(before: cursor)
        model.output = output(before: cursor)
        model.result = nil
        let keyframe = keyframe(atOrBefore: cursor)
        var snapshot = keyframe?.snapshot
        // The frame a keyframe shows is where the engine was at its own event, not at a later one.
        if keyframe?.after != UInt64(cursor) { snapshot?.stop = nil }
        if cursor == eventCount, let result = keyframe?.result {
            model.result = result.runResult
            if let report = result.errorReport, !result.cancelled { model.output.append(report, isError: true) }
        }
        model.replaceSnapshot(snapshot)
    }

    /// The keyframe taken after the latest event at or before `cursor`, if any.
    func keyframe(atOrBefore cursor: Int) -> Keyframe? {
        let keyframes = recording.keyframes
        var low = 0
        var high = keyframes.count
        while low < high {
            let middle = (low + high) / 2
            if keyframes[middle].after <= UInt64(cursor) { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : keyframes[low - 1]
    }

    /// The timeline's rows after `cursor` events: the newest `RunModel.timelineLimit`, as the live model
    /// keeps them.
    private func timeline(before cursor: Int) -> [TimelineEntry] {
        let count = Self.countBelow(cursor, in: visible)
        let first = max(0, count - RunModel.timelineLimit)
        var rows: [TimelineEntry] = []
        rows.reserveCapacity(count - first)
        var row = first
        while row < count {
            let chunk = row / Self.chunkSize
            let entries = timelineChunk(chunk)
            let start = row - chunk * Self.chunkSize
            let end = min(entries.count, count - chunk * Self.chunkSize)
            rows += entries[start..<end]
            row = chunk * Self.chunkSize + end
        }
        return rows
    }

    private func timelineChunk(_ chunk: Int) -> [TimelineEntry] {
        if let cached = timelineChunks[chunk] { return cached }
        let positions = visible[(chunk * Self.chunkSize)..<min(visible.count, (chunk + 1) * Self.chunkSize)]
        let entries = positions.compactMap { TimelineEntry.from(recording.events[Int($0)]) }
        timelineChunks[chunk] = entries
        return entries
    }

    /// The output after `cursor` events: its last `OutputLog.limit` lines, rebuilt from the output events
    /// that wrote them, starting at the start of a line.
    private func output(before cursor: Int) -> OutputLog {
        let end = Self.countBelow(cursor, in: outputs)
        guard end > 0 else { return OutputLog() }
        let total = outputLines[end - 1]
        var start = end - 1
        while start > 0 && total - outputLines[start - 1] <= OutputLog.limit { start -= 1 }
        // Begin just after a line ended, so that no line is rebuilt from its middle.
        while start > 0 && !endsLine(outputs[start - 1]) { start -= 1 }
        var log = OutputLog(droppedLines: start > 0 ? outputLines[start - 1] : 0)
        for position in outputs[start..<end] {
            if case .programOutput(let output) = recording.events[Int(position)].kind { log.append(output.text) }
        }
        return log
    }

    private func endsLine(_ position: Int32) -> Bool {
        guard case .programOutput(let output) = recording.events[Int(position)].kind else { return true }
        return output.text.utf8.last == 0x0A
    }

    /// How many of the sorted positions are below `cursor`.
    private static func countBelow(_ cursor: Int, in positions: [Int32]) -> Int {
        var low = 0
        var high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if Int(positions[middle]) < cursor { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension TimelineEntry {
    /// Whether the event has a row on the timeline (cheaper than making the row).
    static func shows(_ event: Event) -> Bool {
        switch event.kind {
        case .functionCompiled, .programOutput, .traceRecordingStarted: false
        case .optimizerPass(let e): !e.changes.isEmpty
        default: true
        }
    }
}
