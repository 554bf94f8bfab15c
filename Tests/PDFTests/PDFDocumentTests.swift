import Foundation
import PDF
import PrescreenCore
import Testing
import TestSupport

/// Opening documents: page count and size, multi-page, and every way a file can be unreadable.
@Suite struct PDFDocumentTests {
    @Test(arguments: [(595.276, 841.89), (841.89, 595.276), (300.0, 200.0)])
    func pageSizeIsReported(_ size: (Double, Double)) throws {
        let data = try PDFFixtures.textPDF(lines: [("张伟", 20, 50, 12)], pageSize: (size.0, size.1))
        let doc = try PDFDocument(data: data)
        #expect(doc.pageCount == 1)
        let page = try doc.page(1)
        #expect(page.number == 1)
        #expect(abs(page.width - size.0) < 0.01)
        #expect(abs(page.height - size.1) < 0.01)
    }

    @Test func multiPageDocumentsKeepTheirOrderAndSizes() throws {
        let pages = (1...3).map { n in
            PDFFixtures.Page(width: 400 + Double(n) * 10, height: 600, texts: [.init("第\(n)页 张伟", x: 50, y: 80, size: 16)])
        }
        let doc = try PDFDocument(data: try PDFFixtures.pdf(pages: pages))
        #expect(doc.pageCount == 3)
        for n in 1...3 {
            let page = try doc.page(n)
            #expect(page.number == n)
            #expect(abs(page.width - (400 + Double(n) * 10)) < 0.01)
            #expect(page.text().string.contains("第\(n)页"))
        }
        #expect(try doc.pages().map(\.number) == [1, 2, 3])
    }

    @Test(arguments: [0, -1, 4, Int.max])
    func pageOutOfRangeThrows(_ number: Int) throws {
        let doc = try PDFDocument(data: try PDFFixtures.pdf(pages: Array(repeating: PDFFixtures.Page(), count: 3)))
        #expect(throws: PDFError.self) { try doc.page(number) }
        do {
            _ = try doc.page(number)
        } catch {
            #expect(error.code == .pageOutOfRange)
        }
    }

    @Test func aPageOutlivesItsDocumentVariable() throws {
        var doc: PDFDocument? = try PDFDocument(data: try PDFFixtures.textPDF(lines: [("张伟", 72, 72, 12)]))
        let page = try #require(doc).page(1)
        doc = nil
        #expect(page.text().string.contains("张伟"))
    }

    static func damagedInputs() throws -> [(String, Data)] {
        let good = try PDFFixtures.textPDF(lines: [("姓名：张伟", 72, 100, 14)])
        var random = SystemRandomNumberGenerator()
        let noise = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) })
        return [
            ("empty", Data()),
            ("truncated to half", good.prefix(good.count / 2)),
            ("truncated to the header", good.prefix(20)),
            ("random bytes", noise),
            ("a PNG signature", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 100))),
            ("text", Data("%PDF-1.4 this is not really a PDF".utf8)),
        ]
    }

    @Test(arguments: try damagedInputs())
    func damagedDataThrowsDamaged(_ input: (String, Data)) {
        do {
            let doc = try PDFDocument(data: input.1)
            Issue.record("\(input.0): opened with \(doc.pageCount) page(s)")
        } catch {
            #expect(error.code == .damaged, "\(input.0)")
            #expect(!error.message.isEmpty)
            #expect(error.description.contains("damaged"))
        }
    }

    @Test(.enabled(if: PDFFixtures.qpdfPath != nil, "needs the qpdf package (apt-get install qpdf)"))
    func userPasswordThrowsEncrypted() throws {
        let plain = try PDFFixtures.textPDF(lines: [("姓名：张伟", 72, 100, 14)])
        let locked = try PDFFixtures.encrypted(plain)
        do {
            _ = try PDFDocument(data: locked)
            Issue.record("an encrypted PDF opened without its password")
        } catch {
            #expect(error.code == .encrypted)
            #expect(!error.message.contains("张伟"))
        }
    }

    @Test(.enabled(if: PDFFixtures.qpdfPath != nil, "needs the qpdf package (apt-get install qpdf)"))
    func ownerPasswordOnlyStillOpens() throws {
        let plain = try PDFFixtures.textPDF(lines: [("姓名：张伟", 72, 100, 14)])
        let locked = try PDFFixtures.encrypted(plain, userPassword: "")
        let text = try PDFDocument(data: locked).page(1).text()
        #expect(text.string.contains("张伟"))
    }

    @Test(.enabled(if: PDFFixtures.qpdfPath != nil, "needs the qpdf package (apt-get install qpdf)"))
    func rotatedPageIsReportedAsDisplayed() throws {
        let a4 = PDFFixtures.a4
        let plain = try PDFFixtures.textPDF(lines: [("张伟", 72, 100, 20)])
        let upright = try PDFDocument(data: plain).page(1)
        let turned = try PDFDocument(data: try PDFFixtures.rotated(plain, degrees: 90)).page(1)
        #expect(abs(turned.width - a4.height) < 0.01 && abs(turned.height - a4.width) < 0.01)
        let uprightBox = try #require(upright.text().glyphs.first { $0.text == "张" }).box
        let turnedBox = try #require(turned.text().glyphs.first { $0.text == "张" }).box
        let expected = uprightBox.rotatedClockwise(quarterTurns: 1)
        #expect(turnedBox.iou(expected) > 0.6, "\(turnedBox) vs \(expected)")
        let bitmap = try turned.renderGray(dpi: 36)
        #expect(bitmap.width > bitmap.height)
    }

    @Test(.enabled(if: PDFFixtures.qpdfPath != nil, "needs the qpdf package (apt-get install qpdf)"),
          arguments: [90, 180, 270])
    func imagesTurnWithThePage(_ degrees: Int) throws {
        let bitmap = PDFFixtures.gradientBitmap(width: 30, height: 20)
        let base = try PDFFixtures.imagePDF(bitmap: bitmap, rect: (300, 500, 150, 100))
        let plain = try PDFFixtures.annotated(base, squares: [.init(x: 100, y: 150, width: 80, height: 40)])
        let upright = try PDFDocument(data: plain).page(1)
        let turned = try PDFDocument(data: try PDFFixtures.rotated(plain, degrees: degrees)).page(1)
        let q = degrees / 90
        #expect(upright.rotationQuarterTurns == 0)
        #expect(turned.rotationQuarterTurns == q)
        // The probe behind rotationQuarterTurns leaves nothing behind in the page's rendering (the page's own
        // square annotation is drawn in both).
        let fresh = try PDFDocument(data: try PDFFixtures.rotated(plain, degrees: degrees)).page(1)
        let before = try fresh.renderGray(dpi: 30)
        #expect(fresh.rotationQuarterTurns == q)
        #expect(try fresh.renderGray(dpi: 30) == before)
        let image = try #require(upright.images().first)
        let turnedImage = try #require(turned.images().first)
        #expect(turnedImage.box.iou(image.box.rotatedClockwise(quarterTurns: q)) > 0.95, "\(turnedImage.box)")
        #expect(abs(turnedImage.effectiveDPI - image.effectiveDPI) < 0.01)
        #expect(turnedImage.pixelWidth == 30)
        // The decoded image is turned with the page.
        let decoded = try turned.imageBitmap(turnedImage)
        #expect(decoded == (try upright.imageBitmap(image)).rotatedClockwise(quarterTurns: q))
    }
}

/// Text a PDF draws outside its content stream: annotations and form fields.
struct OverlayTextTests {
    @Test func freeTextAndFormFieldTextAreReadWithTheirBoxes() throws {
        let page = try PDFDocument(data: PDFFixtures.overlayTextPDF(freeText: "张伟", field: "阿克苏地区第一人民医院")).page(1)
        #expect(page.text().glyphs.allSatisfy { $0.text.allSatisfy(\.isWhitespace) })
        let overlays = page.overlayTexts()
        let name = try #require(overlays.first { $0.text == "张伟" })
        // Rect [100 700 300 730] on an A4 page, as fractions from the top-left.
        #expect(abs(name.box.x0 - 100.0 / 595) < 1e-6 && abs(name.box.y0 - 112.0 / 842) < 1e-6)
        #expect(overlays.contains { $0.text == "阿克苏地区第一人民医院" })
    }
}
