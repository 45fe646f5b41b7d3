import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What happens to the terminal when the process is told to stop or crashes while the UI has it.
///
/// Stop requests (SIGINT, SIGTERM, SIGHUP) only set a flag: the main loop sees it, quits and shuts the
/// terminal down the ordinary way. Crashes (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, and SIGTRAP, which
/// is how a Swift trap arrives on arm64) cannot wait for the loop, so their handler puts the terminal
/// back with async-signal-safe calls only: `tcsetattr` with the modes saved before curses changed them,
/// and `write(2)` of fixed reset sequences. It then hands the signal to the handler that was there
/// before, if any (the Swift runtime's backtracer, which then prints its report on a usable terminal),
/// and finally dies of the signal under the default action.
enum TerminalSignals {
    static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// The stop signal that arrived since `install`, or 0.
    static var stopSignal: Int32 { stopSignalReceived.load(ordering: .relaxed) }

    /// Saves the terminal modes of `descriptor` and the current signal actions. Called before `newterm`,
    /// so that what is saved is the terminal as the shell left it, and not the actions ncurses installs.
    static func saveState(descriptor: Int32) {
        let state = crashState
        _ = resetSequence.utf8CodeUnitCount
        state.pointee.descriptor = descriptor
        state.pointee.hasModes = tcgetattr(descriptor, &state.pointee.modes) == 0
        for signal in stopSignals + crashSignals { sigaction(signal, nil, &savedActions[Int(signal)]) }
    }

    /// Installs the handlers; from here until `uninstall` the saved state must not change.
    static func install() {
        stopSignalReceived.store(0, ordering: .relaxed)
        for signal in stopSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = stopHandler
            sigemptyset(&action.sa_mask)
            // Restarting keeps other threads' reads and writes from failing with EINTR; the UI's key wait
            // (poll) returns early all the same, which is what lets the loop see the flag at once.
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
        for signal in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = crashHandler
            sigemptyset(&action.sa_mask)
            // SA_ONSTACK uses the alternate signal stack where the runtime set one up, so that a stack
            // overflow still gets its terminal back.
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigaction(signal, &action, nil)
        }
    }

    /// Puts back the actions saved before `newterm`.
    static func uninstall() {
        for signal in stopSignals + crashSignals { sigaction(signal, &savedActions[Int(signal)], nil) }
    }
}

/// Set by the stop handler, read by the main loop. An atomic because a handler may run on any thread,
/// between any two instructions of the loop.
private let stopSignalReceived = Atomic<Int32>(0)

/// What the crash handler needs, written by `saveState` before the handlers are installed and only read
/// while they are.
private struct CrashState {
    var descriptor: Int32 = 1
    var hasModes = false
    var modes = termios()
}

// A C signal handler cannot capture anything, so its state lives in globals. They are behind pointers
// allocated once, and first touched by `saveState`, so that the handler reads plain memory: a Swift `var`
// global brings lazy initialisation and exclusivity bookkeeping, neither of them async-signal-safe.
// `nonisolated(unsafe)` because the ordering above (write before install, read after) is what keeps
// them race-free, and Swift cannot see it.
nonisolated(unsafe) private let crashState: UnsafeMutablePointer<CrashState> = {
    let pointer = UnsafeMutablePointer<CrashState>.allocate(capacity: 1)
    pointer.initialize(to: CrashState())
    return pointer
}()
nonisolated(unsafe) private let savedActions: UnsafeMutablePointer<sigaction> = {
    let count = 65
    let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: count)
    pointer.initialize(repeating: sigaction(), count: count)
    return pointer
}()

/// Leaves mouse reporting, resets attributes, shows the cursor and leaves the alternate screen: the
/// xterm sequences every terminal tierscope runs in understands. A `StaticString` so that writing it
/// needs no allocation.
private let resetSequence: StaticString = "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"

private let stopHandler: @convention(c) (Int32) -> Void = { signal in
    stopSignalReceived.store(signal, ordering: .relaxed)
}

private let crashHandler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void =
    { signal, info, context in
        let state = crashState
        if state.pointee.hasModes { _ = tcsetattr(state.pointee.descriptor, TCSANOW, &state.pointee.modes) }
        _ = write(state.pointee.descriptor, resetSequence.utf8Start, resetSequence.utf8CodeUnitCount)

        // Called directly rather than re-raised, so that the previous handler sees the fault's own siginfo
        // and registers. A handler that returns (the backtracer does, expecting the fault to recur) falls
        // through to the default action below, which a signal sent with kill(2) would otherwise never reach.
        let previous = savedActions[Int(signal)]
        let raw = unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self)
        if raw != 0 && raw != unsafeBitCast(SIG_IGN, to: Int.self) {
            if previous.sa_flags & SA_SIGINFO != 0 {
                previous.__sigaction_handler.sa_sigaction?(signal, info, context)
            } else {
                previous.__sigaction_handler.sa_handler?(signal)
            }
        }
        var defaultAction = sigaction()
        sigemptyset(&defaultAction.sa_mask)
        sigaction(signal, &defaultAction, nil)
        // Still blocked while this handler runs: delivered, and fatal, as it returns.
        raise(signal)
    }
