import Testing

@testable import TierVM

/// Runtime behaviour beyond what the corpus prints: tracebacks, recursion, budgets.
@Suite("Runtime")
struct RuntimeTests {
    @Test("an uncaught error prints a CPython-style traceback and exits with status 1")
    func traceback() {
        let source =
            "def inner(x):\n    return 10 // x\n\ndef outer():\n    return inner(0)\n\nprint('start')\nouter()\n"
        let result = Engine.run(source: source, path: "t.py") { _ in }
        #expect(result.exitStatus == 1)
        #expect(
            result.errorReport == """
                Traceback (most recent call last):
                  File "t.py", line 8, in <module>
                    outer()
                  File "t.py", line 5, in outer
                    return inner(0)
                  File "t.py", line 2, in inner
                    return 10 // x
                ZeroDivisionError: integer division or modulo by zero

                """)
    }

    @Test(
        "assigning or deleting an attribute of a built-in value fails in CPython's words",
        arguments: [
            ("r = range(3)\ndel r.start\n", "AttributeError: readonly attribute"),
            ("r = range(3)\nr.step = 2\n", "AttributeError: readonly attribute"),
            ("x = [1]\ndel x.append\n", "AttributeError: 'list' object attribute 'append' is read-only"),
            ("s = 'a'\ns.upper = 1\n", "AttributeError: 'str' object attribute 'upper' is read-only"),
            ("x = 5\ndel x.foo\n", "AttributeError: 'int' object has no attribute 'foo'"),
        ])
    func builtinAttributesAreReadOnly(_ source: String, _ message: String) {
        let outcome = run(source)
        #expect(outcome.exitStatus == 1)
        #expect(outcome.lastErrorLine == message)
    }

    @Test("recursion stops at CPython's limit of 1000 frames, never on the native stack")
    func recursionLimit() {
        let counting = "def f(n):\n    if n == 0: return 0\n    return 1 + f(n - 1)\nprint(f(998))\nprint(f(999))\n"
        let outcome = run(counting)
        #expect(outcome.stdout == "998\n")
        #expect(outcome.lastErrorLine == "RecursionError: maximum recursion depth exceeded")
        let unbounded = run("def f():\n    return f()\nf()\n")
        #expect(unbounded.lastErrorLine == "RecursionError: maximum recursion depth exceeded")
    }

    @Test("recursion through __str__ and deeply nested data also ends in RecursionError")
    func nativeRecursion() {
        let viaStr = run("class A:\n    def __str__(self):\n        return str(self)\nprint(A())\n")
        #expect(viaStr.lastErrorLine.hasPrefix("RecursionError: maximum recursion depth exceeded"))
        let nested = run("x = []\nfor i in range(100000):\n    x = [x]\nprint(len(str(x)))\n")
        #expect(nested.lastErrorLine.hasPrefix("RecursionError: maximum recursion depth exceeded"))
    }

    @Test("output arrives whole and in order: non-ASCII text, prints larger than the buffer, many small ones")
    func outputBuffering() {
        let outcome = run("s = 'é' * 40000 + 'x'\nprint(s)\nfor i in range(5000):\n    print(i, 'ü')\nprint(s[-2:])\n")
        let expected =
            String(repeating: "é", count: 40000) + "x\n" + (0..<5000).map { "\($0) ü\n" }.joined() + "éx\n"
        #expect(outcome.stdout == expected)
    }

    @Test("an execution budget stops a program that never ends")
    func budget() {
        var options = EngineOptions()
        options.fuel = 100_000
        let outcome = run("while True:\n    pass\n", options: options)
        #expect(outcome.exitStatus == 1)
        #expect(outcome.lastErrorLine.contains("execution budget"))
    }

    @Test("ints overflow into big ints and come back")
    func bigIntegers() {
        let outcome = run("x = 2 ** 62\ny = x * 4\nprint(y, y // 4 == x, type(y // 4), -(-9223372036854775807 - 1))\n")
        #expect(outcome.stdout == "18446744073709551616 True <class 'int'> 9223372036854775808\n")
    }

    @Test("NameError suggests the closest name, as CPython 3.11 does")
    func suggestions() {
        #expect(
            run("total = 1\nprint(totl)\n").lastErrorLine
                == "NameError: name 'totl' is not defined. Did you mean: 'total'?")
        #expect(run("print(lenn([]))\n").lastErrorLine == "NameError: name 'lenn' is not defined. Did you mean: 'len'?")
        #expect(run("print(zzzzzz)\n").lastErrorLine == "NameError: name 'zzzzzz' is not defined")
    }
}
