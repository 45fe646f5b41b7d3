import CTierCore
import Synchronization
import Testing

@testable import TierVM

/// Tier 1: adaptive specialisation, guards, misses and reverts, written-once micro-ops.
@Suite("Tier 1 specialisation")
struct SpecializationTests {
    /// Tier 1 on its own: no traces take the loops over.
    static var tierOne: EngineOptions {
        var options = EngineOptions()
        options.maxTier = .specialized
        return options
    }

    /// Runs a program and returns its output, every event, and its code objects as they ended up.
    static func runAdaptive(
        _ source: String, options: EngineOptions = tierOne
    ) -> (String, [Event], CodeObject?) {
        let bus = EventBus()
        let collector = EventCollector()
        bus.subscribe(collector)
        let output = OutputCollector()
        let program = Mutex<CodeObject?>(nil)
        _ = Engine.run(source: source, path: "t1.py", options: options, bus: bus, output: { output.append($0) }) {
            run in
            program.withLock { $0 = run.program }
        }
        return (output.text, collector.all, program.withLock { $0 })
    }

    static func opcodes(_ program: CodeObject?, in function: String) -> [Opcode] {
        guard let code = program?.allCodeObjects.first(where: { $0.name == function }) else { return [] }
        return (0..<code.instructionCount).map(code.opcode(at:))
    }

    @Test("every specialised form is made of micro-ops, guards before anything that changes state")
    func expansionsGuardFirst() {
        for op in Opcode.allCases where op.isSpecialized {
            let uops = op.expansion
            #expect(!uops.isEmpty, "\(op) has no expansion")
            var changed = false
            for uop in uops {
                // After a micro-op that changed state, none may fail: the generic form could not redo it.
                #expect(!(changed && uop.mayDeoptimize), "\(op): \(uop) may fail after state changed")
                if !uop.isGuard && !uop.mayJump { changed = true }
            }
        }
        #expect(Opcode.BINARY_OP_ADD_INT.expansion == [._GUARD_BOTH_INT, ._BINARY_OP_ADD_INT])
        #expect(Opcode.FOR_ITER_RANGE.expansion == [._ITER_CHECK_RANGE, ._ITER_JUMP_RANGE, ._ITER_NEXT_RANGE])
    }

    @Test(
        "each family specialises on its types",
        arguments: [
            (
                "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + i - 1\n    return t\n",
                Opcode.BINARY_OP_ADD_INT
            ),
            (
                "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + i - 1\n    return t\n",
                .BINARY_OP_SUBTRACT_INT
            ),
            (
                "def f(n):\n    t = 1\n    for i in range(n):\n        t = (t * 3) % 1000\n    return t\n",
                .BINARY_OP_MULTIPLY_INT
            ),
            (
                "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = x * 1.5 + 0.25 - 0.5\n    return x\n",
                .BINARY_OP_MULTIPLY_FLOAT
            ),
            (
                "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = x * 1.5 + 0.25 - 0.5\n    return x\n",
                .BINARY_OP_ADD_FLOAT
            ),
            (
                "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = x * 1.5 + 0.25 - 0.5\n    return x\n",
                .BINARY_OP_SUBTRACT_FLOAT
            ),
            (
                "def f(n):\n    s = ''\n    for i in range(n):\n        s = s + 'x'\n    return s\n",
                .BINARY_OP_ADD_UNICODE
            ),
            (
                "def f(n):\n    c = 0\n    for i in range(n):\n        if i < 5:\n            c = c + 1\n    return c\n",
                .COMPARE_OP_INT
            ),
            (
                "def f(n):\n    c = 0\n    for i in range(n):\n        if i * 0.5 < 5.0:\n            c = c + 1\n    return c\n",
                .COMPARE_OP_FLOAT
            ),
            (
                "def f(n):\n    c = 0\n    for w in ['a', 'b'] * n:\n        if w == 'a':\n            c = c + 1\n    return c\n",
                .COMPARE_OP_STR
            ),
            (
                "G = 2\ndef f(n):\n    t = 0\n    for i in range(n):\n        t = t + G\n    return t\n",
                .LOAD_GLOBAL_MODULE
            ),
            (
                "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + abs(i)\n    return t\n",
                .LOAD_GLOBAL_BUILTIN
            ),
            ("def f(n):\n    t = 0\n    for i in range(n):\n        t = t + len('abc')\n    return t\n", .CALL_LEN),
            (
                "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + abs(i)\n    return t\n",
                .CALL_BUILTIN_FAST
            ),
            ("def f(n):\n    a = []\n    for i in range(n):\n        a.append(i)\n    return a\n", .CALL_LIST_APPEND),
            (
                "def f(n):\n    a = []\n    for i in range(n):\n        a.append(i)\n    return a\n",
                .LOAD_ATTR_METHOD_NO_DICT
            ),
            (
                "def g(x):\n    return x\ndef f(n):\n    t = 0\n    for i in range(n):\n        t = t + g(i)\n    return t\n",
                .CALL_PY_EXACT_ARGS
            ),
            (
                "class P:\n    def __init__(self):\n        self.v = 1\n    def m(self):\n        return 2\ndef f(n):\n    p = P()\n    t = 0\n    for i in range(n):\n        t = t + p.v + p.m()\n        p.v = i\n    return t\n",
                .LOAD_ATTR_INSTANCE_VALUE
            ),
            (
                "class P:\n    def __init__(self):\n        self.v = 1\n    def m(self):\n        return 2\ndef f(n):\n    p = P()\n    t = 0\n    for i in range(n):\n        t = t + p.v + p.m()\n        p.v = i\n    return t\n",
                .LOAD_ATTR_METHOD_WITH_VALUES
            ),
            (
                "class P:\n    def __init__(self):\n        self.v = 1\n    def m(self):\n        return 2\ndef f(n):\n    p = P()\n    t = 0\n    for i in range(n):\n        t = t + p.v + p.m()\n        p.v = i\n    return t\n",
                .STORE_ATTR_INSTANCE_VALUE
            ),
            (
                "class P:\n    k = 3\ndef f(n):\n    p = P()\n    t = 0\n    for i in range(n):\n        t = t + p.k\n    return t\n",
                .LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES
            ),
            (
                "def f(n):\n    a = [1, 2, 3]\n    t = 0\n    for i in range(n):\n        t = t + a[i % 3]\n        a[i % 3] = i\n    return t\n",
                .BINARY_SUBSCR_LIST_INT
            ),
            (
                "def f(n):\n    a = [1, 2, 3]\n    t = 0\n    for i in range(n):\n        t = t + a[i % 3]\n        a[i % 3] = i\n    return t\n",
                .STORE_SUBSCR_LIST_INT
            ),
            (
                "def f(n):\n    a = (1, 2, 3)\n    t = 0\n    for i in range(n):\n        t = t + a[1]\n    return t\n",
                .BINARY_SUBSCR_TUPLE_INT
            ),
            (
                "def f(n):\n    s = 'abc'\n    t = ''\n    for i in range(n):\n        t = s[1]\n    return t\n",
                .BINARY_SUBSCR_STR_INT
            ),
            (
                "def f(n):\n    d = {}\n    t = 0\n    for i in range(n):\n        d[i] = i\n        t = t + d[i]\n    return t\n",
                .BINARY_SUBSCR_DICT
            ),
            (
                "class S:\n    def __getitem__(self, i):\n        return i * 2\ndef f(n):\n    s = S()\n    t = 0\n    for i in range(n):\n        t = t + s[i]\n    return t\n",
                .BINARY_SUBSCR_GETITEM
            ),
            (
                "class S:\n    def __setitem__(self, k, v):\n        self.last = v\ndef f(n):\n    s = S()\n    for i in range(n):\n        s[i] = i\n    return s.last\n",
                .STORE_SUBSCR_SETITEM
            ),
            (
                "def f(n):\n    d = {}\n    t = 0\n    for i in range(n):\n        d[i] = i\n        t = t + d[i]\n    return t\n",
                .STORE_SUBSCR_DICT
            ),
            (
                "class V:\n    def __init__(self, x):\n        self.x = x\n    def __add__(self, other):\n        return V(self.x + other)\ndef f(n):\n    v = V(0)\n    for i in range(n):\n        v = v + i\n    return v.x\n",
                .BINARY_OP_PY_METHOD
            ),
            (
                "class V:\n    def __init__(self, x):\n        self.x = x\n    def __lt__(self, other):\n        return self.x < other.x\ndef f(n):\n    t = 0\n    a = V(3)\n    for i in range(n):\n        if a < V(i):\n            t = t + 1\n    return t\n",
                .COMPARE_OP_PY_METHOD
            ),
            (
                "class B:\n    def __contains__(self, x):\n        return x % 2 == 0\ndef f(n):\n    t = 0\n    b = B()\n    for i in range(n):\n        if i not in b:\n            t = t + 1\n    return t\n",
                .CONTAINS_OP_PY_METHOD
            ),
            (
                "class G:\n    def __init__(self, k):\n        self.k = k\n    def __bool__(self):\n        return self.k > 20\ndef f(n):\n    t = 0\n    for i in range(n):\n        if G(i):\n            t = t + 1\n    return t\n",
                .TO_BOOL_PY_METHOD
            ),
            (
                "class B:\n    def __init__(self, k):\n        self.k = k\n    def __len__(self):\n        return self.k % 7\ndef f(n):\n    t = 0\n    for i in range(n):\n        t = t + len(B(i))\n    return t\n",
                .CALL_LEN_PY_METHOD
            ),
            ("def f(n):\n    t = 0\n    for i in range(n):\n        t = t + i\n    return t\n", .FOR_ITER_RANGE),
            ("def f(n):\n    t = 0\n    for i in [1, 2] * n:\n        t = t + i\n    return t\n", .FOR_ITER_LIST),
            ("def f(n):\n    t = 0\n    for i in tuple(range(n)):\n        t = t + i\n    return t\n", .FOR_ITER_TUPLE),
            (
                "def f(n):\n    t = 0\n    for i in range(n):\n        if i:\n            t = t + 1\n    return t\n",
                .TO_BOOL_INT
            ),
            (
                "def f(n):\n    t = 0\n    a = [1]\n    for i in range(n):\n        if a:\n            t = t + 1\n    return t\n",
                .TO_BOOL_LIST
            ),
            (
                "def f(n):\n    t = 0\n    s = 'x'\n    for i in range(n):\n        if s:\n            t = t + 1\n    return t\n",
                .TO_BOOL_STR
            ),
            (
                "def f(n):\n    t = 0\n    for p in [(1, 2)] * n:\n        a, b = p\n        t = t + a + b\n    return t\n",
                .UNPACK_SEQUENCE_TWO_TUPLE
            ),
            (
                "def f(n):\n    t = 0\n    for p in [[1, 2, 3]] * n:\n        a, b, c = p\n        t = t + a + c\n    return t\n",
                .UNPACK_SEQUENCE_LIST
            ),
            (
                "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = (x + i) * 0.5 - i / 7 + (i - x) / (x + 1) + i * 0.25 - i\n    return x\n",
                .BINARY_OP_ADD_FLOAT_INT
            ),
            (
                "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = (x + i) * 0.5 - i / 7 + (i - x) / (x + 1) + i * 0.25 - i\n    return x\n",
                .BINARY_OP_TRUE_DIVIDE_INT
            ),
            (
                "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = (x + i) * 0.5 - i / 7 + (i - x) / (x + 1) + i * 0.25 - i\n    return x\n",
                .BINARY_OP_SUBTRACT_INT_FLOAT
            ),
            (
                "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = (x + i) * 0.5 - i / 7 + (i - x) / (x + 1) + i * 0.25 - i\n    return x\n",
                .BINARY_OP_TRUE_DIVIDE_FLOAT
            ),
            (
                "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = (x + i) * 0.5 - i / 7 + (i - x) / (x + 1) + i * 0.25 - i\n    return x\n",
                .BINARY_OP_MULTIPLY_INT_FLOAT
            ),
            (
                "def f(n):\n    x = 0.5\n    for i in range(n):\n        x = (x + i) * 0.5 - i / 7 + (i - x) / (x + 1) + i * 0.25 - i\n    return x\n",
                .BINARY_OP_SUBTRACT_FLOAT_INT
            ),
            (
                "def f(n):\n    x = 1.5\n    for i in range(1, n):\n        x = x * 3 / 4 + (i + x) / 9 + i / (x + 2.0)\n    return x\n",
                .BINARY_OP_MULTIPLY_FLOAT_INT
            ),
            (
                "def f(n):\n    x = 1.5\n    for i in range(1, n):\n        x = x * 3 / 4 + (i + x) / 9 + i / (x + 2.0)\n    return x\n",
                .BINARY_OP_TRUE_DIVIDE_FLOAT_INT
            ),
            (
                "def f(n):\n    x = 1.5\n    for i in range(1, n):\n        x = x * 3 / 4 + (i + x) / 9 + i / (x + 2.0)\n    return x\n",
                .BINARY_OP_ADD_INT_FLOAT
            ),
            (
                "def f(n):\n    x = 1.5\n    for i in range(1, n):\n        x = x * 3 / 4 + (i + x) / 9 + i / (x + 2.0)\n    return x\n",
                .BINARY_OP_TRUE_DIVIDE_INT_FLOAT
            ),
            (
                "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + i // 3 + i % 5 - (-i) // 4 + (-i) % 6\n    return t\n",
                .BINARY_OP_FLOOR_DIVIDE_INT
            ),
            (
                "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + i // 3 + i % 5 - (-i) // 4 + (-i) % 6\n    return t\n",
                .BINARY_OP_REMAINDER_INT
            ),
            (
                "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + len(range(i % 4)) + int(i * 0.5)\n    return t\n",
                .CALL_BUILTIN_CLASS
            ),
        ])
    func familySpecializes(_ source: String, _ form: Opcode) {
        let program = source + "print(f(50))\n"
        let (output, events, code) = Self.runAdaptive(program)
        #expect(output == run(program, options: TierConfiguration.interpreterOnly.options).stdout)
        #expect(Self.opcodes(code, in: "f").contains(form), "no \(form) in f")
        #expect(
            events.contains {
                if case .instructionSpecialized(let e) = $0.kind { return e.to == "\(form)" }
                return false
            })
        // On the operands it was chosen for, the form's guards pass: it never goes back to generic.
        #expect(
            !events.contains {
                if case .instructionDespecialized(let e) = $0.kind { return e.from == "\(form)" }
                return false
            }, "\(form) kept missing its guards")
    }

    @Test(
        "an operator stays generic, with its reason, where pushing the left operand's method would ask the wrong side",
        arguments: [
            (
                "class W:\n    def __radd__(self, other):\n        return 1\n",
                "V(i) + W()", "a W on the right may answer first"
            ),
            (
                "", "V(i) != V(1)", "V answers != by negating __eq__, which stays generic"
            ),
            (
                "", "V(i) * V(1)", "V.__mul__() rebinds a parameter"
            ),
        ])
    func operatorFormRefused(_ extra: String, _ expression: String, _ reason: String) {
        let program =
            "class V:\n    def __init__(self, x):\n        self.x = x\n    def __eq__(self, other):\n        return True\n"
            + "    def __mul__(self, other):\n        other = 0\n        return 5\n"
            + extra + "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + (\(expression))\n    return t\n"
            + "print(f(50))\n"
        let (output, events, code) = Self.runAdaptive(program)
        #expect(output == run(program, options: TierConfiguration.interpreterOnly.options).stdout)
        #expect(!Self.opcodes(code, in: "f").contains { $0 == .BINARY_OP_PY_METHOD || $0 == .COMPARE_OP_PY_METHOD })
        #expect(
            events.contains {
                if case .specializationFailed(let e) = $0.kind { return e.reason == reason }
                return false
            }, "no failure saying \(reason)")
    }

    @Test("an add that sees ints, then floats, then ints misses, reverts and specialises again, on the bus")
    func intFloatIntFlip() {
        let source = Repository.text("Demos/int_turns_float.py")
        let (output, events, _) = Self.runAdaptive(source)
        #expect(output == "7140\n1785.0\n7140\n")
        let story = events.compactMap { event -> String? in
            switch event.kind {
            case .instructionSpecialized(let e) where e.site.code.name == "accumulate" && e.from == "BINARY_OP":
                "+\(e.to)"
            case .instructionDespecialized(let e) where e.site.code.name == "accumulate": "-\(e.from)"
            default: nil
            }
        }
        #expect(
            story == [
                "+BINARY_OP_ADD_INT", "-BINARY_OP_ADD_INT", "+BINARY_OP_ADD_FLOAT", "-BINARY_OP_ADD_FLOAT",
                "+BINARY_OP_ADD_INT",
            ])
    }

    @Test("mutating a class invalidates the attribute guards that assumed its version")
    func typeVersionInvalidation() {
        let source = Repository.text("Demos/class_mutation.py")
        let (output, events, _) = Self.runAdaptive(source)
        #expect(output == "22350\n44700\n44700 0\n")
        let reverts = events.compactMap { event -> InstructionDespecialized? in
            if case .instructionDespecialized(let e) = event.kind, e.from == "LOAD_ATTR_METHOD_WITH_VALUES" { return e }
            return nil
        }
        #expect(reverts.count >= 2)
        #expect(reverts.allSatisfy { $0.reason.contains("Point changed") })
    }

    @Test("a class version changes when the class or a base is mutated, not otherwise")
    func classVersions() throws {
        let program = try Compiler.compile(source: "", filename: "v.py")
        let vm = VM(program: program, source: SourceText(path: "v.py", text: ""), output: { _ in })
        let base = try vm.makeClass(name: vm.intern("Base"), base: nil)
        let derived = try vm.makeClass(name: vm.intern("Derived"), base: base)
        let other = try vm.makeClass(name: vm.intern("Other"), base: nil)
        let before = (base.pointee.version, derived.pointee.version, other.pointee.version)
        #expect(before.0 >= 1024 && before.1 >= 1024)
        try vm.storeAttribute(ts_value(base), vm.intern("x"), .int(1))
        #expect(base.pointee.version != before.0)
        #expect(derived.pointee.version != before.1)
        #expect(other.pointee.version == before.2)
        #expect(ts_type_version(.int(3)) == UInt32(ts_tag.int.rawValue))
    }

    @Test("int overflow is a guard failure: the generic path makes a big int, never wraps")
    func overflowDeoptimizes() {
        let source =
            "def f(n):\n    x = 1\n    for i in range(n):\n        x = x * 2 + 1\n    return x\nprint(f(100))\n"
        let (output, _, code) = Self.runAdaptive(source)
        #expect(output == "\((BigIntText.powerOfTwo(101)))\n")
        #expect(Self.opcodes(code, in: "f").contains(.FOR_ITER_RANGE))
    }

    @Test("--max-tier 0 never specialises")
    func tierZeroStaysGeneric() {
        let (_, events, code) = Self.runAdaptive(
            Repository.text("Demos/sum_squares.py"), options: TierConfiguration.interpreterOnly.options)
        #expect(!events.contains { $0.kind.kindName == .instructionSpecialized })
        #expect(!Self.opcodes(code, in: "sum_squares").contains { $0.isSpecialized })
    }

    @Test("--specialize-after sets the warm-up")
    func warmUpThreshold() {
        let source = "def f(n):\n    t = 0\n    for i in range(n):\n        t = t + i\n    return t\nprint(f(3))\n"
        var options = SpecializationTests.tierOne
        options.specializeAfter = 1
        #expect(Self.opcodes(Self.runAdaptive(source, options: options).2, in: "f").contains(.BINARY_OP_ADD_INT))
        options.specializeAfter = 4
        #expect(!Self.opcodes(Self.runAdaptive(source, options: options).2, in: "f").contains(.BINARY_OP_ADD_INT))
    }
}

/// 2**n - 1 in decimal, for checking overflow results without BigInt in the test.
enum BigIntText {
    static func powerOfTwo(_ n: Int) -> String {
        var digits = [1]
        for _ in 0..<n {
            var carry = 0
            for i in digits.indices {
                let v = digits[i] * 2 + carry
                digits[i] = v % 10
                carry = v / 10
            }
            if carry > 0 { digits.append(carry) }
        }
        digits[0] -= 1
        return digits.reversed().map(String.init).joined()
    }
}
