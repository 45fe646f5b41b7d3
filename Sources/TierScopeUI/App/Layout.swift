/// Where each pane goes for a screen size: two columns of three rows up to 160×40, three columns of two
/// rows beyond, the focused pane alone when zoomed. The last row is the status bar.
public enum Layout {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public static func fits(width: Int, height: Int) -> Bool {
        width >= minimumWidth && height >= minimumHeight
    }

    public static func panes(width: Int, height: Int, zoomed: PaneID?) -> [PaneID: Rect] {
        let area = Rect(x: 0, y: 0, width: width, height: height - 1)
        if let zoomed { return [zoomed: area] }
        if width >= 160 && height >= 40 {
            let columns = split(area.width, [0.30, 0.32, 0.38])
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
