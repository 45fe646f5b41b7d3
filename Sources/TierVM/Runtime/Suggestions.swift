import CTierCore

// "Did you mean: 'total'?" — CPython 3.11's suggestions for NameError and AttributeError: the candidate
// at the smallest case-aware Levenshtein distance, within a bound that grows with the names' lengths.

enum Suggestions {
    private static let moveCost = 2
    private static let caseCost = 1
    private static let maximumCandidates = 750
    private static let maximumLength = 40

    static func best(for name: String, among candidates: [String]) -> String? {
        let target = Array(name.unicodeScalars)
        guard candidates.count <= maximumCandidates, target.count <= maximumLength else { return nil }
        var suggestion: String? = nil
        var suggestionDistance = Int.max
        for candidate in candidates where candidate != name {
            let item = Array(candidate.unicodeScalars)
            var maximumDistance = (target.count + item.count + 3) * moveCost / 6
            maximumDistance = min(maximumDistance, suggestionDistance - 1)
            let distance = levenshtein(target, item, maximumCost: maximumDistance)
            if distance > maximumDistance { continue }
            if suggestion == nil || distance < suggestionDistance {
                suggestion = candidate
                suggestionDistance = distance
            }
        }
        return suggestion
    }

    private static func substitutionCost(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int {
        if a == b { return 0 }
        if a.properties.lowercaseMapping == b.properties.lowercaseMapping { return caseCost }
        return moveCost
    }

    private static func levenshtein(_ first: [Unicode.Scalar], _ second: [Unicode.Scalar], maximumCost: Int) -> Int {
        var a = first[...]
        var b = second[...]
        if a == b { return 0 }
        while let x = a.first, let y = b.first, x == y {
            a = a.dropFirst()
            b = b.dropFirst()
        }
        while let x = a.last, let y = b.last, x == y {
            a = a.dropLast()
            b = b.dropLast()
        }
        if a.isEmpty || b.isEmpty { return moveCost * (a.count + b.count) }
        if a.count > maximumLength || b.count > maximumLength { return maximumCost + 1 }
        if b.count < a.count { swap(&a, &b) }
        if (b.count - a.count) * moveCost > maximumCost { return maximumCost + 1 }
        let shorter = Array(a)
        var buffer = (0..<shorter.count).map { moveCost * ($0 + 1) }
        var result = 0
        for (bIndex, code) in b.enumerated() {
            var distance = bIndex * moveCost
            result = distance
            var minimum = Int.max
            for index in 0..<shorter.count {
                let substitute = distance + substitutionCost(code, shorter[index])
                distance = buffer[index]
                let insertDelete = min(result, distance) + moveCost
                result = min(insertDelete, substitute)
                buffer[index] = result
                if result < minimum { minimum = result }
            }
            if minimum > maximumCost { return maximumCost + 1 }
        }
        return result
    }
}

extension VM {
    /// NameError for `name`, with CPython's suggestion from the frame's locals, the globals, then builtins.
    func undefinedName(_ name: StrRef, _ frame: FrameRef) -> PyError {
        let text = name.string
        let code = frame.code
        let keys = { (d: DictRef) in d.entries.filter { !$0.key.isNull && $0.key.tag == .str }.map { $0.key.str.string }
        }
        let suggestion =
            Suggestions.best(for: text, among: code.kind == .module ? [] : code.localNames)
            ?? Suggestions.best(for: text, among: keys(frame.pointee.globals))
            ?? Suggestions.best(for: text, among: keys(builtinsDict))
        var message = "name '\(text)' is not defined"
        if let suggestion { message += ". Did you mean: '\(suggestion)'?" }
        return PyError.nameError(message)
    }
}
