import CTierCore
import Testing

@testable import TierVM

/// The heap's collector: garbage is reclaimed at safe points, and everything reachable survives.
@Suite("Collector")
struct CollectorTests {
    /// Compiles and runs a program on a VM the test can inspect afterwards.
    static func runVM(_ source: String, threshold: Int) throws -> (VM, String) {
        let program = try Compiler.compile(source: source, filename: "gc.py")
        var options = EngineOptions()
        options.collectionThreshold = threshold
        let output = OutputCollector()
        let vm = VM(program: program, source: SourceText(path: "gc.py", text: source), options: options) {
            output.append($0)
        }
        try vm.runProgram()
        return (vm, output.text)
    }

    @Test("a program allocating far more than it keeps runs in bounded memory")
    func boundedLiveMemory() throws {
        // About 200 MB of lists, strings and dicts over the run; only the last few are live at once.
        let source = """
            keep = None
            for i in range(200000):
                row = [i, str(i) * 10, {"k": i}, (i, i + 1)]
                keep = row
            print(keep[0], len(keep[1]))
            """
        let (vm, output) = try Self.runVM(source, threshold: 1 << 20)
        #expect(output == "199999 60\n")
        #expect(vm.heap.collections > 20)
        #expect(vm.heap.liveBytes < 4 << 20)
    }

    @Test("reachable objects survive many collections")
    func reachableSurvive() throws {
        let source = """
            class Node:
                def __init__(self, value, next):
                    self.value = value
                    self.next = next

            head = None
            for i in range(20000):
                head = Node([i, str(i)], head)
                junk = [str(j) for j in range(20)]
            total = 0
            n = head
            while n is not None:
                total += n.value[0] + len(n.value[1])
                n = n.next
            print(total)
            """
        let (vm, output) = try Self.runVM(source, threshold: 256 << 10)
        let expected = (0..<20000).reduce(0) { $0 + $1 + String($1).count }
        #expect(output == "\(expected)\n")
        #expect(vm.heap.collections > 5)
    }

    @Test("values held by a built-in while Python code runs are rooted")
    func temporaryRootsDuringCallbacks() throws {
        // sorted() holds its new list and the keys while the key function allocates and collects.
        let source = """
            def key(word):
                junk = [str(i) * 50 for i in range(200)]
                return len(word) * 1000 - ord(word[0])

            words = [str(i) * (i % 7 + 1) for i in range(300)]
            result = sorted(words, key=key)
            print(result[:3], result[-1], len(result))
            """
        let (vm, output) = try Self.runVM(source, threshold: 64 << 10)
        #expect(vm.heap.collections > 5)
        let expected = run(source, options: EngineOptions())
        #expect(output == expected.stdout)
    }

    @Test("a str buffer lives while any str over it does, and is reclaimed with the last of them")
    func sharedStrBuffers() throws {
        // Each round grows a str past the growable length in place, keeps an early prefix of every
        // hundredth one, and drops the rest: the kept prefixes must read as they were when made, and
        // the dropped buffers must not pile up.
        let source = """
            kept = []
            for r in range(3000):
                s = ""
                for i in range(300):
                    s += chr(97 + (i + r) % 26)
                    if i == 80 and r % 100 == 0:
                        kept.append(s)
                s += "!"
            print(len(kept), [k[:3] + k[-2:] for k in kept[:4]], sum([len(k) for k in kept]))
            """
        let (vm, output) = try Self.runVM(source, threshold: 256 << 10)
        #expect(output == "30 ['abcbc', 'wxyxy', 'stutu', 'opqpq'] 2430\n")
        #expect(vm.heap.collections > 5)
        #expect(vm.heap.liveBytes < 1 << 20)
    }

    @Test("s += c in a loop extends one buffer in place, and an earlier value keeps its text")
    func concatenationAppendsInPlace() throws {
        // Between 600 and 1000 characters no regrowth is due (the buffer made at 519 has room for
        // 1038), so a str kept at 600 and the final one must be prefixes of the same buffer: had each
        // += copied, they would not share one.
        let source = """
            s = ""
            for i in range(1000):
                s += chr(97 + i % 26)
                if i == 599:
                    kept = s
            print(len(kept), len(s), kept[-3:], s[-3:])
            """
        let (vm, output) = try Self.runVM(source, threshold: 8 << 20)
        #expect(output == "600 1000 zab jkl\n")
        let final = try #require(vm.getItem(vm.globals, string: vm.intern("s"))).str
        let kept = try #require(vm.getItem(vm.globals, string: vm.intern("kept"))).str
        #expect(final.pointee.flags & UInt32(TS_STR_BORROWED) != 0)
        #expect(ts_str_buffer_of(final) == ts_str_buffer_of(kept))
        #expect(ts_str_buffer_of(final).pointee.used == 1000)
    }
}
