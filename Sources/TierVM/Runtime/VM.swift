import CTierCore

#if canImport(Glibc)
import Glibc
#endif

/// A built-in function or method: its name and its Swift body.
struct BuiltinFunction {
    typealias Body = (VM, Arguments) throws(PyError) -> ts_value
    let name: String
    let body: Body
}

/// The arguments of a call to a built-in. For a method, `positional[0]` is `self`.
struct Arguments {
    let positional: UnsafeBufferPointer<ts_value>
    /// Keyword names (a tuple of str) and their values, in call order.
    let keywordNames: TupleRef?
    let keywordValues: UnsafeBufferPointer<ts_value>

    init(
        _ positional: UnsafeBufferPointer<ts_value>, keywordNames: TupleRef? = nil,
        keywordValues: UnsafeBufferPointer<ts_value> = UnsafeBufferPointer(start: nil, count: 0)
    ) {
        self.positional = positional
        self.keywordNames = keywordNames
        self.keywordValues = keywordValues
    }

    var count: Int { positional.count }
    subscript(i: Int) -> ts_value { positional[i] }

    /// A method's arguments without `self`, for counting them as CPython's messages do.
    var droppingReceiver: Arguments {
        Arguments(
            UnsafeBufferPointer(rebasing: positional.dropFirst()), keywordNames: keywordNames,
            keywordValues: keywordValues)
    }
    var hasKeywords: Bool { keywordValues.count > 0 }

    /// The value of a keyword argument, if given.
    func keyword(_ name: StaticString) -> ts_value? {
        guard let names = keywordNames else { return nil }
        for i in 0..<names.count where names.items[i].str.equals(name) { return keywordValues[i] }
        return nil
    }

    /// Rejects keywords other than `allowed`, as CPython does for built-ins.
    func checkKeywords(_ function: String, allowed: [StaticString]) throws(PyError) {
        guard let names = keywordNames else { return }
        for i in 0..<names.count {
            let name = names.items[i].str
            if !allowed.contains(where: { name.equals($0) }) {
                throw PyError.typeError("'\(name.string)' is an invalid keyword argument for \(function)()")
            }
        }
    }
}

/// The running program's world: its heap, globals, built-ins and frames. One VM runs one program on one
/// thread; nothing here is shared.
public final class VM {
    let heap: Heap
    /// Scratch limbs for big-int arithmetic.
    let ints = IntWorkspace()
    /// The VM's world as micro-ops see it: frame stack, built-ins, helpers.
    let runtime: UnsafeMutablePointer<ts_runtime>
    let frames: FrameStack
    let options: EngineOptions
    let source: SourceText
    /// Where the engine tells what it does; free while nobody listens.
    let bus: EventBus
    /// How another thread asks the run to stop.
    let control: RunControl
    public let program: CodeObject
    /// The module's namespace.
    let globals: DictRef
    let builtinsDict: DictRef
    var builtinFunctions: [BuiltinFunction] = []
    var interned: [String: StrRef] = [:]
    /// Built-in types by the tag of their instances.
    var typeByTag: [ClassRef?] = Array(repeating: nil, count: Int(TS_TAG_COUNT))
    /// Built-in types and exception classes by name.
    var builtinTypes: [String: ClassRef] = [:]
    /// Constructors of built-in types (`int(...)`), by the type's instance tag: an array rather than a
    /// dictionary, since every call of a class looks here.
    var constructors: [BuiltinRef?] = Array(repeating: nil, count: Int(TS_TAG_COUNT))
    var objectType: ClassRef!
    /// The `__build_class__` built-in: CALL runs a class body when it sees this callable.
    var buildClass: BuiltinRef!
    var typeType: ClassRef!
    /// Tier 1's specialiser: when an instruction specialises, into what, and when it goes back.
    let specializer: Specializer
    /// The Tier 2 driver: every trace, and when to record, install and invalidate one.
    let tier2: Tier2
    /// What a viewer of the run gets: holds before instructions and micro-ops, and snapshots.
    let observation: Observation
    /// Every user class: they stay alive for the run, so type versions can be bumped through them.
    var userClasses: [ClassRef] = []
    /// User class versions start above every tag, which are the built-in types' versions.
    var nextTypeVersion: UInt32 = 1024
    var nextFunctionVersion: UInt32 = 1
    /// Recursion depth of repr/str/== over nested containers, against a runaway structure.
    var reprDepth = 0
    /// NaNs `float()` has made: each gets its own payload, so that it is identical only to itself.
    private var nanCount: UInt64 = 0
    var reprInProgress: Set<UnsafeMutableRawPointer> = []
    /// The error a runtime helper raised inside a micro-op, for the interpreter to throw.
    var pendingError: PyError?
    /// Budget left, when `options.fuel` is set.
    var fuel: Int
    /// What the countdown started from when last re-armed.
    var fuelPeriod = Int(VM.safePointPeriod)
    var names: CommonNames!
    /// The names of the operator and protocol methods user classes may define.
    var specialNames: SpecialNames!
    /// The `NotImplemented` singleton, which a special method returns to let the other operand answer.
    var notImplemented: ts_value = .none
    /// The 128 one-character ASCII strings, made once (iterating a str yields them).
    var asciiCharacters: [ts_value] = []

    /// Counts down at every loop back edge and function entry; below zero the interpreter stops at a
    /// safe point (to collect, to account fuel, later to let a debugger step). A pointer, so the check
    /// is one decrement in the dispatch loop, free of Swift's exclusivity checks.
    let safePointCountdown: UnsafeMutablePointer<Int64>
    static let safePointPeriod: Int64 = 1 << 16

    private let outputBuffer = OutputBuffer()
    private let output: ([UInt8]) -> Void

    public init(
        program: CodeObject, source: SourceText, options: EngineOptions = EngineOptions(),
        bus: EventBus = EventBus(), control: RunControl = RunControl(), stepping: SteppingGate? = nil,
        output: @escaping ([UInt8]) -> Void
    ) {
        self.bus = bus
        specializer = Specializer(specializeAfter: options.specializeAfter)
        tier2 = Tier2(options: options)
        observation = Observation(stepping: options.observe ? stepping : nil)
        self.control = control
        // Zeroed, then filled in before anything reads it (installRuntime).
        runtime = calloc(1, MemoryLayout<ts_runtime>.stride)!.bindMemory(to: ts_runtime.self, capacity: 1)
        // The countdown lives in the runtime struct, where traces decrement it too.
        safePointCountdown =
            (UnsafeMutableRawPointer(runtime) + MemoryLayout<ts_runtime>.offset(of: \.safe_point_countdown)!)
            .assumingMemoryBound(to: Int64.self)
        safePointCountdown.pointee = VM.safePointPeriod
        heap = Heap(minimumThreshold: options.collectionThreshold, safePointCountdown: safePointCountdown)
        frames = FrameStack(runtime: runtime, recursionLimit: options.recursionLimit)
        self.options = options
        self.source = source
        self.program = program
        self.output = output
        fuel = options.fuel ?? Int.max
        globals = heap.allocateDict()
        builtinsDict = heap.allocateDict(immortal: true)
        specializer.vm = self
        tier2.vm = self
        observation.vm = self
        names = CommonNames(self)
        specialNames = SpecialNames(self)
        asciiCharacters = (0..<128).map { c in
            ts_value(heap.makeString(codePoints: CollectionOfOne(UInt32(c)), immortal: true))
        }
        bootstrapTypes()
        registerBuiltins()
        installRuntime()
        for code in program.allCodeObjects { load(code) }
        setItem(globals, string: intern("__name__"), ts_value(intern("__main__")))
    }

    /// Creates a code object's constants and names in the heap.
    private func load(_ code: CodeObject) {
        let values = UnsafeMutablePointer<ts_value>.allocate(capacity: max(1, code.constants.count))
        for (i, c) in code.constants.enumerated() { values[i] = constantValue(c) }
        let nameValues = UnsafeMutablePointer<StrRef>.allocate(capacity: max(1, code.names.count))
        for (i, n) in code.names.enumerated() { nameValues[i] = intern(n) }
        code.attach(constants: values, names: nameValues)
    }

    private func constantValue(_ c: Constant) -> ts_value {
        switch c {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return heap.makeInt(i, immortal: true)
        case .float(let f): return .float(f)
        case .str(let s): return ts_value(interned[s] ?? heap.makeString(s, immortal: true))
        case .tuple(let items):
            return ts_value(heap.makeTuple(items.map(constantValue), immortal: true))
        }
    }

    /// The one immortal str for a name.
    func intern(_ text: String) -> StrRef {
        if let s = interned[text] { return s }
        let s = heap.makeString(text, immortal: true)
        interned[text] = s
        return s
    }

    /// A NaN unlike any made before. Floats are immediates, so identity (`is`, and the identity test
    /// with which dict lookups, `in` and `==` on containers begin) compares bits; CPython's float('nan')
    /// makes a new object each time, and a distinct payload gives each NaN that identity.
    func freshNaN(negative: Bool) -> Double {
        nanCount &+= 1
        let payload = nanCount & ((1 << 51) - 1)
        return Double(bitPattern: (negative ? 1 << 63 : 0) | 0x7FF8_0000_0000_0000 | payload)
    }

    // MARK: - The pipeline's parts as the rest of the engine reaches them (Engine, LiveRun, the recorder,
    // class mutation), until those callers name the part they mean

    /// Every trace recorded, indexed by ENTER_EXECUTOR's argument.
    var traces: [Trace] { tier2.traces }

    /// Receives snapshots of an observed run.
    var snapshotSink: (@Sendable (EngineSnapshot) -> Void)? {
        get { observation.snapshotSink }
        set { observation.snapshotSink = newValue }
    }

    /// A snapshot of the engine now.
    func snapshot(stop: StopPoint?, finished: Bool = false) -> EngineSnapshot {
        observation.snapshot(stop: stop, finished: finished)
    }

    /// Called before the gate holds the engine: hands the viewer a snapshot of where it is held.
    func publishSnapshot(heldAt point: SteppingGate.HoldPoint) {
        observation.publishSnapshot(heldAt: point)
    }

    /// Called before each slow-motion wait: a snapshot for the viewer, unless one went out in the last
    /// few milliseconds (paced by instructions, waits can be far shorter than a frame).
    func publishSnapshotWhileSlowed() {
        observation.publishSnapshotIfDue(every: 15_000_000)
    }

    /// A watched global was rebound or deleted: the traces that folded its value are invalid.
    func globalChanged(_ dict: DictRef, _ name: StrRef) {
        tier2.globalChanged(dict, name)
    }

    /// A class changed: the traces whose guards assumed its old version are invalid.
    func classInvalidates(_ cls: ClassRef) {
        tier2.classInvalidates(cls)
    }

    // MARK: - Output

    func write(_ s: StrRef) {
        outputBuffer.append(s)
    }

    func write(_ text: String) {
        outputBuffer.append(text)
    }

    /// Where the output of the print call now running began in the buffer.
    var outputMark: Int { outputBuffer.count }

    /// Ends one print call: hands full buffers to the output, and tells observers what it wrote.
    func finishOutput(from mark: Int) {
        let text = bus.isListening ? outputBuffer.text(from: mark) : nil
        // A viewer shows output as it is printed (before the event, which may hold the engine, so that
        // what a held viewer shows includes it); a plain run hands it over in large pieces.
        if outputBuffer.count >= 1 << 14 || observation.stepping != nil { flushOutput() }
        if let text { bus.publish(.programOutput(ProgramOutput(text: text))) }
    }

    func flushOutput() {
        guard outputBuffer.count > 0 else { return }
        output(outputBuffer.take())
    }

    // MARK: - Collection

    deinit {
        free(runtime.pointee.executors)
        free(runtime)
    }

    /// Collects garbage; the caller has written the running frame's ip and stack depth back.
    func collectGarbage() {
        heap.collect { marker in
            marker.mark(object: globals)
            frames.markAll(&marker)
            for c in userClasses { marker.mark(object: c) }
        }
    }
}

/// Names the runtime looks up often, interned once.
struct CommonNames {
    let `init`: StrRef
    let str: StrRef
    let repr: StrRef
    let args: StrRef
    let name: StrRef
    let qualname: StrRef

    init(_ vm: VM) {
        `init` = vm.intern("__init__")
        str = vm.intern("__str__")
        repr = vm.intern("__repr__")
        args = vm.intern("args")
        name = vm.intern("__name__")
        qualname = vm.intern("__qualname__")
    }
}
