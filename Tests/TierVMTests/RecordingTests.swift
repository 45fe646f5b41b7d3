import Foundation
import Testing

@testable import TierVM

@Suite("Recording")
struct RecordingTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tierscope-\(UUID().uuidString)-\(name)").path
    }

    /// Records a run and returns the path and what a subscriber saw live.
    static func record(_ source: String, path: String = "r.py") throws -> (String, [Event]) {
        let file = temporaryPath("run.tsrec")
        let bus = EventBus()
        let recorder = try Recorder(
            path: file, header: RecordingHeader(options: EngineOptions(), path: path, source: source))
        let live = EventCollector()
        bus.subscribe(recorder)
        bus.subscribe(live)
        _ = Engine.run(source: source, path: path, bus: bus) { _ in }
        recorder.flush()
        return (file, live.all)
    }

    @Test("a recording reads back as the same events, with the program inside it")
    func roundTrip() throws {
        let source = Repository.text("Demos/sum_squares.py")
        let (file, live) = try Self.record(source, path: "Demos/sum_squares.py")
        let recording = try Recording.read(path: file)
        #expect(recording.events == live)
        #expect(recording.header.program.source == source)
        #expect(recording.header.program.path == "Demos/sum_squares.py")
        #expect(recording.header.version == RecordingHeader.currentVersion)
        #expect(recording.header.options == EngineOptions())
        #expect(recording.isComplete)
    }

    @Test("every kind of event survives JSON")
    func everyKindRoundTrips() throws {
        let site = InstructionSite(code: CodeReference(name: "f", firstLine: 3), offset: 12, line: 5)
        let kinds: [EventKind] = [
            .functionCompiled(
                FunctionCompiled(
                    code: site.code, codeKind: "function", instructions: 9, locals: ["a"], stackSize: 2, nanoseconds: 10
                )),
            .programOutput(ProgramOutput(text: "héllo \"q\"\n")),
            .programFinished(ProgramFinished(exitStatus: 0, cancelled: false, nanoseconds: 5)),
            .error(
                ErrorOccurred(phase: .run, type: "KeyError", message: "'k'", traceback: [.init(function: "f", line: 5)])
            ),
            .instructionSpecialized(
                InstructionSpecialized(
                    site: site, from: "BINARY_OP", to: "BINARY_OP_ADD_INT", observedTypes: ["int", "int"], executions: 8
                )),
            .specializationFailed(
                SpecializationFailed(
                    site: site, instruction: "BINARY_OP", reason: "int and float", observedTypes: ["int", "float"],
                    retryAfter: 16)),
            .instructionDespecialized(
                InstructionDespecialized(
                    site: site, from: "BINARY_OP_ADD_INT", to: "BINARY_OP", misses: 53, retryAfter: 64,
                    reason: "float operand")),
            .traceRecordingStarted(TraceRecordingStarted(trace: 1, site: site, trigger: .hotExit(parent: 0, exit: 2))),
            .traceRecorded(
                TraceRecorded(
                    trace: 1, site: site,
                    microOps: [MicroOpRecord(name: "_GUARD_BOTH_INT", operand: "", offset: 12, line: 5)],
                    ending: "_JUMP_TO_TOP", nanoseconds: 3)),
            .traceAborted(TraceAborted(trace: 2, site: site, reason: "too long", at: site, retryAfter: 32)),
            .optimizerPass(
                OptimizerPassRan(
                    trace: 1, pass: "guard elimination", microOpsBefore: 20, microOpsAfter: 18,
                    changes: [
                        OptimizerChange(
                            index: 4, microOp: "_GUARD_BOTH_INT", action: .removed, replacement: nil,
                            reason: "known int")
                    ],
                    nanoseconds: 7)),
            .guardEliminated(
                GuardEliminated(
                    trace: 1, index: 4, guardName: "_GUARD_TYPE_VERSION", operand: "i, int", pass: "guard elimination",
                    reason: "seen")),
            .jitCompiled(
                JITCompiled(
                    trace: 1, bytes: 400, ranges: [StencilRange(microOp: "_LOAD_FAST", start: 0, length: 12)],
                    holes: [PatchedHole(offset: 3, kind: "operand", value: 7)], nanoseconds: 90)),
            .jitFreed(JITFreed(trace: 1, bytes: 400)),
            .jitEvicted(JITEvicted(trace: 2, bytes: 300, reason: "the coldest")),
            .sideExit(SideExitTaken(trace: 1, exit: 2, guardName: "_GUARD_BOTH_INT", site: site, count: 16)),
            .sideTraceAttached(SideTraceAttached(parent: 1, exit: 2, trace: 3)),
            .deoptimized(Deoptimized(trace: 1, site: site, reason: "global rebound")),
            .traceInvalidated(TraceInvalidated(trace: 1, reason: "class mutated")),
            .eventsDropped(EventsDropped(count: 3, firstSequence: 4, lastSequence: 6)),
        ]
        #expect(Set(kinds.map(\.kindName)) == Set(EventKindName.allCases))
        for (i, kind) in kinds.enumerated() {
            let event = Event(sequence: UInt64(i + 1), timestamp: UInt64(i * 100), kind: kind)
            let line = event.jsonLine()
            #expect(line.hasPrefix("{\"seq\":\(i + 1),\"t\":\(i * 100),\"kind\":\"\(kind.name)\""))
            #expect(try JSONDecoder().decode(Event.self, from: Data(line.utf8)) == event)
            #expect(!EventLog.line(for: event).isEmpty)
        }
    }

    static func bytes(_ file: String) -> [UInt8] { Array(FileManager.default.contents(atPath: file) ?? Data()) }

    @Test("an empty file is reported as empty")
    func empty() {
        #expect(throws: RecordingError.empty(path: "e.tsrec")) { try Recording.parse([], path: "e.tsrec") }
        #expect(throws: RecordingError.empty(path: "e.tsrec")) {
            try Recording.parse(Array(" \n".utf8), path: "e.tsrec")
        }
    }

    @Test("a recording cut off mid-line is reported as truncated, at the line where it ends")
    func truncated() throws {
        let (file, live) = try Self.record("print(1)\nprint(2)\n")
        var bytes = Self.bytes(file)
        bytes.removeLast(10)
        #expect(throws: RecordingError.truncated(path: "t.tsrec", line: live.count + 1)) {
            try Recording.parse(bytes, path: "t.tsrec")
        }
    }

    @Test("a damaged line is reported as corrupt, with its line number")
    func corrupt() throws {
        let (file, _) = try Self.record("print(1)\nprint(2)\n")
        var lines = String(decoding: Self.bytes(file), as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        lines[2] = "{\"seq\":2,\"t\":5,\"kind\":\"functionCompiled\"}"
        let damaged = Array(lines.joined(separator: "\n").utf8)
        guard case .corrupt(_, let line, let reason) = Self.error(damaged) else {
            Issue.record("not reported as corrupt")
            return
        }
        #expect(line == 3)
        #expect(reason.contains("missing"))
        lines[2] = "not json at all"
        guard case .corrupt(_, 3, _) = Self.error(Array(lines.joined(separator: "\n").utf8)) else {
            Issue.record("garbage not reported as corrupt")
            return
        }
    }

    @Test("missing events are corruption, not silence")
    func gap() throws {
        let (file, _) = try Self.record("print(1)\nprint(2)\n")
        var lines = String(decoding: Self.bytes(file), as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 2)
        guard case .corrupt(_, _, let reason) = Self.error(Array(lines.joined(separator: "\n").utf8)) else {
            Issue.record("a gap was not noticed")
            return
        }
        #expect(reason.contains("events are missing"))
    }

    @Test("a newer format is refused with a clear reason; other files are not recordings")
    func versions() throws {
        let newer = Array("{\"format\":\"tierscope-recording\",\"version\":99}\n".utf8)
        #expect(throws: RecordingError.newerVersion(path: "n.tsrec", version: 99)) {
            try Recording.parse(newer, path: "n.tsrec")
        }
        #expect(RecordingError.newerVersion(path: "n.tsrec", version: 99).description.contains("newer tierscope"))
        #expect(throws: RecordingError.notARecording(path: "x.tsrec")) {
            try Recording.parse(Array("print('hello')\n".utf8), path: "x.tsrec")
        }
    }

    /// Records an observed run (as `tierscope run --record` and the UI do) and returns the file and the
    /// live run.
    static func recordObserved(_ source: String, path: String = "o.py") throws -> (String, LiveRun) {
        let file = temporaryPath("observed.tsrec")
        let bus = EventBus()
        let recorder = try Recorder(
            path: file, header: RecordingHeader(options: EngineOptions(), path: path, source: source))
        bus.subscribe(recorder)
        guard
            case .success(let live) = Engine.launch(
                source: source, path: path, bus: bus, recorder: recorder, output: { _ in })
        else { throw RecordingError.empty(path: "does not compile") }
        _ = live.waitUntilFinished(timeoutSeconds: 30)
        recorder.flush()
        return (file, live)
    }

    @Test("an observed run records its listing and a keyframe after each event, the last with how it ended")
    func keyframes() throws {
        let source = Repository.text("Demos/side_exit.py")
        let (file, live) = try Self.recordObserved(source, path: "Demos/side_exit.py")
        let recording = try Recording.read(path: file)
        #expect(recording.listing == live.listing)
        let last = try #require(recording.keyframes.last)
        #expect(last.snapshot == live.latestSnapshot.snapshot)
        #expect(last.after == UInt64(recording.events.count))
        #expect(last.result == RecordedResult(try #require(live.result)))
        let afters = recording.keyframes.map(\.after)
        #expect(afters == afters.sorted() && Set(afters).count == afters.count, "keyframes out of order")
        // From the first event the engine's thread saw (after compiling), every event has its keyframe.
        let compiled = recording.events.prefix { $0.kind.kindName == .functionCompiled }.count
        #expect(afters == Array(UInt64(compiled + 1)...UInt64(recording.events.count)))
        // Where the engine was, by event: a keyframe's frame is the one its event came from.
        for keyframe in recording.keyframes.dropLast() {
            guard case .event(let sequence) = keyframe.snapshot.stop?.kind else { continue }
            #expect(sequence == keyframe.after)
        }
        // A trace's micro-ops are written when they change, not in every keyframe.
        let text = String(decoding: Self.bytes(file), as: UTF8.self)
        let bodies = text.split(separator: "\n").filter { $0.hasPrefix("{\"keyframe\":") && $0.contains("\"body\":") }
        #expect(bodies.count < recording.keyframes.count / 4)
    }

    @Test("a recording in format 1 still reads, with its events and nothing for the panes")
    func formatOne() throws {
        let header = RecordingHeader(options: EngineOptions(), path: "p.py", source: "print(1)\n")
        var json = String(decoding: try JSONEncoder().encode(header), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"version\":2", with: "\"version\":1")
        let text = json + "\n{\"seq\":1,\"t\":0,\"kind\":\"programOutput\",\"text\":\"1\\n\"}\n"
        let recording = try Recording.parse(Array(text.utf8), path: "old.tsrec")
        #expect(recording.header.version == 1)
        #expect(recording.events.count == 1)
        #expect(recording.listing == nil && recording.keyframes.isEmpty)
    }

    @Test("a keyframe cut off, or one that uses a trace it never gave, is reported with its line")
    func damagedKeyframes() throws {
        let (file, _) = try Self.recordObserved("total = 0\nfor i in range(100):\n    total += i\nprint(total)\n")
        let lines = String(decoding: Self.bytes(file), as: UTF8.self).split(separator: "\n").map(String.init)
        let last = lines.count
        let cut = Array((lines.joined(separator: "\n").dropLast(20)).utf8)
        #expect(throws: RecordingError.truncated(path: "c.tsrec", line: last)) {
            try Recording.parse(cut, path: "c.tsrec")
        }
        // Without the lines that give the trace's micro-ops, the next keyframe names a trace it cannot build.
        let damaged = lines.filter { !($0.hasPrefix("{\"keyframe\":") && $0.contains("\"body\":")) }
        #expect(damaged.count < lines.count)
        guard case .corrupt(_, let line, let reason) = Self.error(Array((damaged.joined(separator: "\n") + "\n").utf8))
        else {
            Issue.record("a keyframe without its trace was not noticed")
            return
        }
        #expect(damaged[line - 1].hasPrefix("{\"keyframe\":"))
        #expect(reason == "trace 0 is used before its micro-ops are given")
    }

    static func error(_ bytes: [UInt8]) -> RecordingError? {
        do {
            _ = try Recording.parse(bytes, path: "c.tsrec")
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Chrome trace export")
struct ChromeTraceTests {
    @Test("the timeline exports as trace-event JSON with a track per step and slices for recording and compiling")
    func export() throws {
        let bus = EventBus()
        let log = EventCollector()
        bus.subscribe(log)
        let source = Repository.text("Demos/sum_squares.py")
        _ = Engine.run(source: source, path: "Demos/sum_squares.py", bus: bus) { _ in }
        let text = ChromeTrace.json(for: log.all, path: "Demos/sum_squares.py")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object")
        let items = try #require(document["traceEvents"] as? [[String: Any]])
        let trackNames = items.filter { $0["name"] as? String == "thread_name" }.compactMap {
            ($0["args"] as? [String: Any])?["name"] as? String
        }
        #expect(trackNames == ChromeTrace.Track.allCases.map(\.name))
        func slices(_ track: ChromeTrace.Track) -> [[String: Any]] {
            items.filter { $0["ph"] as? String == "X" && $0["tid"] as? Int == track.rawValue }
        }
        #expect(slices(.recording).count == 1)
        #expect(slices(.optimizer).count == Optimizer.passes.count)
        let compile = try #require(slices(.jit).first)
        #expect((compile["dur"] as? Double ?? 0) > 0)
        #expect(slices(.run).count == 1)
        // The passes follow the recording, one after another.
        let recordingEnd =
            (slices(.recording)[0]["ts"] as? Double ?? 0) + (slices(.recording)[0]["dur"] as? Double ?? 0)
        let passStarts = slices(.optimizer).compactMap { $0["ts"] as? Double }
        #expect(passStarts == passStarts.sorted() && (passStarts.first ?? 0) >= recordingEnd - 0.001)
        #expect(
            items.contains {
                $0["ph"] as? String == "i" && $0["tid"] as? Int == ChromeTrace.Track.specialization.rawValue
            })
    }

    @Test("text in the export is escaped as JSON strings")
    func escaping() throws {
        let message = "a \"b\"\n\\ \u{1}"
        let error = ErrorOccurred(phase: .run, type: "ValueError", message: message, traceback: [])
        let text = ChromeTrace.json(
            for: [Event(sequence: 1, timestamp: 1500, kind: .error(error))], path: "quote\"d.py")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let items = try #require(document["traceEvents"] as? [[String: Any]])
        #expect(items.contains { $0["name"] as? String == "ValueError: " + message })
        #expect(items.contains { ($0["args"] as? [String: Any])?["name"] as? String == "tierscope quote\"d.py" })
        #expect(items.contains { $0["ts"] as? Double == 1.5 })
    }
}
