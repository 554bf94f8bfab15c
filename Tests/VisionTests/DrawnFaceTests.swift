import DocumentKit
import Foundation
import PrescreenCore
import Testing
@testable import Vision

/// `blind/photo`'s detector on a face drawn in code (``DrawnFace``): runs on every machine, scikit-image or not, so
/// the detector and its mask verdicts keep unit coverage where the photo-based tests are skipped.
struct DrawnFaceTests {
    /// A scanned page (grey, noisy) with the drawn face as an ID photo `inches` wide at (400, 100) pt, restyled by
    /// `mask`; the photo's box on the page.
    static func page(inches: Double = 0.9, mask: String = "none", dpi: Double = 150,
                     face: Bitmap = DrawnFace.bitmap()) throws -> (Bitmap, Box) {
        var image = face
        if mask == "blur" { image = try Imaging.apply(.blur(radius: max(4, image.width / 22)), to: image) }
        var page = Page()
        let w = inches * 72, h = w * 1.3
        page.text("姓名：XX XX  工作单位：XX XX", x: 60, y: 120, size: 12)
        page.add(.photo(x: 400, y: 100, width: w, height: h, image: image))
        switch mask {
        case "black": page.add(.rect(x: 399, y: 99, width: w + 2, height: h + 2, fill: .black, stroke: nil, lineWidth: 0))
        case "mosaic": page.add(.mosaic(x: 400, y: 100, width: w, height: h, cell: 9, seed: 3))
        default: break
        }
        let scan = try DocumentWriter.scan(page, dpi: dpi, effects: [.grey, .noise(sigma: 6, seed: 1)])
        return (scan, page.box(x: 400, y: 100, width: w, height: h))
    }

    @Test(arguments: [(0.7, 150.0), (0.9, 150.0), (0.9, 200.0), (1.2, 300.0)])
    func findsAnUnmaskedDrawnFace(inches: Double, dpi: Double) throws {
        let (bitmap, photo) = try Self.page(inches: inches, dpi: dpi)
        let faces = try FaceDetector().faces(in: bitmap, dpi: dpi)
        #expect(faces.count == 1, "\(faces)")
        #expect(faces.allSatisfy { !$0.masked && $0.box.intersection(photo) != nil }, "\(faces)")
    }

    @Test(arguments: ["black", "blur"])
    func aCoveredOrBlurredFaceIsNotFound(mask: String) throws {
        let (bitmap, _) = try Self.page(mask: mask)
        #expect(try FaceDetector().faces(in: bitmap, dpi: 150).isEmpty)
    }

    @Test func aMosaicFaceIsMaskedOrNotFound() throws {
        let (bitmap, _) = try Self.page(mask: "mosaic")
        let faces = try FaceDetector().faces(in: bitmap, dpi: 150)
        #expect(faces.allSatisfy { $0.masked }, "\(faces)")
    }

    @Test func theSameOvalWithoutFeaturesIsNoFace() throws {
        // The control: the photo's shape, hair and tones without eyes, brows, nose and mouth. What the detector
        // finds above is the face's layout, not a light blob on a grey ground.
        let (bitmap, _) = try Self.page(face: DrawnFace.bitmap(features: false))
        #expect(try FaceDetector().faces(in: bitmap, dpi: 150).isEmpty)
    }
}
