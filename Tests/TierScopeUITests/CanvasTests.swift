import Testing

@testable import TierScopeUI

@Suite("Canvas")
struct CanvasTests {
    @Test("text is written cell by cell, clipped to the canvas and to the clip rectangle")
    func putAndClip() {
        var canvas = Canvas(width: 10, height: 2)
        let end = canvas.put("hello", x: 1, y: 0, style: .plain)
        #expect(end == 6)
        #expect(canvas.line(0) == " hello")
        canvas.clipped(to: Rect(x: 0, y: 1, width: 4, height: 1)) { $0.put("abcdefgh", x: 2, y: 1, style: .plain) }
        #expect(canvas.line(1) == "  ab")
        canvas.put("xyz", x: 8, y: 0, style: .plain)
        #expect(canvas.line(0) == " hello  xy")
    }

    @Test("a wide glyph takes two cells, and is left out where the clip would cut it")
    func wideGlyphs() {
        var canvas = Canvas(width: 5, height: 1)
        canvas.put("日本", x: 0, y: 0, style: .plain)
        #expect(canvas[0, 0].width == 2)
        #expect(canvas[1, 0].width == 0)
        #expect(canvas.line(0) == "日本")
        var narrow = Canvas(width: 3, height: 1)
        narrow.put("日本", x: 0, y: 0, style: .plain)
        #expect(narrow.line(0) == "日")
    }

    @Test("control characters show as ?, combining marks add no width")
    func controlAndCombining() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.put("a\tb\u{7}", x: 0, y: 0, style: .plain)
        #expect(canvas.line(0) == "a?b?")
        #expect(TextWidth.columns(of: "e\u{301}") == 1)
        #expect(TextWidth.columns(of: "─│█▁") == 4)
    }

    @Test("boxes have corners, edges and a title in the top edge")
    func boxes() {
        var canvas = Canvas(width: 12, height: 3)
        canvas.box(canvas.bounds, title: "Source", style: .plain)
        #expect(canvas.line(0) == "┌ Source ──┐")
        #expect(canvas.line(1) == "│          │")
        #expect(canvas.line(2) == "└──────────┘")
    }

    @Test("truncation ends in an ellipsis and padding fills to the width")
    func truncation() {
        #expect(TextWidth.truncate("sum_squares", to: 6) == "sum_s…")
        #expect(TextWidth.truncate("abc", to: 6) == "abc")
        #expect(TextWidth.pad("ab", to: 4) == "ab  ")
        #expect(TextWidth.pad("abcdef", to: 4) == "abc…")
    }
}
