import CTierCore
import Glibc

/// The copy-and-patch JIT: turns a trace's executor into native code by laying the stencils of its
/// micro-ops end to end (Tools/jit/generate.py made them from the very bodies the micro-op interpreter
/// runs), then one exit stub per exit and the error stub, then the data the stencils refer to, and
/// patching every hole for its place. Nothing is generated but copies and patches, which is why a trace
/// compiles in microseconds.
final class TraceCompiler {
    /// What a compile placed, for events and for freeing.
    struct Compiled {
        let address: UnsafeMutableRawPointer
        let size: Int
        let codeBytes: Int
        let dataBytes: Int
        let ranges: [StencilRange]
        let holes: [PatchedHole]
        /// The code as placed, when details were asked for.
        let code: [UInt8]
        let exitStubsStart: Int
        let exitStubSize: Int
        let errorStubStart: Int
    }

    let memory = CodeMemory()
    /// The functions stencils call (TS_HOLE_HELPER), by helper number; nil when the process lacks one.
    private let helpers: [UInt64?]
    /// How events name each kind of hole, made once: building the names per hole was most of what
    /// a compile with details cost.
    private let holeNames: [String]
    private let helperHoleNames: [String]

    init() {
        helpers = (0..<ts_stencil_helper_count()).map { k in
            dlsym(nil, ts_stencil_helper_name(k)).map { UInt64(UInt(bitPattern: $0)) }
        }
        helperHoleNames = (0..<ts_stencil_helper_count()).map { k in
            "helper \(String(cString: ts_stencil_helper_name(k)))"
        }
        holeNames = (0...ts_hole_kind.helper.rawValue).map { kind in
            ts_hole_kind(rawValue: kind).map { TraceCompiler.name(of: $0) } ?? "?"
        }
    }

    /// Native code for `executor`, or nil where it cannot be placed (out of memory, a helper missing):
    /// the trace then runs in the micro-op interpreter. `details` asks for the ranges and holes.
    func compile(_ executor: UnsafeMutablePointer<ts_executor>, details: Bool) -> Compiled? {
        let e = executor.pointee
        let count = Int(e.length)
        guard count > 0 else { return nil }
        let uops = UnsafeBufferPointer(start: e.uops, count: count)
        let stencils = uops.map { ts_stencil_of($0.uop).pointee }
        let exitStub = ts_stencil_stub(TS_STUB_EXIT).pointee
        let errorStub = ts_stencil_stub(TS_STUB_ERROR).pointee

        // Layout: each stencil without its trailing jump to the next one, which follows anyway.
        var starts: [Int] = []
        starts.reserveCapacity(count)
        var kept: [Int] = []
        kept.reserveCapacity(count)
        var offset = 0
        for (i, stencil) in stencils.enumerated() {
            starts.append(offset)
            let size = Int(stencil.code_size) - (stencil.ends_in_continue != 0 && i + 1 < count ? 5 : 0)
            kept.append(size)
            offset += size
        }
        let exitsStart = offset
        offset += Int(e.exit_count) * Int(exitStub.code_size)
        let errorStart = offset
        offset += Int(errorStub.code_size)
        let codeBytes = offset
        offset = TraceCompiler.aligned(offset)
        let dataStart = offset
        var dataStarts = [Int](repeating: 0, count: count)
        var slotCount = 0
        for (i, stencil) in stencils.enumerated() {
            if stencil.data_size > 0 {
                dataStarts[i] = offset
                offset = TraceCompiler.aligned(offset + Int(stencil.data_size))
            }
            for k in 0..<Int(stencil.hole_count) where stencil.holes![k].kind == .helper { slotCount += 1 }
        }
        // One 8-byte slot per helper call, used where the call cannot be relaxed to a direct one.
        var nextSlot = offset
        offset += slotCount * 8
        let size = offset

        guard let base = memory.reserve(size) else { return nil }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: CodeMemory.alignment)
        defer { scratch.deallocate() }
        scratch.initializeMemory(as: UInt8.self, repeating: 0xCC)  // int3 wherever no stencil lies
        for (i, stencil) in stencils.enumerated() {
            UnsafeMutableRawPointer(scratch.baseAddress! + starts[i]).copyMemory(from: stencil.code, byteCount: kept[i])
            if let data = stencil.data {
                UnsafeMutableRawPointer(scratch.baseAddress! + dataStarts[i]).copyMemory(
                    from: data, byteCount: Int(stencil.data_size))
            }
        }
        for k in 0..<Int(e.exit_count) {
            UnsafeMutableRawPointer(scratch.baseAddress! + exitsStart + k * Int(exitStub.code_size)).copyMemory(
                from: exitStub.code, byteCount: Int(exitStub.code_size))
        }
        UnsafeMutableRawPointer(scratch.baseAddress! + errorStart).copyMemory(
            from: errorStub.code, byteCount: Int(errorStub.code_size))

        let address = UInt64(UInt(bitPattern: base))
        let executorAddress = UInt64(UInt(bitPattern: executor))
        var holes: [PatchedHole] = []
        var patchedAll = true
        /// Patches the holes of one stencil copy at `start` (`kept` bytes of it) with `value(hole)`.
        func patch(_ stencil: ts_stencil, at start: Int, kept: Int, _ value: (ts_hole) -> UInt64?) {
            for k in 0..<Int(stencil.hole_count) {
                let hole = stencil.holes![k]
                guard Int(hole.offset) < kept else { continue }  // in the dropped jump
                guard let target = value(hole) else {
                    patchedAll = false
                    continue
                }
                let field = start + Int(hole.offset)
                let done = TraceCompiler.patch(
                    scratch, field: field, relocation: hole.relocation, target: target, addend: hole.addend,
                    base: address, slot: &nextSlot)
                if !done { patchedAll = false }
                if details {
                    let name =
                        hole.kind == .helper ? helperHoleNames[Int(hole.helper)] : holeNames[Int(hole.kind.rawValue)]
                    holes.append(PatchedHole(offset: field, kind: name, value: target))
                }
            }
        }
        let loopStart = starts[min(Int(e.loop_start), count - 1)]
        for (i, uop) in uops.enumerated() {
            let exitTarget = uop.exit >= 0 ? exitsStart + Int(uop.exit) * Int(exitStub.code_size) : errorStart
            patch(stencils[i], at: starts[i], kept: kept[i]) { hole in
                switch hole.kind {
                case .oparg: UInt64(bitPattern: Int64(uop.oparg))
                case .operand: uop.operand
                case .executor: executorAddress
                case .exitIndex: UInt64(bitPattern: Int64(uop.exit))
                // The last micro-op never goes on (it loops or leaves); its continuation is the error stub.
                case .continuation: address + UInt64(i + 1 < count ? starts[i + 1] : errorStart)
                case .loop: address + UInt64(loopStart)
                case .exit: address + UInt64(exitTarget)
                case .error: address + UInt64(errorStart)
                case .data: address + UInt64(dataStarts[i])
                case .helper: helpers[Int(hole.helper)]
                }
            }
        }
        for k in 0..<Int(e.exit_count) {
            patch(exitStub, at: exitsStart + k * Int(exitStub.code_size), kept: Int(exitStub.code_size)) { hole in
                hole.kind == .exitIndex ? UInt64(k) : hole.kind == .executor ? executorAddress : nil
            }
        }
        patch(errorStub, at: errorStart, kept: Int(errorStub.code_size)) { hole in
            hole.kind == .executor ? executorAddress : nil
        }
        guard patchedAll, memory.commit(UnsafeRawBufferPointer(scratch), at: base) else {
            memory.free(base, size: size)
            return nil
        }
        var ranges: [StencilRange] = []
        if details {
            ranges = uops.enumerated().map { i, uop in
                StencilRange(microOp: MicroOp(rawValue: uop.uop)?.name ?? "?", start: starts[i], length: kept[i])
            }
        }
        return Compiled(
            address: base, size: size, codeBytes: codeBytes, dataBytes: size - dataStart, ranges: ranges,
            holes: holes, code: details ? Array(UnsafeRawBufferPointer(rebasing: scratch[0..<codeBytes])) : [],
            exitStubsStart: exitsStart, exitStubSize: Int(exitStub.code_size), errorStubStart: errorStart)
    }

    static func aligned(_ offset: Int) -> Int { (offset + 15) & ~15 }

    /// Writes `target` into the hole at `field` as its relocation says. A call or load through the GOT
    /// (`GOTPCRELX`) becomes a direct call, jump or `lea` where the target is in rel32 reach, as
    /// CPython's `patch_x86_64_32rx` does; otherwise it goes through an 8-byte slot in the trace's data.
    static func patch(
        _ code: UnsafeMutableRawBufferPointer, field: Int, relocation: UInt8, target: UInt64, addend: Int64,
        base: UInt64, slot: inout Int
    ) -> Bool {
        let place = Int64(bitPattern: base) + Int64(field)
        let relative = Int64(bitPattern: target) &+ addend &- place
        switch relocation {
        case 1:  // R_X86_64_64
            code.storeBytes(
                of: (target &+ UInt64(bitPattern: addend)).littleEndian, toByteOffset: field, as: UInt64.self)
            return true
        case 2, 4:  // R_X86_64_PC32, R_X86_64_PLT32
            guard let rel32 = Int32(exactly: relative) else { return false }
            code.storeBytes(of: rel32.littleEndian, toByteOffset: field, as: Int32.self)
            return true
        case 41, 42:  // R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX
            if let rel32 = Int32(exactly: relative), field >= 2 {
                let (opcode, modrm) = (code[field - 2], code[field - 1])
                if opcode == 0x8B {  // mov foo@GOTPCREL(%rip), %reg -> lea foo(%rip), %reg
                    code[field - 2] = 0x8D
                    code.storeBytes(of: rel32.littleEndian, toByteOffset: field, as: Int32.self)
                    return true
                }
                if opcode == 0xFF && modrm == 0x15 {  // call *foo@GOTPCREL(%rip) -> addr32 call foo
                    code[field - 2] = 0x67
                    code[field - 1] = 0xE8
                    code.storeBytes(of: rel32.littleEndian, toByteOffset: field, as: Int32.self)
                    return true
                }
                if opcode == 0xFF && modrm == 0x25, let jump = Int32(exactly: relative + 1) {
                    // jmp *foo@GOTPCREL(%rip) -> jmp foo; nop (the displacement moves up one byte)
                    code[field - 2] = 0xE9
                    code.storeBytes(of: jump.littleEndian, toByteOffset: field - 1, as: Int32.self)
                    code[field + 3] = 0x90
                    return true
                }
            }
            code.storeBytes(of: target.littleEndian, toByteOffset: slot, as: UInt64.self)
            guard let rel32 = Int32(exactly: Int64(bitPattern: base) + Int64(slot) &+ addend &- place) else {
                return false
            }
            code.storeBytes(of: rel32.littleEndian, toByteOffset: field, as: Int32.self)
            slot += 8
            return true
        default:
            return false
        }
    }

    /// How events name a hole's kind (a helper's hole is also named by its helper).
    static func name(of kind: ts_hole_kind) -> String {
        switch kind {
        case .oparg: "oparg"
        case .operand: "operand"
        case .executor: "executor"
        case .exitIndex: "exit number"
        case .continuation: "continue"
        case .loop: "loop"
        case .exit: "exit"
        case .error: "error"
        case .data: "data"
        case .helper: "helper"
        }
    }
}
