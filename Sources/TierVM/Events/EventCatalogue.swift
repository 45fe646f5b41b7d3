// The event catalogue: everything the engine tells its observers, one value type per kind of event.
// Each payload says where it happened (code object, instruction offset, source line), what changed
// from what to what, why, and how long it took where that means something.

/// A code object, as events name it: stable for the run, readable by people.
public struct CodeReference: Sendable, Codable, Hashable {
    /// `sum_squares`, `Point.__init__`, `<module>`.
    public var name: String
    /// The line of its `def` or `class` (1 for the module).
    public var firstLine: Int

    public init(name: String, firstLine: Int) {
        self.name = name
        self.firstLine = firstLine
    }
}

/// One bytecode instruction of one code object.
public struct InstructionSite: Sendable, Codable, Hashable {
    public var code: CodeReference
    /// The instruction's index in its code object (what `tierscope dis` calls the offset).
    public var offset: Int
    public var line: Int

    public init(code: CodeReference, offset: Int, line: Int) {
        self.code = code
        self.offset = offset
        self.line = line
    }
}

// MARK: - Tier 0: compiling and running

/// The compiler produced a code object (one per module, function, lambda and class body).
public struct FunctionCompiled: Sendable, Codable, Hashable {
    public var code: CodeReference
    /// `module`, `function`, `lambda` or `class body`.
    public var codeKind: String
    public var instructions: Int
    public var locals: [String]
    public var stackSize: Int
    /// Time spent compiling this code object's own body, nested definitions excluded.
    public var nanoseconds: UInt64

    public init(
        code: CodeReference, codeKind: String, instructions: Int, locals: [String], stackSize: Int, nanoseconds: UInt64
    ) {
        self.code = code
        self.codeKind = codeKind
        self.instructions = instructions
        self.locals = locals
        self.stackSize = stackSize
        self.nanoseconds = nanoseconds
    }
}

/// The program wrote to its output.
public struct ProgramOutput: Sendable, Codable, Hashable {
    public var text: String

    public init(text: String) {
        self.text = text
    }
}

/// The run ended: normally, with an uncaught error, or stopped from outside.
public struct ProgramFinished: Sendable, Codable, Hashable {
    public var exitStatus: Int
    /// Whether an observer stopped the run before it ended by itself.
    public var cancelled: Bool
    public var nanoseconds: UInt64

    public init(exitStatus: Int, cancelled: Bool, nanoseconds: UInt64) {
        self.exitStatus = exitStatus
        self.cancelled = cancelled
        self.nanoseconds = nanoseconds
    }
}

/// A syntax error or an uncaught exception, with the traceback CPython would print.
public struct ErrorOccurred: Sendable, Codable, Hashable {
    public enum Phase: String, Sendable, Codable { case compile, run }
    public var phase: Phase
    /// `SyntaxError`, `ZeroDivisionError`, a user class name.
    public var type: String
    public var message: String
    /// Where it happened, innermost last, as in a printed traceback.
    public var traceback: [TracebackFrame]

    public struct TracebackFrame: Sendable, Codable, Hashable {
        public var function: String
        public var line: Int
    }

    public init(phase: Phase, type: String, message: String, traceback: [TracebackFrame]) {
        self.phase = phase
        self.type = type
        self.message = message
        self.traceback = traceback
    }
}

// MARK: - Tier 1: specialisation

/// An instruction was rewritten in place into its specialised form.
public struct InstructionSpecialized: Sendable, Codable, Hashable {
    public var site: InstructionSite
    public var from: String
    public var to: String
    /// The operand types the instruction saw during warm-up (`int`, `float`, `Point`).
    public var observedTypes: [String]
    /// Executions before specialising.
    public var executions: Int

    public init(site: InstructionSite, from: String, to: String, observedTypes: [String], executions: Int) {
        self.site = site
        self.from = from
        self.to = to
        self.observedTypes = observedTypes
        self.executions = executions
    }
}

/// An instruction warmed up but no specialised form fits what it saw.
public struct SpecializationFailed: Sendable, Codable, Hashable {
    public var site: InstructionSite
    public var instruction: String
    /// Why, e.g. "int and float operands".
    public var reason: String
    public var observedTypes: [String]
    /// Executions to wait before trying again.
    public var retryAfter: Int

    public init(site: InstructionSite, instruction: String, reason: String, observedTypes: [String], retryAfter: Int) {
        self.site = site
        self.instruction = instruction
        self.reason = reason
        self.observedTypes = observedTypes
        self.retryAfter = retryAfter
    }
}

/// A specialised instruction missed its guard too often and went back to the adaptive form.
public struct InstructionDespecialized: Sendable, Codable, Hashable {
    public var site: InstructionSite
    public var from: String
    public var to: String
    public var misses: Int
    /// Executions to wait before specialising again (exponential backoff).
    public var retryAfter: Int
    public var reason: String

    public init(site: InstructionSite, from: String, to: String, misses: Int, retryAfter: Int, reason: String) {
        self.site = site
        self.from = from
        self.to = to
        self.misses = misses
        self.retryAfter = retryAfter
        self.reason = reason
    }
}

// MARK: - Tier 2: traces

/// What made a trace start.
public enum TraceTrigger: Sendable, Codable, Hashable {
    /// A loop's back edge became hot.
    case hotLoop
    /// A function was called often.
    case hotFunction
    /// A side exit of another trace became hot.
    case hotExit(parent: Int, exit: Int)
}

/// Recording of a trace began at a hot loop header, function or side exit.
public struct TraceRecordingStarted: Sendable, Codable, Hashable {
    public var trace: Int
    public var site: InstructionSite
    public var trigger: TraceTrigger

    public init(trace: Int, site: InstructionSite, trigger: TraceTrigger) {
        self.trace = trace
        self.site = site
        self.trigger = trigger
    }
}

/// One micro-op of a trace, as listings show it.
public struct MicroOpRecord: Sendable, Codable, Hashable {
    /// `_GUARD_BOTH_INT`, `_BINARY_OP_ADD_INT`, ...
    public var name: String
    /// The operand as a listing shows it (`i, int`), empty when there is none.
    public var operand: String
    /// The bytecode instruction the micro-op came from, and its code object (the trace's own, or a
    /// function the trace followed a call into; absent in recordings made before it was recorded).
    public var offset: Int
    public var line: Int
    public var code: CodeReference?

    /// The micro-op itself, for a viewer that asks what kind it is (nil in a recording from a build whose
    /// table had a micro-op this one lacks).
    public var uop: MicroOp? { MicroOp(named: name) }

    public init(name: String, operand: String, offset: Int, line: Int, code: CodeReference? = nil) {
        self.name = name
        self.operand = operand
        self.offset = offset
        self.line = line
        self.code = code
    }
}

/// A trace was recorded.
public struct TraceRecorded: Sendable, Codable, Hashable {
    public var trace: Int
    public var site: InstructionSite
    public var microOps: [MicroOpRecord]
    /// How the trace ends: `_JUMP_TO_TOP` (a closed loop) or `_EXIT_TRACE`.
    public var ending: String
    public var nanoseconds: UInt64

    public init(trace: Int, site: InstructionSite, microOps: [MicroOpRecord], ending: String, nanoseconds: UInt64) {
        self.trace = trace
        self.site = site
        self.microOps = microOps
        self.ending = ending
        self.nanoseconds = nanoseconds
    }
}

/// Recording gave up.
public struct TraceAborted: Sendable, Codable, Hashable {
    public var trace: Int
    public var site: InstructionSite
    /// Why: unsupported instruction, too long, inner loop, recursion, ...
    public var reason: String
    /// Where recording was when it gave up.
    public var at: InstructionSite
    /// Back-edge executions before trying again here.
    public var retryAfter: Int

    public init(trace: Int, site: InstructionSite, reason: String, at: InstructionSite, retryAfter: Int) {
        self.trace = trace
        self.site = site
        self.reason = reason
        self.at = at
        self.retryAfter = retryAfter
    }
}

/// One change an optimiser pass made.
public struct OptimizerChange: Sendable, Codable, Hashable {
    public enum Action: String, Sendable, Codable { case removed, replaced, folded, narrowed, learned }
    /// Index of the micro-op in the trace before the pass.
    public var index: Int
    public var microOp: String
    public var action: Action
    /// What the micro-op became, for `replaced` and `folded`.
    public var replacement: String?
    public var reason: String

    public init(index: Int, microOp: String, action: Action, replacement: String?, reason: String) {
        self.index = index
        self.microOp = microOp
        self.action = action
        self.replacement = replacement
        self.reason = reason
    }
}

/// An optimiser pass ran over a trace.
public struct OptimizerPassRan: Sendable, Codable, Hashable {
    public var trace: Int
    /// `type propagation`, `guard elimination`, `constant folding`, `dead code`.
    public var pass: String
    public var microOpsBefore: Int
    public var microOpsAfter: Int
    public var changes: [OptimizerChange]
    public var nanoseconds: UInt64

    public init(
        trace: Int, pass: String, microOpsBefore: Int, microOpsAfter: Int, changes: [OptimizerChange],
        nanoseconds: UInt64
    ) {
        self.trace = trace
        self.pass = pass
        self.microOpsBefore = microOpsBefore
        self.microOpsAfter = microOpsAfter
        self.changes = changes
        self.nanoseconds = nanoseconds
    }
}

/// A guard was proven redundant and removed.
public struct GuardEliminated: Sendable, Codable, Hashable {
    public var trace: Int
    public var index: Int
    /// `_GUARD_BOTH_INT`, `_GUARD_TYPE_VERSION`, ...
    public var guardName: String
    /// What it guarded, e.g. `i, int`.
    public var operand: String
    public var pass: String
    public var reason: String

    public init(trace: Int, index: Int, guardName: String, operand: String, pass: String, reason: String) {
        self.trace = trace
        self.index = index
        self.guardName = guardName
        self.operand = operand
        self.pass = pass
        self.reason = reason
    }
}

/// Where one micro-op's stencil landed in emitted machine code.
public struct StencilRange: Sendable, Codable, Hashable {
    public var microOp: String
    public var start: Int
    public var length: Int
    /// How many bytes at the start write the values cached in registers back to the stack, because the
    /// micro-op works on the stack itself (nil where none do, and in recordings made before).
    public var writeBack: Int?

    public init(microOp: String, start: Int, length: Int, writeBack: Int? = nil) {
        self.microOp = microOp
        self.start = start
        self.length = length
        self.writeBack = writeBack
    }
}

/// A hole patched in emitted machine code.
public struct PatchedHole: Sendable, Codable, Hashable {
    /// Byte offset in the trace's code.
    public var offset: Int
    /// `operand`, `oparg`, `continue`, `exit`, `helper`, ...
    public var kind: String
    public var value: UInt64

    public init(offset: Int, kind: String, value: UInt64) {
        self.offset = offset
        self.kind = kind
        self.value = value
    }
}

/// A trace was compiled to machine code.
public struct JITCompiled: Sendable, Codable, Hashable {
    public var trace: Int
    /// Where the code starts.
    public var address: UInt64
    /// Everything placed for the trace: code (stencils and exit stubs), data, and alignment between.
    public var bytes: Int
    public var codeBytes: Int
    public var dataBytes: Int
    /// Each micro-op's stencil, in trace order (the live micro-ops, as the executor holds them).
    public var ranges: [StencilRange]
    public var holes: [PatchedHole]
    public var nanoseconds: UInt64
    /// The machine code as placed, for disassembly: the stencils, the stub that follows an exit (from the
    /// end of the last range), the exit stubs (each names its exit and jumps to that one), the error stub.
    public var code: [UInt8]
    /// Where the exit stubs start in `code`, and how long each is (exit k's is the k-th).
    public var exitStubsStart: Int
    public var exitStubSize: Int
    /// Where the error stub starts (after the last exit stub).
    public var errorStubStart: Int

    public init(
        trace: Int, address: UInt64 = 0, bytes: Int, codeBytes: Int = 0, dataBytes: Int = 0, ranges: [StencilRange],
        holes: [PatchedHole], nanoseconds: UInt64, code: [UInt8] = [], exitStubsStart: Int = 0, exitStubSize: Int = 0,
        errorStubStart: Int = 0
    ) {
        self.trace = trace
        self.address = address
        self.bytes = bytes
        self.codeBytes = codeBytes
        self.dataBytes = dataBytes
        self.ranges = ranges
        self.holes = holes
        self.nanoseconds = nanoseconds
        self.code = code
        self.exitStubsStart = exitStubsStart
        self.exitStubSize = exitStubSize
        self.errorStubStart = errorStubStart
    }
}

/// An invalidated trace's native code was freed.
public struct JITFreed: Sendable, Codable, Hashable {
    public var trace: Int
    public var bytes: Int

    public init(trace: Int, bytes: Int) {
        self.trace = trace
        self.bytes = bytes
    }
}

/// A trace's native code was thrown away to make room under the cap on JIT memory: the trace goes on in
/// the micro-op interpreter.
public struct JITEvicted: Sendable, Codable, Hashable {
    public var trace: Int
    public var bytes: Int
    public var reason: String

    public init(trace: Int, bytes: Int, reason: String) {
        self.trace = trace
        self.bytes = bytes
        self.reason = reason
    }
}

/// A guard failed and execution left a trace through a side exit.
public struct SideExitTaken: Sendable, Codable, Hashable {
    public var trace: Int
    public var exit: Int
    public var guardName: String
    /// Where Tier 1 resumes.
    public var site: InstructionSite
    /// Times this exit has been taken.
    public var count: Int

    /// Whether this is a loop running out of items (`_GUARD_NOT_EXHAUSTED_*`): how a loop trace ends,
    /// not a guard that failed.
    public var isLoopEnd: Bool { SideExitTaken.endsLoop(guardName) }

    /// Whether the micro-op called `guardName` leaves a trace when its loop runs out.
    public static func endsLoop(_ guardName: String) -> Bool { MicroOp(named: guardName)?.endsLoop ?? false }

    public init(trace: Int, exit: Int, guardName: String, site: InstructionSite, count: Int) {
        self.trace = trace
        self.exit = exit
        self.guardName = guardName
        self.site = site
        self.count = count
    }
}

/// A hot side exit got a trace of its own.
public struct SideTraceAttached: Sendable, Codable, Hashable {
    public var parent: Int
    public var exit: Int
    public var trace: Int

    public init(parent: Int, exit: Int, trace: Int) {
        self.parent = parent
        self.exit = exit
        self.trace = trace
    }
}

/// Execution fell back from a trace to the interpreter other than through a counted side exit.
public struct Deoptimized: Sendable, Codable, Hashable {
    public var trace: Int
    public var site: InstructionSite
    public var reason: String

    public init(trace: Int, site: InstructionSite, reason: String) {
        self.trace = trace
        self.site = site
        self.reason = reason
    }
}

/// A trace was thrown away (its assumptions broke, or it failed too often).
public struct TraceInvalidated: Sendable, Codable, Hashable {
    public var trace: Int
    public var reason: String

    public init(trace: Int, reason: String) {
        self.trace = trace
        self.reason = reason
    }
}

// MARK: - The bus itself

/// A buffered subscriber fell behind and lost events: reported in their place, never silently.
public struct EventsDropped: Sendable, Codable, Hashable {
    public var count: Int
    public var firstSequence: UInt64
    public var lastSequence: UInt64

    public init(count: Int, firstSequence: UInt64, lastSequence: UInt64) {
        self.count = count
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
    }
}
