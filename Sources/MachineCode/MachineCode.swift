import CCapstone
import TierVM

/// One x86-64 instruction of a trace's native code, as listings show it.
public struct MachineCodeLine: Sendable, Hashable {
    public var address: UInt64
    /// Its bytes in hex, `49 8b 45 e8`.
    public var bytes: String
    /// Intel syntax: `mov rax, qword ptr [r13 - 0x18]`.
    public var text: String
    /// What the emitter patched into it, in the program's terms: `operand = 0x2a`, `helper bcmp`,
    /// `→ exit 3 (@15)`; or what it is for, where that is not plain from the micro-op it belongs to (the
    /// cached values written back before it); empty otherwise.
    public var note: String
    /// Whether the emitter patched it (its note then says with what).
    public var isPatched: Bool
}

/// The instructions one micro-op's stencil (or a stub) became.
public struct MachineCodeBlock: Sendable, Hashable {
    public enum Owner: Sendable, Hashable {
        /// The micro-op's index among the trace's live micro-ops (`TraceSnapshot.optimized`).
        case microOp(Int)
        case exitStub(Int)
        /// The one path every exit stub jumps to: on to a side trace, or back to Tier 1.
        case followExit
        case errorStub
    }

    public var owner: Owner
    /// `_GUARD_BOTH_INT  i, total: int`, `exit 3 -> @15 (_GUARD_BOTH_INT)`, `follow the exit`, `error`.
    public var title: String
    public var lines: [MachineCodeLine]
}

/// Disassembly of the JIT's code with Capstone, grouped by micro-op, each patched instruction annotated
/// with the hole it holds. Works from a `jitCompiled` event (which carries the bytes and where each
/// stencil landed) and the trace's snapshot, so viewers need nothing from the engine itself.
public enum MachineCode {
    /// The blocks of a compiled trace, in address order.
    public static func blocks(_ compiled: JITCompiled, trace: TraceSnapshot?) -> [MachineCodeBlock] {
        let instructions = disassemble(compiled.code, at: compiled.address)
        let live = trace?.optimized ?? []
        let exitCount =
            compiled.exitStubSize > 0 ? (compiled.errorStubStart - compiled.exitStubsStart) / compiled.exitStubSize : 0
        var spans: [(start: Int, end: Int, owner: MachineCodeBlock.Owner, title: String)] = []
        for (i, range) in compiled.ranges.enumerated() {
            let record = i < live.count ? live[i] : nil
            let title = [range.microOp, record?.operand ?? ""].filter { !$0.isEmpty }.joined(separator: "  ")
            spans.append((range.start, range.start + range.length, .microOp(i), title))
        }
        // Traces compiled before exits had a stub of their own to follow them have nothing here.
        let followStart = compiled.ranges.last.map { $0.start + $0.length } ?? compiled.exitStubsStart
        if followStart < compiled.exitStubsStart {
            spans.append((followStart, compiled.exitStubsStart, .followExit, Self.followExitTitle))
        }
        for k in 0..<exitCount {
            let start = compiled.exitStubsStart + k * compiled.exitStubSize
            var title = "exit \(k)"
            if let exit = trace?.exits[safe: k] { title += " -> @\(exit.target) (\(exit.microOp))" }
            spans.append((start, start + compiled.exitStubSize, .exitStub(k), title))
        }
        spans.append((compiled.errorStubStart, compiled.code.count, .errorStub, "error"))

        return spans.map { span in
            var lines = instructions.filter { $0.offset >= span.start && $0.offset < span.end }.map { instruction in
                let note = note(for: instruction, in: compiled, spans: spans.map { ($0.start, $0.title) })
                return MachineCodeLine(
                    address: compiled.address + UInt64(instruction.offset), bytes: instruction.hex,
                    text: instruction.text, note: note, isPatched: !note.isEmpty)
            }
            // A micro-op that works on the stack itself starts by writing back what was in registers.
            if case .microOp(let i) = span.owner, compiled.ranges[i].writeBack != nil, !lines.isEmpty,
                lines[0].note.isEmpty
            {
                lines[0].note = "cached values written back to the stack"
            }
            return MachineCodeBlock(owner: span.owner, title: span.title, lines: lines)
        }
    }

    static let followExitTitle = "follow the exit (to its side trace or back to Tier 1)"

    /// The text `tierscope dis --asm` prints for one compiled trace.
    public static func listing(_ compiled: JITCompiled, trace: TraceSnapshot?) -> String {
        var text = "Trace \(compiled.trace)"
        if let trace { text += ": \(trace.kindDescription) in \(trace.site.code.name) at line \(trace.site.line)" }
        text += "\n  \(compiled.codeBytes) bytes of code and \(compiled.dataBytes) of data at 0x"
        text += String(compiled.address, radix: 16) + ", compiled in \(compiled.nanoseconds / 1000) µs\n"
        for block in blocks(compiled, trace: trace) {
            switch block.owner {
            case .microOp(let i): text += "  #\(i)  \(block.title)\n"
            case .exitStub, .followExit, .errorStub: text += "  \(block.title)\n"
            }
            for line in block.lines {
                var row = "    " + String(line.address, radix: 16) + "  " + line.bytes.padding(to: 30)
                row += line.text
                if !line.note.isEmpty { row = row.padding(to: 92) + "; " + line.note }
                text += row + "\n"
            }
        }
        return text
    }

    struct Instruction {
        let offset: Int
        let size: Int
        let hex: String
        let text: String
    }

    /// Capstone's reading of `code`, in Intel syntax; bytes it cannot decode (the int3 padding) show as
    /// `.byte`.
    static func disassemble(_ code: [UInt8], at address: UInt64) -> [Instruction] {
        var handle: csh = 0
        guard cs_open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK else { return [] }
        defer { cs_close(&handle) }
        cs_option(handle, CS_OPT_SYNTAX, Int(CS_OPT_SYNTAX_INTEL.rawValue))
        var result: [Instruction] = []
        var offset = 0
        while offset < code.count {
            var decoded: UnsafeMutablePointer<cs_insn>?
            let count = code.withUnsafeBufferPointer { buffer in
                cs_disasm(
                    handle, buffer.baseAddress! + offset, code.count - offset, address + UInt64(offset), 0, &decoded)
            }
            if count == 0 {
                result.append(
                    Instruction(offset: offset, size: 1, hex: hex(code[offset..<offset + 1]), text: ".byte"))
                offset += 1
                continue
            }
            for k in 0..<count {
                let instruction = decoded![k]
                let size = Int(instruction.size)
                let mnemonic = withUnsafeBytes(of: instruction.mnemonic) {
                    String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
                }
                let operands = withUnsafeBytes(of: instruction.op_str) {
                    String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
                }
                result.append(
                    Instruction(
                        offset: offset, size: size, hex: hex(code[offset..<offset + size]),
                        text: operands.isEmpty ? mnemonic : "\(mnemonic) \(operands)"))
                offset += size
            }
            cs_free(decoded, count)
        }
        return result
    }

    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
    }

    /// What the holes inside an instruction hold: a value, a helper, or where a jump goes.
    static func note(
        for instruction: Instruction, in compiled: JITCompiled, spans: [(start: Int, title: String)]
    )
        -> String
    {
        let holes = compiled.holes.filter {
            $0.offset >= instruction.offset && $0.offset < instruction.offset + instruction.size
        }
        return holes.map { hole in
            switch hole.kind {
            case "continue", "loop", "exit", "error":
                let target = Int(Int64(bitPattern: hole.value &- compiled.address))
                if target == instruction.offset + instruction.size && hole.kind == "continue" { return "→ next" }
                let landing = spans.last { $0.start <= target }?.title ?? "?"
                return (hole.kind == "loop" ? "↺ " : "→ ") + landing
            case let kind where kind.hasPrefix("helper"):
                return kind
            case "exit number":
                return "exit number = \(Int64(bitPattern: hole.value))"
            default:
                return "\(hole.kind) = 0x" + String(hole.value, radix: 16)
            }
        }.joined(separator: ", ")
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
