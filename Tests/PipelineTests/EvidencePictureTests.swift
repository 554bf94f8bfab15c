import Foundation
import OCR
@testable import Pipeline
import PipelineConfig
import PrescreenCore
import Testing

/// Evidence that shows the field: the crop keeps the label to the left of a leaked value and a line above and
/// below; a second picture shows the whole page with the box, so a reviewer sees where on the page it is.
struct EvidencePictureTests {
    /// A 110-dpi A4 page, white, with a dark "label" block left of the value box and dark lines above and below.
    static let value = Box(x0: 0.30, y0: 0.40, x1: 0.38, y1: 0.415)
    static let label = Box(x0: 0.12, y0: 0.40, x1: 0.20, y1: 0.415)
    static let lineAbove = Box(x0: 0.12, y0: 0.37, x1: 0.60, y1: 0.385)
    static let lineBelow = Box(x0: 0.12, y0: 0.43, x1: 0.60, y1: 0.445)

    static func page() -> Bitmap {
        var b = Bitmap(width: 909, height: 1286, channels: 1, dpi: 110, filledWith: 255)
        for box in [label, lineAbove, lineBelow, value] {
            guard let r = b.pixelRect(box) else { continue }
            for y in r.y..<(r.y + r.height) { for x in r.x..<(r.x + r.width) { b.pixels[y * b.width + x] = 0 } }
        }
        return b
    }

    @Test func theCropHoldsTheLabelAndALineAboveAndBelow() {
        let region = EvidenceMaker.context(around: Self.value)
        #expect(region.x0 <= Self.label.x0, "the field's label is cut off: \(region)")
        #expect(region.y0 <= Self.lineAbove.y0 && region.y1 >= Self.lineBelow.y1, "no line above and below: \(region)")
        #expect(region.x1 > Self.value.x1)
        // Near the page's edge the crop is clamped, so the outline drawn in its fractions stays on the box.
        let edge = EvidenceMaker.context(around: Box(x0: 0.02, y0: 0.01, x1: 0.1, y1: 0.025))
        #expect(edge.x0 == 0 && edge.y0 == 0)
        // A photo keeps a small margin: the crop is about the photo, not half the page.
        let photo = Box(x0: 0.6, y0: 0.1, x1: 0.85, y1: 0.3)
        let around = EvidenceMaker.context(around: photo)
        #expect(around.width < photo.width * 1.5 && around.height < photo.height * 1.5)
    }

    @Test func eachFindingGetsItsCropAndAPictureOfItsPage() throws {
        let maker = EvidenceMaker(limits: try PipelineLoader.loadDefault().limits)
        let png = try ImageCodec.encodePNG(Self.page())
        let items = [EvidenceMaker.Item(id: 0, page: 1, box: Self.value),
                     EvidenceMaker.Item(id: 1, page: 1, box: Self.value, whole: true)]
        let out = maker.pngs(png, format: .png, items: items)
        let cropPNG = try #require(out[0])
        let wholePNG = try #require(out[1])
        let crop = try #require(try ImageCodec.decode(cropPNG).first)
        let whole = try #require(try ImageCodec.decode(wholePNG).first)
        // The crop: wider than the value by the label, taller by a line each side.
        #expect(crop.width >= Int(0.25 * 909) && crop.height >= Int(0.07 * 1286), "\(crop.width)×\(crop.height)")
        // The page picture: the whole page at half size, the box outlined in red where the value is.
        #expect(whole.width == 454 && whole.height == 643)
        // The outline is drawn just outside the box: the pixel left of its left edge, at mid-height.
        let r = try #require(whole.pixelRect(Self.value))
        let x = r.x - 1, y = r.y + r.height / 2
        let i = (y * whole.width + x) * whole.channels
        #expect(whole.channels == 3 && whole.pixels[i] > 200 && whole.pixels[i + 1] < 60, "no red outline at the box")

        // Through pictures(for:): f1.png and f1-page.png for a finding with a small box; no page picture for a
        // finding whose box is the whole page.
        let findings = [Finding(rule: .blindName, severity: .violation, document: "a.png", page: 1, box: Self.value, message: "x"),
                        Finding(rule: .qualityOrientation, severity: .warning, document: "a.png", page: 1,
                                box: Box(x0: 0, y0: 0, x1: 1, y1: 1), message: "y")]
        let pictures = maker.pictures(for: findings, sources: ["a.png": .init(data: png, format: .png, drawsText: false)])
        #expect(Set(pictures.files.keys) == ["f1.png", "f1-page.png", "f2.png"])
        #expect(pictures.names == [0: "evidence/f1.png", 1: "evidence/f2.png"])
    }
}
