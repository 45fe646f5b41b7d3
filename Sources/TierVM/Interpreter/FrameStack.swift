import CTierCore

#if canImport(Glibc)
import Glibc
#endif

/// The VM's own stack of frames: one reserved region, frames bump-allocated in call order. Python calls
/// never recurse on the native stack, so deep recursion ends in RecursionError, not a crash.
final class FrameStack {
    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    private var top: UnsafeMutableRawPointer
    /// The innermost frame, or nil when no Python code runs.
    private(set) var current: FrameRef?
    /// Python frames on the stack, the module's included (CPython's recursion depth).
    private(set) var depth = 0
    let recursionLimit: Int

    init(recursionLimit: Int = 1000, capacity: Int = 256 << 20) {
        self.recursionLimit = recursionLimit
        self.capacity = capacity
        // Reserved, not committed: pages are touched only as deep as the program recurses.
        let region = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let region, region != MAP_FAILED else { fatalError("cannot reserve the frame stack") }
        base = region
        top = region
    }

    deinit {
        munmap(base, capacity)
    }

    /// Pushes a frame for `code`, its locals unbound; nil when the recursion limit is reached.
    func push(
        _ code: CodeObject, function: FunctionRef?, globals: DictRef, names: DictRef, action: ts_return_action
    ) throws(PyError) -> FrameRef {
        guard depth < recursionLimit else {
            throw PyError.recursionError("maximum recursion depth exceeded")
        }
        let slots = code.localNames.count + code.stackSize
        let size = MemoryLayout<ts_frame>.stride + slots * MemoryLayout<ts_value>.stride
        guard top + size <= base + capacity else {
            throw PyError.recursionError("maximum recursion depth exceeded (frame stack full)")
        }
        let frame = top.bindMemory(to: ts_frame.self, capacity: 1)
        top += (size + 15) & ~15
        frame.pointee.previous = current
        frame.pointee.code = Unmanaged.passUnretained(code).toOpaque()
        frame.pointee.instructions = UnsafePointer(code.instructions)
        frame.pointee.caches = code.caches
        frame.pointee.consts = UnsafePointer(code.constantValues!)
        frame.pointee.function = function
        frame.pointee.globals = globals
        frame.pointee.names = names
        frame.pointee.ip = 0
        frame.pointee.stack_depth = 0
        frame.pointee.nlocals = Int32(code.localNames.count)
        frame.pointee.return_action = action
        ts_frame_locals(frame).initialize(repeating: .null, count: code.localNames.count)
        current = frame
        depth += 1
        return frame
    }

    /// Pops the innermost frame.
    func pop(_ frame: FrameRef) {
        top = UnsafeMutableRawPointer(frame)
        current = frame.pointee.previous
        depth -= 1
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

    /// The frames from innermost to outermost.
    var frames: [FrameRef] {
        var result: [FrameRef] = []
        var frame = current
        while let f = frame {
            result.append(f)
            frame = f.pointee.previous
        }
        return result
    }
}

extension UnsafeMutablePointer where Pointee == ts_frame {
    /// The code object the frame runs.
    var code: CodeObject { Unmanaged<CodeObject>.fromOpaque(pointee.code).takeUnretainedValue() }
}
