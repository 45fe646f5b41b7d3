import CTierCore

// repr() and str() of every kind of value, as CPython spells them.

/// CPython's limit on int <-> decimal string conversion (3.11's default `sys.get_int_max_str_digits()`).
let maximumIntegerDigits = 4300

extension VM {
    /// `repr(v)` as a heap string.
    func repr(_ v: ts_value) throws(PyError) -> StrRef {
        heap.makeString(try reprText(v))
    }

    /// `str(v)` as a heap string (a str is returned as it is).
    func str(_ v: ts_value) throws(PyError) -> StrRef {
        if v.tag == .str { return v.str }
        return heap.makeString(try strText(v))
    }

    func strText(_ v: ts_value) throws(PyError) -> String {
        switch v.tag {
        case .str:
            return v.str.string
        case .instance:
            let cls = v.instance.pointee.cls
            if let method = lookupInClass(cls, names.str), method.tag == .function {
                return try callDunderReturningString(method, v, "__str__")
            }
            if isException(cls), lookupInClass(cls, names.repr)?.tag != .function {
                return try exceptionMessage(v)
            }
            return try reprText(v)
        default:
            return try reprText(v)
        }
    }

    /// `ascii(v)`: the repr with every non-ASCII character escaped, as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
    func asciiText(_ v: ts_value) throws(PyError) -> String {
        var out = ""
        for scalar in try reprText(v).unicodeScalars {
            let c = scalar.value
            if c < 0x80 {
                out.unicodeScalars.append(scalar)
                continue
            }
            let (mark, width) = c < 0x100 ? ("x", 2) : c < 0x10000 ? ("u", 4) : ("U", 8)
            let hex = String(c, radix: 16)
            out += "\\" + mark + String(repeating: "0", count: width - hex.count) + hex
        }
        return out
    }

    func reprText(_ v: ts_value) throws(PyError) -> String {
        switch v.tag {
        case .null: return "<NULL>"
        case .none: return "None"
        case .bool: return v.u.i != 0 ? "True" : "False"
        case .int: return String(v.u.i)
        case .bigint: return try decimalText(v.bigValue)
        case .float: return formatFloatRepr(v.u.f)
        case .str: return quoted(v.str)
        case .list:
            return try reprContainer(v, open: "[", close: "]", items: v.list.buffer)
        case .tuple:
            let t = v.tuple
            if t.count == 1 { return "(" + (try reprText(t.items[0])) + ",)" }
            return try reprContainer(v, open: "(", close: ")", items: t.buffer)
        case .dict:
            return try reprDict(v)
        case .range:
            return rangeRepr(v.range)
        case .slice:
            let s = v.slice.pointee
            return "slice(\(try reprText(s.start)), \(try reprText(s.stop)), \(try reprText(s.step)))"
        case .function:
            return "<function \(v.function.pointee.qualname.string) at \(address(v))>"
        case .builtin:
            let b = v.builtin.pointee
            if b.self_tag != .null {
                return
                    "<method '\(b.name.string)' of '\(typeByTag[Int(b.self_tag.rawValue)]!.pointee.name.string)' objects>"
            }
            return "<built-in function \(b.name.string)>"
        case .boundMethod:
            let m = v.boundMethod.pointee
            if m.function.tag == .builtin {
                return
                    "<built-in method \(m.function.builtin.pointee.name.string) of \(typeName(m.receiver)) object at \(address(m.receiver))>"
            }
            return "<bound method \(m.function.function.pointee.qualname.string) of \(try reprText(m.receiver))>"
        case .classObject:
            let c = v.classObject
            return isBuiltin(c) ? "<class '\(c.pointee.name.string)'>" : "<class '__main__.\(c.pointee.name.string)'>"
        case .instance:
            if isNotImplemented(v) { return "NotImplemented" }
            let cls = v.instance.pointee.cls
            if let method = lookupInClass(cls, names.repr), method.tag == .function {
                return try callDunderReturningString(method, v, "__repr__")
            }
            if isException(cls) {
                let args = exceptionArguments(v)
                let inner =
                    args.count == 1
                    ? try reprText(args[0])
                    : try args.map { (a) throws(PyError) in try reprText(a) }.joined(separator: ", ")
                return "\(cls.pointee.name.string)(\(inner))"
            }
            return "<__main__.\(cls.pointee.name.string) object at \(address(v))>"
        case .iterator:
            return "<\(typeName(v)) object at \(address(v))>"
        case .dictView:
            let view = v.dictView.pointee
            var items: [ts_value] = []
            for e in view.dict.entries where !e.key.isNull {
                switch view.which {
                case 0: items.append(e.key)
                case 1: items.append(e.value)
                default: items.append(ts_value(heap.makeTuple([e.key, e.value])))
                }
            }
            let list = heap.makeList(items)
            return "\(typeName(v))(\(try reprText(ts_value(list))))"
        }
    }

    private func address(_ v: ts_value) -> String {
        "0x" + String(v.u.bits, radix: 16).leftPadded(to: 12)
    }

    /// Decimal digits of an int, refusing more than CPython's limit as 3.11 does.
    func decimalText(_ value: BigInt) throws(PyError) -> String {
        // Refuse by size before converting: conversion is quadratic, and far too slow for huge ints.
        if value.bitLength > maximumIntegerDigits * 3322 / 1000 + 64 {
            throw PyError.valueError(
                "Exceeds the limit (\(maximumIntegerDigits) digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
            )
        }
        let text = value.description
        let digits = value.isNegative ? text.utf8.count - 1 : text.utf8.count
        if digits > maximumIntegerDigits {
            throw PyError.valueError(
                "Exceeds the limit (\(maximumIntegerDigits) digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
            )
        }
        return text
    }

    private func reprContainer(
        _ v: ts_value, open: String, close: String, items: UnsafeMutableBufferPointer<ts_value>
    ) throws(PyError) -> String {
        let key = v.rawObject
        if reprInProgress.contains(key) { return open + "..." + close }
        try enterNested(" while getting the repr of an object")
        reprInProgress.insert(key)
        defer {
            reprInProgress.remove(key)
            reprDepth -= 1
        }
        var text = open
        for (i, item) in items.enumerated() {
            if i > 0 { text += ", " }
            text += try reprText(item)
        }
        return text + close
    }

    private func reprDict(_ v: ts_value) throws(PyError) -> String {
        let key = v.rawObject
        if reprInProgress.contains(key) { return "{...}" }
        try enterNested(" while getting the repr of an object")
        reprInProgress.insert(key)
        defer {
            reprInProgress.remove(key)
            reprDepth -= 1
        }
        var text = "{"
        var first = true
        for e in v.dict.entries where !e.key.isNull {
            if !first { text += ", " }
            first = false
            text += try reprText(e.key) + ": " + reprText(e.value)
        }
        return text + "}"
    }

    /// `repr()` of a str.
    func quoted(_ s: StrRef) -> String { quotedStringLiteral(s.codePoints) }

    /// Calls `__str__` or `__repr__` and checks it returned a str.
    private func callDunderReturningString(_ method: ts_value, _ v: ts_value, _ name: String) throws(PyError) -> String
    {
        let result = try call(method, [v])
        guard result.tag == .str else {
            throw PyError.typeError("\(name) returned non-string (type \(typeName(result)))")
        }
        return result.str.string
    }

    /// An exception's constructor arguments (its `args`).
    func exceptionArguments(_ v: ts_value) -> [ts_value] {
        guard let args = instanceAttribute(v.instance, names.args), args.tag == .tuple else { return [] }
        return Array(args.tuple.buffer)
    }

    /// `str()` of an exception, as its traceback's last line shows it.
    func exceptionMessage(_ v: ts_value) throws(PyError) -> String {
        let cls = v.instance.pointee.cls
        if let method = lookupInClass(cls, names.str), method.tag == .function {
            return try callDunderReturningString(method, v, "__str__")
        }
        let args = exceptionArguments(v)
        switch args.count {
        case 0: return ""
        case 1:
            // KeyError shows its key's repr, so that KeyError('') is not blank.
            if isSubclass(cls, of: builtinTypes["KeyError"]!) { return try reprText(args[0]) }
            return try strText(args[0])
        default: return try reprText(ts_value(heap.makeTuple(args)))
        }
    }
}

/// `repr()` of a str: CPython's choice of quotes and escapes.
func quotedStringLiteral<C: Collection>(_ codePoints: C) -> String where C.Element == UInt32 {
    var hasSingle = false
    var hasDouble = false
    for c in codePoints {
        if c == 0x27 { hasSingle = true } else if c == 0x22 { hasDouble = true }
    }
    let quote: UInt32 = hasSingle && !hasDouble ? 0x22 : 0x27
    var out = String.UnicodeScalarView()
    out.append(Unicode.Scalar(quote)!)
    func hex(_ value: UInt32, _ width: Int) -> String {
        String(value, radix: 16).leftPadded(to: width)
    }
    for c in codePoints {
        switch c {
        case quote, 0x5C:
            out.append("\\")
            out.append(Unicode.Scalar(c)!)
        case 0x09: out.append(contentsOf: "\\t".unicodeScalars)
        case 0x0A: out.append(contentsOf: "\\n".unicodeScalars)
        case 0x0D: out.append(contentsOf: "\\r".unicodeScalars)
        case 0x20..<0x7F: out.append(Unicode.Scalar(c)!)
        case 0..<0x20, 0x7F: out.append(contentsOf: "\\x\(hex(c, 2))".unicodeScalars)
        default:
            if let scalar = Unicode.Scalar(c), scalar.properties.generalCategory.isPrintable {
                out.append(scalar)
            } else if c < 0x100 {
                out.append(contentsOf: "\\x\(hex(c, 2))".unicodeScalars)
            } else if c < 0x10000 {
                out.append(contentsOf: "\\u\(hex(c, 4))".unicodeScalars)
            } else {
                out.append(contentsOf: "\\U\(hex(c, 8))".unicodeScalars)
            }
        }
    }
    out.append(Unicode.Scalar(quote)!)
    return String(out)
}
