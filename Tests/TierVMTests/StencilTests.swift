import CTierCore
import Foundation
import Testing

@testable import TierVM

/// The JIT's stencils: generated from the micro-op bodies by Tools/jit/generate.py and committed, so
/// they must match what clang makes of the template now, and hold only holes the emitter can patch.
@Suite("JIT stencils")
struct StencilTests {
    /// Runs Tools/jit/generate.py with `arguments`: its exit status and what it wrote to stderr.
    static func generator(_ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repository.url("Tools/jit/generate.py").path] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    /// The Swift toolchain's clang, which the generator uses; nil where there is none.
    static var toolchainClang: String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        for directory in paths {
            let swift = "\(directory)/swift"
            guard FileManager.default.isExecutableFile(atPath: swift) else { continue }
            let resolved = URL(fileURLWithPath: swift).resolvingSymlinksInPath().deletingLastPathComponent()
            let clang = resolved.appendingPathComponent("clang").path
            return FileManager.default.isExecutableFile(atPath: clang) ? clang : nil
        }
        return nil
    }

    @Test("ts_stencils.generated.c is what clang makes of the template and the micro-op bodies now")
    func stencilsAreFresh() throws {
        try #require(Self.toolchainClang != nil, "no Swift toolchain clang to regenerate the stencils with")
        let (status, errors) = try Self.generator(["--check"])
        #expect(status == 0, "\(errors)")
    }

    @Test("every micro-op has a stencil whose holes lie inside its code and are of kinds the emitter patches")
    func everyMicroOpHasAStencil() {
        // R_X86_64_64, PC32, PLT32, 32, 32S, GOTPCRELX, REX_GOTPCRELX
        let patched: Set<UInt8> = [1, 2, 4, 10, 11, 41, 42]
        for uop in MicroOp.allCases {
            let stencil = ts_stencil_of(uop.rawValue).pointee
            #expect(stencil.code_size > 0, "\(uop) has no code")
            for k in 0..<Int(stencil.hole_count) {
                let hole = stencil.holes![k]
                let width: UInt32 = hole.relocation == 1 ? 8 : 4
                #expect(hole.offset + width <= stencil.code_size, "\(uop): a hole past its code")
                #expect(patched.contains(hole.relocation), "\(uop): relocation \(hole.relocation)")
                if hole.kind == .helper {
                    #expect(Int32(hole.helper) < ts_stencil_helper_count())
                    #expect(!String(cString: ts_stencil_helper_name(Int32(hole.helper))).isEmpty)
                }
                if hole.kind == .data { #expect(hole.addend < Int64(stencil.data_size) + 8) }
            }
            // The emitter sizes a trace's GOT slots by the count the table carries.
            let calls = (0..<Int(stencil.hole_count)).count { stencil.holes![$0].kind == .helper }
            #expect(Int(stencil.helper_holes) == calls, "\(uop): \(stencil.helper_holes) helper holes counted")
        }
        // A guard leaves through its exit stub; everything that goes on reaches its continuation.
        let guardStencil = ts_stencil_of(MicroOp._GUARD_BOTH_INT.rawValue).pointee
        let kinds = (0..<Int(guardStencil.hole_count)).map { guardStencil.holes![$0].kind }
        #expect(kinds.contains(.exit) && kinds.contains(.continuation))
        // An exit's own stub only names the exit and goes on to the trace's one stub that follows it.
        let exitStub = ts_stencil_stub(TS_STUB_EXIT).pointee
        let stubKinds = (0..<Int(exitStub.hole_count)).map { exitStub.holes![$0].kind }
        #expect(stubKinds.sorted { $0.rawValue < $1.rawValue } == [.exitIndex, .continuation])
        #expect(exitStub.code_size <= 16)
        let followStub = ts_stencil_stub(TS_STUB_FOLLOW_EXIT).pointee
        #expect((0..<Int(followStub.hole_count)).contains { followStub.holes![$0].kind == .executor })
    }

    @Test(
        "micro-ops that stay in the trace have a stencil per count of cached values; calls, frames and jumps have none")
    func cachedVariants() {
        let patched: Set<UInt8> = [1, 2, 4, 10, 11, 41, 42]
        for uop in [
            MicroOp._LOAD_FAST, ._STORE_FAST, ._LOAD_CONST, ._GUARD_BOTH_INT, ._GUARD_BOTH_FLOAT,
            ._BINARY_OP_ADD_INT, ._BINARY_OP_MULTIPLY_FLOAT, ._BINARY_SUBSCR_LIST_INT, ._STORE_SUBSCR_LIST_INT,
            ._ITER_NEXT_RANGE, ._GUARD_IS_TRUE_POP,
        ] {
            for count in 0...TS_JIT_CACHE_MAX {
                let stencil = ts_stencil_cached(uop.rawValue, count)
                #expect(stencil != nil, "\(uop) has no stencil for \(count) cached values")
                guard let stencil = stencil?.pointee else { continue }
                for k in 0..<Int(stencil.hole_count) {
                    let hole = stencil.holes![k]
                    #expect(hole.offset < stencil.code_size && patched.contains(hole.relocation), "\(uop) \(count)")
                }
            }
        }
        // These work on the frame's stack as the VM keeps it: the emitter writes the cache back first.
        for uop in [MicroOp._CALL, ._BINARY_OP, ._PUSH_FRAME, ._POP_FRAME, ._JUMP_TO_TOP, ._EXIT_TRACE, ._COPY] {
            for count in 0...TS_JIT_CACHE_MAX {
                #expect(ts_stencil_cached(uop.rawValue, count) == nil, "\(uop) has a cached stencil")
            }
        }
        for count in 1...TS_JIT_CACHE_MAX {
            let flush = ts_stencil_flush(count).pointee
            let kinds = (0..<Int(flush.hole_count)).map { flush.holes![$0].kind }
            #expect(kinds == [.continuation], "flush \(count)")
        }
        // What stays cached: the values below a micro-op's inputs and its outputs, at most three.
        #expect(ts_jit_cached_after(0, 0, 1) == 1)
        #expect(ts_jit_cached_after(2, 2, 1) == 1)
        #expect(ts_jit_cached_after(1, 2, 1) == 1)
        #expect(ts_jit_cached_after(3, 0, 1) == 3)
        #expect(ts_jit_cached_after(3, 1, 0) == 2)
    }

    @Test("a relocation the emitter cannot patch stops the generator with its name, rather than being skipped")
    func unknownRelocationIsAnError() throws {
        let clang = try #require(Self.toolchainClang, "no Swift toolchain clang")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stencil-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A thread-local variable is reached through R_X86_64_TPOFF32, which no hole kind stands for.
        let source = directory.appendingPathComponent("tls.c")
        try "__thread int counter;\nint ts_stencil_body(void) { return counter; }\n"
            .write(to: source, atomically: true, encoding: .utf8)
        let object = directory.appendingPathComponent("tls.o")
        let compile = Process()
        compile.executableURL = URL(fileURLWithPath: clang)
        compile.arguments = [
            "-O2", "-c", "-fno-pic", "-ffunction-sections", "-fno-asynchronous-unwind-tables", source.path, "-o",
            object.path,
        ]
        try compile.run()
        compile.waitUntilExit()
        try #require(compile.terminationStatus == 0)
        let (status, errors) = try Self.generator(["--object", object.path])
        #expect(status != 0)
        #expect(errors.contains("unknown relocation type 23"), "\(errors)")
    }
}
