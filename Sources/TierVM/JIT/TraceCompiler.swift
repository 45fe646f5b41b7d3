import CTierCore
import Glibc

/// The copy-and-patch JIT: turns a trace's executor into native code by laying the stencils of its
/// micro-ops end to end (Tools/jit/generate.py made them from the very bodies the micro-op interpreter
/// runs), then the stub that follows an exit, one small stub per exit naming it, and the error stub,
/// then the data the stencils refer to, and patching every hole for its place. Nothing is generated but copies and patches, which is why a trace
/// compiles in microseconds.
///
/// The top of the value stack stays in registers from one stencil to the next (ts_jit.h): the emitter
/// follows how many values are cached at each micro-op and picks the stencil made for that count. A
/// micro-op with none (it calls into the VM, switches frames or leaves the trace) gets a flush stencil
/// before it, which writes the cached values back; so does the loop's head, which `_JUMP_TO_TOP` reaches
/// with nothing cached.
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
    /// Every micro-op's stencil on the stack, by micro-op number, looked up once.
    private let stencils: [UnsafePointer<ts_stencil>]
    /// Every micro-op's stencils by the count of values cached in registers on entry (nil: none), at
    /// `uop * (TS_JIT_CACHE_MAX + 1) + count`: one flat array, so a look-up retains nothing.
    private let cachedStencils: [UnsafePointer<ts_stencil>?]
    /// The stencils that write 1, 2 or 3 cached values back to the stack, by count.
    private let flushStencils: [UnsafePointer<ts_stencil>?]
    /// What each micro-op takes and leaves, where that does not depend on its argument (a micro-op with
    /// cached variants always has such a stack effect).
    private let stackEffects: [(inputs: Int32, outputs: Int32)]
    private let exitStub: ts_stencil
    private let followExitStub: ts_stencil
    private let errorStub: ts_stencil
    /// The functions stencils call (TS_HOLE_HELPER), by helper number; nil when the process lacks one.
    private let helpers: [UInt64?]
    /// How events name each kind of hole, made once: building the names per hole was most of what
    /// a compile with details cost.
    private let holeNames: [String]
    private let helperHoleNames: [String]
    /// Where each micro-op's stencils go in the trace being compiled, kept between compiles so that a
    /// compile allocates nothing.
    private var placements: [Placement] = []
    /// Every stencil copy of the trace, in order: each micro-op's, and the flushes before some of them.
    private var pieces: [Piece] = []
    /// Each hole patched in the trace being compiled, when an event will list them; kept between
    /// compiles like `placements`.
    private var patchLog: [(field: Int, hole: ts_hole, value: UInt64)] = []

    /// Where a micro-op's code lies: from its flush (if it has one) to the end of its own stencil, and
    /// where its own stencil starts (what a jump to the micro-op reaches with nothing cached).
    private struct Placement {
        var start: Int
        var body: Int
        var end: Int
    }

    /// One stencil copy: which stencil, for which micro-op, where it starts, how many of its bytes are
    /// kept (its trailing jump to the next stencil is dropped) and where its data went, from the start
    /// of the trace's data.
    private struct Piece {
        /// In the generated tables, which live as long as the process: a pointer keeps a piece small.
        var stencil: UnsafePointer<ts_stencil>
        var uop: Int
        var start: Int
        var kept: Int
        var dataOffset: Int
    }

    /// Where a trace's parts lie, in bytes from its start.
    private struct Layout {
        var followExitStart: Int
        var exitsStart: Int
        var errorStart: Int
        var codeBytes: Int
        var dataStart: Int
        var slotsStart: Int
        var size: Int
    }

    init() {
        stencils = (0..<UInt16(TS_UOP_COUNT.rawValue)).map { ts_stencil_of($0) }
        cachedStencils = (0..<UInt16(TS_UOP_COUNT.rawValue)).flatMap { uop in
            (0...Int32(TS_JIT_CACHE_MAX)).map { ts_stencil_cached(uop, $0) }
        }
        flushStencils = (0...Int32(TS_JIT_CACHE_MAX)).map { $0 == 0 ? nil : ts_stencil_flush($0) }
        stackEffects = (0..<UInt16(TS_UOP_COUNT.rawValue)).map { (ts_uop_inputs($0, 0), ts_uop_outputs($0, 0)) }
        exitStub = ts_stencil_stub(TS_STUB_EXIT).pointee
        followExitStub = ts_stencil_stub(TS_STUB_FOLLOW_EXIT).pointee
        errorStub = ts_stencil_stub(TS_STUB_ERROR).pointee
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
    /// the trace then runs in the micro-op interpreter. `nanoseconds` is what placing, patching and
    /// protecting the code took, which every run pays. With `details`, the patch loop also notes each
    /// hole in plain numbers; naming them and copying out the ranges and bytes events show comes after
    /// the clock stops.
    func compile(_ executor: UnsafeMutablePointer<ts_executor>, details: Bool) -> (Compiled, nanoseconds: UInt64)? {
        let started = MonotonicClock.now()
        let e = executor.pointee
        let count = Int(e.length)
        guard count > 0 else { return nil }
        let uops = UnsafeBufferPointer(start: e.uops, count: count)
        let layout = lay(out: uops, exits: Int(e.exit_count), loopStart: min(Int(e.loop_start), count - 1))
        guard let base = memory.reserve(layout.size) else { return nil }
        let code = UnsafeMutableRawBufferPointer(start: base, count: layout.size)
        copyStencils(exits: Int(e.exit_count), into: code, layout)
        var patched = Patched(base: UInt64(UInt(bitPattern: base)), nextSlot: layout.slotsStart)
        patchLog.removeAll(keepingCapacity: true)
        patchHoles(of: executor, into: code, layout, &patched, logging: details)
        guard patched.all, memory.protect(code) else {
            memory.free(base, size: layout.size)
            return nil
        }
        let nanoseconds = MonotonicClock.now() - started

        var holes: [PatchedHole] = []
        var ranges: [StencilRange] = []
        if details {
            // Named only now, outside the timed part: the log holds plain numbers.
            holes = patchLog.map { entry in
                let name =
                    entry.hole.kind == .helper
                    ? helperHoleNames[Int(entry.hole.helper)] : holeNames[Int(entry.hole.kind.rawValue)]
                return PatchedHole(offset: entry.field, kind: name, value: entry.value)
            }
            ranges = uops.indices.map { i in
                StencilRange(
                    microOp: MicroOp(rawValue: uops[i].uop)?.name ?? "?", start: placements[i].start,
                    length: placements[i].end - placements[i].start,
                    writeBack: placements[i].body > placements[i].start ? placements[i].body - placements[i].start : nil
                )
            }
        }
        let compiled = Compiled(
            address: base, size: layout.size, codeBytes: layout.codeBytes, dataBytes: layout.size - layout.dataStart,
            ranges: ranges, holes: holes,
            code: details ? Array(UnsafeRawBufferPointer(rebasing: code[0..<layout.codeBytes])) : [],
            exitStubsStart: layout.exitsStart, exitStubSize: Int(exitStub.code_size),
            errorStubStart: layout.errorStart)
        return (compiled, nanoseconds)
    }

    /// Sizes the trace: each micro-op's stencil for the count of values cached when it runs (after a
    /// flush where it has none for that count), each without its trailing jump to the next one (which
    /// follows anyway), then the stub that follows an exit, the exit stubs and the error stub, then the
    /// stencils' data, then one 8-byte slot per helper call, used where the call cannot be relaxed to a
    /// direct one.
    private func lay(out uops: UnsafeBufferPointer<ts_trace_uop>, exits: Int, loopStart: Int) -> Layout {
        placements.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
        var offset = 0
        // The data, counted from its own start (after the code, whose size is known only at the end).
        var dataBytes = 0
        var slotCount = 0
        /// Places a stencil for micro-op `i` without its trailing jump to the next piece, which follows.
        func place(_ stencil: UnsafePointer<ts_stencil>, for i: Int) {
            let kept = Int(stencil.pointee.code_size) - (stencil.pointee.ends_in_continue != 0 ? 5 : 0)
            pieces.append(Piece(stencil: stencil, uop: i, start: offset, kept: kept, dataOffset: dataBytes))
            offset += kept
            if stencil.pointee.data_size > 0 {
                dataBytes = TraceCompiler.aligned(dataBytes + Int(stencil.pointee.data_size))
            }
            slotCount += Int(stencil.pointee.helper_holes)
        }
        // The count of cached values, followed from micro-op to micro-op, picks each one's stencil.
        var cached: Int32 = 0
        for i in uops.indices {
            let uop = Int(uops[i].uop)
            let start = offset
            let variants = uop * Int(TS_JIT_CACHE_MAX + 1)
            let own = i == loopStart ? nil : cachedStencils[variants + Int(cached)]
            if own == nil && cached > 0 {
                place(flushStencils[Int(cached)]!, for: i)
                cached = 0
            }
            let body = offset
            if let stencil = own ?? cachedStencils[variants] {
                place(stencil, for: i)
                let effect = stackEffects[uop]
                cached = ts_jit_cached_after(cached, effect.inputs, effect.outputs)
            } else {
                place(stencils[uop], for: i)
            }
            placements.append(Placement(start: start, body: body, end: offset))
        }
        // Nothing follows the last piece: it keeps its jump.
        if let last = pieces.indices.last, pieces[last].kept < Int(pieces[last].stencil.pointee.code_size) {
            pieces[last].kept += 5
            offset += 5
            placements[placements.count - 1].end = offset
        }
        let followExitStart = offset
        offset += Int(followExitStub.code_size)
        let exitsStart = offset
        offset += exits * Int(exitStub.code_size)
        let errorStart = offset
        offset += Int(errorStub.code_size)
        let codeBytes = offset
        let dataStart = TraceCompiler.aligned(offset)
        offset = dataStart + dataBytes
        slotCount +=
            exits * Int(exitStub.helper_holes) + Int(followExitStub.helper_holes) + Int(errorStub.helper_holes)
        return Layout(
            followExitStart: followExitStart, exitsStart: exitsStart, errorStart: errorStart, codeBytes: codeBytes,
            dataStart: dataStart,
            slotsStart: offset, size: offset + slotCount * 8)
    }

    /// Copies every stencil, stub and data block to its place; `int3` fills whatever lies between.
    private func copyStencils(exits: Int, into code: UnsafeMutableRawBufferPointer, _ layout: Layout) {
        let base = code.baseAddress!
        for piece in pieces {
            (base + piece.start).copyMemory(from: piece.stencil.pointee.code, byteCount: piece.kept)
        }
        (base + layout.followExitStart).copyMemory(
            from: followExitStub.code, byteCount: Int(followExitStub.code_size))
        for k in 0..<exits {
            (base + layout.exitsStart + k * Int(exitStub.code_size)).copyMemory(
                from: exitStub.code, byteCount: Int(exitStub.code_size))
        }
        (base + layout.errorStart).copyMemory(from: errorStub.code, byteCount: Int(errorStub.code_size))
        var filled = layout.codeBytes
        for piece in pieces {
            guard let data = piece.stencil.pointee.data else { continue }
            let start = layout.dataStart + piece.dataOffset
            (base + filled).initializeMemory(as: UInt8.self, repeating: 0xCC, count: start - filled)
            (base + start).copyMemory(from: data, byteCount: Int(piece.stencil.pointee.data_size))
            filled = start + Int(piece.stencil.pointee.data_size)
        }
        (base + filled).initializeMemory(as: UInt8.self, repeating: 0xCC, count: code.count - filled)
    }

    /// How patching went: where the trace goes, its next free helper slot, and whether every hole
    /// could be patched.
    private struct Patched {
        let base: UInt64
        var nextSlot: Int
        var all = true
    }

    /// Patches every hole of the trace's stencils and stubs in `code` (laid out by `lay`), and notes
    /// each patch in `patchLog` when `logging`.
    private func patchHoles(
        of executor: UnsafeMutablePointer<ts_executor>, into code: UnsafeMutableRawBufferPointer, _ layout: Layout,
        _ patched: inout Patched, logging: Bool
    ) {
        let e = executor.pointee
        let count = Int(e.length)
        let address = patched.base
        let executorAddress = UInt64(UInt(bitPattern: executor))
        let exitStubSize = Int(exitStub.code_size)
        // `_JUMP_TO_TOP` arrives with nothing cached: past any flush before the loop's first micro-op.
        let loopStart = placements[min(Int(e.loop_start), count - 1)].body

        /// Patches the `hole` of a stencil copy at `start` with `target` (nil: it cannot be patched).
        func patch(_ hole: ts_hole, at start: Int, with target: UInt64?) {
            guard let target else {
                patched.all = false
                return
            }
            let field = start + Int(hole.offset)
            if !TraceCompiler.patch(
                code, field: field, relocation: hole.relocation, target: target, addend: hole.addend, base: address,
                slot: &patched.nextSlot)
            {
                patched.all = false
            }
            if logging { patchLog.append((field, hole, target)) }
        }

        for (k, piece) in pieces.enumerated() {
            let i = piece.uop
            let uop = e.uops[i]
            let stencil = piece.stencil.pointee
            let exitTarget = uop.exit >= 0 ? layout.exitsStart + Int(uop.exit) * exitStubSize : layout.errorStart
            for h in 0..<Int(stencil.hole_count) {
                let hole = stencil.holes![h]
                guard Int(hole.offset) < piece.kept else { continue }  // in the dropped jump
                let target: UInt64? =
                    switch hole.kind {
                    case .oparg: UInt64(bitPattern: Int64(uop.oparg))
                    case .local: TraceCompiler.localOffset + UInt64(UInt32(bitPattern: uop.oparg)) * 16
                    case .operand: uop.operand
                    case .executor: executorAddress
                    case .exitIndex: UInt64(bitPattern: Int64(uop.exit))
                    // The last micro-op never goes on (it loops or leaves); its continuation is the error stub.
                    case .continuation: address + UInt64(k + 1 < pieces.count ? pieces[k + 1].start : layout.errorStart)
                    case .loop: address + UInt64(loopStart)
                    case .exit: address + UInt64(exitTarget)
                    case .error: address + UInt64(layout.errorStart)
                    case .data: address + UInt64(layout.dataStart + piece.dataOffset)
                    case .helper: helpers[Int(hole.helper)]
                    }
                patch(hole, at: piece.start, with: target)
            }
        }
        /// A stub's holes: the trace, the exit's number, the helpers it calls, and (from an exit's stub)
        /// the stub that follows the exit.
        func stubTarget(_ hole: ts_hole, exit: Int) -> UInt64? {
            switch hole.kind {
            case .exitIndex: UInt64(exit)
            case .continuation: address + UInt64(layout.followExitStart)
            case .executor: executorAddress
            case .helper: helpers[Int(hole.helper)]
            default: nil
            }
        }
        for k in 0..<Int(e.exit_count) {
            for h in 0..<Int(exitStub.hole_count) {
                let hole = exitStub.holes![h]
                patch(hole, at: layout.exitsStart + k * exitStubSize, with: stubTarget(hole, exit: k))
            }
        }
        for h in 0..<Int(followExitStub.hole_count) {
            let hole = followExitStub.holes![h]
            patch(hole, at: layout.followExitStart, with: stubTarget(hole, exit: -1))
        }
        for h in 0..<Int(errorStub.hole_count) {
            let hole = errorStub.holes![h]
            patch(hole, at: layout.errorStart, with: stubTarget(hole, exit: -1))
        }
    }

    static func aligned(_ offset: Int) -> Int { (offset + 15) & ~15 }

    /// Where a frame's locals start, from the frame.
    static let localOffset = ts_frame_locals_offset()

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
        case 10:  // R_X86_64_32: zero-extended to 64 bits where it is used
            guard let value = UInt32(exactly: Int64(bitPattern: target &+ UInt64(bitPattern: addend))) else {
                return false
            }
            code.storeBytes(of: value.littleEndian, toByteOffset: field, as: UInt32.self)
            return true
        case 11:  // R_X86_64_32S: sign-extended to 64 bits where it is used
            guard let value = Int32(exactly: Int64(bitPattern: target &+ UInt64(bitPattern: addend))) else {
                return false
            }
            code.storeBytes(of: value.littleEndian, toByteOffset: field, as: Int32.self)
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
        case .local: "local"
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
