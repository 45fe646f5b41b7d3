/// The colours and attributes of every role the panes draw with. Panes name roles, never colours, so
/// that every theme (and the monochrome and NO_COLOR renderings) covers the whole screen.
public struct Theme: Sendable, Equatable {
    /// As the theme file names itself (`name = "..."`), shown in the status bar.
    public var name: String

    // Frame and text
    /// The screen's background and ordinary text.
    public var text: Style
    /// Secondary text: line numbers, offsets, timestamps, explanations.
    public var dim: Style
    /// A pane's border, and its title, when the pane does not have focus.
    public var border: Style
    public var title: Style
    /// The focused pane's border and title.
    public var focusedBorder: Style
    public var focusedTitle: Style
    /// The selected row in the focused pane.
    public var selection: Style
    /// Rows linked to the selection in other panes (the same line, instruction or micro-op).
    public var linked: Style

    // Heat: eight levels, coolest first, for the gutter glyphs ▁▂▃▄▅▆▇█ and heat bars.
    public var heat: [Style]

    // Tiers: badges and tier names.
    public var tier0: Style
    public var tier1: Style
    public var tier2: Style
    public var tierJIT: Style

    // Bytecode and traces
    /// Instruction and micro-op names.
    public var opcode: Style
    /// A specialised instruction's name (once Tier 1 rewrote it).
    public var specialized: Style
    /// Guards in traces.
    public var guardOp: Style
    /// Micro-ops the optimiser removed (drawn struck out where the theme says so).
    public var removed: Style
    /// Exits and side exits, and where traces start and close.
    public var exit: Style
    public var traceMarker: Style

    // Timeline
    /// Promotions (up a tier) and fall backs (down a tier, invalidations, aborts).
    public var promotion: Style
    public var fallBack: Style

    // Everything else
    public var error: Style
    public var output: Style
    public var statusBar: Style
    /// Key names in the status bar and the help overlay.
    public var key: Style
    public var overlay: Style

    public init(
        name: String, text: Style, dim: Style, border: Style, title: Style, focusedBorder: Style,
        focusedTitle: Style, selection: Style, linked: Style, heat: [Style], tier0: Style, tier1: Style,
        tier2: Style, tierJIT: Style, opcode: Style, specialized: Style, guardOp: Style, removed: Style, exit: Style,
        traceMarker: Style, promotion: Style, fallBack: Style, error: Style, output: Style, statusBar: Style,
        key: Style, overlay: Style
    ) {
        self.name = name
        self.text = text
        self.dim = dim
        self.border = border
        self.title = title
        self.focusedBorder = focusedBorder
        self.focusedTitle = focusedTitle
        self.selection = selection
        self.linked = linked
        self.heat = heat
        self.tier0 = tier0
        self.tier1 = tier1
        self.tier2 = tier2
        self.tierJIT = tierJIT
        self.opcode = opcode
        self.specialized = specialized
        self.guardOp = guardOp
        self.removed = removed
        self.exit = exit
        self.traceMarker = traceMarker
        self.promotion = promotion
        self.fallBack = fallBack
        self.error = error
        self.output = output
        self.statusBar = statusBar
        self.key = key
        self.overlay = overlay
    }

    /// The heat style for a level in 0...1.
    public func heat(_ level: Double) -> Style {
        guard !heat.isEmpty else { return text }
        let index = Int((max(0, min(1, level)) * Double(heat.count - 1)).rounded())
        return heat[index]
    }

    /// Built in, so that the UI works even with no theme files at hand: plain text, with attributes for
    /// emphasis (what NO_COLOR shows).
    public static let monochrome = Theme(
        name: "monochrome", text: .plain, dim: Style(attributes: .dim), border: Style(attributes: .dim),
        title: .plain, focusedBorder: Style(attributes: .bold), focusedTitle: Style(attributes: [.bold, .reverse]),
        selection: Style(attributes: .reverse), linked: Style(attributes: .underline),
        heat: [
            Style(attributes: .dim), Style(attributes: .dim), .plain, .plain, .plain, Style(attributes: .bold),
            Style(attributes: .bold), Style(attributes: .bold),
        ],
        tier0: Style(attributes: .dim), tier1: .plain, tier2: Style(attributes: .bold),
        tierJIT: Style(attributes: [.bold, .underline]), opcode: .plain, specialized: Style(attributes: .bold),
        guardOp: Style(attributes: .underline), removed: Style(attributes: [.dim, .strike]),
        exit: Style(attributes: .bold), traceMarker: Style(attributes: .bold), promotion: Style(attributes: .bold),
        fallBack: Style(attributes: .underline), error: Style(attributes: [.bold, .underline]), output: .plain,
        statusBar: Style(attributes: .reverse), key: Style(attributes: [.reverse, .bold]),
        overlay: Style(attributes: .reverse))
}
