import CTierCore

#if canImport(Glibc)
import Glibc
#endif

// Attribute access: instance slots laid out by their class (CPython's shared keys), the class chain for
// methods and class attributes, and the methods of built-in types.

extension VM {
    func makeInstance(_ cls: ClassRef) -> InstanceRef {
        let i = heap.allocate(ts_instance.self, kind: .instance)
        i.pointee.cls = cls
        let slots = cls.pointee.layout.count
        if slots > 0 {
            i.pointee.slots = calloc(slots, MemoryLayout<ts_value>.stride)!.assumingMemoryBound(to: ts_value.self)
            i.pointee.nslots = Int64(slots)
            heap.account(slots * MemoryLayout<ts_value>.stride)
        }
        return i
    }

    /// An attribute the instance itself holds, if set.
    func instanceAttribute(_ i: InstanceRef, _ name: StrRef) -> ts_value? {
        guard let slot = getItem(i.pointee.cls.pointee.layout, string: name) else { return nil }
        let index = Int(slot.u.i)
        guard index < Int(i.pointee.nslots) else { return nil }
        let v = i.pointee.slots![index]
        return v.isNull ? nil : v
    }

    func setInstanceAttribute(_ i: InstanceRef, _ name: StrRef, _ value: ts_value) {
        let layout = i.pointee.cls.pointee.layout
        let index: Int
        if let slot = getItem(layout, string: name) {
            index = Int(slot.u.i)
        } else {
            index = layout.count
            // New attribute names only ever append, so slot numbers cached elsewhere stay right.
            setItem(layout, string: name, .int(index))
        }
        if index >= Int(i.pointee.nslots) {
            let newCount = max(index + 1, layout.count)
            let stride = MemoryLayout<ts_value>.stride
            let slots = realloc(i.pointee.slots, newCount * stride)!.assumingMemoryBound(to: ts_value.self)
            (slots + Int(i.pointee.nslots)).initialize(repeating: .null, count: newCount - Int(i.pointee.nslots))
            heap.account((newCount - Int(i.pointee.nslots)) * stride)
            i.pointee.slots = slots
            i.pointee.nslots = Int64(newCount)
        }
        i.pointee.slots![index] = value
    }

    func makeBoundMethod(_ receiver: ts_value, _ function: ts_value) -> ts_value {
        let m = heap.allocate(ts_bound_method.self, kind: .boundMethod)
        m.pointee.receiver = receiver
        m.pointee.function = function
        return ts_value(.boundMethod, m)
    }

    private func noAttribute(_ v: ts_value, _ name: StrRef) -> PyError {
        if v.tag == .classObject {
            return PyError.attributeError(
                "type object '\(v.classObject.pointee.name.string)' has no attribute '\(name.string)'")
        }
        return PyError.attributeError("'\(typeName(v))' object has no attribute '\(name.string)'")
    }

    /// `v.name`.
    func loadAttribute(_ v: ts_value, _ name: StrRef) throws(PyError) -> ts_value {
        let (callable, receiver) = try loadMethod(v, name)
        if receiver.isNull { return callable }
        return makeBoundMethod(receiver, callable)
    }

    /// `v.name` for a call: (function, self) when a method is found, so no bound method is made, or
    /// (value, null) for anything else. This is LOAD_ATTR's method form.
    func loadMethod(_ v: ts_value, _ name: StrRef) throws(PyError) -> (ts_value, ts_value) {
        switch v.tag {
        case .instance:
            let i = v.instance
            if let own = instanceAttribute(i, name) { return (own, .null) }
            if let found = lookupInClass(i.pointee.cls, name) {
                if bindsAsMethod(found) { return (found, v) }
                return (found, .null)
            }
        case .classObject:
            let c = v.classObject
            if let found = lookupInClass(c, name) { return (found, .null) }
            if name.equals("__name__") || name.equals("__qualname__") { return (ts_value(c.pointee.name), .null) }
        case .function:
            if name.equals("__name__") { return (ts_value(v.function.pointee.name), .null) }
            if name.equals("__qualname__") { return (ts_value(v.function.pointee.qualname), .null) }
        case .builtin:
            if name.equals("__name__") || name.equals("__qualname__") {
                return (ts_value(v.builtin.pointee.name), .null)
            }
        case .boundMethod:
            if name.equals("__self__") { return (v.boundMethod.pointee.receiver, .null) }
            if name.equals("__func__") { return (v.boundMethod.pointee.function, .null) }
            return try loadMethod(v.boundMethod.pointee.function, name)
        case .range:
            if let attribute = rangeAttribute(v.range, name) { return (attribute, .null) }
            fallthrough
        default:
            if let found = getItem(typeOf(v).pointee.dict, string: name) {
                if found.tag == .builtin { return (found, v) }
                return (found, .null)
            }
        }
        throw noAttribute(v, name)
    }

    /// Whether a class attribute becomes a method of the instance it is read through: a Python function
    /// or a built-in type's method descriptor does; a plain built-in function (`f = abs` in a class body)
    /// is not a descriptor and comes back as it is, as in CPython.
    private func bindsAsMethod(_ found: ts_value) -> Bool {
        found.tag == .function || (found.tag == .builtin && found.builtin.pointee.self_tag != .null)
    }

    /// `super().name` inside a method of `owner`, for `receiver`.
    func loadSuperAttribute(
        _ receiver: ts_value, _ name: StrRef, owner: ClassRef?
    ) throws(PyError) -> (ts_value, ts_value) {
        guard let owner else {
            throw PyError("RuntimeError", "super(): no defining class (tierscope supports super() in methods only)")
        }
        if let base = owner.pointee.base, let found = lookupInClass(base, name) {
            if bindsAsMethod(found) { return (found, receiver) }
            return (found, .null)
        }
        throw PyError.attributeError("'super' object has no attribute '\(name.string)'")
    }

    /// `v.name = value`.
    func storeAttribute(_ v: ts_value, _ name: StrRef, _ value: ts_value) throws(PyError) {
        switch v.tag {
        case .instance:
            setInstanceAttribute(v.instance, name, value)
        case .classObject:
            let c = v.classObject
            if isBuiltin(c) {
                throw PyError.typeError(
                    "cannot set '\(name.string)' attribute of immutable type '\(c.pointee.name.string)'")
            }
            setItem(c.pointee.dict, string: name, value)
            classChanged(c)
        default:
            throw unassignable(v, name)
        }
    }

    /// Why `v.name = ...` or `del v.name` fails on a value of a built-in type, in CPython's words: its
    /// methods are read-only, a range's fields are read-only members, anything else is not there.
    private func unassignable(_ v: ts_value, _ name: StrRef) -> PyError {
        if v.tag == .range && rangeAttribute(v.range, name) != nil {
            return PyError.attributeError("readonly attribute")
        }
        if getItem(typeOf(v).pointee.dict, string: name) != nil {
            return PyError.attributeError("'\(typeName(v))' object attribute '\(name.string)' is read-only")
        }
        return noAttribute(v, name)
    }

    /// `del v.name`.
    func deleteAttribute(_ v: ts_value, _ name: StrRef) throws(PyError) {
        switch v.tag {
        case .instance:
            let i = v.instance
            guard instanceAttribute(i, name) != nil, let slot = getItem(i.pointee.cls.pointee.layout, string: name)
            else {
                throw noAttribute(v, name)
            }
            i.pointee.slots![Int(slot.u.i)] = .null
        case .classObject:
            let c = v.classObject
            if isBuiltin(c) {
                throw PyError.typeError(
                    "cannot set '\(name.string)' attribute of immutable type '\(c.pointee.name.string)'")
            }
            guard try deleteItem(c.pointee.dict, ts_value(name)) != nil else { throw noAttribute(v, name) }
            classChanged(c)
        default:
            throw unassignable(v, name)
        }
    }
}
