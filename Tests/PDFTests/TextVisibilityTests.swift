import Foundation
import PDF
import PrescreenCore
import Testing
import TestSupport

/// Text that is in the text layer but cannot be seen on the rendered page.
@Suite struct TextVisibilityTests {
    let a4 = PDFFixtures.a4

    func hiddenText(_ page: PDFPage, dpi: Double = 100) throws -> String {
        let text = page.text()
        let hidden = TextVisibility.hiddenGlyphs(text, in: try page.renderGray(dpi: dpi))
        return hidden.map { text.glyphs[$0].text }.joined()
    }

    @Test(arguments: [72.0, 100.0, 200.0])
    func plainTextIsVisible(_ dpi: Double) throws {
        let data = try PDFFixtures.textPDF(lines: [("姓名：张伟", 72, 100, 14), ("阿克苏地区第一人民医院", 72, 140, 10.5)])
        #expect(try hiddenText(try PDFDocument(data: data).page(1), dpi: dpi) == "")
    }

    @Test func aBlackBoxDrawnOverTheNameHidesExactlyTheName() throws {
        // "姓名：" is 3 em wide at 20 pt from x = 100; the box covers the next two characters.
        let page = PDFFixtures.Page(
            texts: [.init("姓名：张伟", x: 100, y: 200, size: 20), .init("工作单位：阿克苏地区第一人民医院", x: 100, y: 260, size: 20)],
            rects: [.init(x: 159, y: 176, width: 42, height: 30)])
        let pdf = try PDFDocument(data: try PDFFixtures.pdf(pages: [page])).page(1)
        #expect(try hiddenText(pdf) == "张伟")
        let text = pdf.text()
        let runs = TextVisibility.hiddenRuns(text, in: try pdf.renderGray(dpi: 100))
        try #require(runs.count == 1)
        let drawn = Box(x: 159, y: 176, width: 42, height: 30, pageWidth: a4.width, pageHeight: a4.height)
        #expect(runs[0].intersection(drawn).map { $0.area / runs[0].area } ?? 0 > 0.8)
    }

    @Test func anOpaqueAnnotationHidesTheTextBeneath() throws {
        let base = try PDFFixtures.textPDF(lines: [("阿克苏地区第一人民医院", 100, 200, 20)])
        // Covers 阿克苏 (x 100–160).
        let data = try PDFFixtures.annotated(base, squares: [.init(x: 98, y: 176, width: 64, height: 30, fill: (1, 1, 1))])
        #expect(try hiddenText(try PDFDocument(data: data).page(1)) == "阿克苏")
    }

    @Test(arguments: [0.0, 1.0, 0.5])
    func aFilledRectangleOfAnyShadeHidesTheText(_ gray: Double) throws {
        let page = PDFFixtures.Page(
            texts: [.init("张伟", x: 100, y: 200, size: 20)], rects: [.init(x: 95, y: 175, width: 50, height: 32, gray: gray)])
        #expect(try hiddenText(try PDFDocument(data: try PDFFixtures.pdf(pages: [page])).page(1)) == "张伟")
    }

    @Test func aPictureOverTheTextHidesIt() throws {
        let patch = Bitmap(width: 8, height: 8, channels: 1, filledWith: 230)
        let page = PDFFixtures.Page(
            texts: [.init("姓名：张伟", x: 100, y: 200, size: 20)],
            overlays: [.init(bitmap: patch, x: 158, y: 175, width: 44, height: 32)])
        #expect(try hiddenText(try PDFDocument(data: try PDFFixtures.pdf(pages: [page])).page(1)) == "张伟")
    }

    @Test func textUnderABusyPictureCountsAsVisible() throws {
        // What an OCRed scan looks like to this check: the characters' region is not flat (the
        // scan shows them), so the text is not reported. A busy picture pasted over text is
        // therefore missed too: that needs OCR of the region compared with the layer.
        let scan = Self.noise(width: 40, height: 30)
        let page = PDFFixtures.Page(
            texts: [.init("张伟", x: 100, y: 200, size: 20)],
            overlays: [.init(bitmap: scan, x: 95, y: 175, width: 50, height: 32)])
        let pdf = try PDFDocument(data: try PDFFixtures.pdf(pages: [page])).page(1)
        #expect(try hiddenText(pdf) == "")
    }

    static func noise(width: Int, height: Int) -> Bitmap {
        var state: UInt32 = 12345
        let pixels = (0..<(width * height)).map { _ -> UInt8 in
            state = state &* 1_103_515_245 &+ 12345
            return (state >> 16) & 1 == 0 ? 20 : 235
        }
        return Bitmap(width: width, height: height, channels: 1, pixels: pixels)
    }
}
