/// Where each pane goes for a screen size, the last two rows being the detail line and the status bar:
/// below 110 columns, source and bytecode side by side over one full-width inspector (the trace, the
/// timeline or the machine code, whichever was focused last) and the output; up to 160×40 two columns
/// of three rows; beyond, three columns of two rows, where the extra width goes to the trace, timeline
/// and machine code rather than to source lines that do not need it. Zoomed, the focused pane alone.
public enum Layout {
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    /// Below this width the trace, timeline and machine code panes take turns in one full-width place.
    public static let compactWidth = 110

    public static func fits(width: Int, height: Int) -> Bool {
        width >= minimumWidth && height >= minimumHeight
    }

    /// The panes that take turns in the compact layout's inspector.
    public static let inspectors: Set<PaneID> = [.trace, .timeline, .machineCode]

    /// The panes' places on a `width`×`height` screen whose first `top` rows something else takes (the
    /// presenter's banner). In the compact layout, an `emphasis` pane's row gets the larger share: a
    /// presenter at 80x24 shows the pane the stage is about as large as it can.
    public static func panes(
        width: Int, height: Int, zoomed: PaneID?, inspector: PaneID = .trace, top: Int = 0, emphasis: PaneID? = nil
    ) -> [PaneID: Rect] {
        let placed = placed(
            width: width, height: height - top, zoomed: zoomed, inspector: inspector, emphasis: emphasis)
        guard top > 0 else { return placed }
        return placed.mapValues { Rect(x: $0.x, y: $0.y + top, width: $0.width, height: $0.height) }
    }

    private static func placed(
        width: Int, height: Int, zoomed: PaneID?, inspector: PaneID, emphasis: PaneID?
    ) -> [PaneID: Rect] {
        let area = Rect(x: 0, y: 0, width: width, height: height - 2)
        if let zoomed { return [zoomed: area] }
        if width < compactWidth {
            let shares: [Double]
            switch emphasis {
            case .source, .bytecode: shares = [0.52, 0.30, 0.18]
            case .trace, .timeline, .machineCode: shares = [0.30, 0.52, 0.18]
            case .output: shares = [0.34, 0.36, 0.30]
            case nil: shares = [0.38, 0.42, 0.20]
            }
            let rows = split(area.height, shares)
            let columns = split(area.width, [0.45, 0.55])
            return [
                .source: Rect(x: 0, y: 0, width: columns[0], height: rows[0]),
                .bytecode: Rect(x: columns[0], y: 0, width: columns[1], height: rows[0]),
                inspector: Rect(x: 0, y: rows[0], width: area.width, height: rows[1]),
                .output: Rect(x: 0, y: rows[0] + rows[1], width: area.width, height: rows[2]),
            ]
        }
        if width >= 160 && height >= 40 {
            // Source lines rarely need more than 60 columns; the rest goes to the inspectors.
            let sourceWidth = min(Int(Double(area.width) * 0.30), 62)
            let middleWidth = min(Int(Double(area.width) * 0.32), 72)
            let columns = [sourceWidth, middleWidth, area.width - sourceWidth - middleWidth]
            let left = Rect(x: 0, y: 0, width: columns[0], height: area.height)
            let middle = Rect(x: columns[0], y: 0, width: columns[1], height: area.height)
            let right = Rect(x: columns[0] + columns[1], y: 0, width: columns[2], height: area.height)
            let (source, output) = stack(left, 0.65)
            let (bytecode, machine) = stack(middle, 0.65)
            let (trace, timeline) = stack(right, 0.6)
            return [
                .source: source, .output: output, .bytecode: bytecode, .machineCode: machine, .trace: trace,
                .timeline: timeline,
            ]
        }
        let rows = split(area.height, [0.42, 0.36, 0.22])
        let columns = split(area.width, [0.5, 0.5])
        func cell(_ column: Int, _ row: Int) -> Rect {
            Rect(
                x: column == 0 ? 0 : columns[0], y: rows[..<row].reduce(0, +), width: columns[column],
                height: rows[row])
        }
        return [
            .source: cell(0, 0), .bytecode: cell(1, 0), .trace: cell(1, 1), .timeline: cell(0, 1),
            .output: cell(0, 2), .machineCode: cell(1, 2),
        ]
    }

    /// `total` cells shared out by `fractions`, the last taking what rounding left.
    static func split(_ total: Int, _ fractions: [Double]) -> [Int] {
        var sizes = fractions.dropLast().map { Int((Double(total) * $0).rounded()) }
        sizes.append(total - sizes.reduce(0, +))
        return sizes
    }

    private static func stack(_ rect: Rect, _ fraction: Double) -> (Rect, Rect) {
        let top = Int((Double(rect.height) * fraction).rounded())
        return (
            Rect(x: rect.x, y: rect.y, width: rect.width, height: top),
            Rect(x: rect.x, y: rect.y + top, width: rect.width, height: rect.height - top)
        )
    }
}
