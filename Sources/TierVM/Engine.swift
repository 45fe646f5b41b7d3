#if canImport(Glibc)
import Glibc
#endif

/// How a run ended, in the terms `python3` uses: an exit status and, on failure, the report printed
/// on stderr (a traceback or a syntax error).
public struct RunResult: Sendable {
    public var exitStatus: Int32
    /// The full report for stderr, or nil when the program succeeded.
    public var errorReport: String?
    /// The report's last line (`ZeroDivisionError: division by zero`).
    public var errorSummary: String?
    /// Whether the run was stopped from outside rather than ending by itself.
    public var cancelled = false
}

/// What is left to look at once a run has ended: the program as it ended up (specialised instructions,
/// inline caches) and every trace Tier 2 recorded.
public struct FinishedRun: Sendable {
    public let program: CodeObject
    public let traces: [TraceSnapshot]
}

/// The engine's front door: decode a source file, compile it, run it.
public enum Engine {
    /// Decodes source bytes as CPython does: UTF-8, an optional byte-order mark, no NUL bytes.
    public static func decode(_ bytes: [UInt8], path: String) -> Result<String, SyntaxError> {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let nul = body.firstIndex(of: 0) {
            let line = Int32(body[..<nul].filter { $0 == 0x0A }.count + 1)
            return .failure(
                SyntaxError("source code cannot contain null bytes", at: SourcePosition(line: line, column: 0)))
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            var valid = body.startIndex
            var iterator = body.makeIterator()
            var decoder = UTF8()
            var offset = body.startIndex
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let s):
                    offset += UTF8.width(s)
                    valid = offset
                case .emptyInput: break loop
                case .error: break loop
                }
            }
            let byte = String(body[valid], radix: 16).leftPadded(to: 2)
            let line = Int32(body[..<valid].filter { $0 == 0x0A }.count + 1)
            return .failure(
                SyntaxError(
                    "Non-UTF-8 code starting with '\\x\(byte)' in file \(path) on line \(line), but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                    at: SourcePosition(line: 0, column: 0)))
        }
        return .success(text)
    }

    /// Compiles `source` and runs it to the end, delivering program output to `output` as it is produced
    /// and telling `bus` everything the engine does. `control` can stop the run from another thread.
    ///
    /// Runs on a thread of its own with a generous stack, so deep (but bounded) recursion in the front end
    /// and in repr of nested data never meets the caller's stack limit.
    public static func run(
        source: String, path: String, options: EngineOptions = EngineOptions(), bus: EventBus = EventBus(),
        control: RunControl = RunControl(), output: @escaping @Sendable ([UInt8]) -> Void,
        afterRun: (@Sendable (FinishedRun) -> Void)? = nil
    ) -> RunResult {
        onLargeStack {
            switch ProgramRun.compile(source: source, path: path, bus: bus) {
            case .failure(let failure):
                return RunResult(exitStatus: 1, errorReport: failure.report, errorSummary: failure.summary)
            case .success(let run):
                let vm = VM(
                    program: run.program, source: run.text, options: options, bus: bus, control: control,
                    output: output)
                let result = run.execute(vm)
                afterRun?(FinishedRun(program: run.program, traces: vm.traces.map { $0.snapshot() }))
                run.finish(result)
                return result
            }
        }
    }

    static func compiledEvent(_ code: CodeObject) -> FunctionCompiled {
        FunctionCompiled(
            code: code.reference, codeKind: code.kind.name, instructions: code.instructionCount,
            locals: code.localNames, stackSize: code.stackSize, nanoseconds: code.compileNanoseconds)
    }

    /// Runs `body` on a new thread with a stack of `size` bytes and waits for its result.
    public static func onLargeStack<T: Sendable>(size: Int = 512 << 20, _ body: @escaping @Sendable () -> T) -> T {
        let box = LargeStackCall(body)
        guard let thread = startThread(stackSize: size, box) else { return body() }
        pthread_join(thread, nil)
        return box.result!
    }

    /// Starts `body` on a new detached thread with a stack of `size` bytes; false if no thread could be
    /// made.
    static func detachOnLargeStack(size: Int = 512 << 20, _ body: @escaping @Sendable () -> Void) -> Bool {
        guard let thread = startThread(stackSize: size, LargeStackCall(body)) else { return false }
        pthread_detach(thread)
        return true
    }

    private static func startThread(stackSize: Int, _ call: AnyLargeStackCall) -> pthread_t? {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, stackSize)
        var thread = pthread_t()
        let context = Unmanaged<AnyLargeStackCall>.passRetained(call).toOpaque()
        let status = pthread_create(
            &thread, &attributes,
            { raw in
                Unmanaged<AnyLargeStackCall>.fromOpaque(raw!).takeRetainedValue().run()
                return nil
            }, context)
        pthread_attr_destroy(&attributes)
        guard status == 0 else {
            Unmanaged<AnyLargeStackCall>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}

/// The steps of one run, shared by `Engine.run` and `Engine.launch` so that a run publishes the same
/// events in the same order whoever watches it: compile (each function compiled, or the syntax error),
/// execute (the uncaught error, if any), finish (the end). A viewer's additions (its thread, its gate,
/// snapshots) go between the steps and publish nothing of their own.
struct ProgramRun: Sendable {
    let text: SourceText
    let program: CodeObject
    let bus: EventBus
    /// When compiling began: the end reports the whole run, compile included, from either entry point.
    private let started: UInt64

    /// Compiles `source`, publishing every code object. A syntax error ends the run then and there: it is
    /// published, the end too, and returned as python3 would report it. Call on a large stack: the
    /// parser and compiler recurse with the program's nesting.
    static func compile(source: String, path: String, bus: EventBus) -> Result<ProgramRun, SyntaxFailure> {
        let started = MonotonicClock.now()
        let text = SourceText(path: path, text: source)
        do throws(SyntaxError) {
            let program = try Compiler.compile(source: source, filename: path)
            for code in program.allCodeObjects { bus.publish(.functionCompiled(Engine.compiledEvent(code))) }
            return .success(ProgramRun(text: text, program: program, bus: bus, started: started))
        } catch {
            bus.publish(
                .error(
                    ErrorOccurred(
                        phase: .compile, type: error.kind.rawValue, message: error.message,
                        traceback: [.init(function: "<module>", line: Int(error.range.start.line))])))
            publishEnd(of: RunResult(exitStatus: 1), started: started, bus: bus)
            return .failure(SyntaxFailure(report: error.report(source: text), summary: error.summary))
        }
    }

    /// Runs `vm` (made from `program`) to its end, turning an uncaught error into python3's report and
    /// status, and publishing the error unless the run was stopped from outside.
    func execute(_ vm: VM) -> RunResult {
        do throws(PyError) {
            try vm.runProgram()
            return RunResult(exitStatus: 0)
        } catch {
            vm.flushOutput()
            let frames = error.traceback.reversed().map {
                ErrorOccurred.TracebackFrame(function: $0.function, line: Int($0.line))
            }
            if !error.isCancellation {
                bus.publish(
                    .error(ErrorOccurred(phase: .run, type: error.typeName, message: error.message, traceback: frames)))
            }
            return RunResult(
                exitStatus: error.isCancellation ? 130 : 1, errorReport: error.report(source: text),
                errorSummary: error.summary, cancelled: error.isCancellation)
        }
    }

    /// Publishes the end of the run: its status and how long it took.
    func finish(_ result: RunResult) { Self.publishEnd(of: result, started: started, bus: bus) }

    /// The end of the run, and how long it ran: held and slow-motion time left out.
    private static func publishEnd(of result: RunResult, started: UInt64, bus: EventBus) {
        let elapsed = MonotonicClock.now() - started
        bus.publish(
            .programFinished(
                ProgramFinished(
                    exitStatus: Int(result.exitStatus), cancelled: result.cancelled,
                    nanoseconds: elapsed - min(bus.heldNanoseconds, elapsed))))
    }
}

/// A call handed to another thread; the thread entry point cannot be generic, so it sees this base.
private class AnyLargeStackCall: @unchecked Sendable {
    func run() {}
}

/// The body and, once run, its result; read only after the thread is joined.
private final class LargeStackCall<T>: AnyLargeStackCall, @unchecked Sendable {
    let body: @Sendable () -> T
    var result: T?
    init(_ body: @escaping @Sendable () -> T) { self.body = body }
    override func run() { result = body() }
}
