import OCR
import PrescreenCore
import Testing
import TestSupport

/// ``InvertedText``: the page test that keeps tesseract's inverted second reading only where light text on a
/// dark ground may be. The recognitions are serialized with the other tesseract tests (``TesseractRecognizerTests``).
struct InvertedTextTests {
    static let lines = ["阿克苏地区职称评审表 第一页", "姓名：张伟 工作单位：阿克苏地区第一人民医院", "申报人员须知：所有材料必须真实有效。"]

    /// The page of ``lines`` with the second line's band (grown by half a line) turned white on black.
    static func pageWithInvertedLine(dpi: Double = 200) -> (page: Bitmap, band: Box) {
        let page = OCRFixtures.textPage(lines: lines, fontSize: 12, dpi: dpi)
        let line = page.lineBoxes[1]
        let band = line.expanded(dx: line.height / 2, dy: line.height / 2)
        var bitmap = page.bitmap
        if let r = bitmap.pixelRect(band) {
            for y in r.y..<(r.y + r.height) {
                for x in r.x..<(r.x + r.width) { bitmap.pixels[y * bitmap.width + x] = 255 - bitmap.pixels[y * bitmap.width + x] }
            }
        }
        return (bitmap, band)
    }

    @Test func printOnPaperIsNotInverted() {
        #expect(!InvertedText.mayHold(OCRFixtures.textBitmap(lines: Self.lines, fontSize: 12, dpi: 200)))
        // Large bold-ish title text is still print on paper.
        #expect(!InvertedText.mayHold(OCRFixtures.textBitmap(lines: ["专业技术资格证书"], fontSize: 28, dpi: 200)))
    }

    @Test func aWhiteOnBlackBandIsFound() {
        #expect(InvertedText.mayHold(Self.pageWithInvertedLine().page))
        #expect(InvertedText.mayHold(Self.pageWithInvertedLine(dpi: 300).page))
    }

    /// A mask is a filled box: dark, with no light strokes in it, and paper on one side only along its edges (at
    /// every offset of the box against the test's cells).
    @Test(arguments: [0, 3, 7, 12, 16])
    func aFilledMaskIsNotInvertedText(offset: Int) {
        var page = OCRFixtures.textBitmap(lines: Self.lines, fontSize: 12, dpi: 200)
        let x0 = page.width / 10 + offset, y0 = page.height * 2 / 5 + offset
        for y in y0..<min(page.height, y0 + page.height / 5) {
            for x in x0..<min(page.width, x0 + page.width / 2) { page.pixels[y * page.width + x] = 10 }
        }
        #expect(!InvertedText.mayHold(page))
    }

    @Test func blankAndDegenerateBitmaps() {
        #expect(!InvertedText.mayHold(Bitmap(width: 0, height: 0, channels: 1, pixels: [])))
        #expect(!InvertedText.mayHold(Bitmap(width: 500, height: 700, channels: 1, dpi: 200, filledWith: 255)))
        #expect(!InvertedText.mayHold(Bitmap(width: 500, height: 700, channels: 1, dpi: 200, filledWith: 0)))
    }
}

extension TesseractRecognizerTests {
    /// Measured: without the inverted second reading the band reads "RES: KG CPt : Plea K BARE".
    @Test func aNameWhiteOnBlackIsRead() throws {
        let ocr = try TesseractRecognizer()
        let text = try ocr.recognize(InvertedTextTests.pageWithInvertedLine().page)
        #expect(ocr.invertedPages == 1)
        let normalized = NormalizedText(text).string
        #expect(normalized.contains(NormalizedText.normalized("张伟")), "read: \(normalized)")
        #expect(normalized.contains(NormalizedText.normalized("阿克苏地区第一人民医院")))
    }

    @Test func printOnPaperIsReadOnce() throws {
        let ocr = try TesseractRecognizer()
        let text = try ocr.recognize(OCRFixtures.textBitmap(lines: InvertedTextTests.lines, fontSize: 12, dpi: 200))
        #expect(ocr.invertedPages == 0)
        #expect(NormalizedText(text).string.contains(NormalizedText.normalized("张伟")))
    }
}
