import CTierCore

// Methods of str, with CPython's Unicode rules for case, whitespace and character classes.

extension Unicode.Scalar {
    /// Python's `str.isspace()` per character: White_Space, plus the separators U+001C..U+001F that
    /// CPython counts through their bidirectional class.
    var isPythonWhitespace: Bool {
        TierVM.isPythonWhitespace(value)
    }
}

/// `isPythonWhitespace` by code point, answering ASCII from a table: Unicode property lookups are
/// slow enough to dominate `split()` on long text.
func isPythonWhitespace(_ c: UInt32) -> Bool {
    if c < 0x80 { return c == 0x20 || (0x09...0x0D).contains(c) || (0x1C...0x1F).contains(c) }
    return Unicode.Scalar(c).map { $0.properties.isWhitespace } ?? false
}

extension VM {
    func string(_ codePoints: [UInt32]) -> ts_value { ts_value(heap.makeString(codePoints: codePoints)) }
    func string(_ text: String) -> ts_value { ts_value(heap.makeString(text)) }

    /// A str argument. Methods converted to Argument Clinic in CPython name the method and the argument's
    /// position in the message (`replace() argument 1 must be str, not int`); the rest do not.
    private func strArgument(_ v: ts_value, _ method: String, position: Int? = nil) throws(PyError) -> StrRef {
        guard v.tag == .str else {
            let which = position.map { "\(method)() argument \($0) " } ?? ""
            throw PyError.typeError("\(which)must be str, not \(typeName(v))")
        }
        return v.str
    }

    /// Optional `start`/`end` arguments of find/count/startswith, adjusted as CPython's ADJUST_INDICES
    /// does: negative ones count from the end, `end` is clipped to the length, but `start` is not, so a
    /// start past the end finds nothing, not even the empty string.
    private func searchRange(_ args: Arguments, from position: Int, length: Int) throws(PyError) -> (Int, Int) {
        func bound(_ i: Int, _ fallback: Int) throws(PyError) -> Int {
            guard i < args.count, args[i].tag != .none else { return fallback }
            let n = try sliceIndex(args[i], "slice indices must be integers or None or have an __index__ method")
            return n < 0 ? max(0, n + length) : n
        }
        return (try bound(position, 0), min(try bound(position + 1, length), length))
    }

    private func whitespaceOrChars(_ args: Arguments, _ name: String) throws(PyError) -> (UInt32) -> Bool {
        try arity(args, name, 1...2)
        if args.count == 2, args[1].tag != .none {
            guard args[1].tag == .str else { throw PyError.typeError("\(name) arg must be None or str") }
            let chars = Set(args[1].str.codePoints)
            return { chars.contains($0) }
        }
        return isPythonWhitespace
    }

    private func mapScalars(_ s: StrRef, _ transform: (Unicode.Scalar) -> String) -> ts_value {
        var out = String.UnicodeScalarView()
        for c in s.codePoints {
            guard let scalar = Unicode.Scalar(c) else { continue }
            out.append(contentsOf: transform(scalar).unicodeScalars)
        }
        return string(String(out))
    }

    private func allScalars(_ s: StrRef, _ test: (Unicode.Scalar) -> Bool) -> ts_value {
        guard s.length > 0 else { return .false }
        return .bool(s.codePoints.allSatisfy { Unicode.Scalar($0).map(test) ?? false })
    }

    /// Python's isupper/islower: at least one cased character, and no cased one of the other case.
    private func casedCheck(_ s: StrRef, upper: Bool) -> ts_value {
        var sawCased = false
        for c in s.codePoints {
            guard let p = Unicode.Scalar(c)?.properties else { continue }
            if upper
                ? (p.isLowercase || p.generalCategory == .titlecaseLetter)
                : (p.isUppercase || p.generalCategory == .titlecaseLetter)
            {
                return .false
            }
            if upper ? p.isUppercase : p.isLowercase { sawCased = true }
        }
        return .bool(sawCased)
    }

    func registerStringMethods() {
        defineMethod(.str, "upper") { vm, args throws(PyError) in
            try vm.arity(args, "str.upper", 1...1)
            return vm.mapScalars(args[0].str) { $0.properties.uppercaseMapping }
        }
        defineMethod(.str, "lower") { vm, args throws(PyError) in
            try vm.arity(args, "str.lower", 1...1)
            let s = args[0].str
            // Final sigma: a capital sigma ending a word lowercases to ς, as CPython does.
            var out = String.UnicodeScalarView()
            let points = Array(s.codePoints)
            for (i, c) in points.enumerated() {
                guard let scalar = Unicode.Scalar(c) else { continue }
                if c == 0x3A3 {
                    let before = i > 0 && (Unicode.Scalar(points[i - 1])?.properties.isCased ?? false)
                    let after = i + 1 < points.count && (Unicode.Scalar(points[i + 1])?.properties.isCased ?? false)
                    out.append(before && !after ? "ς" : "σ")
                    continue
                }
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
            return vm.string(String(out))
        }
        defineMethod(.str, "swapcase") { vm, args throws(PyError) in
            vm.mapScalars(args[0].str) {
                $0.properties.isUppercase
                    ? $0.properties.lowercaseMapping
                    : $0.properties.isLowercase ? $0.properties.uppercaseMapping : String($0)
            }
        }
        defineMethod(.str, "title") { vm, args throws(PyError) in
            var previousCased = false
            return vm.mapScalars(args[0].str) { scalar in
                let mapped = previousCased ? scalar.properties.lowercaseMapping : scalar.properties.titlecaseMapping
                previousCased = scalar.properties.isCased
                return mapped
            }
        }
        defineMethod(.str, "capitalize") { vm, args throws(PyError) in
            var first = true
            return vm.mapScalars(args[0].str) { scalar in
                defer { first = false }
                return first ? scalar.properties.titlecaseMapping : scalar.properties.lowercaseMapping
            }
        }
        defineMethod(.str, "isdigit") { vm, args throws(PyError) in
            vm.allScalars(args[0].str) { $0.properties.numericType == .decimal || $0.properties.numericType == .digit }
        }
        defineMethod(.str, "isdecimal") { vm, args throws(PyError) in
            vm.allScalars(args[0].str) { $0.properties.numericType == .decimal }
        }
        defineMethod(.str, "isnumeric") { vm, args throws(PyError) in
            vm.allScalars(args[0].str) { $0.properties.numericType != nil }
        }
        defineMethod(.str, "isalpha") { vm, args throws(PyError) in
            vm.allScalars(args[0].str) { s in
                [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter].contains(
                    s.properties.generalCategory)
            }
        }
        defineMethod(.str, "isalnum") { vm, args throws(PyError) in
            vm.allScalars(args[0].str) { s in
                s.properties.numericType != nil
                    || [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter].contains(
                        s.properties.generalCategory)
            }
        }
        defineMethod(.str, "isspace") { vm, args throws(PyError) in vm.allScalars(args[0].str) { $0.isPythonWhitespace }
        }
        defineMethod(.str, "isupper") { vm, args throws(PyError) in vm.casedCheck(args[0].str, upper: true) }
        defineMethod(.str, "islower") { vm, args throws(PyError) in vm.casedCheck(args[0].str, upper: false) }
        defineMethod(.str, "isidentifier") { vm, args throws(PyError) in
            let points = Array(args[0].str.codePoints)
            guard let first = points.first, let s = Unicode.Scalar(first), s.properties.isXIDStart || s == "_" else {
                return .false
            }
            return .bool(points.dropFirst().allSatisfy { Unicode.Scalar($0)?.properties.isXIDContinue ?? false })
        }
        defineMethod(.str, "strip") { vm, args throws(PyError) in try vm.strip(args, "strip", left: true, right: true) }
        defineMethod(.str, "lstrip") { vm, args throws(PyError) in
            try vm.strip(args, "lstrip", left: true, right: false)
        }
        defineMethod(.str, "rstrip") { vm, args throws(PyError) in
            try vm.strip(args, "rstrip", left: false, right: true)
        }
        defineMethod(.str, "split") { vm, args throws(PyError) in try vm.split(args, fromRight: false) }
        defineMethod(.str, "rsplit") { vm, args throws(PyError) in try vm.split(args, fromRight: true) }
        defineMethod(.str, "splitlines") { vm, args throws(PyError) in
            try args.checkKeywords("splitlines", allowed: ["keepends"])
            let keepends = args.count > 1 ? args[1] : args.keyword("keepends")
            if let keepends, !keepends.isIntegral {
                throw PyError.typeError("'\(vm.typeName(keepends))' object cannot be interpreted as an integer")
            }
            let keep = keepends.map { vm.isTruthy($0) } ?? false
            let points = Array(args[0].str.codePoints)
            let breaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
            let result = vm.heap.makeList()
            var start = 0
            var i = 0
            while i < points.count {
                if breaks.contains(points[i]) {
                    var end = i + 1
                    if points[i] == 0x0D, end < points.count, points[end] == 0x0A { end += 1 }
                    result.append(vm.string(Array(points[start..<(keep ? end : i)])), heap: vm.heap)
                    start = end
                    i = end
                } else {
                    i += 1
                }
            }
            if start < points.count { result.append(vm.string(Array(points[start...])), heap: vm.heap) }
            return ts_value(result)
        }
        defineMethod(.str, "join") { vm, args throws(PyError) in
            try vm.methodArity(args, "str.join", 1...1, .singleArgument)
            let separator = args[0].str
            if args[1].tag == .list || args[1].tag == .tuple {
                let items = args[1].tag == .list ? args[1].list.buffer : args[1].tuple.buffer
                return try ts_value(vm.join(UnsafeBufferPointer(items), with: separator))
            }
            var out: [UInt32] = []
            var index = 0
            var items = args[1]
            if items.tag != .list && items.tag != .tuple {
                // CPython's PySequence_Fast: only failing to make the iterator gets the join message.
                do throws(PyError) {
                    items = try vm.getIterator(items)
                } catch  where error.typeName == "TypeError" {
                    throw PyError.typeError("can only join an iterable")
                }
            }
            try vm.forEach(items) { (item) throws(PyError) in
                guard item.tag == .str else {
                    throw PyError.typeError("sequence item \(index): expected str instance, \(vm.typeName(item)) found")
                }
                if index > 0 { out += separator.codePoints }
                out += item.str.codePoints
                index += 1
            }
            return vm.string(out)
        }
        defineMethod(.str, "format") { vm, args throws(PyError) in try vm.formatTemplate(args) }
        defineMethod(.str, "format_map") { vm, args throws(PyError) in
            guard args.count == 2, !args.hasKeywords else {
                if args.hasKeywords { throw PyError.typeError("str.format_map() takes no keyword arguments") }
                throw PyError.typeError("str.format_map() takes exactly one argument (\(args.count - 1) given)")
            }
            return try vm.formatTemplate(args[0].str, mapping: args[1])
        }
        defineMethod(.str, "replace") { vm, args throws(PyError) in
            try vm.methodArity(args, "replace", 2...3)
            let s = args[0].str
            let old = try vm.strArgument(args[1], "replace", position: 1)
            let new = Array(try vm.strArgument(args[2], "replace", position: 2).codePoints)
            var remaining = args.count > 3 ? try vm.machineInt(args[3]) : -1
            if remaining < 0 { remaining = Int.max }
            var out: [UInt32] = []
            var i = 0
            if old.length == 0 {
                for c in s.codePoints {
                    if remaining > 0 {
                        out += new
                        remaining -= 1
                    }
                    out.append(c)
                }
                if remaining > 0 { out += new }
                return vm.string(out)
            }
            while i < s.length {
                if remaining > 0 {
                    let found = vm.find(old, in: s, from: i, to: s.length)
                    if found >= 0 {
                        out += s.codePoints[i..<found]
                        out += new
                        i = found + old.length
                        remaining -= 1
                        continue
                    }
                }
                out += s.codePoints[i...]
                break
            }
            return vm.string(out)
        }
        for (name, fromRight, raising) in [
            ("find", false, false), ("rfind", true, false), ("index", false, true), ("rindex", true, true),
        ] {
            defineMethod(.str, name) { vm, args throws(PyError) in
                try vm.methodArity(args, name, 1...3, .parseTuple)
                let s = args[0].str
                let needle = try vm.strArgument(args[1], name)
                let (from, to) = try vm.searchRange(args, from: 2, length: s.length)
                var found = -1
                if fromRight {
                    var i = to - needle.length
                    while i >= from {
                        if vm.find(needle, in: s, from: i, to: i + needle.length) == i {
                            found = i
                            break
                        }
                        i -= 1
                    }
                } else {
                    found = vm.find(needle, in: s, from: from, to: to)
                }
                if found < 0 && raising { throw PyError.valueError("substring not found") }
                return .int(found)
            }
        }
        defineMethod(.str, "count") { vm, args throws(PyError) in
            try vm.methodArity(args, "count", 1...3, .parseTuple)
            let s = args[0].str
            let needle = try vm.strArgument(args[1], "count")
            let (from, to) = try vm.searchRange(args, from: 2, length: s.length)
            if needle.length == 0 { return .int(max(0, to - from + 1)) }
            var n = 0
            var i = from
            while true {
                let found = vm.find(needle, in: s, from: i, to: to)
                if found < 0 { break }
                n += 1
                i = found + needle.length
            }
            return .int(n)
        }
        for (name, atEnd) in [("startswith", false), ("endswith", true)] {
            defineMethod(.str, name) { vm, args throws(PyError) in
                try vm.methodArity(args, name, 1...3, .parseTuple)
                let s = args[0].str
                let (from, to) = try vm.searchRange(args, from: 2, length: s.length)
                let candidates = args[1].tag == .tuple ? Array(args[1].tuple.buffer) : [args[1]]
                for c in candidates {
                    guard c.tag == .str else {
                        throw PyError.typeError(
                            args[1].tag == .tuple
                                ? "tuple for \(name) must only contain str, not \(vm.typeName(c))"
                                : "\(name) first arg must be str or a tuple of str, not \(vm.typeName(c))")
                    }
                    let p = c.str
                    guard to - from >= p.length else { continue }
                    let at = atEnd ? to - p.length : from
                    if vm.find(p, in: s, from: at, to: at + p.length) == at { return .true }
                }
                return .false
            }
        }
        for (name, alignment) in [("center", 0), ("ljust", -1), ("rjust", 1)] {
            defineMethod(.str, name) { vm, args throws(PyError) in
                try vm.methodArity(args, name, 1...2)
                let s = args[0].str
                let width = try vm.machineInt(args[1])
                var fill: UInt32 = 0x20
                if args.count == 3 {
                    guard args[2].tag == .str else {
                        throw PyError.typeError(
                            "The fill character must be a unicode character, not \(vm.typeName(args[2]))")
                    }
                    guard args[2].str.length == 1 else {
                        throw PyError.typeError("The fill character must be exactly one character long")
                    }
                    fill = args[2].str[0]
                }
                guard width > s.length else { return args[0] }
                if width > vm.options.maximumItems { throw PyError.memoryError() }
                let padding = width - s.length
                var left = alignment < 0 ? 0 : alignment > 0 ? padding : padding / 2
                // CPython centers odd padding to the left when the width is odd.
                if alignment == 0 && padding % 2 == 1 && width % 2 == 1 { left += 1 }
                let out =
                    Array(repeating: fill, count: left) + Array(s.codePoints)
                    + Array(repeating: fill, count: padding - left)
                return vm.string(out)
            }
        }
        defineMethod(.str, "zfill") { vm, args throws(PyError) in
            try vm.methodArity(args, "str.zfill", 1...1, .singleArgument)
            var points = Array(args[0].str.codePoints)
            let width = try vm.machineInt(args[1])
            guard width > points.count else { return args[0] }
            if width > vm.options.maximumItems { throw PyError.memoryError() }
            let signed = points.first == 0x2B || points.first == 0x2D
            points.insert(contentsOf: Array(repeating: 0x30, count: width - points.count), at: signed ? 1 : 0)
            return vm.string(points)
        }
        for (name, fromRight) in [("partition", false), ("rpartition", true)] {
            defineMethod(.str, name) { vm, args throws(PyError) in
                try vm.methodArity(args, "str.\(name)", 1...1, .singleArgument)
                let s = args[0].str
                let sep = try vm.strArgument(args[1], name)
                if sep.length == 0 { throw PyError.valueError("empty separator") }
                var found = -1
                if fromRight {
                    var i = s.length - sep.length
                    while i >= 0 {
                        if vm.find(sep, in: s, from: i, to: i + sep.length) == i {
                            found = i
                            break
                        }
                        i -= 1
                    }
                } else {
                    found = vm.find(sep, in: s, from: 0, to: s.length)
                }
                let empty = ts_value(vm.intern(""))
                if found < 0 {
                    return ts_value(vm.heap.makeTuple(fromRight ? [empty, empty, args[0]] : [args[0], empty, empty]))
                }
                let head = vm.string(Array(s.codePoints[0..<found]))
                let tail = vm.string(Array(s.codePoints[(found + sep.length)...]))
                return ts_value(vm.heap.makeTuple([head, args[1], tail]))
            }
        }
    }

    private func strip(_ args: Arguments, _ name: String, left: Bool, right: Bool) throws(PyError) -> ts_value {
        let matches = try whitespaceOrChars(args, name)
        let s = args[0].str
        var start = 0
        var end = s.length
        if left { while start < end && matches(s[start]) { start += 1 } }
        if right { while end > start && matches(s[end - 1]) { end -= 1 } }
        if start == 0 && end == s.length { return args[0] }
        return ts_value(substring(s, SliceBounds(start: start, stop: end, step: 1, count: end - start)))
    }

    private func split(_ args: Arguments, fromRight: Bool) throws(PyError) -> ts_value {
        let name = fromRight ? "rsplit" : "split"
        try args.checkKeywords(name, allowed: ["sep", "maxsplit"])
        try arity(args, name, 1...3)
        let separator = args.count > 1 ? args[1] : (args.keyword("sep") ?? .none)
        var maxSplit =
            try (args.count > 2 ? args[2] : args.keyword("maxsplit")).map { (v) throws(PyError) in try machineInt(v) }
            ?? -1
        if maxSplit < 0 { maxSplit = Int.max }
        let subject = args[0].str
        // With no limit, splitting from the right gives the same pieces.
        if subject.pointee.kind == 1, !fromRight || maxSplit == Int.max {
            if separator.tag == .none { return ts_value(splitASCII(subject, maxSplit: maxSplit)) }
            if separator.tag == .str, separator.str.pointee.kind == 1, separator.str.pointee.length > 0 {
                return ts_value(splitASCII(subject, on: separator.str, maxSplit: maxSplit))
            }
        }
        let points = Array(subject.codePoints)
        var pieces: [[UInt32]] = []
        if separator.tag == .none {
            let isSpace = isPythonWhitespace
            var work = fromRight ? Array(points.reversed()) : points
            var i = 0
            while true {
                while i < work.count && isSpace(work[i]) { i += 1 }
                if i == work.count { break }
                if pieces.count == maxSplit {
                    // The rest keeps its whitespace at the far end, as CPython's does.
                    pieces.append(Array(work[i...]))
                    break
                }
                let start = i
                while i < work.count && !isSpace(work[i]) { i += 1 }
                pieces.append(Array(work[start..<i]))
            }
            if fromRight {
                pieces = pieces.reversed().map { Array($0.reversed()) }
                work.removeAll()
            }
        } else {
            guard separator.tag == .str else {
                throw PyError.typeError("must be str or None, not \(typeName(separator))")
            }
            let sep = Array(separator.str.codePoints)
            if sep.isEmpty { throw PyError.valueError("empty separator") }
            let work = fromRight ? Array(points.reversed()) : points
            let needle = fromRight ? Array(sep.reversed()) : sep
            var start = 0
            var i = 0
            while i + needle.count <= work.count && pieces.count < maxSplit {
                if work[i..<i + needle.count].elementsEqual(needle) {
                    pieces.append(Array(work[start..<i]))
                    i += needle.count
                    start = i
                } else {
                    i += 1
                }
            }
            pieces.append(Array(work[start...]))
            if fromRight { pieces = pieces.reversed().map { Array($0.reversed()) } }
        }
        return ts_value(heap.makeList(pieces.map { string($0) }))
    }

    /// `split()` of an ASCII str on runs of whitespace, over its bytes: each piece is made straight from
    /// its bytes, with no code-point arrays between (word counting splits megabytes of text).
    private func splitASCII(_ s: StrRef, maxSplit: Int) -> ListRef {
        let bytes = ts_str_ascii(s)
        let count = Int(s.pointee.length)
        let result = heap.makeList()
        var i = 0
        while true {
            while i < count && isPythonWhitespace(UInt32(bytes[i])) { i += 1 }
            if i == count { break }
            let start = i
            if Int(result.pointee.count) == maxSplit {
                // The rest keeps its trailing whitespace, as CPython's does.
                appendPiece(result, bytes + start, count - start)
                break
            }
            while i < count && !isPythonWhitespace(UInt32(bytes[i])) { i += 1 }
            appendPiece(result, bytes + start, i - start)
        }
        return result
    }

    /// `split(sep)` of an ASCII str on a non-empty ASCII separator, over its bytes.
    private func splitASCII(_ s: StrRef, on separator: StrRef, maxSplit: Int) -> ListRef {
        let bytes = ts_str_ascii(s)
        let count = Int(s.pointee.length)
        let needle = ts_str_ascii(separator)
        let width = Int(separator.pointee.length)
        let result = heap.makeList()
        var start = 0
        while Int(result.pointee.count) < maxSplit {
            let offset = ts_find_bytes(bytes + start, count - start, needle, width)
            if offset < 0 { break }
            appendPiece(result, bytes + start, Int(offset))
            start += Int(offset) + width
        }
        appendPiece(result, bytes + start, count - start)
        return result
    }

    private func appendPiece(_ list: ListRef, _ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) {
        let piece = heap.makeASCIIString(UnsafeRawBufferPointer(start: bytes, count: count))
        list.append(ts_value(piece), heap: heap)
    }

    /// `separator.join(items)` for a list or tuple: the length first, then one str filled in place, with
    /// no code-point arrays between.
    func join(_ items: UnsafeBufferPointer<ts_value>, with separator: StrRef) throws(PyError) -> StrRef {
        var length = separator.length * Swift.max(items.count - 1, 0)
        var wide = !separator.isASCII && items.count > 1
        for (index, item) in items.enumerated() {
            guard item.tag == .str else {
                throw PyError.typeError("sequence item \(index): expected str instance, \(typeName(item)) found")
            }
            length += item.str.length
            wide = wide || !item.str.isASCII
        }
        if items.count == 1 { return items[0].str }
        if !wide {
            // Words are short: a byte loop beats a memmove call for each of them.
            return heap.makeString(length: length, wide: false) { raw in
                var out = raw.assumingMemoryBound(to: UInt8.self)
                let separatorBytes = ts_str_ascii(separator)
                let separatorCount = separator.length
                for i in 0..<items.count {
                    if i > 0 { appendBytes(&out, separatorBytes, separatorCount) }
                    let item = items[i].str
                    appendBytes(&out, ts_str_ascii(item), item.length)
                }
            }
        }
        return heap.makeString(length: length, wide: true) { out in
            var offset = 0
            for (index, item) in items.enumerated() {
                if index > 0 {
                    heap.copyCodePoints(of: separator, to: out, wide: true, at: offset)
                    offset += separator.length
                }
                heap.copyCodePoints(of: item.str, to: out, wide: true, at: offset)
                offset += item.str.length
            }
        }
    }

    @inline(__always) private func appendBytes(
        _ out: inout UnsafeMutablePointer<UInt8>, _ bytes: UnsafeMutablePointer<UInt8>, _ count: Int
    ) {
        if count <= 16 {
            for k in 0..<count { out[k] = bytes[k] }
        } else {
            out.update(from: bytes, count: count)
        }
        out += count
    }
}
