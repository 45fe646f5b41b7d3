import Foundation
import TOMLKit

/// Every role a theme styles, in the order `Theme` declares them. The raw value is the role's key in the
/// `[styles]` table of a theme file.
public enum ThemeRole: String, CaseIterable, Sendable {
    case text, dim, border, title, focusedBorder, focusedTitle, selection, linked
    case heat
    case tier0, tier1, tier2, tierJIT
    case opcode, specialized, guardOp, removed, exit, traceMarker
    case promotion, fallBack
    case error, output, statusBar, key, overlay

    /// The number of heat levels a theme gives, coolest first: one per gutter glyph ▁▂▃▄▅▆▇█.
    public static let heatLevels = 8

    /// Where the role's style lives in a `Theme`; nil for `heat`, which has a style per level.
    public var keyPath: WritableKeyPath<Theme, Style>? {
        switch self {
        case .text: \.text
        case .dim: \.dim
        case .border: \.border
        case .title: \.title
        case .focusedBorder: \.focusedBorder
        case .focusedTitle: \.focusedTitle
        case .selection: \.selection
        case .linked: \.linked
        case .heat: nil
        case .tier0: \.tier0
        case .tier1: \.tier1
        case .tier2: \.tier2
        case .tierJIT: \.tierJIT
        case .opcode: \.opcode
        case .specialized: \.specialized
        case .guardOp: \.guardOp
        case .removed: \.removed
        case .exit: \.exit
        case .traceMarker: \.traceMarker
        case .promotion: \.promotion
        case .fallBack: \.fallBack
        case .error: \.error
        case .output: \.output
        case .statusBar: \.statusBar
        case .key: \.key
        case .overlay: \.overlay
        }
    }
}

/// A theme as its file gives it: the theme in full colour, and the attributes each role adds when the
/// terminal shows no colour at all (its `mono` list). Draw with `theme(for:)`, never with `theme` directly,
/// so that the colours are ones the terminal has.
public struct LoadedTheme: Sendable, Equatable {
    public var theme: Theme
    /// The `mono` attributes of each role that has any; heat levels are in `heatMono`.
    public var mono: [ThemeRole: Attributes]
    /// The `mono` attributes of each heat level, coolest first.
    public var heatMono: [Attributes]

    public init(theme: Theme, mono: [ThemeRole: Attributes] = [:], heatMono: [Attributes] = []) {
        self.theme = theme
        self.mono = mono
        self.heatMono = heatMono
    }

    public var name: String { theme.name }

    /// The theme brought down to what a terminal of `depth` shows.
    public func theme(for depth: ColorDepth) -> Theme {
        var result = theme
        for role in ThemeRole.allCases {
            guard let keyPath = role.keyPath else { continue }
            result[keyPath: keyPath] = theme[keyPath: keyPath].downgraded(to: depth, mono: mono[role] ?? [])
        }
        result.heat = theme.heat.indices.map { level in
            theme.heat[level].downgraded(to: depth, mono: level < heatMono.count ? heatMono[level] : [])
        }
        return result
    }
}

/// Why a theme could not be loaded, and where: the file, then the key path, the line and column of a
/// TOML syntax error, or nothing more when the file as a whole is at fault.
public struct ThemeError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Location: Equatable, Sendable {
        case file
        /// A dotted key path such as `styles.heat[2].fg`.
        case key(String)
        case line(Int, column: Int)
    }

    /// The file as the user named it, or `Themes/NAME.toml` for a built-in theme.
    public var file: String
    public var location: Location
    /// What is wrong and what was expected instead.
    public var message: String

    public init(file: String, location: Location, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        switch location {
        case .file: "\(file): \(message)"
        case .key(let path): "\(file): \(path): \(message)"
        case .line(let line, let column): "\(file):\(line):\(column): \(message)"
        }
    }
}

/// Reads theme files. The format is described in `Themes/README.md`; every mistake in a file is a
/// `ThemeError` that names the key, since theme files are written by hand.
public enum ThemeLoader {
    /// Parses the TOML text of a theme; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> LoadedTheme {
        let document: TOMLTable
        do {
            document = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(
                file: file, location: .line(error.source.begin.line, column: error.source.begin.column),
                message: error.description)
        } catch {
            throw ThemeError(file: file, location: .file, message: "not a TOML document (\(error))")
        }
        var parser = ThemeParser(file: file)
        return try parser.theme(from: document)
    }

    /// Reads and parses the theme file at `path`; errors name the file as `path` gives it.
    public static func load(path: String) throws(ThemeError) -> LoadedTheme {
        func failure(_ message: String) -> ThemeError { ThemeError(file: path, location: .file, message: message) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("no such file (expected a theme name, or the path of a .toml theme file)")
        }
        guard !isDirectory.boolValue else { throw failure("is a directory, not a theme file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw failure("cannot be read (check its permissions)")
        }
        guard let text = String(bytes: data, encoding: .utf8) else { throw failure("is not UTF-8 text") }
        return try parse(text, file: path)
    }
}

/// One pass over one theme file: the file's name for errors, and the aliases of its `[colors]` table.
private struct ThemeParser {
    let file: String
    var aliases: [String: Color] = [:]

    init(file: String) {
        self.file = file
    }

    static let topLevelKeys = ["name", "colors", "styles"]
    static let attributeNames: [(name: String, attribute: Attributes)] = [
        ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
        ("strike", .strike),
    ]
    static let styleKeys = ["fg", "bg"] + attributeNames.map(\.name) + ["mono"]
    static let colourNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", "bright-black", "bright-red",
        "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    func error(_ path: String, _ message: String) -> ThemeError {
        ThemeError(file: file, location: .key(path), message: message)
    }

    mutating func theme(from document: TOMLTable) throws(ThemeError) -> LoadedTheme {
        let top = entries(of: document)
        try rejectUnknownKeys(top, allowed: Self.topLevelKeys, path: "", what: "key")

        guard let nameValue = top["name"] else {
            throw error("name", "missing (expected the theme's name, as in name = \"dark\")")
        }
        guard let name = nameValue.string, !name.isEmpty else {
            throw error("name", "expected a non-empty string, found \(describe(nameValue))")
        }

        if let colors = top["colors"] {
            guard let table = colors.table else {
                throw error("colors", "expected a table of colour aliases, found \(describe(colors))")
            }
            for (alias, value) in entries(of: table).sorted(by: { $0.key < $1.key }) {
                try defineAlias(alias, value)
            }
        }

        guard let stylesValue = top["styles"] else {
            throw error("styles", "missing (expected a [styles] table giving every role)")
        }
        guard let stylesTable = stylesValue.table else {
            throw error("styles", "expected a table giving every role, found \(describe(stylesValue))")
        }
        let styles = entries(of: stylesTable)
        try rejectUnknownKeys(styles, allowed: ThemeRole.allCases.map(\.rawValue), path: "styles.", what: "role")
        let missing = ThemeRole.allCases.filter { styles[$0.rawValue] == nil }
        if !missing.isEmpty {
            throw error("styles", "missing roles: " + missing.map(\.rawValue).joined(separator: ", "))
        }

        var theme = Theme.monochrome
        theme.name = name
        var loaded = LoadedTheme(theme: theme)
        for role in ThemeRole.allCases {
            let path = "styles." + role.rawValue
            let value = styles[role.rawValue]!
            guard let keyPath = role.keyPath else {
                (loaded.theme.heat, loaded.heatMono) = try heat(value, at: path)
                continue
            }
            let parsed = try style(value, at: path)
            loaded.theme[keyPath: keyPath] = parsed.style
            if !parsed.mono.isEmpty { loaded.mono[role] = parsed.mono }
        }
        return loaded
    }

    func heat(_ value: TOMLValueConvertible, at path: String) throws(ThemeError) -> ([Style], [Attributes]) {
        guard let array = value.array else {
            throw error(
                path, "expected a list of \(ThemeRole.heatLevels) styles, coolest first, found \(describe(value))")
        }
        guard array.count == ThemeRole.heatLevels else {
            throw error(path, "expected \(ThemeRole.heatLevels) styles, found \(array.count)")
        }
        var styles: [Style] = []
        var mono: [Attributes] = []
        for index in 0..<array.count {
            let level = try style(array[index], at: "\(path)[\(index)]")
            styles.append(level.style)
            mono.append(level.mono)
        }
        return (styles, mono)
    }

    func style(_ value: TOMLValueConvertible, at path: String) throws(ThemeError) -> (style: Style, mono: Attributes) {
        guard let table = value.table else {
            throw error(path, "expected a style such as { fg = \"#cdd6f4\", bold = true }, found \(describe(value))")
        }
        let fields = entries(of: table)
        try rejectUnknownKeys(fields, allowed: Self.styleKeys, path: path + ".", what: "key")

        var style = Style()
        if let fg = fields["fg"] { style.foreground = try colour(fg, at: path + ".fg") }
        if let bg = fields["bg"] { style.background = try colour(bg, at: path + ".bg") }
        for (name, attribute) in Self.attributeNames {
            guard let flag = fields[name] else { continue }
            guard let on = flag.bool else {
                throw error("\(path).\(name)", "expected true or false, found \(describe(flag))")
            }
            if on { style.attributes.insert(attribute) }
        }

        var mono: Attributes = []
        if let list = fields["mono"] {
            guard let array = list.array else {
                throw error(
                    path + ".mono", "expected a list of attribute names such as [\"reverse\"], found \(describe(list))")
            }
            for index in 0..<array.count {
                let element = array[index]
                let expected = Self.attributeNames.map(\.name).joined(separator: ", ")
                guard let name = element.string, let entry = Self.attributeNames.first(where: { $0.name == name })
                else {
                    throw error(
                        "\(path).mono[\(index)]",
                        "\(describe(element)) is not an attribute (expected one of \(expected))")
                }
                mono.insert(entry.attribute)
            }
        }
        return (style, mono)
    }

    mutating func defineAlias(_ alias: String, _ value: TOMLValueConvertible) throws(ThemeError) {
        let path = "colors." + alias
        if alias == "default" || Self.colourNames.contains(alias) {
            throw error(path, "\"\(alias)\" is a colour name already, so it cannot name an alias")
        }
        aliases[alias] = try colour(value, at: path, allowingAliases: false)
    }

    func colour(
        _ value: TOMLValueConvertible, at path: String, allowingAliases: Bool = true
    ) throws(ThemeError)
        -> Color
    {
        let expected =
            allowingAliases
            ? "expected \"#rrggbb\", 0-255, a colour name, \"default\" or an alias from [colors]"
            : "expected \"#rrggbb\", 0-255, a colour name or \"default\""
        if let index = value.int {
            guard (0...255).contains(index) else { throw error(path, "\(index) is not a colour (\(expected))") }
            return .palette(UInt8(index))
        }
        guard let text = value.string else { throw error(path, "\(expected), found \(describe(value))") }
        if let rgb = Self.hexColour(text) { return rgb }
        if text == "default" { return .default }
        if let index = Self.colourNames.firstIndex(of: text) { return .palette(UInt8(index)) }
        if allowingAliases, let alias = aliases[text] { return alias }

        let candidates = Self.colourNames + (allowingAliases ? Array(aliases.keys) : [])
        if let suggestion = closestMatch(to: text, in: candidates) {
            throw error(path, "\"\(text)\" is not a colour (did you mean \"\(suggestion)\"?)")
        }
        throw error(path, "\"\(text)\" is not a colour (\(expected))")
    }

    static func hexColour(_ text: String) -> Color? {
        let digits = Array(text.utf8)
        guard digits.count == 7, digits[0] == UInt8(ascii: "#") else { return nil }
        var channels: [UInt8] = []
        for start in stride(from: 1, to: 7, by: 2) {
            guard let high = hexDigit(digits[start]), let low = hexDigit(digits[start + 1]) else { return nil }
            channels.append(high << 4 | low)
        }
        return .rgb(channels[0], channels[1], channels[2])
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Unknown keys are errors rather than ignored, so that a misspelt role or attribute cannot quietly
    /// leave the theme looking wrong.
    func rejectUnknownKeys(
        _ entries: [String: TOMLValueConvertible], allowed: [String], path: String, what: String
    ) throws(ThemeError) {
        for key in entries.keys.sorted() where !allowed.contains(key) {
            if let suggestion = closestMatch(to: key, in: allowed) {
                throw error(path + key, "unknown \(what) (did you mean \"\(suggestion)\"?)")
            }
            let list = allowed.count <= 10 ? " (expected one of \(allowed.joined(separator: ", ")))" : ""
            throw error(path + key, "unknown \(what)\(list)")
        }
    }

    /// The table's entries by key. TOMLKit's own iterator force-unwraps each lookup, which a key with an
    /// embedded NUL would fail, so look each key up here and let such a key fall out as unknown.
    func entries(of table: TOMLTable) -> [String: TOMLValueConvertible] {
        var result: [String: TOMLValueConvertible] = [:]
        for key in table.keys {
            if let value = table[key] { result[key] = value }
        }
        return result
    }

    func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "\"\(value.string ?? "")\""
        case .int: value.int.map(String.init) ?? "an integer"
        case .double: value.double.map { String($0) } ?? "a number"
        case .bool: value.bool.map { String($0) } ?? "a boolean"
        case .table: "a table"
        case .array: "a list"
        case .date, .time, .dateTime: "a date or time"
        }
    }
}

/// The candidate a few edits from `word`, ignoring case, if there is one: a likely misspelling. Short
/// words allow one edit and longer ones two, so that a suggestion is never a guess.
func closestMatch(to word: String, in candidates: [String]) -> String? {
    let target = Array(word.lowercased())
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.lowercased()))
        if distance <= min(2, max(1, candidate.count / 3)), distance < best?.distance ?? .max {
            best = (candidate, distance)
        }
    }
    return best?.candidate
}

/// Edits (insertions, deletions, substitutions and swaps of neighbours) that turn `a` into `b`: the
/// optimal string alignment distance, since swapped letters are the commonest typo.
private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
            }
        }
    }
    return table[a.count][b.count]
}
