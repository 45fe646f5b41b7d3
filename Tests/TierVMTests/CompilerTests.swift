import Testing

@testable import TierVM

/// Code generation: CPython-shaped bytecode, positions for every instruction, and the analyses that
/// run over it.
@Suite("Compiler")
struct CompilerTests {
    static func function(_ source: String, _ name: String) throws -> CodeObject {
        let module = try Compiler.compile(source: source, filename: "c.py")
        return try #require(module.allCodeObjects.first { $0.name == name })
    }

    static func opcodes(_ code: CodeObject) -> [Opcode] {
        (0..<code.instructionCount).map(code.opcode(at:))
    }

    @Test("sum_squares compiles to the loop CPython would produce")
    func sumSquares() throws {
        // The seed's function, as in Demos/sum_squares.py (copied, so the demo's notes can change freely).
        let source = """
            def sum_squares(n):
                total = 0
                for i in range(n):
                    total += i * i
                return total

            """
        let code = try Self.function(source, "sum_squares")
        #expect(
            Self.opcodes(code) == [
                .RESUME, .LOAD_CONST, .STORE_FAST, .LOAD_GLOBAL, .LOAD_FAST, .CALL, .GET_ITER, .FOR_ITER, .STORE_FAST,
                .LOAD_FAST, .LOAD_FAST, .LOAD_FAST, .BINARY_OP, .BINARY_OP, .STORE_FAST, .JUMP_BACKWARD, .LOAD_FAST,
                .RETURN_VALUE,
            ])
        let listing = Disassembler.listing(ofCode: code)
        #expect(listing.contains("  3           3 LOAD_GLOBAL                1 (NULL + range)\n"))
        #expect(listing.contains("             12 BINARY_OP                  5 (*)\n"))
        #expect(listing.contains("             13 BINARY_OP                 13 (+=)\n"))
        #expect(listing.contains("       >>     7 FOR_ITER                  16 (to 16)\n"))
        #expect(code.stackSize == 4)
        #expect(code.localNames == ["n", "total", "i"])
    }

    @Test("every instruction has a source line, and the loop body's lines are the loop's")
    func lineTable() throws {
        let code = try Self.function("def f(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s\n", "f")
        #expect(code.positions.count == code.instructionCount)
        let lines = (0..<code.instructionCount).map(code.line(at:))
        #expect(lines == [1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 5, 5])
    }

    @Test("a load that may see an unbound local is checked; others are not")
    func definiteAssignment() throws {
        let code = try Self.function(
            "def f(flag):\n    if flag:\n        x = 1\n    y = 2\n    return x + y + flag\n", "f")
        let loads = (0..<code.instructionCount).filter { [.LOAD_FAST, .LOAD_FAST_CHECK].contains(code.opcode(at: $0)) }
            .map { (code.localNames[Int(code.argument(at: $0))], code.opcode(at: $0)) }
        #expect(loads.map(\.0) == ["flag", "x", "y", "flag"])
        #expect(loads.map(\.1) == [.LOAD_FAST, .LOAD_FAST_CHECK, .LOAD_FAST, .LOAD_FAST])
    }

    @Test("names resolve to locals, globals or the namespace, as CPython's symbol table decides")
    func nameResolution() throws {
        let source = "g = 1\ndef f(a):\n    global h\n    h = a\n    b = g\n    return b\n"
        let module = try Compiler.compile(source: source, filename: "c.py")
        let f = try #require(module.functions.first)
        #expect(Self.opcodes(module).contains(.STORE_NAME))
        #expect(Self.opcodes(f).contains(.STORE_GLOBAL))
        #expect(Self.opcodes(f).contains(.LOAD_GLOBAL))
        #expect(f.localNames == ["a", "b"])
    }

    @Test("comprehension variables get hidden slots and do not leak")
    func comprehensionScope() {
        let outcome = run("x = 'outer'\nys = [x * 2 for x in range(3)]\nprint(x, ys)\n")
        #expect(outcome.stdout == "outer [0, 2, 4]\n")
    }

    @Test("chained comparisons evaluate each operand once")
    func chainedComparison() {
        let source = """
            def v(n):
                print("eval", n)
                return n
            print(v(1) < v(2) < v(3), v(3) < v(2) < v(1))
            """
        #expect(run(source).stdout == "eval 1\neval 2\neval 3\neval 3\neval 2\nTrue False\n")
    }
}
