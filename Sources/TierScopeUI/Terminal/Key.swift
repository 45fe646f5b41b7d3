import CNcursesw

/// A key press, a mouse event or a change of the terminal's size, as the UI's main loop sees it.
public enum Key: Hashable, Sendable {
    /// A printable character, or a control character the terminal passes through (Ctrl-C is `"\u{3}"`
    /// when it does not raise SIGINT).
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete
    /// F1 is `.function(1)`.
    case function(Int)
    /// The terminal changed size; `TerminalScreen.width` and `height` already tell the new size.
    case resize
    case mouse(MouseEvent)

    /// The key for a character `wget_wch` returned (its result was `OK`), or nil for a value that is not a
    /// Unicode scalar. Control characters that have a key of their own (Tab, Enter, Escape, Backspace) become
    /// that key, since terminals send them as plain bytes.
    public static func decode(wideChar: UInt32) -> Key? {
        switch wideChar {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(wideChar) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// The key for a key code `wget_wch` returned (its result was `KEY_CODE_YES`), or nil for keys the UI
    /// has no use for. `KEY_MOUSE` is not decoded here: its event has to be fetched with `getmouse` (see
    /// `MouseEvent.decode`).
    public static func decode(keyCode: Int32) -> Key? {
        switch keyCode {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_RESIZE: return .resize
        case (KEY_F0 + 1)...(KEY_F0 + 63): return .function(Int(keyCode - KEY_F0))
        default: return nil
        }
    }
}

/// A mouse event at a cell, columns and rows from the screen's top left.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The primary button went down (or clicked, on terminals that report only clicks).
        case press
        case scrollUp
        case scrollDown
    }

    public var x: Int
    public var y: Int
    public var kind: Kind

    public init(x: Int, y: Int, kind: Kind) {
        self.x = x
        self.y = y
        self.kind = kind
    }

    /// The event for an ncurses `MEVENT`'s position and button state, or nil for events the UI ignores
    /// (releases, other buttons, motion).
    public static func decode(x: Int32, y: Int32, buttonState: mmask_t) -> MouseEvent? {
        let kind: Kind
        if buttonState & TS_BUTTON4_PRESSED != 0 {
            kind = .scrollUp
        } else if buttonState & TS_BUTTON5_PRESSED != 0 {
            kind = .scrollDown
        } else if buttonState & (TS_BUTTON1_PRESSED | TS_BUTTON1_CLICKED) != 0 {
            kind = .press
        } else {
            return nil
        }
        return MouseEvent(x: Int(x), y: Int(y), kind: kind)
    }
}

extension Key: CustomStringConvertible {
    /// How the key is written in footers, the help overlay and `terminal-check`: `j`, `Ctrl-C`, `Up`, `F5`.
    public var description: String {
        switch self {
        case .character(let character):
            if character == " " { return "Space" }
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 {
                if scalar.value < 0x20 { return "Ctrl-" + String(Character(Unicode.Scalar(scalar.value + 0x40)!)) }
                if scalar.value >= 0x7F && scalar.value < 0xA0 {
                    return "U+" + String(scalar.value, radix: 16, uppercase: true)
                }
            }
            return String(character)
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .function(let n): return "F\(n)"
        case .resize: return "resize"
        case .mouse(let event):
            let what =
                switch event.kind {
                case .press: "click"
                case .scrollUp: "wheel up"
                case .scrollDown: "wheel down"
                }
            return "\(what) at \(event.x),\(event.y)"
        }
    }
}
