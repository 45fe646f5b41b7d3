import CTierCore

#if canImport(Glibc)
import Glibc
#endif

/// The VM's own stack of frames: one reserved region, frames bump-allocated in call order. Python calls
/// never recurse on the native stack, so deep recursion ends in RecursionError, not a crash.
///
/// The stack's state lives in the C runtime struct, so that micro-ops (a call inlined into a trace) push
/// frames exactly as Swift does, through the one `ts_frame_push`.
final class FrameStack {
    private let runtime: UnsafeMutablePointer<ts_runtime>
    private let base: UnsafeMutableRawPointer
    private let capacity: Int

    init(runtime: UnsafeMutablePointer<ts_runtime>, recursionLimit: Int, capacity: Int = 256 << 20) {
        self.runtime = runtime
        self.capacity = capacity
        // Reserved, not committed: pages are touched only as deep as the program recurses.
        let region = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let region, region != MAP_FAILED else { fatalError("cannot reserve the frame stack") }
        self.base = region
        let base = region.assumingMemoryBound(to: UInt8.self)
        runtime.pointee.frame_base = base
        runtime.pointee.frame_top = base
        runtime.pointee.frame_end = base + capacity
        runtime.pointee.current_frame = nil
        runtime.pointee.depth = 0
        runtime.pointee.recursion_limit = Int32(recursionLimit)
    }

    /// The runtime struct may already be gone when the VM is torn down, so the region is unmapped by
    /// what the stack itself remembers.
    deinit {
        munmap(base, capacity)
    }

    /// The innermost frame, or nil when no Python code runs.
    var current: FrameRef? { runtime.pointee.current_frame }
    /// Python frames on the stack, the module's included (CPython's recursion depth).
    var depth: Int { Int(runtime.pointee.depth) }

    /// Pushes a frame for `code`, its locals unbound.
    func push(
        _ code: CodeObject, function: FunctionRef?, globals: DictRef, names: DictRef, action: ts_return_action
    ) throws(PyError) -> FrameRef {
        guard let frame = ts_frame_push(runtime, code.code, function, globals, names, action) else {
            throw PyError.recursionError("maximum recursion depth exceeded")
        }
        return frame
    }

    /// Pops the innermost frame.
    func pop(_ frame: FrameRef) {
        ts_frame_pop(runtime, frame)
    }

    /// Marks every value in every frame for the collector; each frame's stack depth must be current.
    func markAll(_ marker: inout Marker) {
        var frame = current
        while let f = frame {
            let count = Int(f.pointee.nlocals) + Int(f.pointee.stack_depth)
            marker.mark(ts_frame_locals(f), count: count)
            marker.mark(object: f.pointee.function)
            marker.mark(object: f.pointee.globals)
            marker.mark(object: f.pointee.names)
            frame = f.pointee.previous
        }
    }
}

extension UnsafeMutablePointer where Pointee == ts_frame {
    /// The code object the frame runs.
    var code: CodeObject { CodeObject.owner(of: pointee.code) }
}
