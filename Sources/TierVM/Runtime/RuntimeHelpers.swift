import CTierCore

// The runtime helpers micro-ops call: Swift functions behind C function pointers in `ts_runtime`.
// They cannot capture anything, so each finds its VM through the runtime struct it is given.

extension VM {
    /// The VM a runtime struct belongs to.
    static func of(_ runtime: UnsafeMutablePointer<ts_runtime>) -> VM {
        Unmanaged<VM>.fromOpaque(runtime.pointee.vm).takeUnretainedValue()
    }

    /// Fills in the runtime struct: the VM, the built-ins, the shared one-character strings, the helpers.
    func installRuntime() {
        runtime.pointee.vm = Unmanaged.passUnretained(self).toOpaque()
        runtime.pointee.builtins = builtinsDict
        withUnsafeMutableBytes(of: &runtime.pointee.ascii_chars) { raw in
            let chars = raw.bindMemory(to: ts_value.self)
            for c in 0..<128 { chars[c] = asciiCharacters[c] }
        }
        runtime.pointee.string_concat = { rt, a, b in
            ts_value(VM.of(rt).concatenate(a.str, b.str))
        }
        runtime.pointee.dict_get = { rt, dict, key, result in
            do throws(PyError) {
                guard let value = try VM.of(rt).getItem(dict, key) else { return 0 }
                result.pointee = value
                return 1
            } catch {
                return -1
            }
        }
        runtime.pointee.dict_set = { rt, dict, key, value in
            (try? VM.of(rt).setItem(dict, key, value)) == nil ? -1 : 0
        }
        runtime.pointee.list_append = { rt, list, value in
            list.append(value, heap: VM.of(rt).heap)
        }
        runtime.pointee.call_builtin = { rt, builtin, args, count, result in
            let vm = VM.of(rt)
            do throws(PyError) {
                let arguments = Arguments(UnsafeBufferPointer(start: args, count: Int(count)))
                result.pointee = try vm.builtinFunctions[Int(builtin.pointee.index)].body(vm, arguments)
                return 0
            } catch {
                vm.pendingError = error
                return -1
            }
        }
        runtime.pointee.character = { rt, codePoint in
            VM.of(rt).character(codePoint)
        }
        runtime.pointee.run_generic = { rt, frame, sp, op, arg in
            let vm = VM.of(rt)
            do throws(PyError) {
                return try vm.runGeneric(frame, sp, Opcode(rawValue: UInt8(op))!, arg) ? 0 : 1
            } catch {
                vm.pendingError = error
                return -1
            }
        }
    }
}
