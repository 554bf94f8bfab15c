import Foundation
import PDF
import PrescreenCore
import Testing
import TestSupport

/// Rendering, embedded images and annotations drawn over text.
@Suite struct PDFRenderTests {
    let a4 = PDFFixtures.a4

    /// The fraction of pixels darker than 128 in a page-fraction box.
    func darkFraction(_ bitmap: Bitmap, _ box: Box) -> Double {
        guard let r = bitmap.pixelRect(box) else { return 0 }
        var dark = 0
        for y in r.y..<(r.y + r.height) {
            for x in r.x..<(r.x + r.width) where bitmap.luma(x: x, y: y) < 128 { dark += 1 }
        }
        return Double(dark) / Double(r.width * r.height)
    }

    @Test(arguments: [72.0, 150.0, 300.0])
    func renderHasTheRightSizeAndInkWhereTheTextIs(_ dpi: Double) throws {
        let data = try PDFFixtures.textPDF(lines: [("姓名：张伟", 100, 200, 24)])
        let page = try PDFDocument(data: data).page(1)
        for bitmap in [try page.render(dpi: dpi), try page.renderGray(dpi: dpi)] {
            #expect(bitmap.width == Int((a4.width * dpi / 72).rounded(.up)))
            #expect(bitmap.height == Int((a4.height * dpi / 72).rounded(.up)))
            #expect(bitmap.dpi == dpi)
            let textBox = Box(x: 100, y: 180, width: 5 * 24, height: 22, pageWidth: a4.width, pageHeight: a4.height)
            #expect(darkFraction(bitmap, textBox) > 0.05)
            let blank = Box(x: 100, y: 400, width: 200, height: 200, pageWidth: a4.width, pageHeight: a4.height)
            #expect(darkFraction(bitmap, blank) == 0)
            // White background, not transparent black.
            #expect(bitmap.luma(x: 0, y: 0) == 255)
        }
    }

    @Test func grayAndRGBAgree() throws {
        let bitmap = PDFFixtures.gradientBitmap(width: 40, height: 30)
        let page = try PDFDocument(data: try PDFFixtures.imagePDF(bitmap: bitmap)).page(1)
        let rgb = try page.render(dpi: 50)
        let gray = try page.renderGray(dpi: 50)
        #expect(rgb.channels == 3 && gray.channels == 1)
        #expect(rgb.grayscale() == gray)
        // The gradient image has colour: R differs from B somewhere.
        #expect(stride(from: 0, to: rgb.pixels.count, by: 3).contains { rgb.pixels[$0] != rgb.pixels[$0 + 2] })
    }

    @Test func tooLargeIsRefused() throws {
        let page = try PDFDocument(data: try PDFFixtures.textPDF(lines: [("张伟", 72, 72, 12)])).page(1)
        #expect(throws: PDFError.self) { try page.render(dpi: 72, maxPixels: 1000) }
        do {
            _ = try page.renderGray(dpi: 72, maxPixels: 1000)
            Issue.record("rendered past the pixel limit")
        } catch {
            #expect(error.code == .tooLarge)
        }
        // A huge page at a high resolution, under the default limit.
        let huge = try PDFDocument(data: try PDFFixtures.pdf(pages: [.init(width: 14400, height: 14400)])).page(1)
        do {
            _ = try huge.render(dpi: 600)
            Issue.record("rendered a 120000-pixel-wide page")
        } catch {
            #expect(error.code == .tooLarge)
        }
        // Just under the limit passes.
        let (w, h) = page.pixelSize(dpi: 20)
        #expect(try page.renderGray(dpi: 20, maxPixels: w * h).width == w)
    }

    @Test(arguments: [0.0, -5.0, Double.nan, Double.infinity])
    func badResolutionIsRefused(_ dpi: Double) throws {
        let page = try PDFDocument(data: try PDFFixtures.textPDF(lines: [("张伟", 72, 72, 12)])).page(1)
        #expect(throws: PDFError.self) { try page.render(dpi: dpi) }
    }

    @Test(arguments: [(64, 48, 72.0, 100.0, 200.0, 150.0), (300, 400, 400.0, 80.0, 72.0, 96.0)])
    func embeddedImageIsReportedWithRegionAndNativeSize(_ c: (Int, Int, Double, Double, Double, Double)) throws {
        let (pw, ph, x, y, w, h) = c
        let bitmap = PDFFixtures.gradientBitmap(width: pw, height: ph)
        let data = try PDFFixtures.imagePDF(bitmap: bitmap, rect: (x, y, w, h), texts: [.init("姓名：张伟", x: 72, y: 400)])
        let page = try PDFDocument(data: data).page(1)
        let images = page.images()
        try #require(images.count == 1)
        let image = images[0]
        let expected = Box(x: x, y: y, width: w, height: h, pageWidth: a4.width, pageHeight: a4.height)
        #expect(abs(image.box.x0 - expected.x0) < 0.005 && abs(image.box.y0 - expected.y0) < 0.005)
        #expect(abs(image.box.x1 - expected.x1) < 0.005 && abs(image.box.y1 - expected.y1) < 0.005)
        #expect(image.pixelWidth == pw && image.pixelHeight == ph)
        #expect(abs(image.effectiveDPI - Double(pw) / (w / 72)) < 1)
        // The decoded image is the bitmap that was embedded.
        let decoded = try page.imageBitmap(image)
        #expect(decoded.width == pw && decoded.height == ph)
        let diffs = zip(decoded.pixels, bitmap.pixels).map { abs(Int($0) - Int($1)) }
        #expect(diffs.max() ?? 255 <= 2)
    }

    @Test func textPageHasNoImages() throws {
        let page = try PDFDocument(data: try PDFFixtures.textPDF(lines: [("张伟", 72, 72, 12)])).page(1)
        #expect(page.images().isEmpty)
    }

    @Test func aFilledSquareAnnotationHidesTextOnlyInTheRender() throws {
        let base = try PDFFixtures.textPDF(lines: [("姓名：张伟", 100, 200, 20)])
        let data = try PDFFixtures.annotated(base, squares: [
            .init(x: 160, y: 180, width: 40, height: 25),
            .init(x: 300, y: 500, width: 100, height: 50, fill: nil),
        ])
        let page = try PDFDocument(data: data).page(1)
        let expected = Box(x: 160, y: 180, width: 40, height: 25, pageWidth: a4.width, pageHeight: a4.height)
        // The text under the mask is still in the text layer (what blind/hidden-text looks for).
        let wei = try #require(page.text().glyphs.first { $0.text == "伟" })
        #expect(wei.box.intersection(expected) != nil)
        // And the mask is drawn: the name's area renders dark, which is how the visibility check sees it.
        #expect(darkFraction(try page.renderGray(dpi: 72), expected) > 0.8)
    }
}

/// Image placements without decoding.
@Suite struct PDFImagePlacementTests {
    @Test func placementsWithoutNativeSizesSkipDecoding() throws {
        let bitmap = PDFFixtures.gradientBitmap(width: 50, height: 40)
        let page = try PDFDocument(data: try PDFFixtures.imagePDF(bitmap: bitmap)).page(1)
        let fast = page.images(nativeSizes: false)
        let full = page.images()
        #expect(fast.count == 1 && full.count == 1)
        #expect(fast.first?.box == full.first?.box)
        #expect(fast.first?.pixelWidth == 0 && fast.first?.effectiveDPI == 0)
        #expect(full.first?.pixelWidth == 50)
    }

    @Test(arguments: [(100, 72.0, 100.0), (300, 72.0, 300.0), (0, 72.0, 0.0), (100, 0.0, 0.0)])
    func effectiveDPIFollowsTheFormula(_ c: (Int, Double, Double)) {
        let pageWidth = 600.0
        let box = Box(x: 0, y: 0, width: c.1, height: 50, pageWidth: pageWidth, pageHeight: 800)
        let placement = PDFImagePlacement(box: box, pixelWidth: c.0, pixelHeight: 10, pageWidthPoints: pageWidth)
        #expect(abs(placement.effectiveDPI - c.2) < 1e-9)
    }

    @Test func aFullPageScanCoversThePage() throws {
        let a4 = PDFFixtures.a4
        let scan = PDFFixtures.gradientBitmap(width: 124, height: 175)
        let data = try PDFFixtures.imagePDF(bitmap: scan, rect: (0, 0, a4.width, a4.height))
        let page = try PDFDocument(data: data).page(1)
        let image = try #require(page.images().first)
        #expect(image.coverage > 0.99)
        #expect(abs(image.effectiveDPI - 124 / (a4.width / 72)) < 0.5)
        #expect(page.text().glyphs.isEmpty)
    }
}
