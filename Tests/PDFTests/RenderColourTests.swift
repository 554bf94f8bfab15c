import PDF
import PrescreenCore
import Testing
import TestSupport

/// ``PDFPage/renderGreyWhenColourless(dpi:maxPixels:)``: grey exactly when nothing rendered is coloured, with the
/// grey values of the RGB render.
struct RenderColourTests {
    @Test func blackTextOnWhiteRendersGrey() throws {
        let page = try PDFDocument(data: try PDFFixtures.textPDF(lines: [("张伟 阿克苏地区第一人民医院", 72, 100, 16)])).page(1)
        let auto = try page.renderGreyWhenColourless(dpi: 72)
        #expect(auto.channels == 1)
        #expect(auto == (try page.render(dpi: 72)).grayscale())
    }

    @Test func aGreyScanRendersGrey() throws {
        var scan = Bitmap(width: 300, height: 200, channels: 1, dpi: 100, filledWith: 230)
        for i in stride(from: 0, to: scan.pixels.count, by: 7) { scan.pixels[i] = UInt8(i % 200) }
        let page = try PDFDocument(data: try PDFFixtures.imagePDF(bitmap: scan)).page(1)
        let auto = try page.renderGreyWhenColourless(dpi: 100)
        #expect(auto.channels == 1)
        #expect(auto == (try page.render(dpi: 100)).grayscale())
    }

    /// One red patch (a seal) keeps the whole page in colour, exactly as `render` gives it.
    @Test func anyColourKeepsRGB() throws {
        var image = Bitmap(width: 60, height: 60, channels: 3, dpi: 100, filledWith: 255)
        for i in stride(from: 0, to: image.pixels.count, by: 3) { image.pixels[i + 1] = 40; image.pixels[i + 2] = 40 }
        let page = try PDFDocument(data: try PDFFixtures.imagePDF(bitmap: image, rect: (400, 600, 40, 40))).page(1)
        let auto = try page.renderGreyWhenColourless(dpi: 72)
        #expect(auto.channels == 3)
        #expect(auto == (try page.render(dpi: 72)))
    }
}
