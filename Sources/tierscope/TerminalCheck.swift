import ArgumentParser
import TierScopeUI
import TierVM

/// A test card for the terminal backend: every glyph, colour and attribute the UI uses, the size, and
/// the last key as the backend decoded it. For looking at by eye, and for scripted checks in tmux.
struct TerminalCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal-check",
        abstract: "Draw a test card of glyphs, colours and attributes, and show each key as it is decoded.",
        discussion: "Press keys, click, scroll or resize the window; q quits.",
        shouldDisplay: false
    )

    /// ColorDepth's cases as a command line spells them.
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case none, eight, palette256, truecolor

        var depth: ColorDepth {
            switch self {
            case .none: .none
            case .eight: .eight
            case .palette256: .palette256
            case .truecolor: .trueColor
            }
        }
    }

    @Option(help: ArgumentHelp("Draw at this colour depth instead of the detected one.", valueName: "depth"))
    var colors: ColorChoice?

    /// Ways to crash on purpose.
    enum Crash: String, ExpressibleByArgument, CaseIterable {
        /// A Swift runtime trap (SIGILL on x86-64, SIGTRAP on arm64).
        case trap
        /// A store through a bad pointer (SIGSEGV).
        case segfault
    }

    @Option(
        help: ArgumentHelp(
            "Crash after the first frame, to check that a crash gives the terminal back.", valueName: "how"))
    var crash: Crash?

    func run() throws {
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal.open(colorDepthOverride: colors?.depth)
        } catch {
            FileOutput.standardError.write("\(error)\n")
            throw ExitCode(1)
        }
        defer { terminal.shutdown() }
        var lastKey = "none yet"
        var keys = 0
        while !terminal.interruptRequested {
            terminal.draw(
                Self.card(
                    width: terminal.width, height: terminal.height, depth: terminal.colorDepth,
                    unicode: terminal.unicode, lastKey: lastKey, keys: keys))
            switch crash {
            case .trap: fatalError("terminal-check --crash trap")
            case .segfault: UnsafeMutablePointer<Int>(bitPattern: 8)!.pointee = 1
            case nil: break
            }
            guard let key = terminal.nextKey(timeoutMilliseconds: 250) else { continue }
            if key == .character("q") { break }
            lastKey = key.description
            keys += 1
        }
        if let signal = NcursesTerminal.interruptSignal { throw ExitCode(128 + signal) }
    }

    static func card(width: Int, height: Int, depth: ColorDepth, unicode: Bool, lastKey: String, keys: Int) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        let bold = Style(attributes: .bold)
        canvas.box(canvas.bounds, title: "terminal-check", style: Style(foreground: .palette(6)), titleStyle: bold)
        canvas.clip = canvas.bounds.inset(by: 1)
        var y = 1
        func label(_ text: String) -> Int {
            canvas.put(text, x: 2, y: y, style: Style(attributes: .dim))
            return 14
        }

        var x = label("size")
        canvas.put("\(width)x\(height)  colours \(depth)  unicode \(unicode ? "yes" : "no")", x: x, y: y, style: bold)
        y += 1

        x = label("heat 8")
        for colour in UInt8(0)..<8 {
            x = canvas.put("▁▂▃▄▅▆▇█", x: x, y: y, style: Style(foreground: .palette(colour))) + 1
        }
        y += 1
        x = label("heat bg")
        for colour in UInt8(0)..<8 {
            x = canvas.put(
                " \(colour) ", x: x, y: y, style: Style(foreground: .palette(7 - colour), background: .palette(colour)))
        }
        y += 1
        x = label("heat 256")
        let ramp: [UInt8] = [17, 25, 31, 37, 142, 178, 208, 196]
        for (level, glyph) in "▁▂▃▄▅▆▇█".enumerated() {
            x = canvas.put(String(glyph), x: x, y: y, style: Style(foreground: .palette(ramp[level])))
        }
        x += 1
        for level in 0..<8 {
            let red = UInt8(32 * level + 31)
            x = canvas.put("█", x: x, y: y, style: Style(foreground: .rgb(red, 64, 255 - red)))
        }
        canvas.put(" (rgb)", x: x, y: y, style: Style(attributes: .dim))
        y += 1

        x = label("attributes")
        let attributes: [(String, Attributes)] = [
            ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
            ("strike", .strike),
        ]
        for (name, attribute) in attributes {
            x = canvas.put(name, x: x, y: y, style: Style(attributes: attribute)) + 1
        }
        y += 1

        x = label("glyphs")
        canvas.put("wide 日本語| → • ● ✗ … ↑↓←→ ┼━┃═║", x: x, y: y, style: .plain)
        y += 1

        canvas.box(Rect(x: 2, y: y, width: min(30, width - 4), height: 3), title: "box", style: .plain)
        canvas.put("last key: \(lastKey)", x: 4, y: y + 1, style: Style(foreground: .palette(3), attributes: .bold))
        y += 3

        canvas.put(
            "\(keys) keys. Press keys, click, scroll, resize; q quits.", x: 2, y: y, style: Style(attributes: .dim))
        return canvas
    }
}
