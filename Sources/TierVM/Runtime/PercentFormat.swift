import CTierCore

// printf-style formatting, `format % values`: CPython's PyUnicode_Format (Objects/unicodeobject.c) in the
// same order of parsing, fetching arguments and failing, so its error messages come out alike. Floats are
// written by the code behind format() and f-strings.

extension VM {
    /// `format % values`.
    func percentFormat(_ format: StrRef, _ values: ts_value) throws(PyError) -> ts_value {
        let rootCount = heap.temporaryRoots.count
        defer { heap.temporaryRoots.removeLast(heap.temporaryRoots.count - rootCount) }
        var formatter = PercentFormatter(vm: self, format: Array(format.codePoints), values: values)
        return string(try formatter.run())
    }

    /// Whether `%(name)s` may look names up in `v`: CPython asks for a mapping's subscript slot, which
    /// lists and ranges have too (a tuple and a str are never taken for one).
    fileprivate func isMapping(_ v: ts_value) -> Bool {
        switch v.tag {
        case .dict, .list, .range: return true
        case .instance: return specialMethod(v, specialNames.getitem) != nil
        default: return false
        }
    }
}

/// One `%` conversion as parsed: `%[(key)][flags][width][.precision][length]type`.
private struct Conversion {
    var leftAlign = false
    var sign = false
    var blank = false
    var alternate = false
    var zero = false
    var width = -1
    var precision = -1
    var type: UInt32 = 0
}

private struct PercentFormatter {
    let vm: VM
    let format: [UInt32]
    var position = 0
    /// The values: the tuple's items one by one, or the single value (CPython's argidx/arglen, where a
    /// count of -1 marks a single value not yet taken).
    var values: ts_value
    var index: Int
    var count: Int
    let mapping: ts_value?
    var out: [UInt32] = []

    init(vm: VM, format: [UInt32], values: ts_value) {
        self.vm = vm
        self.format = format
        self.values = values
        mapping = values.tag != .tuple && values.tag != .str && vm.isMapping(values) ? values : nil
        (index, count) = values.tag == .tuple ? (0, values.tuple.count) : (-2, -1)
    }

    mutating func run() throws(PyError) -> [UInt32] {
        while position < format.count {
            let c = format[position]
            position += 1
            if c != 0x25 {
                out.append(c)
            } else if position < format.count && format[position] == 0x25 {
                position += 1
                out.append(0x25)
            } else {
                try convert()
            }
        }
        if index < count && mapping == nil {
            throw PyError.typeError("not all arguments converted during string formatting")
        }
        return out
    }

    /// unicode_format_getnextarg.
    private mutating func nextValue() throws(PyError) -> ts_value {
        guard index < count else { throw PyError.typeError("not enough arguments for format string") }
        index += 1
        let v = count < 0 ? values : values.tuple.items[index - 1]
        return v
    }

    private mutating func nextCharacter() -> UInt32? {
        guard position < format.count else { return nil }
        position += 1
        return format[position - 1]
    }

    private func digit(_ c: UInt32?) -> Int? {
        guard let c, (0x30...0x39).contains(c) else { return nil }
        return Int(c - 0x30)
    }

    /// A `*` width or precision.
    private mutating func starValue() throws(PyError) -> Int {
        let v = try nextValue()
        guard v.isIntegral, v.tag != .bigint else {
            if v.tag == .bigint { throw PyError.overflow("Python int too large to convert to C ssize_t") }
            throw PyError.typeError("* wants int")
        }
        return Int(v.u.i)
    }

    /// unicode_format_arg_parse, then the conversion itself.
    private mutating func convert() throws(PyError) {
        var spec = Conversion()
        var c = format.indices.contains(position) ? format[position] : nil
        if c == 0x28 {
            guard let mapping else { throw PyError.typeError("format requires a mapping") }
            position += 1
            let start = position
            var depth = 1
            while depth > 0, let k = nextCharacter() {
                if k == 0x29 { depth -= 1 } else if k == 0x28 { depth += 1 }
            }
            if depth > 0 { throw PyError.valueError("incomplete format key") }
            let key = vm.string(Array(format[start..<position - 1]))
            values = try vm.getSubscript(mapping, key)
            vm.heap.temporaryRoots.append(values)
            (index, count) = (-2, -1)
        }
        c = nextCharacter()
        flags: while let f = c {
            switch f {
            case 0x2D: spec.leftAlign = true
            case 0x2B: spec.sign = true
            case 0x20: spec.blank = true
            case 0x23: spec.alternate = true
            case 0x30: spec.zero = true
            default: break flags
            }
            c = nextCharacter()
        }
        if c == 0x2A {
            spec.width = try starValue()
            if spec.width < 0 {
                spec.leftAlign = true
                spec.width = -spec.width
            }
            c = nextCharacter()
        } else if let d = digit(c) {
            spec.width = d
            c = nextCharacter()
            while let d = digit(c) {
                guard spec.width <= (Int.max - d) / 10 else { throw PyError.valueError("width too big") }
                spec.width = spec.width * 10 + d
                c = nextCharacter()
            }
        }
        if c == 0x2E {
            spec.precision = 0
            c = nextCharacter()
            if c == 0x2A {
                spec.precision = max(0, try starValue())
                c = nextCharacter()
            } else if let d = digit(c) {
                spec.precision = d
                c = nextCharacter()
                while let d = digit(c) {
                    guard spec.precision <= (Int(Int32.max) - d) / 10 else {
                        throw PyError.valueError("precision too big")
                    }
                    spec.precision = spec.precision * 10 + d
                    c = nextCharacter()
                }
            }
        }
        // Length modifiers mean nothing in Python ("%ld" is "%d").
        if c == 0x68 || c == 0x6C || c == 0x4C { c = nextCharacter() }
        guard let type = c else { throw PyError.valueError("incomplete format") }
        spec.type = type
        let v = try nextValue()
        if spec.width > vm.options.maximumItems { throw PyError.memoryError() }
        try write(v, spec)
    }

    private mutating func write(_ v: ts_value, _ spec: Conversion) throws(PyError) {
        let type = Character(Unicode.Scalar(spec.type) ?? "?")
        switch type {
        case "s", "r", "a":
            let shown = try type == "s" ? vm.strText(v) : type == "r" ? vm.reprText(v) : vm.asciiText(v)
            var text = shown.unicodeScalars.map(\.value)
            if spec.precision >= 0 && text.count > spec.precision { text.removeLast(text.count - spec.precision) }
            pad(text, spec)
        case "c":
            pad([try character(v)], spec)
        case "d", "i", "u", "o", "x", "X":
            let (negative, digits, prefix) = try integerParts(v, spec, type)
            writeNumber(negative: negative, prefix: prefix, digits, spec)
        case "e", "E", "f", "F", "g", "G":
            let x: Double
            switch v.tag {
            case .float: x = v.u.f
            case .int, .bool, .bigint: x = try vm.toDouble(v)
            default: throw PyError.typeError("must be real number, not \(vm.typeName(v))")
            }
            let precision = spec.precision < 0 ? 6 : spec.precision
            let body = try vm.format(.float(x), spec: "\(spec.alternate ? "#" : "").\(precision)\(type)")
            let negative = body.hasPrefix("-")
            writeNumber(negative: negative, prefix: "", String(negative ? body.dropFirst() : Substring(body)), spec)
        default:
            let shown = (0x20...0x7E).contains(spec.type) ? String(type) : "?"
            throw PyError.valueError(
                "unsupported format character '\(shown)' (0x\(String(spec.type, radix: 16))) at index \(position - 1)")
        }
    }

    /// mainformatlong and _PyUnicode_FormatLong: the sign, the `#` prefix and the digits, padded with zeros
    /// to the precision.
    private func integerParts(
        _ v: ts_value, _ spec: Conversion, _ type: Character
    ) throws(PyError) -> (
        Bool, String, String
    ) {
        let value: BigInt
        switch v.tag {
        case .int, .bool, .bigint:
            value = v.bigValue
        case .float where !"oxX".contains(type):
            let x = v.u.f
            if x.isNaN { throw PyError.valueError("cannot convert float NaN to integer") }
            if x.isInfinite { throw PyError.overflow("cannot convert float infinity to integer") }
            value = BigInt(x.rounded(.towardZero))
        default:
            let required = "oxX".contains(type) ? "an integer" : "a real number"
            throw PyError.typeError("%\(type) format: \(required) is required, not \(vm.typeName(v))")
        }
        var digits: String
        var prefix = ""
        switch type {
        case "o":
            digits = value.digits(radix: 8)
            prefix = "0o"
        case "x":
            digits = value.digits(radix: 16)
            prefix = "0x"
        case "X":
            digits = value.digits(radix: 16, uppercase: true)
            prefix = "0X"
        default:
            digits = try vm.decimalText(value.magnitude)
        }
        if spec.precision > digits.count {
            if spec.precision > vm.options.maximumItems { throw PyError.memoryError() }
            digits = String(repeating: "0", count: spec.precision - digits.count) + digits
        }
        return (value.isNegative, digits, spec.alternate ? prefix : "")
    }

    /// `%c`: an int code point or a one-character str.
    private func character(_ v: ts_value) throws(PyError) -> UInt32 {
        switch v.tag {
        case .int, .bool:
            guard v.u.i >= 0 && v.u.i < 0x110000 else { throw PyError.overflow("%c arg not in range(0x110000)") }
            return UInt32(v.u.i)
        case .bigint:
            throw PyError.overflow("%c arg not in range(0x110000)")
        case .str where v.str.length == 1:
            return v.str[0]
        default:
            throw PyError.typeError("%c requires int or char")
        }
    }

    /// A number: the sign (or what `+` and ` ` ask for), the prefix, then the digits; zeros pad between
    /// the prefix and the digits, spaces outside.
    private mutating func writeNumber(negative: Bool, prefix: String, _ digits: String, _ spec: Conversion) {
        let sign = negative ? "-" : spec.sign ? "+" : spec.blank ? " " : ""
        let length = sign.count + prefix.count + digits.count
        let padding = max(0, spec.width - length)
        var text = ""
        if spec.leftAlign {
            text = sign + prefix + digits + String(repeating: " ", count: padding)
        } else if spec.zero {
            text = sign + prefix + String(repeating: "0", count: padding) + digits
        } else {
            text = String(repeating: " ", count: padding) + sign + prefix + digits
        }
        out += text.unicodeScalars.map(\.value)
    }

    /// Text padded with spaces to the width: on the right with `-`, else on the left.
    private mutating func pad(_ text: [UInt32], _ spec: Conversion) {
        let padding = max(0, spec.width - text.count)
        if !spec.leftAlign { out += repeatElement(0x20, count: padding) }
        out += text
        if spec.leftAlign { out += repeatElement(0x20, count: padding) }
    }
}
