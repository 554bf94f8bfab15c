import Classify
import DocumentKit
import Foundation
@testable import Pipeline
import PipelineConfig
import PrescreenCore
import Rules
import Testing

/// Seal rings are unrolled by the workers and read only on documents the employer issues.
struct SealReadingTests {
    static let haveChinese = FileManager.default.fileExists(atPath: "/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata")

    /// A scanned page (150 dpi) with one red seal whose ring names `ring`, as a worker sees it.
    static func sealPage(_ ring: String, number: Int) throws -> PageContent {
        var page = Page()
        page.text("单位意见：同意推荐。          （盖章）", x: 150, y: 305, size: 12)
        page.add(.seal(cx: 300, cy: 300, radius: 42, ringText: ring, centerText: nil, color: .sealRed))
        let bitmap = try DocumentWriter.scan(page, dpi: 150, effects: [])
        let extractor = PageExtractor(settings: PipelineDefinition.Extraction(), limits: PipelineDefinition.Limits())
        var content = PageContent(page: number, width: 595, height: 842)
        extractor.detectVision(on: bitmap, pdfPage: nil, images: [], into: &content)
        return content
    }

    static func document(_ type: DocumentType, pages: [PageContent]) -> AnalyzedDocument {
        var d = AnalyzedDocument(path: "\(type.rawValue).pdf", format: .pdf, sha256: "")
        d.pages = pages
        d.segments = [Segment(firstPage: 1, lastPage: pages.count, classification: Classification(type: type))]
        return d
    }

    @Test func workersUnrollTheRingButDoNotReadIt() throws {
        let page = try Self.sealPage("阿克苏地区第一人民医院", number: 1)
        let seal = try #require(page.seals?.first)
        #expect(seal.text == nil)
        #expect(seal.unreadText?.count == PageExtractor.ringCharHeights.count)
    }

    @Test(.enabled(if: haveChinese, "needs tesseract-ocr-chi-sim"))
    func ringsAreReadOnlyOnDocumentsTheEmployerIssues() throws {
        let ring = "库车市供水有限责任公司"
        var documents = [
            Self.document(.appraisal, pages: [try Self.sealPage(ring, number: 1)]),
            Self.document(.educationCHSI, pages: [try Self.sealPage(ring, number: 1)]),
        ]
        SealReading.readWhereNeeded(&documents)
        let appraisal = try #require(documents[0].pages.first?.seals?.first)
        let chsi = try #require(documents[1].pages.first?.seals?.first)
        // Read where blind/seal judges the ring; most of the name comes through, in order.
        let text = try #require(appraisal.text)
        #expect(!ApproximateSearch.matches(of: NormalizedText.normalize(ring), in: NormalizedText.normalize(text),
                                           maxEdits: 3).isEmpty)
        // Not read on a third party's document; no strips left on either (reports and the rules need none).
        #expect(chsi.text == nil)
        #expect(appraisal.unreadText == nil && chsi.unreadText == nil)
    }
}
