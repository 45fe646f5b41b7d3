/// The program as it was compiled, for a viewer: its source, and every code object's instructions with
/// their lines and arguments. Taken once, before the run starts; it never changes.
public struct ProgramListing: Sendable, Hashable, Codable {
    public var path: String
    public var source: String
    /// The source's lines, without their line ends.
    public var lines: [String]
    /// Every code object, the module first, in the order `EngineSnapshot.functions` follows.
    public var functions: [FunctionListing]
}

public struct FunctionListing: Sendable, Hashable, Codable {
    public var code: CodeReference
    /// `module`, `function`, `lambda` or `class body`.
    public var kind: String
    public var localNames: [String]
    public var instructions: [InstructionListing]
}

public struct InstructionListing: Sendable, Hashable, Codable {
    public var offset: Int
    /// The generic instruction, as compiled.
    public var opname: String
    public var argument: Int
    /// What the argument means (`total`, `to 12`, `+`), as `tierscope dis` shows it.
    public var argumentText: String
    public var line: Int
    /// Some jump lands here.
    public var isJumpTarget: Bool
}

/// The engine as it is at one moment, taken on the engine's thread and handed to a viewer: execution
/// counts, the form each instruction has now, every trace, and where the engine is held if it is.
public struct EngineSnapshot: Sendable, Hashable {
    /// Nanoseconds since the run began.
    public var nanoseconds: UInt64
    /// Events published so far.
    public var eventsPublished: UInt64
    /// One per `ProgramListing.functions` entry, in the same order.
    public var functions: [FunctionState]
    public var traces: [TraceSnapshot]
    /// Where the engine is held, when it is.
    public var stop: StopPoint?
    public var finished: Bool
}

public struct FunctionState: Sendable, Hashable {
    /// How often each instruction ran in Tier 0 or Tier 1.
    public var counts: [UInt64]
    /// Each instruction's current form: its specialised name once Tier 1 rewrote it. Where a trace is
    /// entered, the instruction the trace stands in for.
    public var opnames: [String]
    /// Guard misses each instruction's inline cache has counted.
    public var misses: [Int]
    /// Instructions replaced by ENTER_EXECUTOR, and the trace each enters.
    public var traceEntries: [Int: Int]
}

/// Where a held engine is, and what its innermost frame holds.
public struct StopPoint: Sendable, Hashable, Codable {
    public enum Kind: Sendable, Hashable, Codable {
        /// Held after an event.
        case event(sequence: UInt64)
        /// Held before a bytecode instruction.
        case instruction
        /// Held before a micro-op of a trace: its index among the trace's recorded micro-ops.
        case microOp(trace: Int, index: Int, name: String, operand: String)
    }

    public struct Value: Sendable, Hashable, Codable {
        public var name: String
        /// A short repr, made without running any Python code.
        public var repr: String
    }

    public var kind: Kind
    /// The instruction the frame runs next.
    public var site: InstructionSite
    public var locals: [Value]
    /// The value stack, bottom first; nil where its depth is not known (a hold after an event).
    public var stack: [String]?
}
