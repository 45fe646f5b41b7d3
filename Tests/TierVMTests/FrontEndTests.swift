import Testing

@testable import TierVM

/// The lexer and parser: tokens, indentation, and the errors CPython gives for common mistakes and for
/// features tierscope leaves out.
@Suite("Front end")
struct FrontEndTests {
    static func kinds(_ source: String) throws -> [String] {
        try Lexer.tokenize(source).map { token in
            switch token.kind {
            case .name(let n): n
            case .int(let i): "\(i)"
            case .float(let f): "\(f)"
            case .string(let s): "'\(s.plainText)'"
            case .op(let o): o
            case .newline: "NEWLINE"
            case .indent: "INDENT"
            case .dedent: "DEDENT"
            case .endOfFile: "END"
            }
        }
    }

    @Test("indentation becomes INDENT and DEDENT; blank and comment lines do not count")
    func indentation() throws {
        let source = "if x:\n    y = 1\n\n    # note\n    if y:\n        z\nw\n"
        #expect(
            try Self.kinds(source) == [
                "if", "x", ":", "NEWLINE", "INDENT", "y", "=", "1", "NEWLINE", "if", "y", ":", "NEWLINE", "INDENT", "z",
                "NEWLINE", "DEDENT", "DEDENT", "w", "NEWLINE", "END",
            ])
    }

    @Test("newlines inside brackets and after a backslash join lines")
    func implicitJoining() throws {
        #expect(
            try Self.kinds("x = (1,\n  2)\ny = 3 + \\\n 4\n") == [
                "x", "=", "(", "1", ",", "2", ")", "NEWLINE", "y", "=", "3", "+", "4", "NEWLINE", "END",
            ])
    }

    @Test("numbers and strings decode like CPython's")
    func literals() throws {
        #expect(
            try Self.kinds("0x_ff 0o17 0b101 1_000 1e3 .5 'a\\tb\\x41\\u00e9' r'\\n'") == [
                "255", "15", "5", "1000", "1000.0", "0.5", "'a\tbAé'", "'\\n'", "NEWLINE", "END",
            ])
    }

    @Test(
        "syntax errors carry CPython's messages",
        arguments: [
            ("x = (1,\n", "SyntaxError: '(' was never closed"),
            ("if x\n    pass\n", "SyntaxError: expected ':'"),
            ("  x = 1\n", "IndentationError: unexpected indent"),
            ("if x:\n    a\n  b\n", "IndentationError: unindent does not match any outer indentation level"),
            ("if x:\npass\n", "IndentationError: expected an indented block after 'if' statement on line 1"),
            ("x = 'abc\n", "SyntaxError: unterminated string literal (detected at line 1)"),
            ("x = = 1\n", "SyntaxError: invalid syntax"),
            ("1 = x\n", "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?"),
            ("return 5\n", "SyntaxError: 'return' outside function"),
            ("break\n", "SyntaxError: 'break' outside loop"),
            ("f(a b)\n", "SyntaxError: invalid syntax. Perhaps you forgot a comma?"),
            (
                "x = 0123\n",
                "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"
            ),
            ("def f(a, a): pass\n", "SyntaxError: duplicate argument 'a' in function definition"),
            ("x = [1)\n", "SyntaxError: closing parenthesis ')' does not match opening parenthesis '['"),
            ("print 'x'\n", "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"),
            ("x = (1 if 2)\n", "SyntaxError: expected 'else' after 'if' expression"),
        ])
    func cpythonMessages(_ source: String, _ summary: String) {
        #expect(run(source).lastErrorLine == summary)
        #expect(run(source).exitStatus == 1)
    }

    @Test(
        "features outside the subset are rejected by name",
        arguments: [
            ("import os\n", "'import'"), ("try:\n    x\nexcept: pass\n", "'try'"), ("with a: pass\n", "'with'"),
            ("def g():\n    yield 1\n", "'yield'"), ("@d\ndef f(): pass\n", "decorators"), ("x = {1, 2}\n", "sets"),
            ("def f(*a): pass\n", "'*args'"), ("x = 1j\n", "complex"),
            ("class A(B, C): pass\n", "multiple inheritance"),
            ("def f():\n    x = 1\n    def g():\n        return x\n", "closures"),
            ("x = [y for y in (z for z in w)]\n", "generator expressions"),
        ])
    func unsupported(_ source: String, _ feature: String) {
        let outcome = run(source)
        #expect(outcome.exitStatus == 1)
        #expect(outcome.lastErrorLine.hasPrefix("SyntaxError:"))
        #expect(outcome.lastErrorLine.contains(feature), "\(outcome.lastErrorLine)")
        // One sentence that says what is unsupported, whatever follows it.
        #expect(outcome.lastErrorLine.contains(" not supported by tierscope"), "\(outcome.lastErrorLine)")
        #expect(!outcome.lastErrorLine.contains(": tierscope programs"), "\(outcome.lastErrorLine)")
    }

    @Test("a syntax error report shows the file, line, source and a caret")
    func report() {
        let result = Engine.run(source: "x = 1\nif x\n    pass\n", path: "prog.py") { _ in }
        #expect(result.errorReport == "  File \"prog.py\", line 2\n    if x\n        ^\nSyntaxError: expected ':'\n")
    }

    @Test("deeply nested input ends in a clean error, not a crash")
    func deepNesting() {
        #expect(
            run(String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)).lastErrorLine
                == "SyntaxError: too many nested parentheses")
        #expect(
            run("x = " + String(repeating: "-", count: 5000) + "1\n").lastErrorLine.hasPrefix(
                "SyntaxError: expression too deeply nested"))
        #expect(
            run("x = " + Array(repeating: "1", count: 5000).joined(separator: " + ") + "\n").lastErrorLine.hasPrefix(
                "SyntaxError"))
        let deepBlocks =
            (0..<150).map { String(repeating: " ", count: $0) + "if x:\n" }.joined()
            + String(repeating: " ", count: 150) + "pass\n"
        #expect(run(deepBlocks).lastErrorLine == "IndentationError: too many levels of indentation")
    }

    @Test("source bytes are decoded as CPython decodes them")
    func decoding() throws {
        guard case .failure(let bad) = Engine.decode([0x78, 0x3D, 0xFF, 0x0A], path: "b.py") else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(bad.summary.hasPrefix("SyntaxError: Non-UTF-8 code starting with '\\xff' in file b.py on line 1"))
        guard case .failure(let nul) = Engine.decode([0x78, 0x00], path: "n.py") else {
            Issue.record("a NUL byte was accepted")
            return
        }
        #expect(nul.summary == "SyntaxError: source code cannot contain null bytes")
        #expect(try Engine.decode([0xEF, 0xBB, 0xBF, 0x78], path: "bom.py").get() == "x")
    }
}
