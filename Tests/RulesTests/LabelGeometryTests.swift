import PrescreenCore
@testable import Rules
import Testing

/// A label whose value the text layer puts on another line (separate table cells), found by its row on the page.
struct LabelGeometryTests {
    static func glyphs(_ s: String, x: Double, y: Double) -> [Glyph] {
        s.enumerated().map { i, c in
            Glyph(text: String(c), box: Box(x0: x + Double(i) * 0.02, y0: y, x1: x + Double(i + 1) * 0.02, y1: y + 0.02))
        }
    }

    static func page(value: String, at x: Double = 0.2) -> NormalizedText {
        let g = glyphs("姓名:", x: 0.1, y: 0.1) + [Glyph(text: "\n", box: Box(x0: 0.16, y0: 0.1, x1: 0.16, y1: 0.12))]
            + glyphs(value, x: x, y: 0.1) + [Glyph(text: "\n", box: Box(x0: 0.3, y0: 0.1, x1: 0.3, y1: 0.12))]
            + glyphs("身份证号:", x: 0.1, y: 0.2)
        return NormalizedText(PageText(source: .textLayer, glyphs: g))
    }

    @Test func valueInAnotherCellOfTheRowIsFound() throws {
        let boxes = LabelRule.unmaskedValues(in: Self.page(value: "姚静锋"))
        let b = try #require(boxes.first)
        #expect(boxes.count == 1)
        #expect(b.x0 >= 0.2 && b.x1 <= 0.27)
    }

    @Test func valueInAFarTableColumnIsFound() {
        #expect(LabelRule.unmaskedValues(in: Self.page(value: "姚静锋", at: 0.4)).count == 1)
    }

    @Test func maskedValueInAnotherCellIsNot() {
        #expect(LabelRule.unmaskedValues(in: Self.page(value: "XX XX")).isEmpty)
    }

    @Test func glyphGapSeparatesNamesInColumns() {
        // 邱峰 and 崔娥瑶 in adjacent columns without a space in the text layer.
        let g = Self.glyphs("邱峰", x: 0.1, y: 0.1) + Self.glyphs("崔娥瑶", x: 0.3, y: 0.1)
        let t = NormalizedText(PageText(source: .textLayer, glyphs: g))
        #expect(t.gapAfter[1])
        #expect(!t.gapAfter[0])
    }

    /// OCR of a table row `单位名称 | 新疆塔河棉业股份有限公司` where the first label glyph's ink box took in the cell's
    /// ruling line (twice the glyph's height, as PP-OCR's boxes came out on the own scorecard's scanned appraisal
    /// forms): the value is still full-height print, not a mask read as characters. Short glyphs (stars read as Han)
    /// stay masked.
    @Test(arguments: [(0.012, true), (0.005, false)])
    func aLabelGlyphTallerByARulingLineDoesNotHideTheValue(valueHeight: Double, found: Bool) {
        var g: [Glyph] = []
        for (k, c) in "单位名称".enumerated() {
            let y0 = k == 0 ? 0.290 : 0.297
            g.append(Glyph(text: String(c), box: Box(x0: 0.118 + 0.022 * Double(k), y0: y0, x1: 0.138 + 0.022 * Double(k), y1: 0.316),
                           confidence: 99))
        }
        g.append(Glyph(text: " ", box: Box(x0: 0.21, y0: 0.298, x1: 0.27, y1: 0.31), confidence: 99))
        for (k, c) in "新疆塔河棉业股份有限公司".enumerated() {
            g.append(Glyph(text: String(c), box: Box(x0: 0.27 + 0.019 * Double(k), y0: 0.298, x1: 0.287 + 0.019 * Double(k),
                                                     y1: 0.298 + valueHeight), confidence: 99))
        }
        let text = NormalizedText(PageText(source: .ocr, glyphs: g, meanConfidence: 99))
        #expect(LabelRule.unmaskedValues(in: text).isEmpty != found)
    }
}
