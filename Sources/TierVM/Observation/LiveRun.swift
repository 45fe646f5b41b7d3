import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A program running on its own thread while a viewer watches: the viewer gets the program's listing at
/// once, then events (from the bus it passed in), snapshots (`latestSnapshot`), the output (through its
/// callback) and, at the end, the result. It steers the run through `gate` and can stop it at any time.
public final class LiveRun: Sendable {
    public let listing: ProgramListing
    public let gate: SteppingGate
    private let state = Mutex(State())

    private struct State {
        var snapshot: EngineSnapshot?
        var snapshots = 0
        var result: RunResult?
    }

    init(listing: ProgramListing, gate: SteppingGate) {
        self.listing = listing
        self.gate = gate
    }

    /// The newest snapshot the engine published, and how many it has published (a viewer redraws when
    /// that number changes).
    public var latestSnapshot: (snapshot: EngineSnapshot?, number: Int) {
        state.withLock { ($0.snapshot, $0.snapshots) }
    }

    /// How the run ended, once it has.
    public var result: RunResult? { state.withLock { $0.result } }

    /// Stops the run: releases a held engine and asks it to stop at its next safe point.
    public func stop() { gate.quit() }

    /// Waits (polling; for tests and for shutting down) until the run has ended.
    public func waitUntilFinished(timeoutSeconds: Double = 10) -> RunResult? {
        let deadline = MonotonicClock.now() + UInt64(timeoutSeconds * 1e9)
        while MonotonicClock.now() < deadline {
            if let result { return result }
            usleep(2_000)
        }
        return result
    }

    fileprivate func publish(_ snapshot: EngineSnapshot) {
        state.withLock {
            $0.snapshot = snapshot
            $0.snapshots += 1
        }
    }

    fileprivate func finish(_ result: RunResult, _ snapshot: EngineSnapshot?) {
        state.withLock {
            if let snapshot {
                $0.snapshot = snapshot
                $0.snapshots += 1
            }
            $0.result = result
        }
        gate.runFinished()
    }
}

/// Lets the gate call back into the VM that runs on the engine thread. The gate calls `beforeHold` only
/// on that thread (holds happen where the engine is), and the VM outlives every hold, which is what
/// makes the unchecked reference sound.
private final class HoldReporter: @unchecked Sendable {
    unowned(unsafe) let vm: VM
    init(_ vm: VM) { self.vm = vm }
}

extension Engine {
    /// Compiles `source` and starts it on its own thread for a viewer, observed (execution counts,
    /// stepping holds, snapshots). A syntax error is returned as the failed run, before any thread starts.
    ///
    /// The run takes `Engine.run`'s steps and publishes the same events; what it adds for the viewer (the
    /// gate, snapshots, the observed options) publishes none.
    public static func launch(
        source: String, path: String, options: EngineOptions = EngineOptions(), bus: EventBus = EventBus(),
        startPaused: Bool = false, slowMotion: UInt64 = 0, instructionDelay: UInt64 = 0,
        breakpoint: (@Sendable (Event) -> Bool)? = nil, recorder: Recorder? = nil,
        output: @escaping @Sendable ([UInt8]) -> Void
    ) -> Result<LiveRun, SyntaxFailure> {
        let run: ProgramRun
        switch onLargeStack({ ProgramRun.compile(source: source, path: path, bus: bus) }) {
        case .success(let compiled): run = compiled
        case .failure(let failure): return .failure(failure)
        }
        let control = RunControl()
        let gate = SteppingGate(
            control: control, startPaused: startPaused, slowMotion: slowMotion, instructionDelay: instructionDelay,
            breakpoint: breakpoint)
        let live = LiveRun(listing: VM.listing(of: run.program, source: run.text), gate: gate)
        recorder?.write(listing: live.listing)
        let observed = {
            var observed = options
            observed.observe = true
            return observed
        }()
        let started = detachOnLargeStack {
            // Attached after the compile events, so that a run started paused holds at its first
            // instruction; and on this thread, so that only the engine's thread is ever held.
            bus.attach(gate)
            let vm = VM(
                program: run.program, source: run.text, options: observed, bus: bus, control: control,
                stepping: gate, output: output)
            vm.snapshotSink = { live.publish($0) }
            let reporter = HoldReporter(vm)
            gate.beforeHold = { point in reporter.vm.publishSnapshot(heldAt: point) }
            gate.beforeSlowMotionWait = { reporter.vm.publishSnapshotWhileSlowed() }
            if let recorder {
                gate.afterEvent = { event in
                    guard recorder.wantsKeyframe(after: event) else { return }
                    recorder.write(
                        Keyframe(after: event.sequence, snapshot: reporter.vm.observation.snapshotAfterEvent()))
                }
            }
            let result = run.execute(vm)
            // The end may hold too (a presenter's last stage), so the viewer still gets its snapshot there.
            run.finish(result)
            gate.beforeHold = nil
            gate.beforeSlowMotionWait = nil
            gate.afterEvent = nil
            let last = vm.snapshot(stop: nil, finished: true)
            recorder?.write(Keyframe(after: bus.publishedCount, snapshot: last, result: RecordedResult(result)))
            live.finish(result, last)
        }
        if !started {
            let result = RunResult(exitStatus: 1, errorReport: "tierscope: could not start the engine's thread\n")
            run.finish(result)
            live.finish(result, nil)
        }
        return .success(live)
    }
}

/// A program that did not compile: what `tierscope run` would print, and its last line.
public struct SyntaxFailure: Error, Sendable {
    public var report: String
    public var summary: String
}
