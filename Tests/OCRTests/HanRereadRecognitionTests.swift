import OCR
import PrescreenCore
import Testing
import TestSupport

/// The chi_sim second reading inside ``TesseractRecognizer/recognize(_:)``, on rendered lines (serialized with
/// the other tesseract tests: each holds ~170 MB and the machine has 2 cores).
extension TesseractRecognizerTests {
    /// Measured: chi_sim+eng reads 吕军 on this line as Latin letters at 150 dpi and 10.5 pt (and at 100 dpi,
    /// 12 pt); chi_sim alone reads the word's rectangle back as 吕军.
    static let nameLine = "拟推荐人员：吕军 申报资格：高级经济师"

    @Test func aNameReadAsLatinIsReadAgainAsHan() throws {
        let page = OCRFixtures.textPage(lines: [Self.nameLine], fontSize: 10.5, dpi: 150)
        let ocr = try TesseractRecognizer()
        let text = try ocr.recognize(page.bitmap)
        #expect(ocr.rereads.attempted >= 1)
        #expect(ocr.rereads.replaced >= 1)
        let normalized = NormalizedText(text).string
        #expect(normalized.contains(NormalizedText.normalized("吕军")), "read \(normalized.count) characters without the name")
        #expect(normalized.contains(NormalizedText.normalized("申报资格")))
        // One glyph per character, each with a confidence and a box on the drawn line, in reading order.
        let name = text.glyphs.enumerated().filter { $0.element.text == "吕" || $0.element.text == "军" }
        try #require(name.count == 2)
        #expect(name[1].offset == name[0].offset + 1)
        let line = page.lineBoxes[0].expanded(dx: page.lineBoxes[0].height / 4, dy: page.lineBoxes[0].height / 4)
        for (_, g) in name {
            #expect(g.confidence != nil)
            #expect(line.union(g.box) == line, "glyph box \(g.box) outside its line \(line)")
            #expect(g.box.width > 0 && g.box.height > 0)
        }
        // Side by side, not one box over both characters.
        #expect(name[0].element.box.x1 <= name[1].element.box.x0 + name[1].element.box.width / 4)
        #expect(name[0].element.box.width < 2 * name[0].element.box.height)
        #expect(text.glyphs.filter { $0.text == "\n" }.count == 1)
    }

    /// Masks stay masks: "XX" is never a candidate and the chi_sim engine is never even made for it.
    @Test(arguments: [("姓名：XX XX 工作单位：XX XX", ["xxxx", "xxxx"]), ("姓名：某某 工作单位：xxx", ["某某", "xxx"])])
    func masksAreNotReadAgain(line: String, masks: [String]) throws {
        let page = OCRFixtures.textBitmap(lines: [line], fontSize: 10.5, dpi: 150)
        let ocr = try TesseractRecognizer()
        let text = try ocr.recognize(page)
        #expect(ocr.rereads.attempted == 0)
        // The separator reads as ":" or ";" and x as x or X from run to run: compare the masks alone.
        var rest = Substring(NormalizedText(text).string.lowercased())
        for mask in masks {
            let found = rest.range(of: mask)
            #expect(found != nil, "mask \(mask) not read back")
            if let found { rest = rest[found.upperBound...] }
        }
    }
}
