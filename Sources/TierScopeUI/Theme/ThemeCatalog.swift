/// The themes tierscope knows: the built-in ones by name, and theme files by path.
public enum ThemeCatalog {
    /// The built-in themes, in the order the UI cycles through them; the first is the default.
    public static let builtinNames: [String] = BuiltinThemes.files.map(\.name)

    /// The built-in theme called `name`, or nil if there is none. Errors name `Themes/NAME.toml`, the
    /// file the theme was built from.
    public static func builtin(named name: String) throws(ThemeError) -> LoadedTheme? {
        guard let file = BuiltinThemes.files.first(where: { $0.name == name }) else { return nil }
        return try ThemeLoader.parse(file.toml, file: "Themes/\(name).toml")
    }

    /// Every built-in theme, in `builtinNames` order.
    public static func builtins() throws(ThemeError) -> [LoadedTheme] {
        var themes: [LoadedTheme] = []
        for name in builtinNames {
            if let theme = try builtin(named: name) { themes.append(theme) }
        }
        return themes
    }

    /// The theme `--theme` names: a path if the value contains `/` or ends in `.toml` (so a file in the
    /// current directory is given as `./NAME` or `NAME.toml`), otherwise a built-in theme's name.
    public static func resolve(_ nameOrPath: String) throws(ThemeError) -> LoadedTheme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try ThemeLoader.load(path: nameOrPath)
        }
        if let theme = try builtin(named: nameOrPath) { return theme }
        let known = builtinNames.joined(separator: ", ")
        let suggestion = closestMatch(to: nameOrPath, in: builtinNames).map { "did you mean \"\($0)\"? " } ?? ""
        throw ThemeError(
            file: nameOrPath, location: .file,
            message: "no such theme (\(suggestion)the built-in themes are \(known); or give the path of a .toml file)")
    }
}
