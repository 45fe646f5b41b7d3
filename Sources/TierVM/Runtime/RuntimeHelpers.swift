import CTierCore

// The runtime helpers micro-ops call: Swift functions behind C function pointers in `ts_runtime`.
// They cannot capture anything, so each finds its VM through the runtime struct it is given.

extension VM {
    /// Runs `body` with the VM a runtime struct belongs to, borrowing it: helpers run on the hot path,
    /// and a strong reference would cost a retain and a release on every call.
    @inline(__always)
    static func with<Result>(_ runtime: UnsafeMutablePointer<ts_runtime>, _ body: (VM) -> Result) -> Result {
        Unmanaged<VM>.fromOpaque(runtime.pointee.vm)._withUnsafeGuaranteedRef(body)
    }

    /// Fills in the runtime struct: the VM, the built-ins, NotImplemented, the shared one-character strings,
    /// the helpers.
    func installRuntime() {
        runtime.pointee.vm = Unmanaged.passUnretained(self).toOpaque()
        runtime.pointee.builtins = builtinsDict
        runtime.pointee.not_implemented = notImplemented
        withUnsafeMutableBytes(of: &runtime.pointee.ascii_chars) { raw in
            let chars = raw.bindMemory(to: ts_value.self)
            for c in 0..<128 { chars[c] = asciiCharacters[c] }
        }
        runtime.pointee.string_concat = { rt, a, b in
            VM.with(rt) { ts_value($0.concatenate(a.str, b.str)) }
        }
        runtime.pointee.dict_get = { rt, dict, key, result in
            VM.with(rt) { vm in
                do throws(PyError) {
                    guard let value = try vm.getItem(dict, key) else { return 0 }
                    result.pointee = value
                    return 1
                } catch {
                    return -1
                }
            }
        }
        runtime.pointee.dict_set = { rt, dict, key, value in
            VM.with(rt) { (try? $0.setItem(dict, key, value)) == nil ? -1 : 0 }
        }
        runtime.pointee.load_name = { rt, frame, name, result in
            VM.with(rt) { vm in
                guard let value = vm.loadName(frame, name) else { return 0 }
                result.pointee = value
                return 1
            }
        }
        runtime.pointee.store_name = { rt, dict, name, value in
            VM.with(rt) { $0.storeName(dict, name, value) }
        }
        runtime.pointee.list_append = { rt, list, value in
            VM.with(rt) { list.append(value, heap: $0.heap) }
        }
        runtime.pointee.call_builtin = { rt, builtin, args, count, result in
            VM.with(rt) { vm in
                do throws(PyError) {
                    let arguments = Arguments(UnsafeBufferPointer(start: args, count: Int(count)))
                    result.pointee = try vm.builtinFunctions[Int(builtin.pointee.index)].body(vm, arguments)
                    return 0
                } catch {
                    vm.pendingError = error
                    return -1
                }
            }
        }
        runtime.pointee.build_inlined_frame = ts_build_inlined_frame
        runtime.pointee.get_iter = { rt, slot in
            VM.with(rt) { vm in
                do throws(PyError) {
                    slot.pointee = try vm.getIterator(slot.pointee)
                    return 0
                } catch {
                    vm.pendingError = error
                    return -1
                }
            }
        }
        runtime.pointee.range_iterator = { rt, start, length, step in
            VM.with(rt) { $0.rangeIterator(start: start, length: length, step: step) }
        }
        runtime.pointee.character = { rt, codePoint in
            VM.with(rt) { $0.character(codePoint) }
        }
        runtime.pointee.run_generic = { rt, frame, sp, op, arg in
            VM.with(rt) { vm in
                do throws(PyError) {
                    return try vm.runGeneric(frame, sp, unsafeBitCast(UInt8(op), to: Opcode.self), arg) ? 0 : 1
                } catch {
                    vm.pendingError = error
                    return -1
                }
            }
        }
    }
}
