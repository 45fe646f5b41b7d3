import CTierCore

// The format-spec mini-language of f-strings and format(): `[[fill]align][sign][z][#][0][width]
// [grouping][.precision][type]`, for str, int and float, with CPython's error messages.

struct FormatSpec {
    var fill: Character = " "
    var align: Character? = nil
    var sign: Character = "-"
    var coerceNegativeZero = false
    var alternate = false
    var width = 0
    var grouping: Character? = nil
    var precision: Int? = nil
    var type: Character? = nil
    /// The `0` flag asked for `=` alignment because none was given: right for numbers, whose default
    /// alignment is `>`; a str keeps its own default `<`, padded with zeros (CPython's rule).
    var zeroPaddingAligned = false

    init(_ text: String) throws(PyError) {
        var chars = Array(text)
        var i = 0
        func peek(_ k: Int = 0) -> Character? { i + k < chars.count ? chars[i + k] : nil }
        var fillGiven = false
        if chars.count >= 2, "<>=^".contains(chars[1]) {
            fill = chars[0]
            fillGiven = true
            align = chars[1]
            i = 2
        } else if let c = peek(), "<>=^".contains(c) {
            align = c
            i = 1
        }
        if let c = peek(), "+- ".contains(c) {
            sign = c
            i += 1
        }
        if peek() == "z" {
            coerceNegativeZero = true
            i += 1
        }
        if peek() == "#" {
            alternate = true
            i += 1
        }
        if peek() == "0" {
            if !fillGiven { fill = "0" }
            if align == nil {
                align = "="
                zeroPaddingAligned = true
            }
            i += 1
        }
        var digits = ""
        while let c = peek(), c.isASCII, c.isNumber {
            digits.append(c)
            i += 1
        }
        if !digits.isEmpty {
            guard let w = Int(digits), w < 1 << 31 else {
                throw PyError.valueError("Too many decimal digits in format string")
            }
            guard w <= 1 << 26 else { throw PyError.memoryError() }
            width = w
        }
        if let c = peek(), c == "," || c == "_" {
            grouping = c
            i += 1
            if let d = peek(), d == "," || d == "_" { throw PyError.valueError("Cannot specify both ',' and '_'.") }
        }
        if peek() == "." {
            i += 1
            var p = ""
            while let c = peek(), c.isASCII, c.isNumber {
                p.append(c)
                i += 1
            }
            guard !p.isEmpty else { throw PyError.valueError("Format specifier missing precision") }
            precision = Int(p)
        }
        if i < chars.count {
            type = chars[i]
            i += 1
        }
        if i < chars.count { throw PyError.valueError("Invalid format specifier") }
        // CPython refuses a separator for the other types while parsing, before it looks at the value.
        if let grouping, let type, !(grouping == "," ? "deEfFgG%" : "deEfFgG%bxXo").contains(type) {
            throw PyError.valueError("Cannot specify '\(grouping)' with '\(type)'.")
        }
        chars.removeAll()
    }

    /// Pads `body` (which starts with `signPrefix`) to the width.
    func pad(_ body: String, signPrefix: String = "", defaultAlign: Character) -> String {
        let length = signPrefix.count + body.count
        guard width > length else { return signPrefix + body }
        let padding = width - length
        switch align ?? defaultAlign {
        case "<": return signPrefix + body + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + signPrefix + body
                + String(repeating: fill, count: padding - left)
        case "=": return signPrefix + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + signPrefix + body
        }
    }
}

extension VM {
    /// `format(v, spec)`.
    func format(_ v: ts_value, spec text: String) throws(PyError) -> String {
        switch v.tag {
        case .str:
            return try formatString(v.str.string, text)
        case .int, .bigint:
            return try formatInteger(v.bigValue, text)
        case .bool:
            return text.isEmpty ? (v.u.i != 0 ? "True" : "False") : try formatInteger(v.bigValue, text)
        case .float:
            return try formatFloat(v.u.f, text)
        default:
            if text.isEmpty { return try strText(v) }
            throw PyError.typeError("unsupported format string passed to \(typeName(v)).__format__")
        }
    }

    private func formatString(_ s: String, _ text: String) throws(PyError) -> String {
        if text.isEmpty { return s }
        var spec = try FormatSpec(text)
        if spec.zeroPaddingAligned { spec.align = nil }
        if let t = spec.type, t != "s" { throw unknownCode(t, "str") }
        if spec.sign != "-" { throw PyError.valueError("Sign not allowed in string format specifier") }
        if spec.alternate { throw PyError.valueError("Alternate form (#) not allowed in string format specifier") }
        if spec.align == "=" { throw PyError.valueError("'=' alignment not allowed in string format specifier") }
        if spec.grouping != nil { throw PyError.valueError("Cannot specify '\(spec.grouping!)' with 's'.") }
        var body = s
        if let p = spec.precision, body.unicodeScalars.count > p {
            body = String(String.UnicodeScalarView(body.unicodeScalars.prefix(p)))
        }
        return spec.pad(body, defaultAlign: "<")
    }

    private func unknownCode(_ t: Character, _ type: String) -> PyError {
        PyError.valueError("Unknown format code '\(t)' for object of type '\(type)'")
    }

    private func signPrefix(negative: Bool, _ spec: FormatSpec) -> String {
        if negative { return "-" }
        switch spec.sign {
        case "+": return "+"
        case " ": return " "
        default: return ""
        }
    }

    /// Inserts a separator every `group` digits of an integer part.
    private func grouped(_ digits: String, separator: Character, group: Int) -> String {
        var out: [Character] = []
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % group == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }

    private func formatInteger(_ value: BigInt, _ text: String) throws(PyError) -> String {
        if text.isEmpty { return try decimalText(value) }
        let spec = try FormatSpec(text)
        let type = spec.type ?? "d"
        switch type {
        case "e", "E", "f", "F", "g", "G", "%":
            return try formatFloat(try integerToFloat(value), text)
        case "d", "n", "b", "o", "x", "X", "c":
            break
        default:
            throw unknownCode(type, "int")
        }
        if spec.precision != nil { throw PyError.valueError("Precision not allowed in integer format specifier") }
        let magnitude = value.magnitude
        var digits: String
        var prefix = ""
        switch type {
        case "b":
            digits = magnitude.digits(radix: 2)
            prefix = "0b"
        case "o":
            digits = magnitude.digits(radix: 8)
            prefix = "0o"
        case "x":
            digits = magnitude.digits(radix: 16)
            prefix = "0x"
        case "X":
            digits = magnitude.digits(radix: 16, uppercase: true)
            prefix = "0X"
        case "c":
            if spec.sign != "-" { throw PyError.valueError("Sign not allowed with integer format specifier 'c'") }
            // CPython converts to a C long before it checks the range.
            guard Int64(exactly: value) != nil else {
                throw PyError.overflow("Python int too large to convert to C long")
            }
            guard value >= 0, value < 0x110000, let scalar = Unicode.Scalar(UInt32(Int64(exactly: value)!)) else {
                throw PyError.overflow("%c arg not in range(0x110000)")
            }
            return spec.pad(String(Character(scalar)), defaultAlign: ">")
        default:
            digits = try decimalText(magnitude)
        }
        if let separator = spec.grouping {
            if type == "n" { throw PyError.valueError("Cannot specify '\(separator)' with 'n'.") }
            if separator == "," && type != "d" { throw PyError.valueError("Cannot specify ',' with '\(type)'.") }
            let group = "bxXo".contains(type) ? 4 : 3
            if spec.align == "=" && spec.fill == "0" && spec.width > 0 {
                // Zero padding is grouped too: pad the digits first, then separate.
                let sign = signPrefix(negative: value.isNegative, spec) + (spec.alternate ? prefix : "")
                var padded = digits
                while sign.count + grouped(padded, separator: separator, group: group).count < spec.width {
                    padded = "0" + padded
                }
                return sign + grouped(padded, separator: separator, group: group)
            }
            digits = grouped(digits, separator: separator, group: group)
        }
        let sign = signPrefix(negative: value.isNegative, spec) + (spec.alternate ? prefix : "")
        return spec.pad(digits, signPrefix: sign, defaultAlign: ">")
    }

    func integerToFloat(_ value: BigInt) throws(PyError) -> Double {
        let d = Double(value)
        if d.isInfinite { throw PyError.overflow("int too large to convert to float") }
        return d
    }

    private func formatFloat(_ x: Double, _ text: String) throws(PyError) -> String {
        if text.isEmpty { return formatFloatRepr(x) }
        let spec = try FormatSpec(text)
        var value = x
        if spec.coerceNegativeZero && value == 0 { value = 0 }
        let negative = value.sign == .minus && !value.isNaN
        let magnitude = abs(value)
        var body: String
        var type = spec.type
        switch type {
        case nil:
            if let p = spec.precision {
                body = generalFormat(magnitude, precision: p, alternate: spec.alternate, addDotZero: true)
            } else {
                body = formatFloatRepr(magnitude)
                // The alternate form keeps a point in the mantissa of the exponent form too: 1.e-07.
                if spec.alternate && !body.contains("."), let e = body.firstIndex(of: "e") {
                    body.insert(".", at: e)
                }
            }
        case "f", "F", "%":
            let scaled = type == "%" ? magnitude * 100 : magnitude
            body = printfDouble(scaled, conversion: "f", precision: spec.precision ?? 6)
            if spec.alternate && !body.contains(".") { body += "." }
            if type == "%" { body += "%" }
        case "e", "E":
            body = printfDouble(magnitude, conversion: "e", precision: spec.precision ?? 6)
            if spec.alternate && !body.contains("."), let e = body.firstIndex(of: "e") {
                body.insert(".", at: e)
            }
        case "g", "G", "n":
            body = generalFormat(
                magnitude, precision: spec.precision ?? 6, alternate: spec.alternate, addDotZero: false)
        default:
            throw unknownCode(type!, "float")
        }
        if magnitude.isNaN || magnitude.isInfinite {
            body = magnitude.isNaN ? "nan" : "inf"
            if type == "%" { body += "%" }
        }
        if type == "F" || type == "E" || type == "G" { body = body.uppercased() }
        if type == "n" { type = "g" }
        if let separator = spec.grouping, magnitude.isFinite {
            let integerEnd = body.firstIndex(where: { !$0.isNumber }) ?? body.endIndex
            let integerPart = String(body[..<integerEnd])
            let rest = String(body[integerEnd...])
            if spec.align == "=" && spec.fill == "0" && spec.width > 0 {
                let sign = signPrefix(negative: negative, spec)
                var padded = integerPart
                while sign.count + grouped(padded, separator: separator, group: 3).count + rest.count < spec.width {
                    padded = "0" + padded
                }
                return sign + grouped(padded, separator: separator, group: 3) + rest
            }
            body = grouped(integerPart, separator: separator, group: 3) + rest
        }
        return spec.pad(body, signPrefix: signPrefix(negative: negative, spec), defaultAlign: ">")
    }
}
