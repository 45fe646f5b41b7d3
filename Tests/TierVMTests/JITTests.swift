import CTierCore
import Foundation
import MachineCode
import Synchronization
import Testing

@testable import TierVM

/// The copy-and-patch JIT: native code that prints what the micro-op interpreter prints, in memory that
/// is never writable and executable at once, with every kind of hole patched as its relocation says.
@Suite("JIT")
struct JITTests {
    static let loops = """
        def sum_squares(n):
            total = 0
            for i in range(n):
                total += i * i
            return total

        def mixed(n):
            t = 0.5
            for i in range(n):
                if i % 3 == 0:
                    t = t + i * 0.25
                else:
                    t = t - 1
            return t

        print(sum_squares(100000), mixed(30000))

        """

    /// Runs `source` with `options`, collecting its output and events (synchronously, as they happen).
    static func run(
        _ source: String, options: EngineOptions, subscriber: SynchronousSubscriber? = nil
    ) -> (
        String, [Event]
    ) {
        let bus = EventBus()
        let collector = EventCollector()
        bus.subscribe(collector)
        if let subscriber { bus.subscribe(subscriber) }
        let output = OutputCollector()
        _ = Engine.run(source: source, path: "jit.py", options: options, bus: bus, output: { output.append($0) }) {
            _ in
        }
        return (output.text, collector.all)
    }

    static func compiled(_ events: [Event]) -> [JITCompiled] {
        events.compactMap { if case .jitCompiled(let e) = $0.kind { e } else { nil } }
    }

    @Test("hot loops run as native code and print what the micro-op interpreter and Tier 0 print")
    func nativeCodeMatchesTheInterpreter() {
        var options = EngineOptions()
        options.maxTier = .jit
        let (native, events) = Self.run(Self.loops, options: options)
        options.maxTier = .traces
        let (interpreted, interpreterEvents) = Self.run(Self.loops, options: options)
        options.maxTier = .interpreter
        let (tierZero, _) = Self.run(Self.loops, options: options)
        #expect(native == tierZero && interpreted == tierZero)
        let compiles = Self.compiled(events)
        #expect(compiles.count >= 2)
        #expect(Self.compiled(interpreterEvents).isEmpty, "--max-tier 2 compiled a trace")
        for compile in compiles {
            #expect(compile.address != 0 && compile.codeBytes > 0)
            // The stencils lie end to end from the start of the code.
            #expect(compile.ranges.first?.start == 0)
            for (a, b) in zip(compile.ranges, compile.ranges.dropFirst()) { #expect(a.start + a.length == b.start) }
            #expect(compile.holes.contains { $0.kind == "exit" })
        }
        // A loop trace jumps back to its own loop head.
        #expect(compiles.contains { $0.holes.contains { $0.kind == "loop" } })
    }

    @Test("a guard failing while values sit in registers leaves Tier 1 the stack the interpreter would")
    func exitWithCachedValues() {
        // `total + a * b + c`: total and the product are cached when total's guard fails (c made it a
        // float), and the comparison's operands are cached when the branch's guard exits.
        let source = """
            def blend(n):
                total = 0
                c = 1
                out = []
                for i in range(n):
                    a = i
                    b = 3
                    if i == 700:
                        c = 0.5
                    if i == 1400:
                        c = "!"
                    if i >= 1400:
                        out.append(str(a * b) + c)
                    else:
                        total = total + a * b + c
                    if a * b + 1 > 5000:
                        total = total - 1
                return total, len(out), out[-1]

            print(blend(2000))

            """
        var options = EngineOptions()
        options.maxTier = .jit
        let (native, events) = Self.run(source, options: options)
        options.maxTier = .interpreter
        let (interpreted, _) = Self.run(source, options: options)
        #expect(native == interpreted)
        #expect(native == "(2938617.0, 600, '5997!')\n")
        #expect(!Self.compiled(events).isEmpty)
        let exits = events.compactMap { if case .sideExit(let e) = $0.kind { e } else { nil } }
        #expect(exits.contains { $0.guardName == "_GUARD_NOS_INT" })
    }

    @Test("each exit's stub names its exit and jumps to the trace's one stub that follows exits")
    func exitStubs() throws {
        var options = EngineOptions()
        options.maxTier = .jit
        let (_, events) = Self.run(Self.loops, options: options)
        let compile = try #require(Self.compiled(events).first { $0.exitStubSize > 0 })
        let blocks = MachineCode.blocks(compile, trace: nil)
        let follow = blocks.filter { $0.owner == .followExit }
        #expect(follow.count == 1)
        let followAddress = try #require(follow.first?.lines.first?.address)
        let stubs = blocks.compactMap { if case .exitStub(let k) = $0.owner { (k, $0) } else { nil } }
        #expect(!stubs.isEmpty)
        for (k, stub) in stubs {
            // `mov r15d, k` then `jmp` to the shared stub: the number rides where a cached value would.
            #expect(stub.lines.count == 2)
            #expect(stub.lines.first?.text == "mov r15d, \(k)")
            #expect(stub.lines.first?.note == "exit number = \(k)")
            #expect(stub.lines.last?.text == "jmp 0x" + String(followAddress, radix: 16))
        }
        // The exits went from most of a trace's code to a small part of it.
        #expect(stubs.count * compile.exitStubSize < compile.codeBytes / 4)
    }

    @Test("past the cap on native code the coldest traces lose theirs, say so, and run on in the interpreter")
    func memoryCapEvictsTheColdest() {
        var options = EngineOptions()
        options.maxTier = .jit
        options.jitMemoryLimit = 2500
        let (output, events) = Self.run(Self.loops, options: options)
        options.maxTier = .interpreter
        #expect(output == Self.run(Self.loops, options: options).0)
        let evicted = events.compactMap { if case .jitEvicted(let e) = $0.kind { e } else { nil } }
        #expect(!evicted.isEmpty, "nothing was evicted under a 2500-byte cap")
        #expect(evicted.allSatisfy { $0.bytes > 0 && $0.reason.contains("2500-byte cap") })
    }

    /// Reads /proc/self/maps when the program prints from inside native code.
    final class MappingWatcher: SynchronousSubscriber, @unchecked Sendable {
        private let state = Mutex<(code: [UInt64], maps: String?)>(([], nil))
        func receive(_ event: Event) {
            switch event.kind {
            case .jitCompiled(let e): state.withLock { $0.code.append(e.address) }
            case .programOutput:
                state.withLock { state in
                    guard !state.code.isEmpty, state.maps == nil else { return }
                    state.maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
                }
            default: break
            }
        }
        var snapshot: (code: [UInt64], maps: String?) { state.withLock { $0 } }
    }

    @Test("no page is writable and executable at once, and compiled code sits in read+execute pages")
    func codeMemoryIsWriteXorExecute() throws {
        // The call to print is part of the trace, so the output arrives while native code runs.
        let source = "def f(n):\n    for i in range(n):\n        print(i)\nf(300)\n"
        let watcher = MappingWatcher()
        var options = EngineOptions()
        options.maxTier = .jit
        let (output, events) = Self.run(source, options: options, subscriber: watcher)
        #expect(output.split(separator: "\n").count == 300)
        // The maps are read from inside print, which must be a call the native code makes.
        #expect(Self.compiled(events).contains { $0.ranges.contains { $0.microOp == "_CALL_BUILTIN_FAST" } })
        let (code, maps) = watcher.snapshot
        let lines = try #require(maps).split(separator: "\n")
        for line in lines {
            let permissions = line.split(separator: " ")[1]
            #expect(!(permissions.contains("w") && permissions.contains("x")), "writable and executable: \(line)")
        }
        let address = try #require(code.first)
        let mapping = lines.first { line in
            let range = line.split(separator: " ")[0].split(separator: "-").compactMap { UInt64($0, radix: 16) }
            return range.count == 2 && range[0] <= address && address < range[1]
        }
        #expect(mapping?.split(separator: " ")[1] == "r-xp", "\(mapping ?? "no mapping holds the code")")
    }

    /// Patches one hole in `bytes` placed at `base`, as the emitter does.
    static func patched(
        _ bytes: [UInt8], field: Int, relocation: UInt8, target: UInt64, addend: Int64 = -4, base: UInt64 = 0x10_0000
    ) -> (bytes: [UInt8], ok: Bool, slotUsed: Bool) {
        var code = bytes + [UInt8](repeating: 0, count: 8)
        var slot = bytes.count
        let ok = code.withUnsafeMutableBytes {
            TraceCompiler.patch(
                $0, field: field, relocation: relocation, target: target, addend: addend, base: base, slot: &slot)
        }
        return (code, ok, slot != bytes.count)
    }

    static func int32(_ bytes: [UInt8], at k: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(bytes[k]) | UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k + 2]) << 16 | UInt32(bytes[k + 3])
                << 24)
    }

    @Test("R_X86_64_64 stores the absolute value with its addend")
    func absoluteHole() {
        let (bytes, ok, _) = Self.patched(
            [0x48, 0xB8] + [UInt8](repeating: 0, count: 8), field: 2, relocation: 1,
            target: 0x1122_3344_5566_7788, addend: 0x10)
        #expect(ok)
        #expect(Array(bytes[2..<10]) == [0x98, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11])
    }

    @Test("R_X86_64_32 and 32S store a 32-bit value, zero- or sign-extended, and refuse one that does not fit")
    func smallHoles() {
        // `mov eax, imm32` (an argument) and `mov rax, [r12 + disp32]` (a local's offset in the frame).
        let (unsigned, ok, _) = Self.patched(
            [0xB8, 0, 0, 0, 0], field: 1, relocation: 10, target: 0xFFFF_FFF0, addend: 2)
        #expect(ok)
        #expect(Array(unsigned[1..<5]) == [0xF2, 0xFF, 0xFF, 0xFF])
        #expect(!Self.patched([0xB8, 0, 0, 0, 0], field: 1, relocation: 10, target: 0x1_0000_0000, addend: 0).ok)
        #expect(
            !Self.patched([0xB8, 0, 0, 0, 0], field: 1, relocation: 10, target: UInt64(bitPattern: -1), addend: 0).ok)
        let (signed, fits, _) = Self.patched(
            [0x49, 0x8B, 0x84, 0x24, 0, 0, 0, 0], field: 4, relocation: 11, target: 0x40 + 16 * 3, addend: 8)
        #expect(fits)
        #expect(Self.int32(signed, at: 4) == 0x40 + 48 + 8)
        #expect(
            Self.patched([0xB8, 0, 0, 0, 0], field: 1, relocation: 11, target: UInt64(bitPattern: -8), addend: 0).ok)
        #expect(!Self.patched([0xB8, 0, 0, 0, 0], field: 1, relocation: 11, target: 0x8000_0000, addend: 0).ok)
    }

    @Test("R_X86_64_PC32 and PLT32 store the distance from the end of the field, and refuse what rel32 cannot reach")
    func relativeHoles() {
        for relocation: UInt8 in [2, 4] {
            let (bytes, ok, _) = Self.patched([0xE9, 0, 0, 0, 0], field: 1, relocation: relocation, target: 0x10_0100)
            #expect(ok)
            #expect(Self.int32(bytes, at: 1) == 0x100 - 5)
            let far = Self.patched([0xE9, 0, 0, 0, 0], field: 1, relocation: relocation, target: 0x1_0000_0000_0000)
            #expect(!far.ok)
        }
    }

    @Test("GOTPCRELX calls, jumps and loads become direct where the target is in reach")
    func relaxedGOTHoles() {
        // call *foo@GOTPCREL(%rip) -> addr32 call foo
        let call = Self.patched([0xFF, 0x15, 0, 0, 0, 0], field: 2, relocation: 41, target: 0x10_0200)
        #expect(call.ok && !call.slotUsed)
        #expect(Array(call.bytes[0..<2]) == [0x67, 0xE8])
        #expect(Self.int32(call.bytes, at: 2) == 0x200 - 6)
        // jmp *foo@GOTPCREL(%rip) -> jmp foo; nop
        let jump = Self.patched([0xFF, 0x25, 0, 0, 0, 0], field: 2, relocation: 41, target: 0x10_0200)
        #expect(jump.ok && !jump.slotUsed)
        #expect(jump.bytes[0] == 0xE9 && jump.bytes[5] == 0x90)
        #expect(Self.int32(jump.bytes, at: 1) == 0x200 - 5)
        // movq foo@GOTPCREL(%rip), %rax -> leaq foo(%rip), %rax
        let load = Self.patched([0x48, 0x8B, 0x05, 0, 0, 0, 0], field: 3, relocation: 42, target: 0x10_0200)
        #expect(load.ok && !load.slotUsed)
        #expect(Array(load.bytes[0..<3]) == [0x48, 0x8D, 0x05])
        #expect(Self.int32(load.bytes, at: 3) == 0x200 - 7)
    }

    @Test("a GOTPCRELX call out of reach goes through an 8-byte slot in the trace's data")
    func farGOTHoleUsesASlot() {
        let target: UInt64 = 0x7F00_0000_1000
        let far = Self.patched([0xFF, 0x15, 0, 0, 0, 0], field: 2, relocation: 41, target: target)
        #expect(far.ok && far.slotUsed)
        #expect(Array(far.bytes[0..<2]) == [0xFF, 0x15], "the indirect call stays")
        // The displacement reaches the slot (just after the code), which holds the target.
        #expect(Self.int32(far.bytes, at: 2) == 6 - 6)
        let slot = far.bytes[6..<14].enumerated().reduce(UInt64(0)) {
            $0 | UInt64($1.element) << (8 * UInt64($1.offset))
        }
        #expect(slot == target)
    }
}
