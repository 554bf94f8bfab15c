import PrescreenCore
import Testing

@testable import PDF

/// Pairing text with layout rectangles when poppler's two answers disagree in length.
@Suite struct GlyphPairingTests {
    static func boxes(_ n: Int) -> [Box] {
        (0..<n).map { Box(x0: Double($0) * 0.1, y0: 0.2, x1: Double($0) * 0.1 + 0.05, y1: 0.3) }
    }

    @Test(arguments: [0, 1, 3, 5, 9])
    func everyScalarGetsAGlyphWhateverTheBoxCount(_ boxCount: Int) {
        let text = "张伟\n阿克"
        let glyphs = PDFPage.glyphs(of: text, boxes: Self.boxes(boxCount))
        #expect(glyphs.map(\.text) == ["张", "伟", "\n", "阿", "克"])
        for (i, glyph) in glyphs.enumerated() where i < boxCount {
            #expect(glyph.box == Self.boxes(boxCount)[i])
        }
    }

    @Test func scalarsWithoutABoxSitEmptyAfterTheLastKnownOne() {
        let glyphs = PDFPage.glyphs(of: "张伟阿", boxes: Self.boxes(2))
        let last = glyphs[2].box
        #expect(last.width == 0)
        #expect(last.x0 == Self.boxes(2)[1].x1)
        #expect(last.y0 == 0.2 && last.y1 == 0.3)
    }

    @Test func noBoxesAtAllGiveEmptyBoxesAtTheOrigin() {
        let glyphs = PDFPage.glyphs(of: "张伟", boxes: [])
        #expect(glyphs.count == 2)
        #expect(glyphs.allSatisfy { $0.box.area == 0 })
    }

    @Test func combiningMarksAndAstralScalarsAreOneGlyphEach() {
        // "e" + combining acute, and an astral CJK ideograph (U+20BB7).
        let text = "e\u{301}\u{20BB7}"
        let glyphs = PDFPage.glyphs(of: text, boxes: Self.boxes(3))
        #expect(glyphs.count == 3)
        #expect(glyphs.map(\.text).joined() == text)
    }
}
