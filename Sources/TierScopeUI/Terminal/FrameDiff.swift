/// A cell's column and row on the screen.
struct CellPosition: Hashable, Sendable {
    var x: Int
    var y: Int
}

/// Which cells of a new frame have to be written to the screen, given the frame on it. Writing only those
/// keeps a frame's cost proportional to what changed, however often the UI redraws.
enum FrameDiff {
    /// True when the whole frame has to be written: there is no previous frame, or its size differs.
    static func needsFullRedraw(from previous: Canvas?, to next: Canvas) -> Bool {
        guard let previous else { return true }
        return previous.width != next.width || previous.height != next.height
    }

    /// The positions to write, row by row, left to right. A wide glyph and its right half travel together:
    /// when either cell changes both are listed, because the terminal draws the pair as one, and writing
    /// over half of one wipes the other half.
    static func changedCells(from previous: Canvas?, to next: Canvas) -> [CellPosition] {
        var positions: [CellPosition] = []
        guard let previous, !needsFullRedraw(from: previous, to: next) else {
            positions.reserveCapacity(next.width * next.height)
            for y in 0..<next.height {
                for x in 0..<next.width { positions.append(CellPosition(x: x, y: y)) }
            }
            return positions
        }
        let width = next.width
        for y in 0..<next.height {
            let row = y * width
            func differs(_ x: Int) -> Bool { previous.cells[row + x] != next.cells[row + x] }
            func isWide(_ x: Int) -> Bool { previous.cells[row + x].width == 2 || next.cells[row + x].width == 2 }
            func isRightHalf(_ x: Int) -> Bool {
                previous.cells[row + x].width == 0 || next.cells[row + x].width == 0
            }
            for x in 0..<width {
                let changed =
                    differs(x) || (x > 0 && differs(x - 1) && isWide(x - 1))
                    || (x + 1 < width && differs(x + 1) && isRightHalf(x + 1))
                if changed { positions.append(CellPosition(x: x, y: y)) }
            }
        }
        return positions
    }
}
