import Foundation
import Testing

@testable import TierScopeUI

/// A theme file that gives every role an empty style, with `styles` lines replaced or left out, so that
/// each test states only what it is about.
private func themeText(
    name: String = "test", colors: String = "", replacing overrides: [String: String] = [:],
    omitting omitted: Set<String> = []
) -> String {
    var lines = ["name = \"\(name)\""]
    if !colors.isEmpty { lines += ["[colors]", colors] }
    lines.append("[styles]")
    for role in ThemeRole.allCases where !omitted.contains(role.rawValue) {
        let empty = role == .heat ? "[" + Array(repeating: "{}", count: 8).joined(separator: ", ") + "]" : "{}"
        lines.append("\(role.rawValue) = \(overrides[role.rawValue] ?? empty)")
    }
    for (key, value) in overrides where ThemeRole(rawValue: key) == nil { lines.append("\(key) = \(value)") }
    return lines.joined(separator: "\n") + "\n"
}

/// The message loading `text` fails with, or nil if it loads.
private func loadError(_ text: String, file: String = "mytheme.toml") -> String? {
    do {
        _ = try ThemeLoader.parse(text, file: file)
        return nil
    } catch {
        return error.description
    }
}

/// The message resolving `nameOrPath` fails with, or nil if it resolves.
private func resolveError(_ nameOrPath: String) -> String? {
    do {
        _ = try ThemeCatalog.resolve(nameOrPath)
        return nil
    } catch {
        return error.description
    }
}

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func builtin(_ name: String) throws -> LoadedTheme {
    try #require(try ThemeCatalog.builtin(named: name))
}

/// Theme files, the built-in themes, and bringing colours down to what the terminal shows.
@Suite("Themes")
struct ThemeTests {}

extension ThemeTests {
    @Suite("Theme files")
    struct Files {
        @Test("the built-in themes come in the order the UI cycles them, dark first")
        func order() {
            #expect(ThemeCatalog.builtinNames == ["dark", "light", "high-contrast", "colorblind", "monochrome"])
        }

        @Test(
            "every built-in theme parses, names itself after its file and has eight heat levels",
            arguments: [
                "dark", "light", "high-contrast", "colorblind", "monochrome",
            ])
        func builtinParses(name: String) throws {
            let loaded = try builtin(name)
            #expect(loaded.name == name)
            #expect(loaded.theme.heat.count == 8)
            #expect(loaded.heatMono.count == 8)
        }

        @Test("BuiltinThemes.swift holds exactly the files in Themes/ (run scripts/embed-themes if not)")
        func embeddedCopiesAreFresh() throws {
            let folder = repositoryRoot.appendingPathComponent("Themes")
            let onDisk = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(".toml".count)) }
            #expect(Set(onDisk) == Set(ThemeCatalog.builtinNames))
            for (name, toml) in BuiltinThemes.files {
                let file = try String(contentsOf: folder.appendingPathComponent("\(name).toml"), encoding: .utf8)
                #expect(file == toml, "Themes/\(name).toml differs from BuiltinThemes.swift; run scripts/embed-themes")
            }
        }

        @Test("the monochrome file is Theme.monochrome, at every colour depth")
        func monochromeMatchesBuiltIn() throws {
            let loaded = try builtin("monochrome")
            #expect(loaded.theme == Theme.monochrome)
            for depth in ColorDepth.allCases {
                #expect(loaded.theme(for: depth) == Theme.monochrome)
            }
        }

        @Test("resolve takes a built-in name or a path")
        func resolve() throws {
            #expect(try ThemeCatalog.resolve("light").name == "light")
            let path = repositoryRoot.appendingPathComponent("Themes/colorblind.toml").path
            #expect(try ThemeCatalog.resolve(path) == builtin("colorblind"))
            #expect(try ThemeCatalog.builtin(named: "solarized") == nil)
        }
    }
}

extension ThemeTests {
    @Suite("Theme format")
    struct Format {
        @Test("colours: #rrggbb, palette indexes, ANSI names, default and aliases")
        func colours() throws {
            let text = themeText(
                colors: "bg = \"#1e1e2e\"\naccent = 208",
                replacing: [
                    "text": ##"{ fg = "#CDD6F4", bg = "bg" }"##, "title": ##"{ fg = "accent", bold = true }"##,
                    "key": ##"{ fg = "bright-white", bg = "red" }"##, "overlay": ##"{ fg = 17, bg = "default" }"##,
                    "selection": ##"{ bg = "#45475a", mono = ["reverse", "bold"] }"##,
                    "removed": ##"{ fg = "#6c7086", strike = true, dim = true, italic = false }"##,
                ])
            let loaded = try ThemeLoader.parse(text, file: "t.toml")
            let theme = loaded.theme
            #expect(theme.text == Style(foreground: .rgb(0xcd, 0xd6, 0xf4), background: .rgb(0x1e, 0x1e, 0x2e)))
            #expect(theme.title == Style(foreground: .palette(208), attributes: .bold))
            #expect(theme.key == Style(foreground: .palette(15), background: .palette(1)))
            #expect(theme.overlay == Style(foreground: .palette(17)))
            #expect(theme.selection == Style(background: .rgb(0x45, 0x47, 0x5a)))
            #expect(loaded.mono[.selection] == [.reverse, .bold])
            #expect(theme.removed == Style(foreground: .rgb(0x6c, 0x70, 0x86), attributes: [.strike, .dim]))
            #expect(loaded.mono[.removed] == nil)
        }

        @Test("a style may also be a section of its own")
        func styleSection() throws {
            let text =
                themeText(omitting: ["title"]) + "[styles.title]\nfg = \"blue\"\nbold = true\nmono = [\"underline\"]\n"
            let loaded = try ThemeLoader.parse(text, file: "t.toml")
            #expect(loaded.theme.title == Style(foreground: .palette(4), attributes: .bold))
            #expect(loaded.mono[.title] == .underline)
        }

        @Test("a bad colour names the file, the key and what a colour may be")
        func badColour() {
            let text = themeText(replacing: ["selection": ##"{ fg = "#12345" }"##])
            #expect(
                loadError(text, file: "Themes/dark.toml")
                    == ##"Themes/dark.toml: styles.selection.fg: "#12345" is not a colour (expected "#rrggbb", 0-255, "##
                    + ##"a colour name, "default" or an alias from [colors])"##)
            #expect(
                loadError(themeText(replacing: ["heat": "[{}, {}, { bg = 256 }, {}, {}, {}, {}, {}]"]))
                    == ##"mytheme.toml: styles.heat[2].bg: 256 is not a colour (expected "#rrggbb", 0-255, a colour "##
                    + ##"name, "default" or an alias from [colors])"##)
            #expect(
                loadError(themeText(replacing: ["title": ##"{ fg = "magneta" }"##]))
                    == ##"mytheme.toml: styles.title.fg: "magneta" is not a colour (did you mean "magenta"?)"##)
            #expect(
                loadError(themeText(replacing: ["title": "{ fg = true }"]))
                    == ##"mytheme.toml: styles.title.fg: expected "#rrggbb", 0-255, a colour name, "default" or an "##
                    + ##"alias from [colors], found true"##)
        }

        @Test("missing roles are listed together, in the order of Theme")
        func missingRoles() {
            #expect(
                loadError(themeText(omitting: ["overlay", "linked"]))
                    == "mytheme.toml: styles: missing roles: linked, overlay")
            #expect(
                loadError("name = \"x\"\n")
                    == "mytheme.toml: styles: missing (expected a [styles] table giving every role)")
            #expect(
                loadError("[styles]\n")
                    == ##"mytheme.toml: name: missing (expected the theme's name, as in name = "dark")"##)
        }

        @Test("unknown keys are errors, with a suggestion when one is close")
        func unknownKeys() {
            #expect(
                loadError(themeText(replacing: ["selecton": "{}"]))
                    == ##"mytheme.toml: styles.selecton: unknown role (did you mean "selection"?)"##)
            #expect(loadError(themeText(replacing: ["sidebar": "{}"])) == "mytheme.toml: styles.sidebar: unknown role")
            #expect(
                loadError(themeText(replacing: ["title": "{ blod = true }"]))
                    == ##"mytheme.toml: styles.title.blod: unknown key (did you mean "bold"?)"##)
            #expect(
                loadError(themeText(replacing: ["title": "{ blink = true }"]))
                    == "mytheme.toml: styles.title.blink: unknown key (expected one of fg, bg, bold, dim, italic, "
                    + "underline, reverse, strike, mono)")
            #expect(
                loadError("nmae = \"x\"\n" + themeText())
                    == ##"mytheme.toml: nmae: unknown key (did you mean "name"?)"##)
        }

        @Test("heat takes exactly eight styles")
        func heatCount() {
            #expect(
                loadError(themeText(replacing: ["heat": "[{}, {}, {}, {}, {}]"]))
                    == "mytheme.toml: styles.heat: expected 8 styles, found 5")
            #expect(
                loadError(themeText(replacing: ["heat": "{}"]))
                    == "mytheme.toml: styles.heat: expected a list of 8 styles, coolest first, found a table")
        }

        @Test("attributes are booleans, and mono lists attribute names")
        func attributes() {
            #expect(
                loadError(themeText(replacing: ["title": ##"{ bold = "yes" }"##]))
                    == ##"mytheme.toml: styles.title.bold: expected true or false, found "yes""##)
            #expect(
                loadError(themeText(replacing: ["selection": ##"{ mono = ["reverse", "blink"] }"##]))
                    == ##"mytheme.toml: styles.selection.mono[1]: "blink" is not an attribute (expected one of "##
                    + "bold, dim, italic, underline, reverse, strike)")
            #expect(
                loadError(themeText(replacing: ["selection": ##"{ mono = "reverse" }"##]))
                    == ##"mytheme.toml: styles.selection.mono: expected a list of attribute names such as "##
                    + ##"["reverse"], found "reverse""##)
            #expect(
                loadError(themeText(replacing: ["title": ##""bold""##]))
                    == ##"mytheme.toml: styles.title: expected a style such as { fg = "#cdd6f4", bold = true }, "##
                    + ##"found "bold""##)
        }

        @Test("aliases are colours, and cannot take a colour's name")
        func aliases() {
            #expect(
                loadError(themeText(colors: ##"red = "#ff0000""##))
                    == ##"mytheme.toml: colors.red: "red" is a colour name already, so it cannot name an alias"##)
            #expect(
                loadError(themeText(colors: ##"bg = "fg""##))
                    == ##"mytheme.toml: colors.bg: "fg" is not a colour (expected "#rrggbb", 0-255, a colour name "##
                    + ##"or "default")"##)
            #expect(
                loadError(themeText(colors: ##"surface = "#313244""##, replacing: ["text": ##"{ bg = "surfce" }"##]))
                    == ##"mytheme.toml: styles.text.bg: "surfce" is not a colour (did you mean "surface"?)"##)
        }

        @Test("a TOML syntax error gives the line and column TOMLKit reports")
        func syntaxError() throws {
            let message = try #require(loadError("name = \"x\"\n\n[styles\ntext = {}\n"))
            #expect(message.hasPrefix("mytheme.toml:3:"), "\(message)")
        }

        @Test("a file that is missing, a folder or wrong, and an unknown theme name, are errors naming them")
        func resolveErrors() throws {
            #expect(
                resolveError("/nonexistent/mytheme.toml")
                    == "/nonexistent/mytheme.toml: no such file (expected a theme name, or the path of a .toml "
                    + "theme file)")
            #expect(resolveError("mytheme.toml")?.hasPrefix("mytheme.toml: no such file") == true)
            let folder = FileManager.default.temporaryDirectory.path
            #expect(resolveError(folder + "/") == "\(folder)/: is a directory, not a theme file")
            #expect(
                resolveError("solarized")
                    == "solarized: no such theme (the built-in themes are dark, light, high-contrast, colorblind, "
                    + "monochrome; or give the path of a .toml file)")
            #expect(
                resolveError("hight-contrast")?.hasPrefix(
                    ##"hight-contrast: no such theme (did you mean "high-contrast"?"##)
                    == true)

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("tierscope-\(UUID()).toml")
            try themeText(omitting: ["key"]).write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(resolveError(file.path) == "\(file.path): styles: missing roles: key")
        }

        @Test("malformed input of every kind is an error, never a crash")
        func malformedInput() {
            let inputs = [
                "", "\u{0}", "name = 3", "styles = 3\nname = \"x\"", "name = \"\"\n[styles]",
                "[[styles]]\nname = \"x\"",
                "name = \"x\"\n[colors]\n\"a\\u0000b\" = 1\n[styles]", "name = \"x\"\ncolors = [1]",
                themeText(replacing: ["heat": "[1, 2, 3, 4, 5, 6, 7, 8]"]),
                themeText(replacing: ["text": "{ fg = -1 }"]), themeText(replacing: ["text": "{ fg = 1.5 }"]),
                themeText(replacing: ["text": "{ fg = 1979-05-27 }"]),
                themeText(replacing: ["text": "{ mono = [[]] }"]),
                themeText(replacing: ["text": ##"{ fg = "#gggggg" }"##]),
                themeText(replacing: ["text": ##"{ fg = "#ffffff0" }"##]),
                themeText(replacing: ["text": ##"{ fg = "#ffé" }"##]),
                themeText(replacing: ["text": "{ fg = 99999999999999 }"]),
            ]
            for input in inputs {
                #expect(loadError(input) != nil, "\(input.debugDescription) loaded")
            }
        }
    }
}

extension ThemeTests {
    @Suite("Colour depth")
    struct Depth {
        @Test("NO_COLOR set to anything but empty turns colour off")
        func noColor() {
            #expect(ColorDepth.detect(environment: ["NO_COLOR": "1"], terminalColors: 256) == .none)
            #expect(
                ColorDepth.detect(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"], terminalColors: 256)
                    == .none)
            #expect(ColorDepth.detect(environment: ["NO_COLOR": ""], terminalColors: 256) == .palette256)
        }

        @Test("COLORTERM announces 24-bit colour on a terminal that has colour")
        func colorTerm() {
            #expect(ColorDepth.detect(environment: ["COLORTERM": "truecolor"], terminalColors: 256) == .trueColor)
            #expect(ColorDepth.detect(environment: ["COLORTERM": "24bit"], terminalColors: 8) == .trueColor)
            #expect(ColorDepth.detect(environment: ["COLORTERM": "truecolor"], terminalColors: 2) == .none)
            #expect(ColorDepth.detect(environment: ["COLORTERM": "yes"], terminalColors: 256) == .palette256)
        }

        @Test("otherwise the terminal's colour count decides")
        func colourCount() {
            #expect(ColorDepth.detect(environment: [:], terminalColors: 16_777_216) == .palette256)
            #expect(ColorDepth.detect(environment: [:], terminalColors: 256) == .palette256)
            #expect(ColorDepth.detect(environment: [:], terminalColors: 88) == .eight)
            #expect(ColorDepth.detect(environment: [:], terminalColors: 8) == .eight)
            #expect(ColorDepth.detect(environment: [:], terminalColors: 0) == .none)
            #expect(ColorDepth.detect(environment: [:], terminalColors: -1) == .none)
        }

        @Test("RGB colours come down to the nearest xterm palette entry")
        func downgradeRGB() {
            let red = Color.rgb(0xff, 0x00, 0x00)
            #expect(red.downgraded(to: .trueColor) == red)
            #expect(red.downgraded(to: .palette256) == .palette(196))
            #expect(red.downgraded(to: .eight) == .palette(1))
            #expect(red.downgraded(to: .none) == .default)
            #expect(Color.rgb(0x5f, 0x87, 0xaf).downgraded(to: .palette256) == .palette(67))
            #expect(Color.rgb(0x80, 0x80, 0x80).downgraded(to: .palette256) == .palette(244))
            #expect(Color.rgb(0x76, 0x76, 0x76).downgraded(to: .palette256) == .palette(243))
            #expect(Color.rgb(0x1c, 0x1e, 0x26).downgraded(to: .palette256) == .palette(234))
            #expect(Color.rgb(0xff, 0xff, 0xff).downgraded(to: .palette256) == .palette(231))
            #expect(Color.rgb(0x26, 0x4f, 0x78).downgraded(to: .eight) == .palette(4))
        }

        @Test("palette colours stay at 256 colours and come down to the first eight by xterm's RGB values")
        func downgradePalette() {
            #expect(Color.palette(208).downgraded(to: .palette256) == .palette(208))
            #expect(Color.palette(3).downgraded(to: .eight) == .palette(3))
            #expect(Color.palette(9).downgraded(to: .eight) == .palette(1))
            #expect(Color.palette(12).downgraded(to: .eight) == .palette(4))
            #expect(Color.palette(196).downgraded(to: .eight) == .palette(1))
            #expect(Color.palette(255).downgraded(to: .eight) == .palette(7))
            #expect(Color.palette(233).downgraded(to: .eight) == .palette(0))
            #expect(Color.default.downgraded(to: .eight) == .default)
        }

        @Test("a style keeps its attributes, and gains its mono attributes only without colour")
        func downgradeStyle() {
            let selection = Style(foreground: .rgb(1, 2, 3), background: .palette(60), attributes: .bold)
            #expect(selection.downgraded(to: .none, mono: .reverse) == Style(attributes: [.bold, .reverse]))
            #expect(selection.downgraded(to: .eight, mono: .reverse).attributes == .bold)
            #expect(selection.downgraded(to: .trueColor, mono: .reverse) == selection)
        }
    }
}

extension ThemeTests {
    @Suite("Theme legibility")
    struct Legibility {
        static let cases: [(String, ColorDepth)] = ThemeCatalog.builtinNames.flatMap { name in
            ColorDepth.allCases.map { (name, $0) }
        }

        @Test("the selected row stands out from ordinary text at every depth", arguments: cases)
        func selectionVisible(name: String, depth: ColorDepth) throws {
            let theme = try builtin(name).theme(for: depth)
            func background(_ style: Style) -> Color {
                style.background == .default ? theme.text.background : style.background
            }
            func reversed(_ style: Style) -> Bool { style.attributes.contains(.reverse) }
            #expect(
                background(theme.selection) != background(theme.text)
                    || reversed(theme.selection) != reversed(theme.text))
            if depth == .none { #expect(reversed(theme.selection)) }
        }

        @Test("no role draws in its own background colour", arguments: cases)
        func foregroundsVisible(name: String, depth: ColorDepth) throws {
            let theme = try builtin(name).theme(for: depth)
            let roles = ThemeRole.allCases.compactMap(\.keyPath).map { theme[keyPath: $0] } + theme.heat
            for style in roles where style.foreground != .default {
                let background = style.background == .default ? theme.text.background : style.background
                #expect(style.foreground != background, "\(style)")
            }
        }

        @Test(
            "heat reads as a gradient: every level differs from the next in colour, coolest from hottest at every depth",
            arguments: cases)
        func heatGradient(name: String, depth: ColorDepth) throws {
            let heat = try builtin(name).theme(for: depth).heat
            #expect(heat.first != heat.last)
            if depth >= .palette256, name != "monochrome" {
                for level in 1..<heat.count {
                    #expect(heat[level].foreground != heat[level - 1].foreground, "levels \(level - 1) and \(level)")
                }
            }
        }

        @Test("the four tiers look different at every depth", arguments: cases)
        func tiersDistinct(name: String, depth: ColorDepth) throws {
            let theme = try builtin(name).theme(for: depth)
            let tiers = [theme.tier0, theme.tier1, theme.tier2, theme.tierJIT]
            #expect(Set(tiers).count == 4)
        }

        @Test("the full-colour theme is the file as written")
        func trueColorUnchanged() throws {
            for name in ThemeCatalog.builtinNames {
                let loaded = try builtin(name)
                #expect(loaded.theme(for: .trueColor) == loaded.theme)
            }
        }
    }
}
