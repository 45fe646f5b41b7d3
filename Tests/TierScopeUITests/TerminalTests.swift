import CNcursesw
import Testing

@testable import TierScopeUI

/// The terminal backend's pure parts: key decoding, how cells map to curses, and the frame diff.
@Suite("Terminal")
struct TerminalTests {}

extension TerminalTests {
    @Suite("keys")
    struct Keys {
        @Test("control bytes that have keys of their own become those keys")
        func controlBytes() {
            #expect(Key.decode(wideChar: 9) == .tab)
            #expect(Key.decode(wideChar: 10) == .enter)
            #expect(Key.decode(wideChar: 13) == .enter)
            #expect(Key.decode(wideChar: 27) == .escape)
            #expect(Key.decode(wideChar: 127) == .backspace)
            #expect(Key.decode(wideChar: 8) == .backspace)
        }

        @Test("other characters, control characters included, come through as characters")
        func characters() {
            #expect(Key.decode(wideChar: 3) == .character("\u{3}"))
            #expect(Key.decode(wideChar: UInt32(UInt8(ascii: "j"))) == .character("j"))
            #expect(Key.decode(wideChar: 0xE9) == .character("é"))
            #expect(Key.decode(wideChar: 0x65E5) == .character("日"))
            #expect(Key.decode(wideChar: 0xD800) == nil, "a lone surrogate is not a character")
        }

        @Test("curses key codes become named keys; codes the UI has no use for are dropped")
        func keyCodes() {
            let expected: [(Int32, Key)] = [
                (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right), (KEY_PPAGE, .pageUp),
                (KEY_NPAGE, .pageDown), (KEY_HOME, .home), (KEY_END, .end), (KEY_BTAB, .backTab), (KEY_ENTER, .enter),
                (KEY_BACKSPACE, .backspace), (KEY_DC, .delete), (KEY_RESIZE, .resize), (KEY_F0 + 1, .function(1)),
                (KEY_F0 + 12, .function(12)),
            ]
            for (code, key) in expected { #expect(Key.decode(keyCode: code) == key) }
            #expect(Key.decode(keyCode: KEY_MOUSE) == nil, "mouse events are fetched with getmouse")
            #expect(Key.decode(keyCode: KEY_F0) == nil)
            #expect(Key.decode(keyCode: KEY_SUSPEND) == nil)
        }

        @Test("a primary button press and the wheel become mouse events; releases and other buttons do not")
        func mouse() {
            #expect(
                MouseEvent.decode(x: 5, y: 3, buttonState: TS_BUTTON1_PRESSED) == MouseEvent(x: 5, y: 3, kind: .press))
            #expect(MouseEvent.decode(x: 5, y: 3, buttonState: TS_BUTTON1_CLICKED)?.kind == .press)
            #expect(MouseEvent.decode(x: 0, y: 9, buttonState: TS_BUTTON4_PRESSED)?.kind == .scrollUp)
            #expect(MouseEvent.decode(x: 0, y: 9, buttonState: TS_BUTTON5_PRESSED)?.kind == .scrollDown)
            #expect(MouseEvent.decode(x: 5, y: 3, buttonState: 0o1 /* BUTTON1_RELEASED */) == nil)
            #expect(MouseEvent.decode(x: 5, y: 3, buttonState: 0o2 << 10 /* BUTTON3_PRESSED */) == nil)
        }

        @Test("keys are named the way footers and help show them")
        func descriptions() {
            #expect(Key.character("j").description == "j")
            #expect(Key.character("\u{3}").description == "Ctrl-C")
            #expect(Key.character(" ").description == "Space")
            #expect(Key.backTab.description == "Shift-Tab")
            #expect(Key.function(5).description == "F5")
            #expect(Key.mouse(MouseEvent(x: 4, y: 2, kind: .scrollDown)).description == "wheel down at 4,2")
        }
    }

    @Suite("cell mapping")
    struct CellMapping {
        @Test("without UTF-8, box lines become - | +, whatever their weight")
        func boxLines() {
            let light = "─│┌┐└┘├┤┬┴┼".map(CursesMapping.asciiFallback)
            #expect(String(light) == "-|+++++++++")
            #expect(String("━┃┏┓┗┛┣┫┳┻╋".map(CursesMapping.asciiFallback)) == "-|+++++++++")
            #expect(String("═║╔╗╚╝╠╣╦╩╬".map(CursesMapping.asciiFallback)) == "-|+++++++++")
            #expect(String("╭╮╯╰┄┆".map(CursesMapping.asciiFallback)) == "++++-|")
        }

        @Test("without UTF-8, each heat level keeps a character of its own")
        func heat() {
            #expect(String("▁▂▃▄▅▆▇█".map(CursesMapping.asciiFallback)) == " .:-=+*#")
        }

        @Test("without UTF-8, arrows, bullets and marks become their ASCII look-alikes, anything else ?")
        func symbols() {
            #expect(String("↑↓←→▲▼◀▶".map(CursesMapping.asciiFallback)) == "^v<>^v<>")
            #expect(String("•●✗…".map(CursesMapping.asciiFallback)) == "**x.")
            #expect(String("aZ09 ~".map(CursesMapping.asciiFallback)) == "aZ09 ~")
            #expect(String("é日λ😀".map(CursesMapping.asciiFallback)) == "????")
        }

        @Test("without UTF-8, the marks the panes draw keep a look-alike of their own")
        func paneMarks() {
            #expect(String("◆⇥↺■⏸⏯".map(CursesMapping.asciiFallback)) == "*>@#=>")
            #expect(String("µop ×2 — ␣ ▏".map(CursesMapping.asciiFallback)) == "uop x2 - _ |")
        }

        @Test("attributes map to curses bits; strike has none and is drawn as a combining stroke")
        func attributes() {
            #expect(CursesMapping.attributes([]) == TS_A_NORMAL)
            #expect(CursesMapping.attributes([.bold, .underline]) == TS_A_BOLD | TS_A_UNDERLINE)
            #expect(
                CursesMapping.attributes([.dim, .italic, .reverse, .strike]) == TS_A_DIM | TS_A_ITALIC | TS_A_REVERSE)
            #expect(CursesMapping.wideCharacters(for: "a", strike: false) == [0x61, 0])
            #expect(CursesMapping.wideCharacters(for: "a", strike: true) == [0x61, 0x336, 0])
            let long: Character = "e\u{301}\u{302}\u{303}\u{304}\u{305}"
            #expect(CursesMapping.wideCharacters(for: long, strike: true).count == 5, "a cchar_t holds five")
        }

        @Test("colours: default is -1, no colour at all maps everything to the default")
        func defaultColours() {
            #expect(CursesMapping.colorNumber(.default, depth: .palette256, terminalColors: 256) == -1)
            #expect(CursesMapping.colorNumber(.palette(3), depth: .none, terminalColors: 256) == -1)
            #expect(CursesMapping.colorNumber(.rgb(1, 2, 3), depth: .none, terminalColors: 0x100_0000) == -1)
        }

        @Test("colours: palette entries the terminal has pass through; bright ones fall back to plain ones")
        func paletteColours() {
            #expect(CursesMapping.colorNumber(.palette(3), depth: .eight, terminalColors: 8) == 3)
            #expect(CursesMapping.colorNumber(.palette(200), depth: .palette256, terminalColors: 256) == 200)
            #expect(CursesMapping.colorNumber(.palette(9), depth: .eight, terminalColors: 8) == 1)
            #expect(CursesMapping.colorNumber(.palette(200), depth: .eight, terminalColors: 8) == -1)
        }

        @Test("colours: a stray RGB is the nearest cube colour with 256, the default with fewer")
        func strayRGB() {
            #expect(CursesMapping.colorNumber(.rgb(255, 0, 0), depth: .palette256, terminalColors: 256) == 196)
            #expect(CursesMapping.colorNumber(.rgb(0, 0, 0), depth: .palette256, terminalColors: 256) == 16)
            #expect(CursesMapping.colorNumber(.rgb(95, 135, 175), depth: .trueColor, terminalColors: 256) == 67)
            #expect(CursesMapping.colorNumber(.rgb(255, 0, 0), depth: .eight, terminalColors: 8) == -1)
        }

        @Test("colours: a direct-colour terminal takes r<<16|g<<8|b, and palette entries above 15 by their RGB")
        func directColour() {
            let direct = 0x100_0000
            #expect(
                CursesMapping.colorNumber(.rgb(0x12, 0x34, 0x56), depth: .trueColor, terminalColors: direct) == 0x123456
            )
            #expect(CursesMapping.colorNumber(.palette(196), depth: .trueColor, terminalColors: direct) == 0xFF0000)
            #expect(CursesMapping.colorNumber(.palette(232), depth: .trueColor, terminalColors: direct) == 0x080808)
            #expect(CursesMapping.colorNumber(.palette(4), depth: .trueColor, terminalColors: direct) == 4)
            #expect(CursesMapping.colorNumber(.palette(12), depth: .palette256, terminalColors: direct) == 4)
        }

        @Test("colour depth: NO_COLOR wins, 24-bit needs COLORTERM and a direct-colour terminfo")
        func colourDepth() {
            func detect(_ colors: Int, noColor: String? = nil, colorTerm: String? = nil) -> ColorDepth {
                NcursesTerminal.detectColorDepth(terminalColors: colors, noColor: noColor, colorTerm: colorTerm)
            }
            #expect(detect(256, noColor: "1") == .none)
            #expect(detect(256, noColor: "") == .palette256, "an empty NO_COLOR does not count")
            #expect(detect(0x100_0000, colorTerm: "truecolor") == .trueColor)
            #expect(detect(0x100_0000, colorTerm: "24bit") == .trueColor)
            #expect(detect(256, colorTerm: "truecolor") == .palette256, "terminfo cannot send 24-bit colour")
            #expect(detect(0x100_0000) == .palette256)
            #expect(detect(8) == .eight)
            #expect(detect(2) == .none)
        }

        @Test("UTF-8 is recognised under the names nl_langinfo gives it")
        func codeset() {
            #expect(NcursesTerminal.isUTF8(codeset: "UTF-8"))
            #expect(NcursesTerminal.isUTF8(codeset: "utf8"))
            #expect(!NcursesTerminal.isUTF8(codeset: "ANSI_X3.4-1968"))
        }

        @Test("refusals say what is wrong and what to do instead")
        func errors() {
            #expect(TerminalError.notATerminal.description.contains("`tierscope run FILE.py`"))
            #expect(
                TerminalError.unsupportedTerminal("xyz").description == "tierscope: cannot drive terminal type 'xyz'")
            #expect(TerminalError.unsupportedTerminal(nil).description.contains("TERM is not set"))
        }
    }

    @Suite("frame diff")
    struct Diff {
        private func positions(_ list: [(Int, Int)]) -> [CellPosition] { list.map { CellPosition(x: $0.0, y: $0.1) } }

        @Test("the first frame, and a frame of another size, are written whole")
        func fullRedraw() {
            let small = Canvas(width: 3, height: 2)
            #expect(FrameDiff.needsFullRedraw(from: nil, to: small))
            #expect(FrameDiff.changedCells(from: nil, to: small).count == 6)
            let wider = Canvas(width: 4, height: 2)
            #expect(FrameDiff.needsFullRedraw(from: small, to: wider))
            #expect(FrameDiff.changedCells(from: small, to: wider).count == 8)
            let shorter = Canvas(width: 3, height: 1)
            #expect(FrameDiff.changedCells(from: small, to: shorter) == positions([(0, 0), (1, 0), (2, 0)]))
        }

        @Test("an unchanged frame writes nothing; a changed one only the cells that differ, in reading order")
        func changedCells() {
            var before = Canvas(width: 6, height: 3)
            before.put("hello", x: 0, y: 0, style: .plain)
            #expect(FrameDiff.changedCells(from: before, to: before).isEmpty)
            var after = before
            after.put("j", x: 0, y: 0, style: .plain)
            after.put("!", x: 5, y: 2, style: .plain)
            #expect(!FrameDiff.needsFullRedraw(from: before, to: after))
            #expect(FrameDiff.changedCells(from: before, to: after) == positions([(0, 0), (5, 2)]))
        }

        @Test("a change of style alone is a change")
        func styleChange() {
            let before = Canvas(width: 4, height: 1)
            var after = before
            after.restyle(Rect(x: 1, y: 0, width: 2, height: 1)) { $0.with(.reverse) }
            #expect(FrameDiff.changedCells(from: before, to: after) == positions([(1, 0), (2, 0)]))
        }

        @Test("a wide glyph and its right half are written together, whichever of them changed")
        func wideGlyphs() {
            var before = Canvas(width: 6, height: 1)
            before.put("ab日", x: 0, y: 0, style: .plain)
            var wideChanged = before
            wideChanged.put("本", x: 2, y: 0, style: .plain)
            #expect(FrameDiff.changedCells(from: before, to: wideChanged) == positions([(2, 0), (3, 0)]))
            var narrowedOver = before
            narrowedOver.put("x", x: 2, y: 0, style: .plain)
            narrowedOver.put("y", x: 3, y: 0, style: .plain)
            #expect(FrameDiff.changedCells(from: before, to: narrowedOver) == positions([(2, 0), (3, 0)]))
            var rightHalfOverwritten = before
            rightHalfOverwritten.put("z", x: 3, y: 0, style: .plain)
            #expect(FrameDiff.changedCells(from: before, to: rightHalfOverwritten) == positions([(2, 0), (3, 0)]))
        }
    }
}
