import FoundationEssentials

/// One thing the engine did, as it tells its observers: a gapless sequence number, a monotonic
/// timestamp, and what happened.
public struct Event: Sendable, Hashable {
    /// 1, 2, 3, ... in publishing order, with no gaps.
    public var sequence: UInt64
    /// Nanoseconds since the run began.
    public var timestamp: UInt64
    public var kind: EventKind

    public init(sequence: UInt64, timestamp: UInt64, kind: EventKind) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.kind = kind
    }
}

/// What happened. Per-instruction execution counts are not events: they live in counters that
/// observers sample as snapshots.
public enum EventKind: Sendable, Hashable {
    case functionCompiled(FunctionCompiled)
    case programOutput(ProgramOutput)
    case programFinished(ProgramFinished)
    case error(ErrorOccurred)
    case instructionSpecialized(InstructionSpecialized)
    case specializationFailed(SpecializationFailed)
    case instructionDespecialized(InstructionDespecialized)
    case traceRecordingStarted(TraceRecordingStarted)
    case traceRecorded(TraceRecorded)
    case traceAborted(TraceAborted)
    case optimizerPass(OptimizerPassRan)
    case guardEliminated(GuardEliminated)
    case jitCompiled(JITCompiled)
    case jitFreed(JITFreed)
    case jitEvicted(JITEvicted)
    case sideExit(SideExitTaken)
    case sideTraceAttached(SideTraceAttached)
    case deoptimized(Deoptimized)
    case traceInvalidated(TraceInvalidated)
    case eventsDropped(EventsDropped)

    /// The kind's name, as recordings and logs spell it.
    public var name: String { kindName.rawValue }

    public var kindName: EventKindName {
        switch self {
        case .functionCompiled: .functionCompiled
        case .programOutput: .programOutput
        case .programFinished: .programFinished
        case .error: .error
        case .instructionSpecialized: .instructionSpecialized
        case .specializationFailed: .specializationFailed
        case .instructionDespecialized: .instructionDespecialized
        case .traceRecordingStarted: .traceRecordingStarted
        case .traceRecorded: .traceRecorded
        case .traceAborted: .traceAborted
        case .optimizerPass: .optimizerPass
        case .guardEliminated: .guardEliminated
        case .jitCompiled: .jitCompiled
        case .jitFreed: .jitFreed
        case .jitEvicted: .jitEvicted
        case .sideExit: .sideExit
        case .sideTraceAttached: .sideTraceAttached
        case .deoptimized: .deoptimized
        case .traceInvalidated: .traceInvalidated
        case .eventsDropped: .eventsDropped
        }
    }
}

/// The kinds of event by name, for filtering ("run until the next traceRecorded").
extension EventKind {
    /// The bytecode instruction the event is about, for the kinds that are about one.
    public var site: InstructionSite? {
        switch self {
        case .instructionSpecialized(let e): e.site
        case .specializationFailed(let e): e.site
        case .instructionDespecialized(let e): e.site
        case .traceRecordingStarted(let e): e.site
        case .traceRecorded(let e): e.site
        case .traceAborted(let e): e.site
        case .sideExit(let e): e.site
        case .deoptimized(let e): e.site
        default: nil
        }
    }
}

public enum EventKindName: String, Sendable, Codable, CaseIterable {
    case functionCompiled, programOutput, programFinished, error, instructionSpecialized, specializationFailed,
        instructionDespecialized, traceRecordingStarted, traceRecorded, traceAborted, optimizerPass,
        guardEliminated, jitCompiled, jitFreed, jitEvicted, sideExit, sideTraceAttached, deoptimized, traceInvalidated,
        eventsDropped
}

// MARK: - JSON form

/// An event is one flat JSON object: `{"seq":7,"t":1200,"kind":"programOutput","text":"285\n"}`.
/// The payload's fields sit beside the envelope's, so a recording reads well in a text editor and
/// greps well.
extension Event: Codable {
    private enum EnvelopeKeys: String, CodingKey {
        case seq, t, kind
    }

    public func encode(to encoder: Encoder) throws {
        var envelope = encoder.container(keyedBy: EnvelopeKeys.self)
        try envelope.encode(sequence, forKey: .seq)
        try envelope.encode(timestamp, forKey: .t)
        try envelope.encode(kind.name, forKey: .kind)
        try kind.payload.encode(to: encoder)
    }

    public init(from decoder: Decoder) throws {
        let envelope = try decoder.container(keyedBy: EnvelopeKeys.self)
        sequence = try envelope.decode(UInt64.self, forKey: .seq)
        timestamp = try envelope.decode(UInt64.self, forKey: .t)
        let name = try envelope.decode(String.self, forKey: .kind)
        guard let kindName = EventKindName(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: envelope, debugDescription: "unknown event kind '\(name)'")
        }
        switch kindName {
        case .functionCompiled: kind = .functionCompiled(try FunctionCompiled(from: decoder))
        case .programOutput: kind = .programOutput(try ProgramOutput(from: decoder))
        case .programFinished: kind = .programFinished(try ProgramFinished(from: decoder))
        case .error: kind = .error(try ErrorOccurred(from: decoder))
        case .instructionSpecialized: kind = .instructionSpecialized(try InstructionSpecialized(from: decoder))
        case .specializationFailed: kind = .specializationFailed(try SpecializationFailed(from: decoder))
        case .instructionDespecialized: kind = .instructionDespecialized(try InstructionDespecialized(from: decoder))
        case .traceRecordingStarted: kind = .traceRecordingStarted(try TraceRecordingStarted(from: decoder))
        case .traceRecorded: kind = .traceRecorded(try TraceRecorded(from: decoder))
        case .traceAborted: kind = .traceAborted(try TraceAborted(from: decoder))
        case .optimizerPass: kind = .optimizerPass(try OptimizerPassRan(from: decoder))
        case .guardEliminated: kind = .guardEliminated(try GuardEliminated(from: decoder))
        case .jitCompiled: kind = .jitCompiled(try JITCompiled(from: decoder))
        case .jitFreed: kind = .jitFreed(try JITFreed(from: decoder))
        case .jitEvicted: kind = .jitEvicted(try JITEvicted(from: decoder))
        case .sideExit: kind = .sideExit(try SideExitTaken(from: decoder))
        case .sideTraceAttached: kind = .sideTraceAttached(try SideTraceAttached(from: decoder))
        case .deoptimized: kind = .deoptimized(try Deoptimized(from: decoder))
        case .traceInvalidated: kind = .traceInvalidated(try TraceInvalidated(from: decoder))
        case .eventsDropped: kind = .eventsDropped(try EventsDropped(from: decoder))
        }
    }
}

extension Event {
    /// The event as one line of JSON (no newline), envelope first: `{"seq":..,"t":..,"kind":..,...}`,
    /// the payload's fields after it in sorted order, so that lines are stable and read well.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own plain value types cannot fail.
        let payload = String(decoding: try! encoder.encode(kind.payload), as: UTF8.self)
        let envelope = "{\"seq\":\(sequence),\"t\":\(timestamp),\"kind\":\"\(kind.name)\""
        return payload == "{}" ? envelope + "}" : envelope + "," + payload.dropFirst()
    }
}

extension EventKind {
    /// The payload alone, for encoding.
    var payload: any Encodable {
        switch self {
        case .functionCompiled(let p): p
        case .programOutput(let p): p
        case .programFinished(let p): p
        case .error(let p): p
        case .instructionSpecialized(let p): p
        case .specializationFailed(let p): p
        case .instructionDespecialized(let p): p
        case .traceRecordingStarted(let p): p
        case .traceRecorded(let p): p
        case .traceAborted(let p): p
        case .optimizerPass(let p): p
        case .guardEliminated(let p): p
        case .jitCompiled(let p): p
        case .jitFreed(let p): p
        case .jitEvicted(let p): p
        case .sideExit(let p): p
        case .sideTraceAttached(let p): p
        case .deoptimized(let p): p
        case .traceInvalidated(let p): p
        case .eventsDropped(let p): p
        }
    }
}
