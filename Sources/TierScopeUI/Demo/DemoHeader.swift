import TierVM

/// What a demo says about itself in `# tierscope:` comment lines at its top: the speed its story is
/// best watched at, and the events its story needs, in the order they must happen. The demo-contract
/// test runs each demo and fails when one does not occur, so that no demo promises what its run does
/// not show. A `stage` is such an event that a presenter stops at (`tierscope demo NAME`): the engine
/// is held there and a banner reads out the stage's narration, the indented comment lines below it.
///
///     # tierscope: speed 40ms
///     # tierscope: expect instructionSpecialized BINARY_OP_ADD_FLOAT
///     # tierscope: stage traceAborted count_vowels iterator has no specialised form
///     #   The recorder gives up: a str iterator has no specialised FOR_ITER form.
public struct DemoHeader: Sendable, Equatable {
    /// An event the story needs: its kind, and words its one-line description (`--events`) contains
    /// in this order (`accumulate BINARY_OP -> BINARY_OP_ADD_INT`).
    public struct Expectation: Sendable, Equatable, CustomStringConvertible {
        public var kind: EventKindName
        public var text: String
        /// For a stage: what the presenter's banner says when the run gets there.
        public var narration: String?

        public init(kind: EventKindName, text: String, narration: String? = nil) {
            self.kind = kind
            self.text = text
            self.narration = narration
        }

        public var isStage: Bool { narration != nil }

        public func isMet(by event: Event) -> Bool {
            guard event.kind.kindName == kind else { return false }
            let line = EventLog.line(for: event)
            var rest = line[...]
            for word in text.split(separator: " ") {
                guard let found = rest.firstRange(of: word) else { return false }
                rest = rest[found.upperBound...]
            }
            return true
        }

        public var description: String { text.isEmpty ? kind.rawValue : "\(kind.rawValue) \(text)" }
    }

    /// The demo's title: its first comment line, after the name (`# side_exit: a guard fails ...`).
    public var title: String?
    /// How fast the demo goes when it is watched without `--speed`.
    public var speed: Speed?
    /// Every event the story needs, stages included, in the order they must happen.
    public var expectations: [Expectation] = []

    /// The expectations a presenter stops at, in order.
    public var stages: [Expectation] { expectations.filter(\.isStage) }

    /// A header line that could not be read, with its line number.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Reads the header from a program's leading comment lines; a program without one has an empty
    /// header.
    public init(source: String) throws(Problem) {
        /// The stage whose narration the indented comment lines below it continue, and where it began.
        var narrating: (index: Int, line: Int)?
        func finishNarration() throws(Problem) {
            guard let open = narrating else { return }
            narrating = nil
            if expectations[open.index].narration?.isEmpty ?? true {
                throw Problem(
                    line: open.line, message: "a stage wants its narration on indented comment lines below it")
            }
        }
        for (index, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " })
            guard line.hasPrefix("#") else { break }
            let afterHash = line.dropFirst()
            let comment = afterHash.trimmingPrefix(while: { $0 == " " })
            if let open = narrating, afterHash.hasPrefix("  "), !comment.isEmpty {
                let sofar = expectations[open.index].narration ?? ""
                expectations[open.index].narration = sofar.isEmpty ? String(comment) : sofar + " " + comment
                continue
            }
            try finishNarration()
            if index == 0, !comment.hasPrefix("tierscope:"), let colon = comment.firstIndex(of: ":") {
                title = comment[comment.index(after: colon)...].trimmingPrefix(while: { $0 == " " }).description
                continue
            }
            guard comment.hasPrefix("tierscope:") else { continue }
            let words = comment.dropFirst("tierscope:".count).split(separator: " ", maxSplits: 2).map(String.init)
            switch words.first {
            case "speed":
                guard words.count == 2, let speed = SpeedText.parse(words[1]) else {
                    throw Problem(line: index + 1, message: "speed wants one value such as 40ms, 25/s or 200i/s")
                }
                self.speed = speed
            case "expect", "stage":
                guard words.count >= 2, let kind = EventKindName(rawValue: words[1]) else {
                    throw Problem(line: index + 1, message: "\(words[0]) wants an event kind, such as traceAborted")
                }
                let isStage = words[0] == "stage"
                expectations.append(
                    Expectation(kind: kind, text: words.count > 2 ? words[2] : "", narration: isStage ? "" : nil))
                if isStage { narrating = (expectations.count - 1, index + 1) }
            default:
                throw Problem(line: index + 1, message: "unknown directive; the header knows speed, expect and stage")
            }
        }
        try finishNarration()
    }

    /// The expectations `events` leave unmet, taking them in order: each must happen after the one
    /// before it.
    public func unmet(by events: [Event]) -> [Expectation] {
        var next = 0
        for event in events where next < expectations.count && expectations[next].isMet(by: event) {
            next += 1
        }
        return Array(expectations[next...])
    }
}

/// How fast a watched run goes: a wait after every event, or one before every bytecode instruction
/// (a whole trace counts as one); both zero is full speed.
public struct Speed: Sendable, Equatable {
    public var eventDelay: UInt64 = 0
    public var instructionDelay: UInt64 = 0

    public init(eventDelay: UInt64 = 0, instructionDelay: UInt64 = 0) {
        self.eventDelay = eventDelay
        self.instructionDelay = instructionDelay
    }

    public static let full = Speed()
}

/// Speeds as people write them: `full`; a wait per event (`40ms`, `1s`); events per second (`25/s`);
/// instructions per second (`200i/s`).
public enum SpeedText {
    /// The speed `text` names, or nil for text that is not a speed.
    public static func parse(_ text: String) -> Speed? {
        if text == "full" || text == "0" { return .full }
        if text.hasSuffix("i/s"), let rate = Double(text.dropLast(3)), rate > 0, rate.isFinite {
            return Speed(instructionDelay: UInt64((1e9 / rate).rounded()))
        }
        if text.hasSuffix("/s"), let rate = Double(text.dropLast(2)), rate > 0, rate.isFinite {
            return Speed(eventDelay: UInt64((1e9 / rate).rounded()))
        }
        for (suffix, scale) in [("ms", 1e6), ("s", 1e9)] where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0, value <= 60 * 60 else { return nil }
            return Speed(eventDelay: UInt64((value * scale).rounded()))
        }
        return nil
    }

    /// `200 instr/s`, from the wait before each instruction.
    public static func describe(instructionDelay nanoseconds: UInt64) -> String {
        let rate = 1e9 / Double(max(1, nanoseconds))
        return rate >= 10 ? "\(Int(rate.rounded())) instr/s" : "\((rate * 10).rounded() / 10) instr/s"
    }

    /// `40 ms/event`, `1 s/event`, `full speed`.
    public static func describe(_ nanoseconds: UInt64) -> String {
        if nanoseconds == 0 { return "full speed" }
        if nanoseconds >= 1_000_000_000 && nanoseconds % 100_000_000 == 0 {
            let tenths = nanoseconds / 100_000_000
            return tenths % 10 == 0 ? "\(tenths / 10) s/event" : "\(tenths / 10).\(tenths % 10) s/event"
        }
        let milliseconds = (Double(nanoseconds) / 1e6 * 10).rounded() / 10
        return milliseconds == milliseconds.rounded()
            ? "\(Int(milliseconds)) ms/event" : "\(milliseconds) ms/event"
    }
}
