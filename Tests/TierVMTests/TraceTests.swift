import Synchronization
import Testing

@testable import TierVM

/// Tier 2: recording, the optimiser passes one by one, the micro-op interpreter, side exits, side
/// traces and invalidation.
@Suite("Tier 2 traces")
struct TraceTests {
    struct TracedRun {
        var output: String
        var exitStatus: Int32
        var events: [EventKind]
        var traces: [TraceSnapshot]

        /// The first trace recorded in `function`.
        func trace(in function: String, kind: String = "loop") -> TraceSnapshot? {
            traces.first { $0.site.code.name == function && $0.kind == kind }
        }
    }

    static func options(passes: [String]? = nil, optimize: Bool = true) -> EngineOptions {
        var options = EngineOptions()
        options.maxTier = .traces
        options.passes = passes
        options.optimize = optimize
        return options
    }

    static func run(_ source: String, options: EngineOptions = options()) -> TracedRun {
        let bus = EventBus()
        let collector = EventCollector()
        bus.subscribe(collector)
        let output = OutputCollector()
        let traces = Mutex<[TraceSnapshot]>([])
        let result = Engine.run(
            source: source, path: "t2.py", options: options, bus: bus, output: { output.append($0) }
        ) { finished in
            traces.withLock { $0 = finished.traces }
        }
        return TracedRun(
            output: output.text, exitStatus: result.exitStatus, events: collector.all.map(\.kind),
            traces: traces.withLock { $0 })
    }

    static let sumSquares = """
        def sum_squares(n):
            total = 0
            for i in range(n):
                total += i * i
            return total

        print(sum_squares(100000))

        """

    @Test("a loop subscripting an instance follows into its __getitem__, and i stays a known int there")
    func traceFollowsGetitem() throws {
        let run = Self.run(
            """
            class Squares:
                def __getitem__(self, i):
                    return i * i

            def total(s, n):
                t = 0
                for i in range(n):
                    t += s[i]
                return t

            print(total(Squares(), 5000))

            """)
        #expect(run.output == "41654167500\n")
        let trace = try #require(run.trace(in: "total"))
        let live = trace.optimized
        let push = try #require(live.firstIndex { $0.uop == ._PUSH_FRAME_GETITEM })
        #expect(live[push].operand == "Squares.__getitem__()")
        #expect(live[push - 1].uop == ._GUARD_NOS_TYPE_VERSION)
        let pop = try #require(live.firstIndex { $0.uop == ._POP_FRAME })
        let multiply = try #require(live.firstIndex { $0.uop == ._BINARY_OP_MULTIPLY_INT })
        #expect(push < multiply && multiply < pop)
        // The index came out of the range iterator: the callee's multiply needs no guard on it.
        #expect(!live[push..<pop].contains { $0.uop?.isGuard == true })
        #expect(live.last?.uop == ._JUMP_TO_TOP)
    }

    @Test("a store through __setitem__ is followed into the method, and its result dropped after the return")
    func traceFollowsSetitem() throws {
        let run = Self.run(
            """
            class Box:
                def __init__(self):
                    self.total = 0

                def __setitem__(self, key, value):
                    self.total = self.total + key * value
                    return 99

            def fill(b, n):
                for i in range(n):
                    b[i] = 2
                return b.total

            print(fill(Box(), 3000))

            """)
        #expect(run.output == "8997000\n")
        let live = try #require(run.trace(in: "fill")).optimized
        let push = try #require(live.firstIndex { $0.uop == ._PUSH_FRAME_SETITEM })
        #expect(live[push].operand == "Box.__setitem__()")
        let pop = try #require(live.firstIndex { $0.uop == ._POP_FRAME })
        #expect(push < pop)
        #expect(live[pop + 1].uop == ._POP_TOP)
        #expect(live.last?.uop == ._JUMP_TO_TOP)
    }

    @Test("an operator's method is followed into; a NotImplemented check guards its returned value, not a known bool")
    func traceFollowsOperatorMethods() throws {
        let run = Self.run(
            """
            class Vec:
                def __init__(self, x):
                    self.x = x

                def __add__(self, other):
                    return Vec(self.x + other.x)

                def __lt__(self, other):
                    return self.x < other.x

            def walk(n):
                v = Vec(0)
                step = Vec(1)
                c = 0
                for i in range(n):
                    v = v + step
                    if v < step:
                        c += 1
                return v.x + c

            print(walk(3000))

            """)
        #expect(run.output == "3000\n")
        let live = try #require(run.trace(in: "walk")).optimized
        let pushes = live.indices.filter { live[$0].uop == ._PUSH_FRAME_OPERATOR }
        try #require(pushes.count >= 2)
        #expect(live[pushes[0]].operand == "Vec.__add__()")
        #expect(live[pushes[1]].operand == "Vec.__lt__()")
        #expect(live[pushes[0] - 2].uop == ._GUARD_NOS_TYPE_VERSION)
        #expect(live[pushes[0] - 1].uop == ._GUARD_TOS_NOT_OTHER_CLASS)
        let pops = live.indices.filter { live[$0].uop == ._POP_FRAME }
        try #require(pops.count >= 2)
        // __add__ returns a new instance, which might be NotImplemented as far as the trace knows ...
        #expect(live[pops[0] - 1].uop == ._GUARD_RESULT_IMPLEMENTED)
        // ... while __lt__ returns an int comparison, a known bool: its check and the branch's are gone.
        #expect(!live[pushes[1]..<pops[1]].contains { $0.uop == ._GUARD_RESULT_IMPLEMENTED })
        #expect(!live[pops[1]...].prefix(4).contains { $0.uop == ._TO_BOOL_BOOL })
        #expect(live.last?.uop == ._JUMP_TO_TOP)
    }

    @Test("sum_squares: i comes out of the range iterator an int, so only total keeps an int guard")
    func sumSquaresGuards() throws {
        let run = Self.run(Self.sumSquares)
        #expect(run.output == "333328333350000\n")
        let trace = try #require(run.trace(in: "sum_squares"))
        let live = trace.optimized
        let intGuards = live.filter { [._GUARD_BOTH_INT, ._GUARD_TOS_INT, ._GUARD_NOS_INT].contains($0.uop) }
        #expect(intGuards.count <= 1)
        #expect(intGuards.allSatisfy { $0.operand == "total: int" })
        // No guard on i survives, and nothing guards the multiply's operands.
        #expect(!live.contains { $0.uop?.isGuard == true && $0.operand.hasPrefix("i") })
        let multiply = try #require(live.firstIndex { $0.uop == ._BINARY_OP_MULTIPLY_INT })
        #expect(live[multiply - 1].uop?.isGuard == false)
        // The removed guard is in the listing, with the pass that removed it and why.
        let removed = try #require(trace.entries.first { $0.microOp.uop == ._GUARD_BOTH_INT && !$0.isLive })
        #expect(removed.removedBy?.pass == "guard elimination")
        #expect(removed.removedBy?.reason == "i and i are known ints")
        #expect(trace.listing.contains("removed by guard elimination: i and i are known ints"))
        // The loop closes on itself and ran far more often than it was entered.
        #expect(live.last?.uop == ._JUMP_TO_TOP)
        #expect(trace.runs > 0)
        #expect(
            run.events.contains {
                if case .guardEliminated(let e) = $0 {
                    return MicroOp(named: e.guardName) == ._GUARD_BOTH_INT && e.operand == "i, i: int"
                }
                return false
            })
    }

    @Test("loop peeling: after the first iteration, the repeating body runs with no type guard at all")
    func loopPeeling() throws {
        let run = Self.run(Self.sumSquares)
        #expect(run.output == "333328333350000\n")
        let trace = try #require(run.trace(in: "sum_squares"))
        #expect(trace.passes.first == "loop peeling")
        let live = trace.optimized
        let head = try #require(live.firstIndex { $0.uop == ._LOOP_HEAD })
        let body = live[(head + 1)...]
        #expect(body.contains { $0.uop == ._BINARY_OP_MULTIPLY_INT })
        // Only the loop's own end remains a guard there: running out of the range.
        #expect(
            body.compactMap(\.uop).filter { $0.isGuard && $0 != ._CHECK_VALIDITY } == [._GUARD_NOT_EXHAUSTED_RANGE])
        // The first iteration keeps the checks the loop's facts rest on.
        #expect(live[..<head].contains { $0.uop == ._ITER_CHECK_RANGE })
        #expect(live[..<head].contains { $0.uop == ._GUARD_NOS_INT && $0.operand == "total: int" })
        let removed = try #require(trace.entries.last { $0.microOp.uop == ._GUARD_BOTH_INT })
        #expect(removed.removedBy?.reason == "total and i * i are known ints")
    }

    @Test("a local the body rebinds to something unknown keeps its guard in the peeled body")
    func peelingKeepsNeededGuards() throws {
        // `a` is checked to be an int, then rebound from the list: what the first iteration proved about
        // it does not hold when the loop comes round, so the repeating body must check it again.
        let source = """
            def walk(items):
                a = 0
                b = 0
                for i in range(len(items)):
                    b = a + 1
                    a = items[i]
                return b

            print(walk(list(range(500))))

            """
        let run = Self.run(source)
        #expect(run.output == "499\n")
        let trace = try #require(run.trace(in: "walk"))
        let live = trace.optimized
        let head = try #require(live.firstIndex { $0.uop == ._LOOP_HEAD })
        #expect(live[(head + 1)...].contains { $0.uop?.isGuard == true && $0.operand.hasPrefix("a") })
    }

    @Test("with --no-opt every recorded micro-op runs, and the output is the same")
    func noOptimization() throws {
        let run = Self.run(Self.sumSquares, options: Self.options(optimize: false))
        #expect(run.output == "333328333350000\n")
        let trace = try #require(run.trace(in: "sum_squares"))
        #expect(trace.passes.isEmpty)
        #expect(trace.entries.allSatisfy { $0.isLive })
        #expect(!run.events.contains { if case .optimizerPass = $0 { return true } else { return false } })
    }

    // MARK: - Each pass, before and after

    @Test("type propagation learns what each store holds and changes nothing")
    func typePropagation() throws {
        let run = Self.run(Self.sumSquares, options: Self.options(passes: ["types"]))
        let trace = try #require(run.trace(in: "sum_squares"))
        #expect(trace.passes == ["type propagation"])
        #expect(trace.entries.allSatisfy { $0.isLive })
        let report = try #require(
            run.events.compactMap { if case .optimizerPass(let p) = $0 { return p } else { return nil } }.first)
        #expect(report.microOpsBefore == report.microOpsAfter)
        let reasons = report.changes.map(\.reason)
        #expect(reasons.contains("i is an int here: it holds next(stack[0])"))
        #expect(reasons.contains("total is an int here: it holds total + i * i"))
    }

    @Test("guard elimination drops a repeated type-version guard on the same value, as in the seed")
    func repeatedTypeVersionGuard() throws {
        let source = """
            class Point:
                def __init__(self, x, y):
                    self.x = x
                    self.y = y

            def norm1(points):
                total = 0
                for p in points:
                    total += p.x + p.y
                return total

            print(norm1([Point(i, 2 * i) for i in range(200)]))

            """
        let before = Self.run(source, options: Self.options(passes: []))
        let after = Self.run(source, options: Self.options(passes: ["guards"]))
        #expect(before.output == "59700\n")
        #expect(after.output == before.output)
        let unoptimized = try #require(before.trace(in: "norm1"))
        let optimized = try #require(after.trace(in: "norm1"))
        #expect(unoptimized.optimized.filter { $0.uop == ._GUARD_TYPE_VERSION }.count == 2)
        let versionGuards = optimized.entries.filter { $0.microOp.uop == ._GUARD_TYPE_VERSION }
        #expect(versionGuards.count == 2)
        #expect(versionGuards[0].isLive)
        #expect(versionGuards[1].removedBy?.pass == "guard elimination")
        #expect(versionGuards[1].removedBy?.reason.hasPrefix("the type of p is already known") == true)
    }

    @Test("constant folding turns a global into a constant and computes with it at trace time")
    func constantFolding() throws {
        let source = """
            SCALE = 3

            def scaled(n):
                total = 0
                for i in range(n):
                    total += i * (SCALE + 1)
                return total

            print(scaled(1000))

            """
        let run = Self.run(source, options: Self.options(passes: ["constants"]))
        #expect(run.output == "1998000\n")
        let trace = try #require(run.trace(in: "scaled"))
        let live = trace.optimized
        #expect(!live.contains { [._LOAD_GLOBAL_MODULE, ._LOAD_GLOBAL_BUILTINS, ._LOAD_GLOBAL].contains($0.uop) })
        #expect(!live.contains { $0.uop == ._BINARY_OP_ADD_INT && $0.operand == "SCALE, 1" })
        #expect(live.contains { $0.uop == ._LOAD_CONST_INLINE && $0.operand.contains("4") })
        // Listings name a folded result by the operation it replaced, with the operator it had.
        #expect(
            trace.entries.contains { $0.microOp.name == "_BINARY_OP_MULTIPLY_INT" && $0.microOp.operand == "i, 3 + 1" })
        let folded = trace.entries.filter {
            $0.removedBy?.pass == "constant folding" || $0.replacedBy?.pass == "constant folding"
        }
        #expect(!folded.isEmpty)
    }

    @Test("dead code elimination drops a value pushed and popped unread, and unneeded _SET_IPs")
    func deadCode() throws {
        let source = """
            def idle(n):
                for i in range(n):
                    i
                return n

            print(idle(100))

            """
        let before = Self.run(source, options: Self.options(passes: []))
        let after = Self.run(source, options: Self.options(passes: ["deadcode"]))
        #expect(after.output == "100\n")
        let unoptimized = try #require(before.trace(in: "idle"))
        #expect(unoptimized.optimized.contains { $0.uop == ._POP_TOP })
        let trace = try #require(after.trace(in: "idle"))
        let pop = try #require(trace.entries.first { $0.microOp.uop == ._POP_TOP })
        #expect(pop.removedBy?.reason == "it drops a value that is no longer pushed")
        #expect(!trace.optimized.contains { $0.uop == ._SET_IP })
        #expect(trace.optimized.count < unoptimized.optimized.count)
    }

    // MARK: - Exits, side traces, invalidation

    @Test("a loop variable that turns float mid-loop leaves through its guard, grows a side trace, and is right")
    func typeChangeGrowsSideTrace() throws {
        let source = """
            def drift(n):
                x = 0
                for i in range(n):
                    if i == 300:
                        x = 0.5
                    x = x + 1
                return x

            print(drift(2000))

            """
        let run = Self.run(source)
        #expect(run.output == "1700.5\n")
        let exits = run.events.compactMap { if case .sideExit(let e) = $0 { return e } else { return nil } }
        #expect(!exits.isEmpty)
        let attached = run.events.compactMap { if case .sideTraceAttached(let e) = $0 { return e } else { return nil } }
        #expect(!attached.isEmpty)
        let side = try #require(run.traces.first { $0.kind == "side" })
        #expect(side.parentTrace != nil)
        #expect(side.runs > 0)
    }

    @Test("an inner loop's end grows a side trace that carries on into the outer loop, not through Tier 1")
    func innerLoopEndGrowsSideTrace() throws {
        let source = """
            def pairs(n, rounds):
                count = 0
                for r in range(rounds):
                    for i in range(n):
                        for j in range(i + 1, n):
                            count += i * j
                return count

            print(pairs(5, 2000))

            """
        let run = Self.run(source)
        #expect(run.output == "70000\n")
        let inner = try #require(
            run.traces.first { $0.kind == "loop" && $0.site.line == 5 && $0.invalidation == nil })
        let exhausted = try #require(inner.exits.first { $0.microOp == "_GUARD_NOT_EXHAUSTED_RANGE" && $0.taken > 100 })
        let sideID = try #require(exhausted.sideTrace)
        let side = try #require(run.traces.first { $0.id == sideID })
        // The side trace starts past the loop: FOR_ITER's own pop of the spent iterator, then the outer loop.
        #expect(side.optimized.first { $0.uop != ._START_EXECUTOR }?.uop == ._POP_TOP)
        #expect(side.runs + 20 >= UInt64(exhausted.taken))
    }

    @Test("a loop trace recorded along a branch that leaves the loop is recorded again along the hot way")
    func neverClosingLoopIsRetraced() throws {
        // The first calls leave the loop at once, so the branch history favours the return when the loop
        // first turns hot; later calls go round hundreds of times.
        let source = """
            def first_over(limit, step):
                x = 0
                for k in range(1000):
                    if x > limit:
                        return k
                    x = x + step
                return -1

            total = 0
            for n in range(40):
                total += first_over(0, 1)
            for n in range(40):
                total += first_over(500, 1)
            print(total)

            """
        let run = Self.run(source)
        #expect(run.output == "20080\n")
        let invalidated = run.events.compactMap {
            if case .traceInvalidated(let e) = $0 { return e } else { return nil }
        }
        #expect(invalidated.contains { $0.reason.hasPrefix("its loop never went round: the branch at line 4") })
        let loops = run.traces.filter { $0.site.code.name == "first_over" && $0.kind == "loop" }
        let retraced = try #require(loops.last)
        #expect(retraced.invalidation == nil)
        #expect(retraced.optimized.last?.uop == ._JUMP_TO_TOP)
        #expect(retraced.iterations > 10 * retraced.runs)
    }

    @Test("a small function called in a loop runs inline: no frame is pushed or popped, and the answer is the same")
    func callInlining() throws {
        let source = """
            def weight(i, j):
                k = i * 31
                return (k + j * 17) % 7

            def grid(n):
                total = 0
                for i in range(n):
                    for j in range(n):
                        total += weight(i, j)
                return total

            print(grid(100))

            """
        let run = Self.run(source)
        #expect(run.output == "30000\n")
        let trace = try #require(run.trace(in: "grid"))
        let live = trace.optimized.map(\.uop)
        #expect(live.contains(._INLINE_CALL) && live.contains(._INLINE_RETURN))
        #expect(!live.contains(._PUSH_FRAME) && !live.contains(._POP_FRAME))
        let call = try #require(trace.entries.first { $0.microOp.uop == ._INLINE_CALL })
        #expect(call.replacedFrom == "_PUSH_FRAME" && call.replacedBy?.pass == "call inlining")
        #expect(call.microOp.operand == "weight()")
        // The callee's own positions are gone: its frame is the caller's until an exit builds one.
        let inside = trace.entries.drop { $0.microOp.uop != ._INLINE_CALL }.prefix { $0.microOp.uop != ._INLINE_RETURN }
        #expect(!inside.contains { $0.isLive && $0.microOp.uop == ._SET_IP })
        // Without the pass the call pushes its frame.
        let pushed = Self.run(
            source, options: Self.options(passes: ["peel", "types", "constants", "guards", "deadcode"]))
        #expect(pushed.output == run.output)
        #expect(try #require(pushed.trace(in: "grid")).optimized.contains { $0.uop == ._PUSH_FRAME })
    }

    @Test("a range() only iterated makes its iterator in the trace, with no range object and no iterator guard")
    func rangeIterator() throws {
        let source = """
            def pairs(n):
                count = 0
                for i in range(n):
                    for j in range(i + 1, n):
                        count += j - i
                return count

            print(pairs(60))

            """
        let run = Self.run(source)
        #expect(run.output == "35990\n")
        // The outer loop's trace holds the inner loop's range call (line 4).
        let outer = run.traces.filter { $0.site.code.name == "pairs" && $0.kind == "loop" && $0.site.line == 3 }
        let trace = try #require(outer.first)
        let fused = try #require(trace.entries.first { $0.microOp.uop == ._CALL_RANGE_ITER })
        #expect(fused.replacedFrom == "_CALL_BUILTIN_CLASS" && fused.replacedBy?.pass == "constant folding")
        #expect(fused.microOp.operand == "2 arguments")
        // The GET_ITER it stands for is gone, and so is the guard that the iterator is a range's.
        let after = trace.entries.drop { $0.microOp.uop != ._CALL_RANGE_ITER }
        #expect(after.first { $0.microOp.uop == ._GET_ITER }.map { !$0.isLive } == true)
        #expect(after.first { $0.microOp.uop == ._ITER_CHECK_RANGE }.map { !$0.isLive } == true)
        // Without constant folding the call makes a range and GET_ITER its iterator.
        let unfused = Self.run(
            source, options: Self.options(passes: ["peel", "types", "guards", "inline", "deadcode"]))
        #expect(unfused.output == run.output)
        let unfusedOuter = unfused.traces.first { $0.site.code.name == "pairs" && $0.site.line == 3 }
        #expect(try #require(unfusedOuter).optimized.contains { $0.uop == ._GET_ITER })
    }

    @Test("an exit inside an inlined call builds the callee's frame: the traceback is the interpreter's, in every tier")
    func inlinedCallExitBuildsTheFrame() {
        let source = Repository.text("Tests/Programs/err_zero_division_inlined_call.py")
        var options = EngineOptions()
        options.maxTier = .interpreter
        let expected = Engine.run(source: source, path: "inlined.py", options: options) { _ in }.errorReport
        #expect(expected?.contains("in ratio") == true)
        for tier in [EngineOptions.MaxTier.traces, .jit] {
            options.maxTier = tier
            let report = Engine.run(source: source, path: "inlined.py", options: options) { _ in }.errorReport
            #expect(report == expected, "\(tier)")
        }
    }

    @Test("rebinding a global a trace folded invalidates the trace, and the new value is used")
    func globalRebindingInvalidates() throws {
        let source = """
            LIMIT = 10

            def weigh(n):
                total = 0
                for i in range(n):
                    total += i * LIMIT
                return total

            print(weigh(100))
            LIMIT = 20
            print(weigh(100))

            """
        let run = Self.run(source)
        #expect(run.output == "49500\n99000\n")
        let invalidated = run.events.compactMap {
            if case .traceInvalidated(let e) = $0 { return e } else { return nil }
        }
        #expect(invalidated.contains { $0.reason == "the global LIMIT was rebound" })
        let first = try #require(run.trace(in: "weigh"))
        #expect(first.invalidation == "the global LIMIT was rebound")
        // The loop traced again afterwards, folding the new value.
        #expect(run.traces.filter { $0.site.code.name == "weigh" && $0.kind == "loop" }.count >= 2)
    }

    @Test("a global rebound from inside the running trace deoptimises it at the next check")
    func invalidatedWhileRunning() throws {
        let source = """
            LIMIT = 1

            def bump(i):
                global LIMIT
                if i == 500:
                    LIMIT = 2

            def weigh(n):
                total = 0
                for i in range(n):
                    bump(i=i)
                    total += LIMIT
                return total

            print(weigh(1000))

            """
        // A keyword call is not specialised: the trace makes it from Swift, and the rebinding happens
        // inside it, while the trace runs.
        let run = Self.run(source)
        #expect(run.output == "1500\n")
        #expect(run.events.contains { if case .deoptimized = $0 { return true } else { return false } })
    }

    @Test("mutating a class invalidates the traces that guarded on its version")
    func classMutationInvalidates() throws {
        let source = """
            class Box:
                def __init__(self, v):
                    self.v = v

            def total(boxes):
                t = 0
                for b in boxes:
                    t += b.v
                return t

            boxes = [Box(i) for i in range(100)]
            print(total(boxes))
            Box.extra = 1
            print(total(boxes))

            """
        let run = Self.run(source)
        #expect(run.output == "4950\n4950\n")
        let invalidated = run.events.compactMap {
            if case .traceInvalidated(let e) = $0 { return e } else { return nil }
        }
        #expect(invalidated.contains { $0.reason == "class Box was changed" })
    }

    @Test("a loop over an iterator with no specialised form aborts recording, says why, and backs off")
    func abortWithReason() throws {
        let source = """
            def count_vowels(text):
                n = 0
                for ch in text:
                    if ch in "aeiou":
                        n += 1
                return n

            print(count_vowels("the quick brown fox jumps over the lazy dog" * 10))

            """
        let run = Self.run(source)
        #expect(run.output == "110\n")
        let aborts = run.events.compactMap { if case .traceAborted(let e) = $0 { return e } else { return nil } }
        let abort = try #require(aborts.first)
        #expect(abort.reason == "this loop's iterator has no specialised form")
        #expect(abort.retryAfter > 0)
        #expect(run.traces.isEmpty)
    }

    @Test("--max-tier 1 records no traces")
    func tierOneRecordsNothing() {
        var options = EngineOptions()
        options.maxTier = .specialized
        let run = Self.run(Self.sumSquares, options: options)
        #expect(run.output == "333328333350000\n")
        #expect(run.traces.isEmpty)
        #expect(!run.events.contains { if case .traceRecordingStarted = $0 { return true } else { return false } })
    }
}

extension TraceTests {
    @Test(
        "a loop that circles between a trace and its side trace still reaches safe points",
        arguments: [TierConfiguration.traces, .minimumThresholds])
    func safePointsBetweenTraces(configuration: TierConfiguration) {
        // The odd branch never changes n, so this never ends; only the execution budget, checked at safe
        // points, can stop it. The branch's side trace runs back into the loop's trace without going
        // through _JUMP_TO_TOP.
        let source = """
            def spin(n):
                path = []
                while n != 1:
                    path.append(n)
                    if n % 2 == 0:
                        n = n // 2
                    else:
                        3 * n + 1
                return path

            print(len(spin(12)))

            """
        // Guarded by a timeout, so that a regression fails instead of hanging the run.
        let outcome = FrontEndFuzzTests.runGuarded(Array(source.utf8), configuration: configuration)
        #expect(outcome?.exitStatus == 1)
        #expect(outcome?.lastErrorLine.contains("execution budget") == true)
    }
}
