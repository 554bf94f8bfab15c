import DocumentKit
import Foundation
import PrescreenCore
import Testing
import TestSupport

private func squash(_ s: String) -> String { s.filter { !$0.isWhitespace } }

private func meanLuma(_ b: Bitmap) -> Double {
    guard b.width > 0, b.height > 0 else { return 255 }
    var sum = 0
    for y in 0..<b.height { for x in 0..<b.width { sum += Int(b.luma(x: x, y: y)) } }
    return Double(sum) / Double(b.width * b.height)
}

@Test func samePDFBytesFromTheSameInput() throws {
    let a = try DocumentFixtures.chsiPDF(masked: false)
    let b = try DocumentFixtures.chsiPDF(masked: false)
    #expect(a == b)
    #expect(a.starts(with: Data("%PDF".utf8)))
    #expect(try DocumentFixtures.chsiPDF(masked: true) != a)
}

@Test func sameScanBytesFromTheSameSeed() throws {
    #expect(try DocumentFixtures.appraisalJPEG(masked: true) == DocumentFixtures.appraisalJPEG(masked: true))
    var r1 = SplitMix64(seed: 42), r2 = SplitMix64(seed: 42), r3 = SplitMix64(seed: 43)
    let s1 = (0..<5).map { _ in r1.next() }, s2 = (0..<5).map { _ in r2.next() }, s3 = (0..<5).map { _ in r3.next() }
    #expect(s1 == s2)
    #expect(s1 != s3)
}

@Test func textLayerHoldsVisibleFieldsOnly() throws {
    let visible = try #require(DocumentFixtures.pdfText(DocumentFixtures.chsiPDF(masked: false)))
    #expect(squash(visible).contains("姓名：张伟") || squash(visible).contains("张伟"))
    #expect(squash(visible).contains("教育部学历证书电子注册备案表"))
    let masked = try #require(DocumentFixtures.pdfText(DocumentFixtures.chsiPDF(masked: true)))
    #expect(!squash(masked).contains("张伟"))
    #expect(masked.contains("XX XX"))
    // The principal's name (a decoy) stays visible whatever the plan.
    #expect(squash(masked).contains("王建国"))
}

@Test func vectorBoxKeepsTextButHidesPixels() throws {
    var plan = MaskPlan.masked(.vectorBox)
    plan.seal = .visible
    let draft = DocumentFixtures.appraisalDraft(plan: plan)
    let text = try #require(DocumentFixtures.pdfText(DocumentWriter.write(draft.pages, route: .textPDF)))
    #expect(squash(text).contains("张伟"))
    #expect(squash(text).contains("阿克苏地区第一人民医院"))
    let name = try #require(draft.exposures.first { $0.kind == .applicantName })
    #expect(name.shown == .underBox)
    let bitmap = try Renderer.raster(draft.pages[0], dpi: 100)
    let crop = try #require(bitmap.cropped(to: name.box))
    #expect(meanLuma(crop) < 40)
}

@Test(arguments: [Mask.burnedBox, .mosaic, .xx, .blank])
func maskedNameIsAbsentFromPixels(mask: Mask) throws {
    let draft = DocumentFixtures.chsiDraft(masked: true, mask: mask)
    let shown = DocumentFixtures.chsiDraft(masked: false)
    let name = try #require(draft.exposures.first { $0.kind == .applicantName })
    let visibleName = try #require(shown.exposures.first { $0.kind == .applicantName })
    #expect(name.shown == .masked)
    #expect(visibleName.shown == .visible)
    let masked = try #require(Renderer.raster(draft.pages[0], dpi: 100).cropped(to: name.box))
    let plain = try #require(Renderer.raster(shown.pages[0], dpi: 100).cropped(to: visibleName.box))
    // The pixels under the name differ from the visible rendering: the glyphs are gone or covered.
    #expect(masked.pixels != plain.pixels)
    let text = try #require(DocumentFixtures.pdfText(DocumentWriter.write(draft.pages, route: .textPDF)))
    #expect(!squash(text).contains("张伟"))
}

@Test(arguments: [ImageEncoding.png, .jpeg(quality: 60), .bmp])
func encodersProduceDecodableFiles(encoding: ImageEncoding) throws {
    let page = DocumentFixtures.chsiDraft(masked: true).pages[0]
    let bitmap = try Imaging.apply([.grey], to: Renderer.raster(page, dpi: 60))
    let data = try Imaging.encode(bitmap, as: encoding)
    let back = try Imaging.decode(data)
    #expect(back.width == bitmap.width)
    #expect(back.height == bitmap.height)
}

@Test func multipageTIFFKeepsEveryPage() throws {
    let pages = Templates.titleReviewForm(DocumentFixtures.person(), TemplateOptions(plan: .masked())).pages
    #expect(pages.count == 2)
    let data = try DocumentWriter.write(pages + pages.prefix(1), route: .tiff(dpi: 50, effects: [.grey]))
    #expect(Imaging.tiffPageCount(data) == 3)
}

@Test(arguments: [1, 2, 3])
func quarterTurnsSwapTheShape(turns: Int) throws {
    let page = DocumentFixtures.chsiDraft(masked: true).pages[0]
    let b = try DocumentWriter.scan(page, dpi: 40, effects: [.rotate(quarterTurns: turns)])
    let upright = try Renderer.raster(page, dpi: 40)
    #expect((b.width == upright.width) == (turns == 2))
}

@Test func ocrStylePDFHidesTextUnderTheScan() throws {
    let draft = DocumentFixtures.appraisalDraft(plan: .masked(.vectorBox))
    let data = try DocumentWriter.write(draft.pages, route: .scanPDF(dpi: 100, effects: [.grey], ocrLayer: true))
    let text = try #require(DocumentFixtures.pdfText(data))
    #expect(squash(text).contains("张伟"))
    let imageOnly = try DocumentWriter.write(draft.pages, route: .scanPDF(dpi: 100, effects: [.grey], ocrLayer: false))
    #expect(squash(DocumentFixtures.pdfText(imageOnly) ?? "x").isEmpty)
}

@Test(arguments: [(1985, 6, 12, 123), (1972, 1, 1, 1), (1990, 12, 28, 999)])
func idNumbersCarryAValidChecksum(year: Int, month: Int, day: Int, seq: Int) {
    let id = IDNumber.make(region: "652901", year: year, month: month, day: day, sequence: seq)
    #expect(id.count == 18)
    #expect(IDNumber.isValid(id))
    #expect(!IDNumber.isValid(IDNumber.corrupted(id)))
    #expect(IDNumber.masked(id).hasPrefix("6529**********"))
}

private func allTemplates() -> [(String, @Sendable (Person, TemplateOptions) -> DocumentDraft)] { [
    ("chsi", Templates.chsi), ("graduate", Templates.graduateForm), ("diploma", Templates.diploma),
    ("appraisal", { Templates.appraisal($0, $1, year: 2022) }),
    ("ce", { Templates.ceCertificate($0, $1, year: 2023, part: "public") }), ("exemption", Templates.ceExemption),
    ("titleCert", Templates.titleCertificate), ("titleDoc", Templates.titleDocument),
    ("titleForm", Templates.titleReviewForm), ("mandarin", { Templates.mandarin($0, $1, level: "二级甲等") }),
    ("exam", Templates.economicsExam), ("publicity", Templates.publicity), ("result", Templates.publicityResult),
    ("recommendation", Templates.recommendation), ("commitment", Templates.commitment),
    ("paper", { Templates.paper($0, $1, applicantAsAuthor: true) }),
] }

@Test(arguments: 0..<16)
func everyTemplateRecordsConsistentTruth(index: Int) throws {
    let (_, make) = allTemplates()[index]
    for variant in 0..<2 {
        let visible = make(DocumentFixtures.person(), TemplateOptions(plan: .visible, variant: variant, seed: 11))
        let masked = make(DocumentFixtures.person(), TemplateOptions(plan: .masked(), variant: variant, seed: 11))
        #expect(!visible.pages.isEmpty)
        for e in visible.exposures + masked.exposures {
            #expect(e.page >= 0 && e.page < visible.pages.count)
            #expect(e.box.x0 >= 0 && e.box.x1 <= 1 && e.box.y0 >= 0 && e.box.y1 <= 1)
        }
        // The applicant's name never shows on a fully masked draft, in text or pixels.
        #expect(!masked.exposures.contains { $0.kind == .applicantName && $0.shown == .visible })
        let text = masked.pages.flatMap(\.textRuns).map(\.text).joined()
        #expect(!text.contains("张伟") || text.contains("张伟华"))
        let fullText = visible.pages.flatMap(\.textRuns).map(\.text).joined()
        if visible.exposures.contains(where: { $0.kind == .applicantName && $0.isText }) {
            #expect(fullText.contains("张伟"))
        }
    }
}
