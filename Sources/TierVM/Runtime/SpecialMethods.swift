import CTierCore

// The operator and protocol methods a user class may define (`__eq__`, `__add__`, `__len__`, ...), with
// CPython's rules for which side goes first and what NotImplemented means. Every generic operator comes
// here when an operand is an instance, so Tier 0, Tier 1's fallbacks and the generic micro-ops of traces
// all dispatch the same way. The specialised forms that push a method's frame instead (BINARY_OP_PY_METHOD,
// COMPARE_OP_PY_METHOD, BINARY_SUBSCR_GETITEM) are chosen only where they ask what this code would ask
// first, and an operator's frame that answers NotImplemented comes back here for the rest.

/// The interned names of the special methods, looked up once per VM.
struct SpecialNames {
    /// Per binary operator: the method, its reflected form and its in-place form.
    let binary: [BinaryOperator: (normal: StrRef, reflected: StrRef, inPlace: StrRef)]
    /// Per comparison: the method, and the one the other operand is asked with when the sides swap.
    let comparison: [ComparisonOperator: (normal: StrRef, swapped: StrRef)]
    let eq: StrRef
    let ne: StrRef
    let hash: StrRef
    let bool: StrRef
    let len: StrRef
    let getitem: StrRef
    let setitem: StrRef
    let delitem: StrRef
    let contains: StrRef
    let iter: StrRef
    let neg: StrRef
    let pos: StrRef
    let invert: StrRef
    let abs: StrRef

    init(_ vm: VM) {
        let stems: [(BinaryOperator, String)] = [
            (.add, "add"), (.subtract, "sub"), (.multiply, "mul"), (.trueDivide, "truediv"),
            (.floorDivide, "floordiv"), (.remainder, "mod"), (.power, "pow"), (.leftShift, "lshift"),
            (.rightShift, "rshift"), (.and, "and"), (.or, "or"), (.xor, "xor"), (.matrixMultiply, "matmul"),
        ]
        var binary: [BinaryOperator: (StrRef, StrRef, StrRef)] = [:]
        for (op, stem) in stems {
            binary[op] = (vm.intern("__\(stem)__"), vm.intern("__r\(stem)__"), vm.intern("__i\(stem)__"))
        }
        self.binary = binary
        let lt = vm.intern("__lt__")
        let le = vm.intern("__le__")
        let gt = vm.intern("__gt__")
        let ge = vm.intern("__ge__")
        eq = vm.intern("__eq__")
        ne = vm.intern("__ne__")
        comparison = [
            .less: (lt, gt), .lessEqual: (le, ge), .greater: (gt, lt), .greaterEqual: (ge, le),
            .equal: (eq, eq), .notEqual: (ne, ne),
        ]
        hash = vm.intern("__hash__")
        bool = vm.intern("__bool__")
        len = vm.intern("__len__")
        getitem = vm.intern("__getitem__")
        setitem = vm.intern("__setitem__")
        delitem = vm.intern("__delitem__")
        contains = vm.intern("__contains__")
        iter = vm.intern("__iter__")
        neg = vm.intern("__neg__")
        pos = vm.intern("__pos__")
        invert = vm.intern("__invert__")
        abs = vm.intern("__abs__")
    }
}

extension VM {
    /// The method `name` of an instance's class (or a base), or nil when it defines none. `None` counts
    /// as none (`__hash__ = None`).
    func specialMethod(_ v: ts_value, _ name: StrRef) -> ts_value? {
        guard v.tag == .instance, let method = lookupInClass(v.instance.pointee.cls, name), method.tag != .none
        else { return nil }
        return method
    }

    /// Calls a special method found on `receiver`'s class: a function gets the receiver as its first
    /// argument, as a method would; anything else stored on the class is called as it is.
    func callSpecial(_ method: ts_value, _ receiver: ts_value, _ arguments: ts_value...) throws(PyError) -> ts_value {
        if method.tag == .function { return try call(method, [receiver] + arguments) }
        return try call(method, arguments)
    }

    func isNotImplemented(_ v: ts_value) -> Bool { v.isIdentical(to: notImplemented) }

    /// Whether the value is an instance whose class defines `name`.
    func defines(_ v: ts_value, _ name: StrRef) -> Bool { specialMethod(v, name) != nil }

    // MARK: - Binary operators

    /// Whether a binary operation goes to the operands' special methods rather than a built-in one.
    /// `str % x` formats any x, and `list += x` extends by any iterable, instances included.
    func dispatchesToInstance(_ op: BinaryOperator, inPlace: Bool, _ a: ts_value, _ b: ts_value) -> Bool {
        if a.tag == .instance { return true }
        guard b.tag == .instance else { return false }
        if a.tag == .str && op == .remainder { return false }
        if a.tag == .list && inPlace && op == .add { return false }
        return true
    }

    /// `a op b` (or `a op= b`) through special methods: the in-place method, then the reflected one first
    /// when b's class is a subclass of a's that overrides it, then a's, then b's reflected one. Nil when
    /// every method is missing or answers NotImplemented.
    func instanceBinaryOp(
        _ op: BinaryOperator, inPlace: Bool, _ a: ts_value, _ b: ts_value
    ) throws(PyError)
        -> ts_value?
    {
        let names = specialNames.binary[op]!
        /// The method's answer, or nil when there is no method or it answered NotImplemented.
        func attempt(_ method: ts_value?, _ receiver: ts_value, _ other: ts_value) throws(PyError) -> ts_value? {
            guard let method else { return nil }
            let result = try callSpecial(method, receiver, other)
            return isNotImplemented(result) ? nil : result
        }
        if inPlace, let result = try attempt(specialMethod(a, names.inPlace), a, b) { return result }
        let aType = typeOf(a)
        let bType = typeOf(b)
        let reflected = aType != bType ? specialMethod(b, names.reflected) : nil
        let reflectedFirst =
            reflected.map {
                isSubclass(bType, of: aType) && !$0.isIdentical(to: specialMethod(a, names.reflected) ?? .null)
            }
            ?? false
        if reflectedFirst, let result = try attempt(reflected, b, a) { return result }
        if let result = try attempt(specialMethod(a, names.normal), a, b) { return result }
        if !reflectedFirst, let result = try attempt(reflected, b, a) { return result }
        return nil
    }

    /// `a op b` (or `a op= b`) after the method BINARY_OP_PY_METHOD pushed, `declined`, answered
    /// NotImplemented: the rest of the protocol above. After `__iop__` that is `a op b` in full; after
    /// `__op__` it is b's reflected method (the form never runs where b's would have been asked first).
    func binaryOpDeclined(
        _ arg: Int32, by declined: FunctionRef?, _ a: ts_value, _ b: ts_value
    ) throws(PyError) -> ts_value {
        let (op, inPlace) = BinaryOperator.decode(arg)!
        let names = specialNames.binary[op]!
        if inPlace, let method = specialMethod(a, names.inPlace), method.tag == .function, method.function == declined {
            if let result = try instanceBinaryOp(op, inPlace: false, a, b) { return result }
        } else if typeOf(a) != typeOf(b), let reflected = specialMethod(b, names.reflected) {
            let result = try callSpecial(reflected, b, a)
            if !isNotImplemented(result) { return result }
        }
        throw unsupported(op, inPlace, a, b)
    }

    // MARK: - Comparisons

    /// `a op b` where an operand is an instance, as CPython's `do_richcompare`: the other side first when
    /// its class derives from this side's, NotImplemented passes to the other side, and `==`/`!=` fall
    /// back to identity. The result is whatever the method returned.
    func instanceCompare(_ op: ComparisonOperator, _ a: ts_value, _ b: ts_value) throws(PyError) -> ts_value {
        let aType = typeOf(a)
        let bType = typeOf(b)
        let reflectedFirst = aType != bType && b.tag == .instance && isSubclass(bType, of: aType)
        if reflectedFirst, let result = try comparisonMethod(op.swapped, b, a) { return result }
        if let result = try comparisonMethod(op, a, b) { return result }
        return try compareDeclined(op, a, b, askOther: !reflectedFirst)
    }

    /// `a op b` once `a`'s method answered NotImplemented (or it has none): `b`'s swapped method, unless it
    /// was asked already, then identity for `==` and `!=`. COMPARE_OP_PY_METHOD's frame ends here when its
    /// method declines.
    func compareDeclined(
        _ op: ComparisonOperator, _ a: ts_value, _ b: ts_value, askOther: Bool = true
    ) throws(PyError) -> ts_value {
        if askOther, let result = try comparisonMethod(op.swapped, b, a) { return result }
        switch op {
        case .equal: return .bool(a.isIdentical(to: b))
        case .notEqual: return .bool(!a.isIdentical(to: b))
        default:
            throw PyError.typeError(
                "'\(op.symbol)' not supported between instances of '\(typeName(a))' and '\(typeName(b))'")
        }
    }

    /// What `a`'s class answers for `a op b`, or nil for NotImplemented. A class with `__eq__` but no
    /// `__ne__` answers `!=` with the negation of `__eq__`, as `object.__ne__` does.
    private func comparisonMethod(
        _ op: ComparisonOperator, _ a: ts_value, _ b: ts_value
    ) throws(PyError)
        -> ts_value?
    {
        guard a.tag == .instance else { return nil }
        if let method = specialMethod(a, specialNames.comparison[op]!.normal) {
            let result = try callSpecial(method, a, b)
            return isNotImplemented(result) ? nil : result
        }
        guard op == .notEqual, let eq = specialMethod(a, specialNames.eq) else { return nil }
        let result = try callSpecial(eq, a, b)
        return isNotImplemented(result) ? nil : .bool(!(try truth(result)))
    }

    /// The value a generic COMPARE_OP pushes: a bool for built-in operands, the method's own result for
    /// instances.
    func richCompare(_ op: ComparisonOperator, _ a: ts_value, _ b: ts_value) throws(PyError) -> ts_value {
        if a.tag == .instance || b.tag == .instance { return try instanceCompare(op, a, b) }
        return .bool(try compare(op, a, b))
    }

    // MARK: - Protocols

    /// `bool(v)`, calling `__bool__` or `__len__` for instances whose class defines them.
    func truth(_ v: ts_value) throws(PyError) -> Bool {
        guard v.tag == .instance else { return isTruthy(v) }
        if let method = specialMethod(v, specialNames.bool) {
            return try boolResult(try callSpecial(method, v))
        }
        if specialMethod(v, specialNames.len) != nil { return try instanceLength(v) != 0 }
        return true
    }

    /// What `__bool__` answered, which must be a bool.
    func boolResult(_ result: ts_value) throws(PyError) -> Bool {
        guard result.tag == .bool else {
            throw PyError.typeError("__bool__ should return bool, returned \(typeName(result))")
        }
        return result.u.i != 0
    }

    /// Whether truth of instances of the class needs a call (so TO_BOOL may not assume True).
    func hasTruthMethod(_ cls: ClassRef) -> Bool {
        lookupInClass(cls, specialNames.bool) != nil || lookupInClass(cls, specialNames.len) != nil
    }

    /// `len(v)` of an instance through `__len__`.
    func instanceLength(_ v: ts_value) throws(PyError) -> Int {
        guard let method = specialMethod(v, specialNames.len) else {
            throw PyError.typeError("object of type '\(typeName(v))' has no len()")
        }
        return try lengthResult(try callSpecial(method, v))
    }

    /// What `__len__` answered, which must be an int that fits and is not negative.
    func lengthResult(_ result: ts_value) throws(PyError) -> Int {
        guard result.isIntegral else {
            throw PyError.typeError("'\(typeName(result))' object cannot be interpreted as an integer")
        }
        guard result.tag != .bigint else {
            throw PyError("OverflowError", "cannot fit 'int' into an index-sized integer")
        }
        guard result.u.i >= 0 else { throw PyError.valueError("__len__() should return >= 0") }
        return Int(result.u.i)
    }

    /// `hash(v)` of an instance: its class's `__hash__`, unhashable when the nearest class that defines
    /// `__eq__` or `__hash__` defines `__eq__` alone (CPython sets `__hash__ = None` there), identity
    /// otherwise.
    func instanceHash(_ v: ts_value) throws(PyError) -> Int64 {
        var k: ClassRef? = v.instance.pointee.cls
        while let cls = k {
            if let method = getItem(cls.pointee.dict, string: specialNames.hash) {
                guard method.tag != .none else { throw PyError.typeError("unhashable type: '\(typeName(v))'") }
                let result = try callSpecial(method, v)
                guard result.isIntegral else {
                    throw PyError.typeError("__hash__ method should return an integer")
                }
                // As CPython's slot_tp_hash: a result that fits a machine word is the hash itself;
                // only a bigger one is hashed again.
                let h = result.tag == .bigint ? try hashValue(result) : result.u.i
                return h == -1 ? -2 : h
            }
            if getItem(cls.pointee.dict, string: specialNames.eq) != nil {
                throw PyError.typeError("unhashable type: '\(typeName(v))'")
            }
            k = cls.pointee.base
        }
        return Int64(bitPattern: v.u.bits >> 4)
    }

    /// A unary operator (`-v`, `+v`, `~v`, `abs(v)`) of an instance through its method.
    func instanceUnary(
        _ name: StrRef, _ v: ts_value, _ failure: @autoclosure () -> PyError
    ) throws(PyError)
        -> ts_value
    {
        guard let method = specialMethod(v, name) else { throw failure() }
        return try callSpecial(method, v)
    }

    /// `item in container` for an instance: `__contains__`, else a search of what `__iter__` gives.
    func instanceContains(_ container: ts_value, _ item: ts_value) throws(PyError) -> Bool {
        if let method = specialMethod(container, specialNames.contains) {
            return try truth(try callSpecial(method, container, item))
        }
        guard defines(container, specialNames.iter) else {
            throw PyError.typeError("argument of type '\(typeName(container))' is not iterable")
        }
        let iterator = try getIterator(container)
        while let v = try next(iterator) { if try isSame(v, item) { return true } }
        return false
    }

    /// `iter(v)` of an instance: what its `__iter__` returns, which must be an iterator.
    func instanceIterator(_ v: ts_value) throws(PyError) -> ts_value {
        guard let method = specialMethod(v, specialNames.iter) else {
            throw PyError.typeError("'\(typeName(v))' object is not iterable")
        }
        let result = try callSpecial(method, v)
        guard result.tag == .iterator else {
            throw PyError.typeError("iter() returned non-iterator of type '\(typeName(result))'")
        }
        return result
    }
}
