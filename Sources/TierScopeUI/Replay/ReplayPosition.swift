/// Where a replay is (`tierscope replay`), as the scrub bar and the status bar show it.
public struct ReplayPosition: Sendable, Equatable {
    /// Events that have happened, 0 to `count`.
    public var cursor: Int
    public var count: Int
    /// Engine time at the cursor's event (held and slow-motion time left out).
    public var nanoseconds: UInt64
    /// The cursors of the demo's stages (or of the trace recordings), and what they are called.
    public var marks: [Int]
    public var markName: String
    public var playing = false
    /// Events a second while playing.
    public var rate: Double = 25
    /// The event whose keyframe the panes show: the cursor's own when there is one there, else an
    /// earlier one (counts and forms are then as of that event).
    public var keyframe: Int?

    public init(cursor: Int, count: Int, nanoseconds: UInt64, marks: [Int], markName: String) {
        self.cursor = cursor
        self.count = count
        self.nanoseconds = nanoseconds
        self.marks = marks
        self.markName = markName
    }

    /// How many marks the cursor has reached or passed.
    public var marksReached: Int { marks.count { $0 <= cursor } }

    /// Rates `+` and `-` step through while playing.
    public static let rates: [Double] = [1, 2, 5, 10, 25, 50, 100, 250, 1000, 10_000]
}
