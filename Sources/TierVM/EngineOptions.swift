/// Tuning of the engine: which tiers run and when they kick in. The defaults below are the only ones: the
/// command line takes its defaults, and the ones `--help` shows, from `EngineOptions()`.
public struct EngineOptions: Sendable, Codable, Equatable {
    /// The highest tier the pipeline may reach: `traces` runs optimised traces in the micro-op
    /// interpreter, `jit` compiles each to native code (copy and patch) as it is installed.
    public enum MaxTier: String, Sendable, CaseIterable, Codable {
        case interpreter = "0", specialized = "1", traces = "2", jit
    }

    public var maxTier: MaxTier = .jit
    /// Type-stable executions before the specialiser rewrites an instruction (Tier 0 to Tier 1).
    public var specializeAfter = 8
    /// Backward jumps at a loop header, or calls of a function, before Tier 2 records a trace there.
    public var traceAfter = 16
    /// Exits through one side exit before a side trace is recorded from it.
    public var sideTraceAfter = 16
    public var optimize = true
    /// Optimiser passes to run, by the names in `passNames`; nil runs them all.
    public var passes: [String]? = nil
    /// The names `passes` may hold, in the order the passes run.
    public static var passNames: [String] { Optimizer.passFlags }
    /// Watched by a viewer: count instruction executions, offer the stepping gate holds before each
    /// instruction (and micro-op, when stepping through a trace), and publish snapshots. Off, the
    /// interpreter pays one predictable branch per instruction.
    public var observe = false
    /// Stop after this many loop iterations and calls, for tests that run arbitrary input; nil runs freely.
    public var fuel: Int? = nil
    /// Bytes of native code and data the JIT may keep; past it, the coldest traces lose theirs.
    public var jitMemoryLimit = 64 << 20
    /// Write `/tmp/perf-PID.map`, so that `perf report` names native trace code by trace and function.
    public var perfMap = false
    public var recursionLimit = 1000
    /// Allocation volume between collections at the least (smaller values collect more often).
    public var collectionThreshold = 8 << 20
    /// The most items a list, tuple or str may have; larger ones raise MemoryError instead of swapping.
    public var maximumItems = 1 << 28

    public init() {}
}
