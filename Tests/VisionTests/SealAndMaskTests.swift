import DocumentKit
import Foundation
import OCR
import PrescreenCore
import Testing
@testable import Vision

/// A page with one seal at (300, 300) pt, covered per `mask`, plus black text across it.
func sealPage(_ ring: String = "阿克苏地区第一人民医院", mask: String = "none", dpi: Double, grey: Bool = false) throws -> (Bitmap, Box) {
    var page = Page()
    page.text("单位意见：同意推荐。          （盖章）", x: 150, y: 305, size: 12)
    page.add(.seal(cx: 300, cy: 300, radius: 42, ringText: ring, centerText: nil, color: .sealRed))
    switch mask {
    case "black": page.add(.rect(x: 257, y: 257, width: 86, height: 86, fill: .black, stroke: nil, lineWidth: 0))
    case "mosaic": page.add(.mosaic(x: 258, y: 258, width: 84, height: 84, cell: 8, seed: 5))
    default: break
    }
    let fx: [ScanEffect] = grey ? [.grey, .noise(sigma: 6, seed: 2)] : []
    return (try DocumentWriter.scan(page, dpi: dpi, effects: fx), page.box(x: 258, y: 258, width: 84, height: 84))
}

@Suite struct SealDetectorTests {
    @Test(arguments: [(100.0, false), (150.0, false), (150.0, true), (200.0, true)])
    func findsAVisibleSeal(dpi: Double, grey: Bool) throws {
        let (bitmap, box) = try sealPage(dpi: dpi, grey: grey)
        let seals = SealDetector.seals(in: bitmap, dpi: dpi)
        #expect(seals.count == 1)
        #expect(seals.first.map { $0.box.iou(box) > 0.6 } == true)
    }

    @Test(arguments: ["black", "mosaic"])
    func aMaskedSealIsNotFound(mask: String) throws {
        for grey in [false, true] {
            let (bitmap, _) = try sealPage(mask: mask, dpi: 150, grey: grey)
            #expect(SealDetector.seals(in: bitmap, dpi: 150).isEmpty)
        }
    }

    @Test func logosQRCodesAndChartsAreNotSeals() throws {
        var page = Page()
        page.add(.rect(x: 100, y: 100, width: 60, height: 60, fill: RGBColor(0.85, 0.1, 0.1), stroke: nil, lineWidth: 0))
        page.add(.qrCode(x: 200, y: 100, size: 80, seed: 4))
        for i in 0..<6 {
            page.add(.rect(x: 320 + Double(i) * 14, y: 180 - Double(i * 9), width: 10, height: Double(i * 9) + 10,
                           fill: RGBColor(0.8, 0.15, 0.15), stroke: nil, lineWidth: 0))
        }
        page.text("红色标题 通知", x: 100, y: 300, size: 24, color: .headerRed)
        for dpi in [100.0, 150.0] {
            let bitmap = try DocumentWriter.scan(page, dpi: dpi, effects: [])
            #expect(SealDetector.seals(in: bitmap, dpi: dpi).isEmpty)
            #expect(SealDetector.seals(in: bitmap.grayscale(), dpi: dpi).isEmpty)
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata"),
                   "needs tesseract-ocr-chi-sim"))
    func theUnwrappedRingReads() throws {
        let (bitmap, _) = try sealPage("库车市供水有限责任公司", dpi: 150)
        let seal = try #require(SealDetector.seals(in: bitmap, dpi: 150).first)
        let strip = SealDetector.unwrapRing(bitmap, seal: seal, charHeight: 44)
        let text = try TesseractRecognizer(languages: "chi_sim").recognize(strip).string
        // OCR may miss a character or two; most of the name must come through, in order.
        let matches = ApproximateSearch.matches(of: NormalizedText.normalize("库车市供水有限责任公司"),
                                                in: NormalizedText.normalize(text), maxEdits: 3)
        #expect(!matches.isEmpty)
    }
}

@Suite struct MaskTestTests {
    /// A box a cascade found on a scanned mosaic that reaches past it: the mosaic (20-px cells of scattered greys)
    /// fills its top two thirds, a date is printed across its lower edge and a table's ruling line runs below. The
    /// line and the print carry more edge energy than the cell borders over the whole box; the mosaic is still
    /// what the box shows (the own scorecard had this false blind/photo alarm on a scanned appraisal form).
    @Test func aMosaicThatFillsPartOfTheBoxIsMasked() {
        let side = 200
        var pixels = [UInt8](repeating: 250, count: side * side)
        var seed: UInt64 = 11
        func next() -> UInt8 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(70 + (seed >> 33) % 130)
        }
        for cy in 0..<7 {
            for cx in 0..<10 {
                let v = next()
                for y in (cy * 20)..<min(135, cy * 20 + 20) { for x in (cx * 20)..<(cx * 20 + 20) { pixels[y * side + x] = v } }
            }
        }
        // Print across the mosaic's lower edge: strokes 12 px tall, every 9 px, over half the width.
        for x in stride(from: 30, to: 130, by: 9) { for y in 128..<140 { pixels[y * side + x] = 40 } }
        for y in 150..<152 { for x in 0..<side { pixels[y * side + x] = 0 } }
        for y in 168..<171 { for x in 0..<side { pixels[y * side + x] = 0 } }
        let b = Bitmap(width: side, height: side, channels: 1, pixels: pixels)
        let mosaic = MaskTest.isMosaic(b, box: Box(x0: 0, y0: 0, x1: 1, y1: 1))
        #expect(mosaic)
    }

    @Test func aSolidBlockIsMasked() {
        let b = Bitmap(width: 200, height: 200, channels: 1, filledWith: 20)
        #expect(MaskTest.isMasked(b, box: Box(x0: 0.2, y0: 0.2, x1: 0.8, y1: 0.8)))
    }

    @Test(.enabled(if: testFace != nil || RealPhotos.required, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func aFaceIsNotMaskedButItsMosaicIs() throws {
        let (clear, photo) = try photoPage(inches: 1.0, mask: "none", dpi: 150)
        let (mosaic, _) = try photoPage(inches: 1.0, mask: "mosaic", dpi: 150)
        let inner = Box(x0: photo.x0 + photo.width * 0.15, y0: photo.y0 + photo.height * 0.1,
                        x1: photo.x1 - photo.width * 0.15, y1: photo.y1 - photo.height * 0.3)
        #expect(!MaskTest.isMasked(clear, box: inner))
        #expect(MaskTest.isMasked(mosaic, box: inner))
    }
}
