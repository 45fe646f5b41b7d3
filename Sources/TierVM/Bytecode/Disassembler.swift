import CTierCore

/// Listings of bytecode in the spirit of `python3 -m dis`: line numbers, jump targets marked `>>`,
/// offsets, opcode names, arguments and what the arguments mean.
public enum Disassembler {
    /// `showCaches` adds each specialisable instruction's inline cache: how warm it is, its misses,
    /// its backoff (`tierscope dis --adaptive`, after a run).
    public static func listing(of program: CodeObject, showCaches: Bool = false) -> String {
        program.allCodeObjects.map { listing(ofCode: $0, showCaches: showCaches) }.joined(separator: "\n")
    }

    public static func title(of code: CodeObject) -> String {
        switch code.kind {
        case .module: "Disassembly of <module> (\(code.filename)):"
        case .classBody: "Disassembly of class body \(code.qualifiedName) (line \(code.firstLine)):"
        case .function, .lambda: "Disassembly of \(code.qualifiedName) (line \(code.firstLine)):"
        }
    }

    public static func listing(ofCode code: CodeObject, showCaches: Bool = false) -> String {
        var text = title(of: code) + "\n"
        var targets = Set<Int>()
        for i in 0..<code.instructionCount where code.opcode(at: i).isJump {
            targets.insert(Int(code.argument(at: i)))
        }
        var previousLine: Int32 = -1
        for i in 0..<code.instructionCount {
            let line = code.line(at: i)
            var lineColumn = "   "
            if line != previousLine {
                if previousLine != -1 { text += "\n" }
                lineColumn = String(line).leftPadded(to: 3, with: " ")
                previousLine = line
            }
            var entry = lineColumn + "    " + instructionText(code, at: i, isTarget: targets.contains(i))
            if showCaches, code.opcode(at: i).isSpecializable {
                entry = entry.padding(to: 64) + cacheText(code.caches[i], code.opcode(at: i))
            }
            text += entry + "\n"
        }
        return text
    }

    /// One instruction: `>>    12 FOR_ITER                30 (to 30)`.
    public static func instructionText(_ code: CodeObject, at i: Int, isTarget: Bool = false) -> String {
        let op = code.opcode(at: i)
        let arg = code.argument(at: i)
        var text = (isTarget ? ">>" : "  ") + String(i).leftPadded(to: 6, with: " ") + " "
        let name = "\(op)"
        guard op.argumentKind != .none else { return text + name }
        text += name.padding(to: 24) + String(arg).leftPadded(to: 4, with: " ")
        let meaning = argumentMeaning(code, op, arg)
        if !meaning.isEmpty { text += " (\(meaning))" }
        return text
    }

    /// What an inline cache says about its instruction's progress through Tier 1.
    public static func cacheText(_ cache: ts_cache, _ op: Opcode) -> String {
        if op.isSpecialized { return "[specialised, \(cache.misses) misses]" }
        let attempts = cache.backoff > 0 ? ", \(cache.backoff) attempts" : ""
        if cache.state != 0 { return "[backing off: \(cache.counter) to go\(attempts)]" }
        if cache.signature == 0 { return "[cold]" }
        return "[warming up: \(cache.counter) to go\(attempts)]"
    }

    public static func argumentMeaning(_ code: CodeObject, _ op: Opcode, _ arg: Int32) -> String {
        let n = Int(arg)
        switch op.argumentKind {
        case .none, .plain, .count:
            return ""
        case .constant:
            return n < code.constants.count ? constantRepr(code.constants[n]) : "?"
        case .local:
            return n < code.localNames.count ? code.localNames[n] : "?"
        case .name:
            return n < code.names.count ? code.names[n] : "?"
        case .global:
            let name = n >> 1 < code.names.count ? code.names[n >> 1] : "?"
            return n & 1 != 0 ? "NULL + \(name)" : name
        case .attribute:
            let name = n >> 1 < code.names.count ? code.names[n >> 1] : "?"
            return n & 1 != 0 ? "NULL|self + \(name)" : name
        case .jump:
            return "to \(n)"
        case .binaryOperator:
            guard let (op, inPlace) = BinaryOperator.decode(arg) else { return "?" }
            return op.symbol + (inPlace ? "=" : "")
        case .compareOperator:
            return ComparisonOperator(rawValue: arg)?.symbol ?? "?"
        case .function:
            guard n < code.functions.count else { return "?" }
            let f = code.functions[n]
            return "<code \(f.qualifiedName), line \(f.firstLine)>"
        case .conversion:
            return ["", "str", "repr", "ascii"][min(3, max(0, n))]
        case .invert:
            if op == .IS_OP { return n == 0 ? "is" : "is not" }
            return n == 0 ? "in" : "not in"
        }
    }

    /// A constant as Python's repr shows it.
    public static func constantRepr(_ c: Constant) -> String {
        switch c {
        case .none: "None"
        case .bool(let b): b ? "True" : "False"
        case .int(let i): i.description
        case .float(let f): formatFloatRepr(f)
        case .str(let s): quotedStringLiteral(s.unicodeScalars.map(\.value))
        case .tuple(let items):
            items.count == 1
                ? "(\(constantRepr(items[0])),)" : "(" + items.map(constantRepr).joined(separator: ", ") + ")"
        }
    }
}

extension String {
    /// The text followed by spaces to `width`, and at least one (columns of listings).
    public func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
