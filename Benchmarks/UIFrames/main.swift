// The terminal UI's cost: how long composing one frame takes at 200x60, and how much slower a program
// runs while the UI watches it (counting, snapshots, a 30 fps consumer drawing frames) than headless.
// See Benchmarks/README.md. Build in release: swift build -c release --product ui-benchmark

import Synchronization
import TierScopeUI
import TierVM

#if canImport(Glibc)
import Glibc
#endif

func readFile(_ path: String) -> String {
    guard case .success(let bytes) = FileInput.bytes(atPath: path) else {
        FileOutput.standardError.write("ui-benchmark: cannot read \(path)\n")
        exit(2)
    }
    return String(decoding: bytes, as: UTF8.self)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func format(_ x: Double, _ decimals: Int = 2) -> String {
    let scale = Double((0..<decimals).reduce(1) { r, _ in r * 10 })
    let v = (x * scale).rounded() / scale
    return "\(v)"
}

let arguments = Array(CommandLine.arguments.dropFirst())
let programs =
    arguments.isEmpty ? ["Demos/sum_squares.py", "Demos/guard_elimination.py", "Demos/side_exit.py"] : arguments
let runs = 7

/// Runs `source` as the UI would watch it: events drained, snapshots taken in, a frame composed at 30 fps.
func watched(_ source: String, path: String) -> (seconds: Double, frames: [Double], model: RunModel) {
    let bus = EventBus()
    let events = bus.subscribeBuffered()
    let started = MonotonicClock.now()
    guard case .success(let run) = Engine.launch(source: source, path: path, bus: bus, output: { _ in }) else {
        fatalError("\(path) does not compile")
    }
    let model = RunModel(listing: run.listing)
    var state = AppState()
    var frames: [Double] = []
    var number = 0
    var nextFrame = MonotonicClock.now()
    var ended: UInt64 = 0
    while true {
        // The end is noticed within a millisecond; frames come every 33 ms, as in the UI.
        let finished = run.result != nil
        if finished && ended == 0 { ended = MonotonicClock.now() }
        if !finished && MonotonicClock.now() < nextFrame {
            usleep(1_000)
            continue
        }
        nextFrame = MonotonicClock.now() + 33_000_000
        model.apply(events.drain())
        let (snapshot, n) = run.latestSnapshot
        if n != number, let snapshot {
            number = n
            model.apply(snapshot)
            state.followHeat(model: model)
        }
        let t0 = MonotonicClock.now()
        let (_, drawn) = Screen.render(width: 200, height: 60, model: model, state: state, theme: .monochrome)
        frames.append(Double(MonotonicClock.now() - t0) / 1e6)
        state.scroll = drawn.scroll
        if finished { break }
    }
    let seconds = Double(ended - started) / 1e9
    return (seconds, frames, model)
}

func headless(_ source: String, path: String) -> Double {
    let started = MonotonicClock.now()
    _ = Engine.run(source: source, path: path, output: { _ in })
    return Double(MonotonicClock.now() - started) / 1e9
}

print("program                         headless   watched  slowdown   frame median  frame p99 (ms, 200x60)")
for path in programs {
    let source = readFile(path)
    var plain: [Double] = []
    var observed: [Double] = []
    var frames: [Double] = []
    for _ in 0..<runs {
        plain.append(headless(source, path: path))
        let (seconds, frameTimes, _) = watched(source, path: path)
        observed.append(seconds)
        frames += frameTimes
    }
    // Frames of the finished program at 200x60, many times, for a steadier figure.
    let (_, _, model) = watched(source, path: path)
    var state = AppState()
    state.followHeat(model: model)
    state.trace = model.snapshot?.traces.first?.id
    for _ in 0..<200 {
        let t0 = MonotonicClock.now()
        _ = Screen.render(width: 200, height: 60, model: model, state: state, theme: .monochrome)
        frames.append(Double(MonotonicClock.now() - t0) / 1e6)
    }
    let sorted = frames.sorted()
    let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    let slowdown = (median(observed) / median(plain) - 1) * 100
    print(
        path.padding(toLength: 30, withPad: " ", startingAt: 0), format(median(plain) * 1000, 1) + " ms",
        format(median(observed) * 1000, 1) + " ms", format(slowdown, 1) + "%", format(median(frames), 3),
        format(p99, 3))
}
