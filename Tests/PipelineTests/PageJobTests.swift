import Foundation
import OCR
@testable import Pipeline
import PipelineConfig
import PrescreenCore
import Testing
import TestSupport

/// A recogniser that returns one fixed reading and a fixed OSD answer, and counts its calls.
final class ScriptedRecognizer: TextRecognizer {
    var reading: PageText
    var turns: Int?
    var recognized: [Bitmap] = []
    var osdCalls = 0

    init(reading: PageText, turns: Int? = nil) {
        self.reading = reading
        self.turns = turns
    }

    func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText {
        recognized.append(bitmap)
        return reading
    }

    func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation? {
        osdCalls += 1
        return turns.map { Orientation(quarterTurnsClockwise: $0, confidence: 9) }
    }

    /// `count` characters on one line across the left half, at `confidence`.
    static func line(_ count: Int, confidence: Double) -> PageText {
        let glyphs = (0..<count).map { i in
            Glyph(text: "字", box: Box(x0: 0.5 * Double(i) / Double(count), y0: 0.1, x1: 0.5 * Double(i + 1) / Double(count), y1: 0.2),
                  confidence: confidence)
        }
        return PageText(source: .ocr, glyphs: glyphs, meanConfidence: confidence)
    }
}

/// Reads confident print only when the image's top-left pixel is dark; junk otherwise.
final class CornerRecognizer: TextRecognizer {
    var readings = 0
    func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText {
        readings += 1
        return bitmap.pixels.first == 0 ? ScriptedRecognizer.line(60, confidence: 92) : ScriptedRecognizer.line(12, confidence: 35)
    }
    func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation? { nil }
}

/// Returns its readings in turn (the last one again after that); OSD always unsure.
final class SequenceRecognizer: TextRecognizer {
    let readings: [PageText]
    var calls = 0
    init(_ readings: [PageText]) { self.readings = readings }
    func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText {
        defer { calls += 1 }
        return readings[min(calls, readings.count - 1)]
    }
    func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation? { nil }
}

struct PageJobTests {
    static func extractor() throws -> PageExtractor {
        let p = try PipelineLoader.loadDefault()
        return PageExtractor(settings: p.extraction, limits: p.limits)
    }

    static func scanJob(checkOrientation: Bool = true) -> PageJob {
        let page = Bitmap(width: 40, height: 60, channels: 1, dpi: 150, filledWith: 255)
        return PageJob(content: PageContent(page: 1, width: 40, height: 60),
                       regions: [PageJob.Region(bitmap: page, box: PageJob.wholePage)], checkOrientation: checkOrientation)
    }

    @Test func confidentUprightReadingSkipsOSD() throws {
        let engine = ScriptedRecognizer(reading: ScriptedRecognizer.line(60, confidence: 90), turns: 1)
        let page = try Self.scanJob().run { engine }
        #expect(engine.osdCalls == 0)
        #expect(engine.recognized.count == 1)
        #expect(page.rotationQuarterTurns == 0)
    }

    @Test func doubtfulReadingAsksOSDAndReadsTheTurnedPage() throws {
        let engine = ScriptedRecognizer(reading: ScriptedRecognizer.line(60, confidence: 30), turns: 1)
        let page = try Self.scanJob().run { engine }
        #expect(engine.osdCalls == 1)
        #expect(engine.recognized.count == 2)
        // The second reading is of the page turned a quarter: 60×40 instead of 40×60.
        #expect(engine.recognized.last?.width == 60)
        #expect(page.rotationQuarterTurns == 1)
        #expect(page.rotationConfidence == 9)
    }

    @Test func confidentLinesRunningDownThePageStillAskOSD() throws {
        // 60 characters read at 92, but each one below the last: a page turned a quarter, read as vertical lines.
        let glyphs = (0..<60).map { i in
            Glyph(text: "字", box: Box(x0: 0.1, y0: Double(i) / 60, x1: 0.12, y1: Double(i + 1) / 60), confidence: 92)
        }
        let engine = ScriptedRecognizer(reading: PageText(source: .ocr, glyphs: glyphs, meanConfidence: 92), turns: 3)
        let page = try Self.scanJob().run { engine }
        #expect(engine.osdCalls == 1)
        #expect(page.rotationQuarterTurns == 3)
    }

    @Test func doubtfulReadingOfAnUprightPageIsKept() throws {
        let engine = ScriptedRecognizer(reading: ScriptedRecognizer.line(5, confidence: 95), turns: 0)
        let page = try Self.scanJob().run { engine }
        #expect(engine.osdCalls == 1)
        #expect(engine.recognized.count == 1)
        #expect(page.rotationQuarterTurns == 0)
        #expect(page.ocr?.glyphs.count == 5)
    }

    @Test func whenOSDIsUnsureAnUpsideDownPageIsFoundByReadingItTurned() throws {
        // The page reads strongly only when its marked corner (bottom right as stored) is at the top left:
        // upside down as stored. OSD is unsure (nil), as on photos and short pages.
        var pixels = [UInt8](repeating: 255, count: 40 * 60)
        pixels[pixels.count - 1] = 0
        let stored = Bitmap(width: 40, height: 60, channels: 1, dpi: 150, pixels: pixels)
        let engine = CornerRecognizer()
        let job = PageJob(content: PageContent(page: 1, width: 40, height: 60),
                          regions: [PageJob.Region(bitmap: stored, box: PageJob.wholePage)], checkOrientation: true)
        let page = try job.run { engine }
        #expect(page.rotationQuarterTurns == 2)
        #expect(page.rotationConfidence == nil)
        #expect(page.ocr?.meanConfidence == 92)
        // Read as stored, then turned half: no third reading.
        #expect(engine.readings == 2)
    }

    @Test func aPhotosTextureReadTurnedDoesNotTurnIt() throws {
        // Turned, a photo's bricks and leaves give 45 "characters" read at 75, in a reading whose mean is 50.
        var turned = ScriptedRecognizer.line(45, confidence: 75)
        turned.meanConfidence = 50
        let engine = SequenceRecognizer([ScriptedRecognizer.line(10, confidence: 40), turned])
        let page = try Self.scanJob().run { engine }
        #expect(page.rotationQuarterTurns == 0)
        #expect(page.ocr?.glyphs.count == 10)
    }

    @Test func aTextLayerDrawnSidewaysIsNotUpright() {
        func line(_ step: (Int) -> Box) -> PageText {
            PageText(source: .textLayer, glyphs: (0..<30).map { Glyph(text: "字", box: step($0)) })
        }
        let down = line { Box(x0: 0.8, y0: 0.1 + Double($0) * 0.02, x1: 0.82, y1: 0.12 + Double($0) * 0.02) }
        let across = line { Box(x0: 0.1 + Double($0) * 0.02, y0: 0.1, x1: 0.12 + Double($0) * 0.02, y1: 0.12) }
        #expect(PageExtractor.drawnTurns(down) == 3)
        #expect(PageExtractor.drawnTurns(across) == 0)
    }

    @Test func whenOSDIsUnsureAWeakUprightPageStaysUpright() throws {
        let engine = ScriptedRecognizer(reading: ScriptedRecognizer.line(20, confidence: 50), turns: nil)
        let page = try Self.scanJob().run { engine }
        #expect(page.rotationQuarterTurns == 0)
        #expect(engine.recognized.count == 2)
    }

    @Test func pagesWithATextLayerAreNeverTurned() throws {
        let engine = ScriptedRecognizer(reading: ScriptedRecognizer.line(3, confidence: 20), turns: 2)
        _ = try Self.scanJob(checkOrientation: false).run { engine }
        #expect(engine.osdCalls == 0)
    }

    @Test func regionBoxesAreMappedOntoThePage() throws {
        let crop = Bitmap(width: 20, height: 20, channels: 1, dpi: 200, filledWith: 255)
        let region = Box(x0: 0.5, y0: 0.25, x1: 0.75, y1: 0.5)
        let job = PageJob(content: PageContent(page: 1, width: 100, height: 100),
                          regions: [PageJob.Region(bitmap: crop, box: region)], checkOrientation: true)
        let engine = ScriptedRecognizer(reading: ScriptedRecognizer.line(2, confidence: 80))
        let page = try job.run { engine }
        let first = try #require(page.ocr?.glyphs.first)
        // The glyph's box (0…0.25, 0.1…0.2 of the crop) lands inside the region.
        #expect(abs(first.box.x0 - 0.5) < 1e-9)
        #expect(abs(first.box.x1 - 0.5625) < 1e-9)
        #expect(abs(first.box.y0 - 0.275) < 1e-9)
        #expect(page.ocr?.meanConfidence == 80)
        #expect(engine.osdCalls == 0)
    }

    @Test func aScannedPageIsReadAtTheScansResolutionWithoutDecodingItTwice() throws {
        // A 150-dpi full-page scan: 1240×1754 pixels over 595×842 points.
        let pdf = try PDFFixtures.imagePDF(bitmap: PDFFixtures.gradientBitmap(width: 1240, height: 1754),
                                           rect: (0, 0, 595.28, 841.89))
        let sizes = PDFImageSizes(pdf)
        #expect(sizes.uniformSize?.width == 1240)
        #expect(sizes.uniformSize?.height == 1754)
        let pages = try Self.extractor().open(data: pdf, format: .pdf)
        let job = try pages.prepare(1)
        #expect(job.checkOrientation)
        let region = try #require(job.regions.first)
        #expect(job.regions.count == 1 && region.box == PageJob.wholePage)
        #expect(abs(region.bitmap.dpi - 150) < 1)
        #expect(abs(job.content.ocrDPI - 150) < 1)
    }

    @Test func aTextPageWithAPictureOCRsOnlyThePicture() throws {
        let texts = [PDFFixtures.TextRun("本人承诺所提交的材料真实有效，如有虚假愿承担一切责任。", x: 60, y: 600, size: 12)]
        let pdf = try PDFFixtures.imagePDF(bitmap: PDFFixtures.gradientBitmap(width: 200, height: 150),
                                           rect: (72, 72, 200, 150), texts: texts)
        let job = try Self.extractor().open(data: pdf, format: .pdf).prepare(1)
        #expect(!job.checkOrientation)
        #expect(job.content.textLayerVisible != nil)
        let region = try #require(job.regions.first)
        #expect(job.regions.count == 1)
        // The picture (72…272 × 72…222 pt) with a 1% margin, not the whole page.
        #expect(region.box.x0 < 72 / 595.28 && region.box.x1 > 272 / 595.28 && region.box.x1 < 0.5)
        #expect(region.box.y0 < 72 / 841.89 && region.box.y1 > 222 / 841.89 && region.box.y1 < 0.3)
    }

    @Test func textInAnnotationsAndFormFieldsJoinsTheTextLayer() throws {
        let pdf = PDFFixtures.overlayTextPDF(freeText: "张伟", field: "阿克苏地区第一人民医院")
        let job = try Self.extractor().open(data: pdf, format: .pdf).prepare(1)
        let layer = try #require(job.content.textLayer)
        #expect(layer.string.contains("张伟"))
        #expect(layer.string.contains("阿克苏地区第一人民医院"))
        #expect(job.content.textLayerVisible?.count == layer.glyphs.count)
    }

    /// A 200×100 white page; `fill` paints pixels (x, y) with a grey value, or leaves them (nil).
    static func page(_ fill: (Int, Int) -> UInt8?) -> Bitmap {
        var pixels = [UInt8](repeating: 255, count: 200 * 100)
        for y in 0..<100 { for x in 0..<200 { if let v = fill(x, y) { pixels[y * 200 + x] = v } } }
        return Bitmap(width: 200, height: 100, channels: 1, dpi: 200, pixels: pixels)
    }

    @Test func aGlyphUnderAHatchedBlackMaskIsHidden() {
        // Black box 20…140 × 20…70 with thin white diagonal hatch lines every 6 px.
        let hatched = Self.page { x, y in (20..<140).contains(x) && (20..<70).contains(y) ? ((x + y) % 6 == 0 ? 255 : 0) : nil }
        let glyph = PageText(source: .textLayer, glyphs: [Glyph(text: "张", box: Box(x0: 0.3, y0: 0.3, x1: 0.4, y1: 0.5))])
        #expect(PageExtractor.visibility(of: glyph, on: hatched) == [false])
        // White print on a dark band is lighter where its strokes are: seen.
        let band = Self.page { x, y in
            guard (20..<70).contains(y) else { return nil }
            let stroke = (60..<80).contains(x) && ((38..<41).contains(y) || (x % 7 < 2 && (32..<48).contains(y)))
            return stroke ? 255 : 10
        }
        #expect(PageExtractor.visibility(of: glyph, on: band) == [true])
    }

    @Test func aTextPageWithoutPicturesNeedsNoOCR() throws {
        let pdf = try PDFFixtures.textPDF(lines: [("本人承诺所提交的材料真实有效，如有虚假愿承担一切责任。", 60, 100, 12)])
        let job = try Self.extractor().open(data: pdf, format: .pdf).prepare(1)
        #expect(!job.needsRecognition)
        #expect(job.content.textLayerVisible?.isEmpty == false)
    }

    @Test func picturesCoveringMostOfThePageAreReadWhole() {
        let page = Bitmap(width: 100, height: 100, channels: 1, dpi: 200, filledWith: 255)
        #expect(PageExtractor.rasterRegions([Box(x0: 0.1, y0: 0.1, x1: 0.9, y1: 0.9)], on: page).isEmpty)
        // Two overlapping pictures become one region.
        let two = PageExtractor.rasterRegions([Box(x0: 0.1, y0: 0.1, x1: 0.3, y1: 0.3), Box(x0: 0.25, y0: 0.25, x1: 0.4, y1: 0.4)], on: page)
        #expect(two.count == 1)
    }

    @Test func imageDictionariesAreReadWithoutDecoding() {
        let uniform = PDFImageSizes(Data(("1 0 obj << /Type /XObject /Subtype /Image /Width 1240 /Height 1754 >> stream\n"
            + "2 0 obj <</Subtype/Image/Height 1754/Width 1240/DecodeParms<</K -1>>>> stream\n"
            + "3 0 obj << /ProcSet [/PDF /ImageB] >>\n").utf8))
        #expect(uniform.sizes.count == 2)
        #expect(uniform.uniformSize?.width == 1240)
        let mixed = PDFImageSizes(Data("<< /Subtype /Image /Width 10 /Height 20 >> << /Subtype /Image /Width 11 /Height 20 >>".utf8))
        #expect(mixed.uniformSize == nil)
        let indirect = PDFImageSizes(Data("<< /Subtype /Image /Width 7 0 R /Height 20 >>".utf8))
        #expect(indirect.unreadable && indirect.uniformSize == nil)
    }

    @Test func oversampledImagesAreScaledDownByAveraging() {
        let b = Bitmap(width: 4, height: 2, channels: 1, dpi: 400, pixels: [0, 100, 200, 200, 0, 100, 0, 0])
        let d = PageExtractor.downscaled(b, to: 200)
        #expect(d.width == 2 && d.height == 1)
        #expect(d.pixels == [50, 100])
        #expect(abs(d.dpi - 200) < 1e-9)
    }

    @Test func posterSizedPagesAreReadAtALowerResolution() throws {
        let e = try Self.extractor()
        #expect(e.cappedDPI(200, widthPoints: 595, heightPoints: 842) == 200)
        // A0 (2384×3370 pt) at 200 dpi would be 6622×9361 = 62 Mpx, over the 60 Mpx limit.
        let a0 = e.cappedDPI(200, widthPoints: 2384, heightPoints: 3370)
        #expect(a0 < 200 && a0 > 150)
    }
}
