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
            let started = MonotonicClock.now()
            let text = SourceText(path: path, text: source)
            let result: RunResult
            do throws(SyntaxError) {
                let program = try Compiler.compile(source: source, filename: path)
                for code in program.allCodeObjects { bus.publish(.functionCompiled(compiledEvent(code))) }
                result = execute(
                    program, text, options: options, bus: bus, control: control, output: output, afterRun: afterRun)
            } catch {
                bus.publish(
                    .error(
                        ErrorOccurred(
                            phase: .compile, type: error.kind.rawValue, message: error.message,
                            traceback: [.init(function: "<module>", line: Int(error.range.start.line))])))
                result = RunResult(exitStatus: 1, errorReport: error.report(source: text), errorSummary: error.summary)
            }
            bus.publish(
                .programFinished(
                    ProgramFinished(
                        exitStatus: Int(result.exitStatus), cancelled: result.cancelled,
                        nanoseconds: MonotonicClock.now() - started)))
            return result
        }
    }

    private static func execute(
        _ program: CodeObject, _ text: SourceText, options: EngineOptions, bus: EventBus, control: RunControl,
        output: @escaping @Sendable ([UInt8]) -> Void, afterRun: (@Sendable (FinishedRun) -> Void)?
    ) -> RunResult {
        let vm = VM(program: program, source: text, options: options, bus: bus, control: control, output: output)
        defer { afterRun?(FinishedRun(program: program, traces: vm.traces.map { $0.snapshot() })) }
        return run(vm, text, bus: bus)
    }

    /// Runs the VM's program to its end, turning an uncaught error into python3's report and status.
    static func run(_ vm: VM, _ text: SourceText, bus: EventBus) -> RunResult {
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
