import TierVM

/// Where a replay's cursor goes next.
public enum ReplayMove: Equatable, Sendable {
    /// By this many events, back (negative) or forward.
    case step(Int)
    case first
    case last
    /// The previous or next stage of a demo (a trace recorded, aborted or attached, in a program that is
    /// not a demo).
    case previousMark
    case nextMark
    /// The next event of one of these kinds (the breakpoint keys, `1` to `5`).
    case nextOfKind(Set<EventKindName>)
    /// The next event about an instruction on this source line (`.`).
    case nextAtLine(Int)
    /// This many events into the recording (a click on the scrub bar).
    case to(Int)
}

/// What a key asks of a replay, beyond what it asks of the panes.
public enum ReplayCommand: Equatable, Sendable {
    case move(ReplayMove)
    case togglePlay
    case faster
    case slower
}

/// The replay's keys: a pure mapping, so that it is tested without a terminal. The arrows step events
/// (`h` and `l` still move between panes), `[` `]` jump stages or traces, Home and End go to either end,
/// the breakpoint keys run forward to an event of their kind, space plays and pauses.
public enum ReplayKeys {
    public static func command(for key: Key, state: AppState) -> ReplayCommand? {
        if state.editingFilter || state.showHelp { return nil }
        switch key {
        case .left: return .move(.step(-1))
        case .right, .character("n"): return .move(.step(1))
        case .character("["): return .move(.previousMark)
        case .character("]"): return .move(.nextMark)
        case .home, .character("r"): return .move(.first)
        case .end: return .move(.last)
        case .character(" "): return .togglePlay
        case .character("+"), .character("="): return .faster
        case .character("-"), .character("_"): return .slower
        case .character("."): return .move(.nextAtLine(state.line))
        case .character(let c) where AppState.breakpoints[c] != nil: return .move(.nextOfKind(AppState.breakpoints[c]!))
        default: return nil
        }
    }
}

extension ReplayIndex {
    /// The cursor after `move` from `cursor`; a move with nowhere to go stays put.
    public func position(after move: ReplayMove, from cursor: Int) -> Int {
        let events = recording.events
        switch move {
        case .step(let delta): return min(max(0, cursor + delta), eventCount)
        case .first: return 0
        case .last: return eventCount
        case .to(let target): return min(max(0, target), eventCount)
        case .previousMark: return marks.cursors.last { $0 < cursor } ?? 0
        case .nextMark: return marks.cursors.first { $0 > cursor } ?? cursor
        case .nextOfKind(let kinds):
            return events[cursor...].firstIndex { kinds.contains($0.kind.kindName) }.map { $0 + 1 } ?? cursor
        case .nextAtLine(let line):
            return events[cursor...].firstIndex { $0.kind.site?.line == line }.map { $0 + 1 } ?? cursor
        }
    }
}
