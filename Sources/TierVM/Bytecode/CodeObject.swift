import CTierCore

/// Compiled code for one module, class body or function: instructions with their inline caches and
/// source positions, and the tables their arguments index.
///
/// Instructions and caches live in C memory so the frame, the micro-op bodies and (later) Tier 1's
/// in-place rewriting can reach them without Swift arrays in the way. A code object lives as long as the
/// program that owns it.
public final class CodeObject: @unchecked Sendable {
    public enum Kind: Sendable {
        case module, function, classBody, lambda

        /// How events and listings name it.
        public var name: String {
            switch self {
            case .module: "module"
            case .function: "function"
            case .lambda: "lambda"
            case .classBody: "class body"
            }
        }
    }

    public let kind: Kind
    public let name: String
    /// `Outer.method`, as CPython's `__qualname__`.
    public let qualifiedName: String
    public let filename: String
    public let firstLine: Int32
    /// Positional parameters; they occupy the first local slots.
    public let argumentCount: Int
    /// Names of the local slots: parameters, other locals, then comprehension variables.
    public let localNames: [String]
    /// Names used by global, name and attribute instructions.
    public let names: [String]
    public let constants: [Constant]
    /// Code objects of the functions, lambdas and class bodies defined here (MAKE_FUNCTION's argument).
    public let functions: [CodeObject]
    /// The deepest the value stack gets.
    public let stackSize: Int
    public let instructionCount: Int
    public let instructions: UnsafeMutablePointer<ts_instr>
    public let caches: UnsafeMutablePointer<ts_cache>
    /// The same code as frames and micro-ops see it.
    let code: UnsafeMutablePointer<ts_code>
    /// The source range each instruction was compiled from.
    public let positions: [SourceRange]
    /// The value stack's depth before each instruction (-1 where unreachable); traces start with it.
    public let stackDepths: [Int]
    /// Time spent generating this code object's own code, nested definitions excluded.
    public let compileNanoseconds: UInt64
    /// How often each instruction ran in Tier 0 or Tier 1, counted only while someone watches the run
    /// (`EngineOptions.observe`); time spent in traces is counted per trace instead.
    let executionCounts: UnsafeMutablePointer<UInt64>

    /// Constant values in the VM's heap, created when the program is loaded.
    var constantValues: UnsafeMutablePointer<ts_value>?
    /// `names` as interned heap strings, created when the program is loaded.
    var nameValues: UnsafeMutablePointer<UnsafeMutablePointer<ts_str>>?

    init(
        kind: Kind, name: String, qualifiedName: String, filename: String, firstLine: Int32, argumentCount: Int,
        localNames: [String], names: [String], constants: [Constant], functions: [CodeObject], stackSize: Int,
        instructions: [ts_instr], positions: [SourceRange], stackDepths: [Int] = [], compileNanoseconds: UInt64 = 0
    ) {
        self.stackDepths = stackDepths
        self.compileNanoseconds = compileNanoseconds
        self.kind = kind
        self.name = name
        self.qualifiedName = qualifiedName
        self.filename = filename
        self.firstLine = firstLine
        self.argumentCount = argumentCount
        self.localNames = localNames
        self.names = names
        self.constants = constants
        self.functions = functions
        self.stackSize = stackSize
        self.positions = positions
        instructionCount = instructions.count
        self.instructions = .allocate(capacity: max(1, instructions.count))
        self.instructions.initialize(from: instructions, count: instructions.count)
        executionCounts = .allocate(capacity: max(1, instructions.count))
        executionCounts.initialize(repeating: 0, count: max(1, instructions.count))
        caches = .allocate(capacity: max(1, instructions.count))
        caches.initialize(repeating: ts_cache(), count: max(1, instructions.count))
        code = .allocate(capacity: 1)
        code.initialize(
            to: ts_code(
                instructions: self.instructions, caches: caches, consts: UnsafePointer(bitPattern: 16)!, names: nil,
                instruction_count: Int32(instructions.count), nlocals: Int32(localNames.count),
                stack_size: Int32(stackSize),
                argument_count: Int32(argumentCount), owner: UnsafeMutableRawPointer(bitPattern: 16)!,
                counts: executionCounts))
        code.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        executionCounts.deallocate()
        instructions.deallocate()
        caches.deallocate()
        code.deallocate()
        constantValues?.deallocate()
        nameValues?.deallocate()
    }

    /// The CodeObject that owns a C code struct.
    static func owner(of code: UnsafeMutablePointer<ts_code>) -> CodeObject {
        Unmanaged<CodeObject>.fromOpaque(code.pointee.owner).takeUnretainedValue()
    }

    /// Gives the C view its constants and names once the VM has made them.
    func attach(constants: UnsafeMutablePointer<ts_value>, names: UnsafeMutablePointer<UnsafeMutablePointer<ts_str>>) {
        constantValues = constants
        nameValues = names
        code.pointee.consts = UnsafePointer(constants)
        code.pointee.names = names
    }

    public func opcode(at index: Int) -> Opcode { Opcode(rawValue: instructions[index].op)! }
    public func argument(at index: Int) -> Int32 { instructions[index].arg }
    public func line(at index: Int) -> Int32 { positions[index].start.line }

    /// How events name this code object.
    public var reference: CodeReference { CodeReference(name: qualifiedName, firstLine: Int(firstLine)) }

    /// Every code object in this tree, this one first.
    public var allCodeObjects: [CodeObject] {
        [self] + functions.flatMap(\.allCodeObjects)
    }
}
