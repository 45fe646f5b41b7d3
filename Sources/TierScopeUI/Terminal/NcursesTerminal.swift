import CNcursesw

#if canImport(Glibc)
import Glibc
#endif

/// The terminal, driven through ncursesw: puts canvases on the screen, changing only the cells that
/// differ from the frame before, and reads keys, mouse clicks and wheel turns, and resizes.
///
/// Only one can be open at a time, and it must be used from one thread. It gives the terminal back on
/// `shutdown()`, at process exit, and on crash signals (see `TerminalSignals`).
public final class NcursesTerminal: TerminalScreen {
    public private(set) var width: Int
    public private(set) var height: Int
    public let colorDepth: ColorDepth
    public let unicode: Bool

    /// True once SIGINT, SIGTERM or SIGHUP arrived while a terminal was open.
    public static var interruptRequested: Bool { TerminalSignals.stopSignal != 0 }
    public var interruptRequested: Bool { Self.interruptRequested }
    /// Which of them arrived, so that the program can exit with the status a shell expects (128 + n).
    public static var interruptSignal: Int32? {
        let signal = TerminalSignals.stopSignal
        return signal == 0 ? nil : signal
    }

    /// The ncurses `SCREEN`, from `newterm`.
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    /// `COLORS` after `start_color`; 0 when the terminal has no colour.
    private let terminalColors: Int
    /// The frame on the screen, and the screen size it was drawn at; nil forces the next draw to write
    /// every cell.
    private var previous: Canvas?
    private var previousScreenSize = (width: 0, height: 0)
    private var currentTimeout = Int.min
    private var isOpen = true

    /// Takes over the terminal: alternate screen, no echo, keys one at a time, mouse reporting.
    ///
    /// Throws, leaving the screen untouched, when stdin or stdout is not a terminal, when terminfo does not
    /// know `TERM`, or when a terminal is already open.
    public static func open(colorDepthOverride: ColorDepth? = nil) throws -> NcursesTerminal {
        setlocale(LC_ALL, "")
        guard isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        guard active == nil else { throw TerminalError("tierscope: the terminal is already in use") }
        let unicode = isUTF8(codeset: String(cString: nl_langinfo(nl_item(CODESET))))

        TerminalSignals.saveState(descriptor: STDOUT_FILENO)
        // newterm rather than initscr: initscr prints its own message and exits on an unknown TERM.
        guard let screen = newterm(nil, ts_stdout(), ts_stdin()), let window = ts_stdscr() else {
            throw TerminalError.unsupportedTerminal(environment("TERM"))
        }
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        var colors = 0
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(ts_colors())
        }
        // No click resolution: a press arrives at once, instead of after mouseinterval waiting for the release.
        mouseinterval(0)
        mousemask(TS_BUTTON1_PRESSED | TS_BUTTON4_PRESSED | TS_BUTTON5_PRESSED, nil)

        let depth =
            colorDepthOverride
            ?? detectColorDepth(
                terminalColors: colors, noColor: environment("NO_COLOR"), colorTerm: environment("COLORTERM"))
        let terminal = NcursesTerminal(
            screen: screen, window: window, terminalColors: colors, colorDepth: depth, unicode: unicode)
        active = terminal
        TerminalSignals.install()
        if !exitHookInstalled {
            exitHookInstalled = true
            atexit { NcursesTerminal.shutdownActive() }
        }
        return terminal
    }

    private init(
        screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, terminalColors: Int, colorDepth: ColorDepth,
        unicode: Bool
    ) {
        self.screen = screen
        self.window = window
        self.terminalColors = terminalColors
        self.colorDepth = colorDepth
        self.unicode = unicode
        width = Int(getmaxx(window))
        height = Int(getmaxy(window))
    }

    deinit { shutdown() }

    public func draw(_ canvas: Canvas) {
        guard isOpen else { return }
        let screenSize = (width: Int(getmaxx(window)), height: Int(getmaxy(window)))
        if screenSize != previousScreenSize {
            previous = nil
            previousScreenSize = screenSize
        }
        if FrameDiff.needsFullRedraw(from: previous, to: canvas) {
            // A smaller canvas than the screen must not leave the old frame showing around it.
            werase(window)
            previous = nil
        }
        for position in FrameDiff.changedCells(from: previous, to: canvas)
        where position.x < screenSize.width && position.y < screenSize.height {
            put(canvas, position.x, position.y, screenWidth: screenSize.width)
        }
        previous = canvas
        wnoutrefresh(window)
        doupdate()
    }

    public func nextKey(timeoutMilliseconds: Int) -> Key? {
        guard isOpen else { return nil }
        let timeout = max(-1, timeoutMilliseconds)
        if timeout != currentTimeout {
            wtimeout(window, Int32(clamping: timeout))
            currentTimeout = timeout
        }
        var character: wint_t = 0
        switch wget_wch(window, &character) {
        case OK:
            return Key.decode(wideChar: UInt32(character))
        case KEY_CODE_YES:
            let code = Int32(bitPattern: UInt32(character))
            if code == KEY_MOUSE {
                var event = MEVENT()
                guard getmouse(&event) == OK,
                    let mouse = MouseEvent.decode(x: event.x, y: event.y, buttonState: event.bstate)
                else { return nil }
                return .mouse(mouse)
            }
            if code == KEY_RESIZE {
                width = Int(getmaxx(window))
                height = Int(getmaxy(window))
                // What the terminal shows after a resize is its own business (tmux rewraps, others
                // clear): repaint it all rather than trust ncurses' picture of it.
                clearok(window, true)
                previous = nil
            }
            return Key.decode(keyCode: code)
        default:
            return nil
        }
    }

    public func shutdown() {
        guard isOpen else { return }
        isOpen = false
        endwin()
        delscreen(screen)
        TerminalSignals.uninstall()
        if active === self { active = nil }
    }

    /// Writes one cell. A wide glyph the screen cannot show as one (cut by the screen's right edge, a
    /// terminal that disagrees on its width, no UTF-8) is drawn narrow, and its right half as a blank.
    private func put(_ canvas: Canvas, _ x: Int, _ y: Int, screenWidth: Int) {
        let cell = canvas[x, y]
        var glyph = cell.glyph
        switch cell.width {
        case 0:
            if x > 0 && drawsWide(canvas, x - 1, y, screenWidth: screenWidth) { return }
            glyph = " "
        case 2:
            if !drawsWide(canvas, x, y, screenWidth: screenWidth) { glyph = x + 1 < screenWidth ? "?" : " " }
        default:
            if !unicode {
                glyph = CursesMapping.asciiFallback(glyph)
            } else if !glyph.isASCII && terminalColumns(glyph) != 1 {
                glyph = "?"
            }
        }
        let chars = CursesMapping.wideCharacters(for: glyph, strike: unicode && cell.style.attributes.contains(.strike))
        var pair = pairNumber(cell.style)
        var cchar = cchar_t()
        if setcchar(&cchar, chars, CursesMapping.attributes(cell.style.attributes), 0, &pair) == ERR {
            let fallback: [wchar_t] = [wchar_t(UInt8(ascii: "?")), 0]
            setcchar(&cchar, fallback, CursesMapping.attributes(cell.style.attributes), 0, &pair)
        }
        wmove(window, Int32(y), Int32(x))
        // ERR in the bottom-right cell only says the cursor could not move past it; the cell is written.
        wadd_wch(window, &cchar)
    }

    private func drawsWide(_ canvas: Canvas, _ x: Int, _ y: Int, screenWidth: Int) -> Bool {
        unicode && canvas[x, y].width == 2 && x + 1 < min(screenWidth, canvas.width) && canvas[x + 1, y].width == 0
            && terminalColumns(canvas[x, y].glyph) == 2
    }

    /// The columns the C library (and so ncurses) gives `glyph`, which may differ from `TextWidth`'s.
    private func terminalColumns(_ glyph: Character) -> Int {
        guard let first = glyph.unicodeScalars.first else { return 0 }
        return Int(ts_wcwidth(wchar_t(first.value)))
    }

    /// The colour pair for a style; `alloc_pair` keeps the table, so equal styles share a pair.
    private func pairNumber(_ style: Style) -> Int32 {
        guard colorDepth != .none && terminalColors > 0 else { return 0 }
        let foreground = CursesMapping.colorNumber(style.foreground, depth: colorDepth, terminalColors: terminalColors)
        let background = CursesMapping.colorNumber(style.background, depth: colorDepth, terminalColors: terminalColors)
        if foreground == -1 && background == -1 { return 0 }
        return max(0, alloc_pair(foreground, background))
    }

    /// The colour depth for a terminal with `terminalColors` colours (`COLORS`), given `NO_COLOR` and
    /// `COLORTERM`. 24-bit colour needs both the terminal's word (`COLORTERM`) and a direct-colour terminfo
    /// entry, since ncurses can only send what terminfo describes.
    static func detectColorDepth(terminalColors: Int, noColor: String?, colorTerm: String?) -> ColorDepth {
        if let noColor, !noColor.isEmpty { return .none }
        let trueColorTerminal = colorTerm == "truecolor" || colorTerm == "24bit"
        if trueColorTerminal && terminalColors >= 0x100_0000 { return .trueColor }
        if terminalColors >= 256 { return .palette256 }
        if terminalColors >= 8 { return .eight }
        return .none
    }

    /// Whether `nl_langinfo(CODESET)` names UTF-8.
    static func isUTF8(codeset: String) -> Bool {
        let name = codeset.lowercased()
        return name == "utf-8" || name == "utf8"
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    fileprivate static func shutdownActive() {
        active?.shutdown()
    }
}

// The open terminal, for the exit hook, which (a C function pointer) cannot capture it. Weak, so that
// dropping the terminal still shuts it down through deinit. `nonisolated(unsafe)`: only the UI thread opens
// and shuts terminals down, and exit handlers run on the thread that calls exit.
nonisolated(unsafe) private weak var active: NcursesTerminal?
nonisolated(unsafe) private var exitHookInstalled = false
