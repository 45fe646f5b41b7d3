import CTierCore

/// Why no specialised form fits, in words for the event log.
struct SpecializationFailure: Error {
    let text: String
    init(_ text: String) { self.text = text }
}

/// What the specialiser decided, and the operands it looked at.
struct SpecializationDecision {
    var form: Result<Opcode, SpecializationFailure>
    var operands: [ts_value]
}

extension Specializer {
    /// Picks the specialised form of a warmed-up instruction from the operands it has now, filling in
    /// its inline cache with what the form's micro-ops will check and use.
    func chooseForm(
        _ op: Opcode, _ arg: Int, frame: FrameRef, stack: UnsafeMutablePointer<ts_value>, top: Int,
        cache: UnsafeMutablePointer<ts_cache>
    ) -> SpecializationDecision {
        func fail(_ text: String, _ operands: [ts_value]) -> SpecializationDecision {
            SpecializationDecision(form: .failure(SpecializationFailure(text)), operands: operands)
        }
        func use(_ form: Opcode, _ operands: [ts_value]) -> SpecializationDecision {
            SpecializationDecision(form: .success(form), operands: operands)
        }
        // The forms chosen by the operands alone are the table's: the first, in table order, that handles
        // this argument and whose leading guards pass on the stack now (`ts_form_admits`). What stays
        // here is why none fits, in words, and the forms that need an inline cache filled in.
        if let form = op.formAdmitting(Int32(arg), frame: frame, stackPointer: stack + top) {
            let checked = min(top, form.valuesItsGuardsCheck)
            return use(form, Array(UnsafeBufferPointer(start: stack + top - checked, count: checked)))
        }
        switch op {
        case .BINARY_OP:
            let (a, b) = (stack[top - 2], stack[top - 1])
            let (operation, inPlace) = BinaryOperator.decode(Int32(arg))!
            if a.tag == .instance {
                // The method the protocol asks first: `__iop__` for `a op= b` where the class has one.
                let names = vm.specialNames.binary[operation]!
                let name = inPlace && vm.defines(a, names.inPlace) ? names.inPlace : names.normal
                return chooseOperatorFrame(.BINARY_OP_PY_METHOD, name, a, b, cache)
            }
            if a.tag != b.tag && a.isNumber && b.isNumber {
                return fail("\(vm.typeName(a)) and \(vm.typeName(b)) operands", [a, b])
            }
            return fail("no specialised \(operation.symbol) for \(vm.typeName(a)) and \(vm.typeName(b))", [a, b])
        case .COMPARE_OP:
            let (a, b) = (stack[top - 2], stack[top - 1])
            if a.tag == .instance {
                let operation = ComparisonOperator(rawValue: Int32(arg))!
                let names = vm.specialNames!
                if operation == .notEqual && !vm.defines(a, names.ne) && vm.defines(a, names.eq) {
                    return fail("\(vm.typeName(a)) answers != by negating __eq__, which stays generic", [a, b])
                }
                return chooseOperatorFrame(.COMPARE_OP_PY_METHOD, names.comparison[operation]!.normal, a, b, cache)
            }
            if a.tag == .str && b.tag == .str {
                return fail("ordering of str is not specialised (CPython's neither)", [a, b])
            }
            return fail("\(vm.typeName(a)) and \(vm.typeName(b)) operands", [a, b])
        case .CONTAINS_OP:
            let (item, container) = (stack[top - 2], stack[top - 1])
            if container.tag == .instance {
                return chooseSpecialMethodFrame(
                    .CONTAINS_OP_PY_METHOD, vm.specialNames.contains, parameters: ["self", "item"], of: container,
                    operands: [item, container], cache)
            }
            return fail("membership in \(vm.typeName(container))", [item, container])
        case .LOAD_GLOBAL:
            let name = frame.pointee.code.pointee.names.unsafelyUnwrapped[arg >> 1]
            let globalsVersion = UInt32(truncatingIfNeeded: frame.pointee.globals.pointee.keys_version)
            let inGlobals = vm.stringEntry(frame.pointee.globals, name)
            if inGlobals >= 0 {
                cache.pointee.version = globalsVersion
                cache.pointee.operand = UInt64(inGlobals)
                return use(.LOAD_GLOBAL_MODULE, [])
            }
            let inBuiltins = vm.stringEntry(vm.builtinsDict, name)
            guard inBuiltins >= 0 else { return fail("'\(name.string)' is not defined", []) }
            cache.pointee.version = globalsVersion
            cache.pointee.operand2 = UInt64(UInt32(truncatingIfNeeded: vm.builtinsDict.pointee.keys_version))
            cache.pointee.operand = UInt64(inBuiltins)
            return use(.LOAD_GLOBAL_BUILTIN, [])
        case .LOAD_ATTR:
            return chooseAttributeLoad(arg, owner: stack[top - 1], frame: frame, cache: cache)
        case .STORE_ATTR:
            let owner = stack[top - 1]
            let name = frame.pointee.code.pointee.names.unsafelyUnwrapped[arg]
            guard owner.tag == .instance else { return fail("attribute of \(vm.typeName(owner)) objects", [owner]) }
            let cls = owner.instance.pointee.cls
            guard let slot = vm.getItem(cls.pointee.layout, string: name) else {
                return fail("'\(name.string)' has no instance slot yet", [owner])
            }
            if vm.lookupInClass(cls, name) != nil {
                return fail("'\(name.string)' is also a class attribute", [owner])
            }
            cache.pointee.version = cls.pointee.version
            cache.pointee.operand = UInt64(slot.u.i)
            return use(.STORE_ATTR_INSTANCE_VALUE, [owner])
        case .BINARY_SUBSCR:
            let (container, index) = (stack[top - 2], stack[top - 1])
            guard container.tag == .instance else {
                return fail("\(vm.typeName(container))[\(vm.typeName(index))]", [container, index])
            }
            return chooseSpecialMethodFrame(
                .BINARY_SUBSCR_GETITEM, vm.specialNames.getitem, parameters: ["self", "index"], of: container,
                operands: [container, index], cache)
        case .STORE_SUBSCR:
            let (container, index) = (stack[top - 2], stack[top - 1])
            guard container.tag == .instance else {
                return fail("\(vm.typeName(container))[\(vm.typeName(index))] = ...", [container, index])
            }
            return chooseSpecialMethodFrame(
                .STORE_SUBSCR_SETITEM, vm.specialNames.setitem, parameters: ["self", "key", "value"], of: container,
                operands: [container, index], cache)
        case .FOR_ITER:
            let iterator = stack[top - 1]
            guard iterator.tag == .iterator else { return fail("not an iterator", [iterator]) }
            return fail("\(vm.typeName(iterator)) is not specialised", [iterator])
        case .CALL:
            return chooseCall(arg, stack: stack, top: top, cache: cache)
        case .TO_BOOL:
            let v = stack[top - 1]
            switch v.tag {
            case .bool: return use(.TO_BOOL_BOOL, [v])
            case .int: return use(.TO_BOOL_INT, [v])
            case .list: return use(.TO_BOOL_LIST, [v])
            case .none: return use(.TO_BOOL_NONE, [v])
            case .str: return use(.TO_BOOL_STR, [v])
            case .instance where vm.defines(v, vm.specialNames.bool):
                return chooseSpecialMethodFrame(
                    .TO_BOOL_PY_METHOD, vm.specialNames.bool, parameters: ["self"], of: v, operands: [v], cache)
            case .instance where vm.hasTruthMethod(v.instance.pointee.cls):
                return fail("the truth of a \(vm.typeName(v)) comes from its __len__, which stays generic", [v])
            case .instance:
                cache.pointee.version = v.instance.pointee.cls.pointee.version
                return use(.TO_BOOL_ALWAYS_TRUE, [v])
            default: return fail("truth of \(vm.typeName(v))", [v])
            }
        case .UNPACK_SEQUENCE:
            let v = stack[top - 1]
            switch v.tag {
            case .tuple where arg == 2: return use(.UNPACK_SEQUENCE_TWO_TUPLE, [v])
            case .tuple: return use(.UNPACK_SEQUENCE_TUPLE, [v])
            case .list: return use(.UNPACK_SEQUENCE_LIST, [v])
            default: return fail("unpacking \(vm.typeName(v))", [v])
            }
        default:
            return fail("\(op) has no specialised forms", [])
        }
    }

    /// A form that pushes the frame of the receiver's special method `name`: the method must be a Python
    /// function taking exactly `parameters`. The cache holds the class version (which stands for the
    /// method), the function, and its code, which traces follow into as they follow CALL_PY_EXACT_ARGS.
    private func chooseSpecialMethodFrame(
        _ form: Opcode, _ name: StrRef, parameters: [String], of receiver: ts_value, operands: [ts_value],
        _ cache: UnsafeMutablePointer<ts_cache>
    ) -> SpecializationDecision {
        func fail(_ text: String) -> SpecializationDecision {
            SpecializationDecision(form: .failure(SpecializationFailure(text)), operands: operands)
        }
        guard let method = vm.specialMethod(receiver, name) else {
            return fail("\(vm.typeName(receiver)) defines no \(name.string)")
        }
        guard method.tag == .function else {
            return fail("\(vm.typeName(receiver)).\(name.string) is not a Python function")
        }
        let function = method.function
        guard function.pointee.code.pointee.argument_count == parameters.count else {
            return fail("\(function.pointee.qualname.string)() does not take (\(parameters.joined(separator: ", ")))")
        }
        cache.pointee.version = receiver.instance.pointee.cls.pointee.version
        cache.pointee.operand = method.u.bits
        cache.pointee.operand2 = UInt64(UInt(bitPattern: function.pointee.code))
        return SpecializationDecision(form: .success(form), operands: operands)
    }

    /// A form that pushes the frame of the left operand's method `name` with both operands. Not where the
    /// right operand is an instance of another class, which might be asked first; not where the method
    /// rebinds a parameter, since a NotImplemented answer passes both, as they came, to the other side.
    private func chooseOperatorFrame(
        _ form: Opcode, _ name: StrRef, _ left: ts_value, _ right: ts_value, _ cache: UnsafeMutablePointer<ts_cache>
    ) -> SpecializationDecision {
        func fail(_ text: String) -> SpecializationDecision {
            SpecializationDecision(form: .failure(SpecializationFailure(text)), operands: [left, right])
        }
        if right.tag == .instance && right.instance.pointee.cls != left.instance.pointee.cls {
            return fail("a \(vm.typeName(right)) on the right may answer first")
        }
        if let method = vm.specialMethod(left, name), method.tag == .function {
            let code = method.function.pointee.code.pointee
            let rebinds = UnsafeBufferPointer(start: code.instructions, count: Int(code.instruction_count)).contains {
                ($0.op == Opcode.STORE_FAST.rawValue || $0.op == Opcode.DELETE_FAST.rawValue) && $0.arg < 2
            }
            if rebinds { return fail("\(method.function.pointee.qualname.string)() rebinds a parameter") }
        }
        return chooseSpecialMethodFrame(
            form, name, parameters: ["self", "other"], of: left, operands: [left, right], cache)
    }

    private func chooseAttributeLoad(
        _ arg: Int, owner: ts_value, frame: FrameRef, cache: UnsafeMutablePointer<ts_cache>
    ) -> SpecializationDecision {
        let name = frame.pointee.code.pointee.names.unsafelyUnwrapped[arg >> 1]
        let isMethodLoad = arg & 1 != 0
        func fail(_ text: String) -> SpecializationDecision {
            SpecializationDecision(form: .failure(SpecializationFailure(text)), operands: [owner])
        }
        func use(_ form: Opcode) -> SpecializationDecision {
            SpecializationDecision(form: .success(form), operands: [owner])
        }
        switch owner.tag {
        case .instance:
            let cls = owner.instance.pointee.cls
            cache.pointee.version = cls.pointee.version
            let layout = cls.pointee.layout
            if let slot = vm.getItem(layout, string: name), vm.instanceAttribute(owner.instance, name) != nil {
                cache.pointee.operand = UInt64(slot.u.i)
                return use(.LOAD_ATTR_INSTANCE_VALUE)
            }
            guard vm.getItem(layout, string: name) == nil else {
                return fail("'\(name.string)' is not set on this instance")
            }
            // Where the class chain holds the name: the value's address stays valid while the
            // class version does (any change to a namespace in the chain bumps it).
            var k: ClassRef? = cls
            while let current = k {
                let entry = vm.stringEntry(current.pointee.dict, name)
                if entry >= 0 {
                    let slot =
                        UnsafeMutableRawPointer(current.pointee.dict.pointee.entries! + entry)
                        + MemoryLayout<ts_dict_entry>.offset(of: \ts_dict_entry.value)!
                    let value = current.pointee.dict.pointee.entries![entry].value
                    cache.pointee.operand2 = UInt64(UInt32(truncatingIfNeeded: layout.pointee.keys_version))
                    if isMethodLoad && value.tag == .function {
                        cache.pointee.operand = value.u.bits
                        return use(.LOAD_ATTR_METHOD_WITH_VALUES)
                    }
                    if value.tag == .function || value.tag == .builtin {
                        return fail("'\(name.string)' is a method loaded without a call")
                    }
                    cache.pointee.operand = UInt64(UInt(bitPattern: slot))
                    return use(.LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES)
                }
                k = current.pointee.base
            }
            return fail("'\(name.string)' is not an attribute of \(cls.pointee.name.string)")
        case .classObject:
            return fail("attribute of a class object")
        default:
            guard owner.isObject || owner.tag == .int || owner.tag == .float else {
                return fail("attribute of \(vm.typeName(owner))")
            }
            guard isMethodLoad, let found = vm.getItem(vm.typeOf(owner).pointee.dict, string: name),
                found.tag == .builtin
            else {
                return fail("'\(name.string)' of \(vm.typeName(owner)) is not a method call")
            }
            cache.pointee.version = ts_type_version(owner)
            cache.pointee.operand = found.u.bits
            return use(.LOAD_ATTR_METHOD_NO_DICT)
        }
    }

    private func chooseCall(
        _ arg: Int, stack: UnsafeMutablePointer<ts_value>, top: Int, cache: UnsafeMutablePointer<ts_cache>
    ) -> SpecializationDecision {
        let callable = stack[top - arg - 2]
        let hasSelf = !stack[top - arg - 1].isNull
        func fail(_ text: String) -> SpecializationDecision {
            SpecializationDecision(form: .failure(SpecializationFailure(text)), operands: [callable])
        }
        func use(_ form: Opcode) -> SpecializationDecision {
            SpecializationDecision(form: .success(form), operands: [callable])
        }
        switch callable.tag {
        case .function:
            let f = callable.function
            guard Int(f.pointee.code.pointee.argument_count) == arg + (hasSelf ? 1 : 0) else {
                return fail("\(f.pointee.qualname.string)() is called with defaults or the wrong count")
            }
            cache.pointee.version = f.pointee.version
            // Traces follow the call into this code; the operand names it (code objects live for the run).
            cache.pointee.operand2 = UInt64(UInt(bitPattern: f.pointee.code))
            return use(.CALL_PY_EXACT_ARGS)
        case .builtin:
            let b = callable.builtin
            guard b != vm.buildClass else { return fail("class statements are not specialised") }
            cache.pointee.operand = callable.u.bits
            if b.pointee.name.equals("len") && b.pointee.self_tag == .null && arg == 1 && !hasSelf {
                let x = stack[top - 1]
                guard x.tag == .instance else { return use(.CALL_LEN) }
                let decision = chooseSpecialMethodFrame(
                    .CALL_LEN_PY_METHOD, vm.specialNames.len, parameters: ["self"], of: x, operands: [x], cache)
                if case .success = decision.form {
                    // The method moves to operand2: the operand names `len`, for _CHECK_CALLABLE.
                    cache.pointee.operand2 = cache.pointee.operand
                    cache.pointee.operand = callable.u.bits
                }
                return decision
            }
            if b.pointee.name.equals("append") && b.pointee.self_tag == .list && arg == 1 && hasSelf {
                return use(.CALL_LIST_APPEND)
            }
            return use(hasSelf ? .CALL_METHOD_DESCRIPTOR_FAST : .CALL_BUILTIN_FAST)
        case .classObject:
            guard let constructor = vm.constructor(of: callable.classObject), !hasSelf else {
                return fail("calls of \(vm.typeName(callable)) are not specialised")
            }
            cache.pointee.operand = callable.u.bits
            cache.pointee.operand2 = UInt64(UInt(bitPattern: constructor))
            return use(.CALL_BUILTIN_CLASS)
        default:
            return fail("calls of \(vm.typeName(callable)) are not specialised")
        }
    }
}
