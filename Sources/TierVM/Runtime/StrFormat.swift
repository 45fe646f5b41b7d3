import CTierCore

// str.format and str.format_map: CPython's template parser (Objects/stringlib/unicode_format.h) ported
// step for step, so that fields, conversions, nested specs, auto-numbering and every error come out as
// python3's. Each field's value is written by format(), the code behind f-strings too.

extension VM {
    /// `template.format(*args, **kwargs)`: `args[0]` is the template.
    func formatTemplate(_ args: Arguments) throws(PyError) -> ts_value {
        try formatTemplate(args[0].str, .call(args))
    }

    /// `template.format_map(mapping)`.
    func formatTemplate(_ template: StrRef, mapping: ts_value) throws(PyError) -> ts_value {
        try formatTemplate(template, .mapping(mapping))
    }

    private func formatTemplate(_ template: StrRef, _ source: TemplateFormatter.Source) throws(PyError) -> ts_value {
        let rootCount = heap.temporaryRoots.count
        defer { heap.temporaryRoots.removeLast(heap.temporaryRoots.count - rootCount) }
        var formatter = TemplateFormatter(vm: self, text: Array(template.codePoints), source: source)
        // PEP 3101 allows one level of fields inside a spec: "{0:{1}}" but not "{0:{1:{2}}}".
        return string(try formatter.build(0..<formatter.text.count, depth: 2))
    }
}

private struct TemplateFormatter {
    /// Where fields find their values.
    enum Source {
        /// format(): positional arguments after the template, and keyword arguments.
        case call(Arguments)
        /// format_map(): names only, looked up by subscript.
        case mapping(ts_value)
    }

    /// Automatic (`{}`) or manual (`{0}`) numbering; a template may not mix them.
    private enum Numbering { case unset, automatic, manual }

    let vm: VM
    let text: [UInt32]
    let source: Source
    private var numbering = Numbering.unset
    private var nextField = 0

    init(vm: VM, text: [UInt32], source: Source) {
        self.vm = vm
        self.text = text
        self.source = source
    }

    private static let open: UInt32 = 0x7B
    private static let close: UInt32 = 0x7D

    /// build_string and do_markup: literal text with `{{`/`}}` unescaped, and each field rendered.
    mutating func build(_ range: Range<Int>, depth: Int) throws(PyError) -> [UInt32] {
        if depth <= 0 { throw PyError.valueError("Max string recursion exceeded") }
        var out: [UInt32] = []
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            // MarkupIterator_next: literal text up to a brace.
            let literalStart = i
            var c: UInt32 = 0
            var markup = false
            while i < end {
                c = text[i]
                i += 1
                if c == Self.open || c == Self.close {
                    markup = true
                    break
                }
            }
            let atEnd = i >= end
            var literalEnd = i
            if markup && c == Self.close && (atEnd || text[i] != Self.close) {
                throw PyError.valueError("Single '}' encountered in format string")
            }
            if markup && atEnd && c == Self.open {
                throw PyError.valueError("Single '{' encountered in format string")
            }
            if markup {
                if text[i] == c {
                    // An escaped brace: the literal keeps one of the two.
                    i += 1
                    markup = false
                } else {
                    literalEnd -= 1
                }
            }
            out += text[literalStart..<literalEnd]
            if markup { out += try field(at: &i, end: end, depth: depth) }
        }
        return out
    }

    /// parse_field and output_markup: `{name!conversion:spec}` from just after its `{`.
    private mutating func field(at i: inout Int, end: Int, depth: Int) throws(PyError) -> [UInt32] {
        let nameStart = i
        var c: UInt32 = 0
        scan: while i < end {
            c = text[i]
            i += 1
            switch c {
            case Self.open:
                throw PyError.valueError("unexpected '{' in field name")
            case 0x5B:  // '[': an index may hold ':' and '!'
                while i < end && text[i] != 0x5D { i += 1 }
            case Self.close, 0x3A, 0x21:
                break scan
            default:
                continue
            }
        }
        let name = nameStart..<(i - 1)
        var conversion: UInt32 = 0
        var spec = 0..<0
        var specHasFields = false
        if c == 0x21 || c == 0x3A {
            var specFollows = true
            if c == 0x21 {
                guard i < end else {
                    throw PyError.valueError("end of string while looking for conversion specifier")
                }
                conversion = text[i]
                i += 1
                if i < end {
                    let next = text[i]
                    i += 1
                    if next == Self.close {
                        specFollows = false
                    } else if next != 0x3A {
                        throw PyError.valueError("expected ':' after conversion specifier")
                    }
                }
            }
            if specFollows {
                let specStart = i
                var open = 1
                while open > 0 {
                    guard i < end else { throw PyError.valueError("unmatched '{' in format spec") }
                    let k = text[i]
                    i += 1
                    if k == Self.open {
                        specHasFields = true
                        open += 1
                    } else if k == Self.close {
                        open -= 1
                    }
                }
                spec = specStart..<(i - 1)
            }
        } else if c != Self.close {
            throw PyError.valueError("expected '}' before end of string")
        }

        var value = try fieldValue(name)
        if conversion != 0 { value = ts_value(vm.heap.makeString(try convert(value, conversion))) }
        vm.heap.temporaryRoots.append(value)
        let specText = specHasFields ? try build(spec, depth: depth - 1) : Array(text[spec])
        let spelled = String(String.UnicodeScalarView(specText.compactMap(Unicode.Scalar.init)))
        return try vm.format(value, spec: spelled).unicodeScalars.map(\.value)
    }

    /// do_conversion: `!r`, `!s` or `!a`.
    private func convert(_ v: ts_value, _ conversion: UInt32) throws(PyError) -> String {
        switch conversion {
        case 0x72: return try vm.reprText(v)
        case 0x73: return try vm.strText(v)
        case 0x61: return try vm.asciiText(v)
        default:
            let shown =
                conversion > 32 && conversion < 127
                ? String(Character(Unicode.Scalar(UInt8(conversion)))) : "\\x" + String(conversion, radix: 16)
            throw PyError.valueError("Unknown conversion specifier \(shown)")
        }
    }

    /// get_integer: a field name part that is all decimal digits (of any script), or nil.
    private func integer(_ range: Range<Int>) throws(PyError) -> Int? {
        guard !range.isEmpty else { return nil }
        var n = 0
        for k in range {
            guard let scalar = Unicode.Scalar(text[k]), scalar.properties.numericType == .decimal,
                let value = scalar.properties.numericValue
            else { return nil }
            let digit = Int(value)
            guard n <= (Int.max - digit) / 10 else {
                throw PyError.valueError("Too many decimal digits in format string")
            }
            n = n * 10 + digit
        }
        return n
    }

    private func string(_ range: Range<Int>) -> ts_value { vm.string(Array(text[range])) }

    /// get_field_object: the first part (a position, automatic or not, or a name), then each `.attribute`
    /// and `[index]` after it.
    private mutating func fieldValue(_ name: Range<Int>) throws(PyError) -> ts_value {
        var k = name.lowerBound
        while k < name.upperBound && text[k] != 0x2E && text[k] != 0x5B { k += 1 }
        let first = name.lowerBound..<k
        var index = try integer(first)
        if first.isEmpty || index != nil {
            if numbering == .unset { numbering = first.isEmpty ? .automatic : .manual }
            if numbering == .manual && first.isEmpty {
                throw PyError.valueError(
                    "cannot switch from manual field specification to automatic field numbering")
            }
            if numbering == .automatic && !first.isEmpty {
                throw PyError.valueError(
                    "cannot switch from automatic field numbering to manual field specification")
            }
            if first.isEmpty {
                index = nextField
                nextField += 1
            }
        }
        var value: ts_value
        if let index {
            guard case .call(let args) = source else {
                throw PyError.valueError("Format string contains positional fields")
            }
            guard index < args.count - 1 else {
                throw PyError.indexError("Replacement index \(index) out of range for positional args tuple")
            }
            value = args[index + 1]
        } else {
            let key = string(first)
            switch source {
            case .call(let args):
                guard let found = keyword(key.str, in: args) else {
                    throw PyError("KeyError", try vm.reprText(key))
                }
                value = found
            case .mapping(let mapping):
                value = try vm.getSubscript(mapping, key)
            }
        }
        // FieldNameIterator_next, until the name is used up.
        while k < name.upperBound {
            vm.heap.temporaryRoots.append(value)
            let mark = text[k]
            k += 1
            let partStart = k
            let part: Range<Int>
            switch mark {
            case 0x2E:
                while k < name.upperBound && text[k] != 0x2E && text[k] != 0x5B { k += 1 }
                part = partStart..<k
            case 0x5B:
                while k < name.upperBound && text[k] != 0x5D { k += 1 }
                guard k < name.upperBound else { throw PyError.valueError("Missing ']' in format string") }
                part = partStart..<k
                k += 1
            default:
                throw PyError.valueError("Only '.' or '[' may follow ']' in format field specifier")
            }
            let position = mark == 0x5B ? try integer(part) : nil
            if part.isEmpty { throw PyError.valueError("Empty attribute in format string") }
            if mark == 0x2E {
                value = try vm.loadAttribute(value, string(part).str)
            } else {
                value = try vm.getSubscript(value, position.map { .int($0) } ?? string(part))
            }
        }
        return value
    }

    private func keyword(_ name: StrRef, in args: Arguments) -> ts_value? {
        guard let names = args.keywordNames else { return nil }
        for i in 0..<names.count where names.items[i].str.isEqual(to: name) { return args.keywordValues[i] }
        return nil
    }
}
