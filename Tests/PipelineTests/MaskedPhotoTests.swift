import DocumentKit
import Foundation
import PipelineConfig
import PrescreenCore
import Testing
@testable import Pipeline

/// A photo embedded in a text PDF is searched in its own pixels (the page render is too coarse for a small face),
/// but what a reader sees is the render, with whatever the page draws over the photo. A face covered by a vector
/// mask (a mosaic of a few large cells, a sticker with a label) is masked: the own scorecard had 10 false
/// blind/photo alarms of this kind (CHSI reports and certificates) before the face was looked for again on the
/// rendered region.
struct MaskedPhotoTests {
    /// skimage's astronaut, as the generator uses; nil without python3 + scikit-image.
    static let face: Bitmap? = FaceSource.load(
        cacheDirectory: URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".cache/prescreen-gen"))
    /// On CI scikit-image is installed: a missing one fails the test instead of skipping it.
    static var enabled: Bool { face != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A one-page text PDF with a line of print and an ID photo (1.1 × 1.5 inch) at (420, 90) pt, masked by `mask`.
    static func pdf(mask: String) throws -> Data {
        let face = try #require(Self.face, "needs python3 with scikit-image (scripts/install-deps.sh)")
        var page = Page()
        page.text("学籍在线验证报告  更新日期：2024年03月18日", x: 60, y: 80, size: 12)
        page.text("姓名：XX  性别：男  出生日期：1985年06月", x: 60, y: 130, size: 11)
        let (x, y, w, h) = (420.0, 90.0, 79.2, 108.0)
        page.add(.photo(x: x, y: y, width: w, height: h, image: face))
        switch mask {
        // Cells a third of the photo's width: a face box spans three or four of them.
        case "coarse mosaic": page.add(.mosaic(x: x, y: y, width: w, height: h, cell: 22, seed: 7))
        case "mosaic": page.add(.mosaic(x: x, y: y, width: w, height: h, cell: 9, seed: 3))
        case "labelled sticker":
            page.add(.rect(x: x - 2, y: y - 2, width: w + 4, height: h + 4, fill: RGBColor(0.97, 0.9, 0.35), stroke: nil,
                           lineWidth: 0))
            page.text("已遮盖", x: x + w / 2, y: y + h / 2, size: 10, color: .grey, align: .center)
        default: break
        }
        return try DocumentWriter.write([page], route: .textPDF)
    }

    static func faces(mask: String) throws -> [DetectedRegion] {
        let p = try PipelineLoader.loadDefault()
        let extractor = PageExtractor(settings: p.extraction, limits: p.limits)
        let pages = try extractor.open(data: try pdf(mask: mask), format: .pdf)
        let content = try pages.prepare(1).run { throw ExtractionProblem("a text page needs no OCR") }
        return try #require(content.faces, "the face search ran")
    }

    @Test(.enabled(if: enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func aVisibleEmbeddedPhotoIsAFace() throws {
        let found = try Self.faces(mask: "none")
        #expect(!found.isEmpty)
        #expect(found.contains { !$0.masked })
    }

    @Test(.enabled(if: enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"),
          arguments: ["coarse mosaic", "mosaic", "labelled sticker"])
    func aMaskDrawnOverAnEmbeddedPhotoHidesItsFace(mask: String) throws {
        #expect(try Self.faces(mask: mask).allSatisfy(\.masked))
    }
}
