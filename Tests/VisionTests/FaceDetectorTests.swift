import DocumentKit
import Foundation
import PrescreenCore
import Testing
@testable import Vision

/// The astronaut face the generator uses (scikit-image), or nil when python3 + scikit-image are missing. Tests that
/// need it skip without it, except on CI (`RealPhotos.required`), where they fail; `DrawnFaceTests` cover the
/// detector everywhere with a face drawn in code.
let testFace: Bitmap? = FaceSource.load(
    cacheDirectory: URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".cache/prescreen-gen"))

/// A page with an ID photo `inches` wide at (400, 100) pt, restyled by `mask`, rendered at `dpi` with noise.
func photoPage(inches: Double, mask: String, dpi: Double, grey: Bool = true, tilt: Double = 0) throws -> (Bitmap, Box) {
    guard var face = testFace else { throw VisionError("no face image") }
    if tilt != 0 { face = try Imaging.apply(.skew(degrees: tilt), to: face) }
    if mask == "blur" { face = try Imaging.apply(.blur(radius: max(4, face.width / 22)), to: face) }
    var page = Page()
    let w = inches * 72, h = w * 1.4
    page.text("姓名：XX XX  工作单位：XX XX", x: 60, y: 120, size: 12)
    page.add(.photo(x: 400, y: 100, width: w, height: h, image: face))
    switch mask {
    case "black": page.add(.rect(x: 399, y: 99, width: w + 2, height: h + 2, fill: .black, stroke: nil, lineWidth: 0))
    case "mosaic": page.add(.mosaic(x: 400, y: 100, width: w, height: h, cell: 9, seed: 3))
    case "sticker":
        page.add(.rect(x: 396, y: 96, width: w + 8, height: h + 8, fill: RGBColor(0.97, 0.9, 0.35), stroke: nil, lineWidth: 0))
        page.text("已遮盖", x: 400 + w / 2, y: 100 + h / 2, size: 9, color: .grey, align: .center)
    default: break
    }
    var fx: [ScanEffect] = [.noise(sigma: 6, seed: 1)]
    if grey { fx.insert(.grey, at: 0) }
    return (try DocumentWriter.scan(page, dpi: dpi, effects: fx), page.box(x: 400, y: 100, width: w, height: h))
}

@Suite struct FaceDetectorTests {
    @Test func blankPageHasNoFaces() throws {
        let detector = try FaceDetector()
        let page = Bitmap(width: 1240, height: 1754, channels: 1, dpi: 150, filledWith: 255)
        #expect(try detector.faces(in: page).isEmpty)
    }

    @Test func aMissingCascadeIsAnError() {
        #expect(throws: VisionError.self) { try FaceDetector(cascadePath: "/nonexistent/cascade.xml") }
    }

    @Test(.enabled(if: testFace != nil || RealPhotos.required, "needs python3 with scikit-image (scripts/install-deps.sh)"),
          arguments: [(0.6, 150.0, true), (1.0, 150.0, false), (1.0, 300.0, true), (0.8, 200.0, false)])
    func findsAnUnmaskedPhoto(inches: Double, dpi: Double, grey: Bool) throws {
        let (bitmap, photo) = try photoPage(inches: inches, mask: "none", dpi: dpi, grey: grey)
        let faces = try FaceDetector().faces(in: bitmap, dpi: dpi)
        #expect(faces.count == 1)
        #expect(faces.allSatisfy { !$0.masked && $0.box.intersection(photo) != nil })
    }

    @Test(.enabled(if: testFace != nil || RealPhotos.required, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func findsASmallPhotoInABlurredJPEGScan() throws {
        guard let face = testFace else { return }
        var page = Page()
        page.add(.photo(x: 400, y: 100, width: 43.2, height: 60.5, image: face))
        let scan = try DocumentWriter.scan(page, dpi: 150, effects: [.grey, .skew(degrees: 1.5), .noise(sigma: 8, seed: 3), .blur(radius: 1)])
        let bitmap = try Imaging.decode(Imaging.encode(scan, as: .jpeg(quality: 60)))
        let faces = try FaceDetector().faces(in: bitmap, dpi: 150)
        #expect(faces.filter { !$0.masked }.count == 1)
    }

    @Test(.enabled(if: testFace != nil || RealPhotos.required, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func aSmallFaceAtLowResolutionIsNotCalledMasked() throws {
        guard let face = testFace else { return }
        var page = Page()
        page.add(.photo(x: 400, y: 100, width: 43.2, height: 60.5, image: face))
        let render = try DocumentWriter.scan(page, dpi: 100, effects: [])
        let photo = page.box(x: 400, y: 100, width: 43.2, height: 60.5)
        // The face alone: about 30 px across at 100 dpi.
        let inner = Box(x0: photo.x0 + photo.width * 0.2, y0: photo.y0 + photo.height * 0.15,
                        x1: photo.x1 - photo.width * 0.2, y1: photo.y1 - photo.height * 0.45)
        #expect(!MaskTest.isMasked(render, box: inner))
    }

    @Test(.enabled(if: testFace != nil || RealPhotos.required, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func findsATiltedPhoto() throws {
        let (bitmap, photo) = try photoPage(inches: 1.0, mask: "none", dpi: 150, tilt: 12)
        let faces = try FaceDetector().faces(in: bitmap, dpi: 150).filter { !$0.masked }
        #expect(faces.count == 1)
        #expect(faces.first.map { $0.box.intersection(photo) != nil } == true)
    }

    @Test(.enabled(if: testFace != nil || RealPhotos.required, "needs python3 with scikit-image (scripts/install-deps.sh)"),
          arguments: ["black", "mosaic", "blur", "sticker"])
    func aMaskedPhotoIsNoVisibleFace(mask: String) throws {
        let (bitmap, _) = try photoPage(inches: 1.0, mask: mask, dpi: 150)
        #expect(try FaceDetector().faces(in: bitmap, dpi: 150).filter { !$0.masked }.isEmpty)
    }

    @Test func sealsQRCodesAndTextAreNotFaces() throws {
        var page = Page()
        page.text("阿克苏地区第一人民医院 年度考核登记表", x: 60, y: 80, size: 16)
        for i in 0..<20 { page.text("本人在考核年度内认真履行岗位职责，完成各项工作任务。", x: 60, y: 120 + Double(i) * 18, size: 11) }
        page.add(.seal(cx: 420, cy: 600, radius: 42, ringText: "阿克苏地区第一人民医院", centerText: nil, color: .sealRed))
        page.add(.qrCode(x: 60, y: 560, size: 80, seed: 9))
        page.add(.signature(text: "张伟", x: 200, y: 620, size: 22, angle: -4, color: .ink))
        let bitmap = try DocumentWriter.scan(page, dpi: 150, effects: [])
        #expect(try FaceDetector().faces(in: bitmap, dpi: 150).isEmpty)
    }

    @Test func boldPrintIsNotAFace() throws {
        var page = Page()
        page.text("继续教育证书", x: 150, y: 120, size: 40, font: .serif, bold: true)
        let bitmap = try DocumentWriter.scan(page, dpi: 150, effects: [.grey, .noise(sigma: 6, seed: 4)])
        let glyphs = page.box(x: 150, y: 80, width: 240, height: 50)
        #expect(FaceDetector.midtoneShare(bitmap, box: glyphs) < FaceDetector.minMidtoneShare)
        #expect(try FaceDetector().faces(in: bitmap, dpi: 150).isEmpty)
    }

    @Test(.enabled(if: testFace != nil || RealPhotos.required, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func onlyPhotoLikeRegionsAreSearched() throws {
        let (bitmap, photo) = try photoPage(inches: 0.8, mask: "none", dpi: 150)
        let regions = FaceDetector.photoRegions(bitmap, dpi: 150)
        #expect(regions.count == 1)
        #expect(regions.first.map { $0.x0 <= photo.x0 && $0.y0 <= photo.y0 && $0.x1 >= photo.x1 && $0.y1 >= photo.y1 } == true)
        var text = Page()
        for i in 0..<30 { text.text("本人在考核年度内认真履行岗位职责，完成各项工作任务。", x: 60, y: 100 + Double(i) * 20, size: 11) }
        let page = try DocumentWriter.scan(text, dpi: 150, effects: [.grey, .noise(sigma: 8, seed: 5)])
        #expect(FaceDetector.photoRegions(page, dpi: 150).isEmpty)
    }

    @Test func unrotateUndoesTheTurn() {
        // A box at the centre stays put whatever the angle; an off-centre one moves back by the angle.
        let centre = Box(x0: 0.45, y0: 0.45, x1: 0.55, y1: 0.55)
        let back = FaceDetector.unrotate(centre, degrees: 15, width: 1000, height: 1000)
        #expect(abs(back.midX - 0.5) < 1e-9 && abs(back.midY - 0.5) < 1e-9)
        let right = Box(x0: 0.75, y0: 0.45, x1: 0.85, y1: 0.55)
        // Turned counter-clockwise by 90°, a point right of centre came from below it.
        let moved = FaceDetector.unrotate(right, degrees: 90, width: 1000, height: 1000)
        #expect(abs(moved.midX - 0.5) < 1e-6)
        #expect(abs(moved.midY - 0.8) < 1e-6)
    }

    @Test func mergeKeepsTheBestSupportedOfOverlaps() {
        let a = Box(x0: 0.1, y0: 0.1, x1: 0.3, y1: 0.3), b = Box(x0: 0.2, y0: 0.2, x1: 0.4, y1: 0.4)
        let c = Box(x0: 0.6, y0: 0.6, x1: 0.7, y1: 0.7)
        let merged = FaceDetector.merge([(a, 3), (b, 9), (c, 2)])
        #expect(merged.count == 2)
        #expect(merged.first?.0 == b)
    }
}

/// Seals are not searched for faces; a photo a seal overlaps still is.
@Suite struct FaceSearchRegionTests {
    @Test func aGreySealAloneIsNotSearched() throws {
        let (bitmap, _) = try sealPage(dpi: 150, grey: true)
        let gray = bitmap.grayscale()
        let seal = try #require(SealDetector.seals(in: bitmap, dpi: 150).first)
        // The grey ring is mid-tones: a photo-like region of its own, which the seal's box takes out.
        #expect(!FaceDetector.photoRegions(gray, dpi: 150).isEmpty)
        #expect(FaceDetector.searchRegions(gray, dpi: 150, excluding: [seal.box]).isEmpty)
    }

    /// Blurred bold print on a grey scan is mid-tones, a photo-like region; once OCR has read it as text it is
    /// not searched (on scans such regions were most of the cascades' cost).
    @Test func printReadAsTextIsNotSearched() throws {
        var page = Page()
        page.text("继续教育证书", x: 150, y: 120, size: 40, font: .serif, bold: true)
        let bitmap = try DocumentWriter.scan(page, dpi: 150, effects: [.grey, .blur(radius: 2), .noise(sigma: 6, seed: 4)])
        let gray = bitmap.grayscale()
        try #require(!FaceDetector.photoRegions(gray, dpi: 150).isEmpty, "the premise: blurred bold print looks photo-like")
        // One box per character, as OCR gives them (six characters of 40 pt across 240 pt).
        let characters = (0..<6).map { i in page.box(x: 150 + Double(i) * 40, y: 84, width: 40, height: 44) }
        #expect(FaceDetector.photoRegions(gray, dpi: 150, text: characters).isEmpty)
        #expect(FaceDetector.searchRegions(gray, dpi: 150, excluding: [], text: characters).isEmpty)
        // Text elsewhere on the page changes nothing.
        let elsewhere = [page.box(x: 150, y: 600, width: 200, height: 20)]
        #expect(FaceDetector.photoRegions(gray, dpi: 150, text: elsewhere) == FaceDetector.photoRegions(gray, dpi: 150))
    }

    @Test func textCellsAreTheCellsUnderTheBoxes() {
        // A 100×100 grid of 10-pixel cells; a box over pixels 20–40 × 50–60 takes the cells whose centres it holds
        // once grown by half a cell: columns 2–3 (centres 25, 35; 15 and 45 are on the grown edge), rows 5.
        let cells = FaceDetector.textCells([Box(x0: 0.2, y0: 0.5, x1: 0.4, y1: 0.6)], cell: 10, gridWidth: 10, gridHeight: 10,
                                           width: 100, height: 100)
        let marked = cells.indices.filter { cells[$0] }.map { ($0 % 10, $0 / 10) }
        #expect(marked.allSatisfy { (1...4).contains($0.0) && (4...6).contains($0.1) })
        #expect(marked.contains { $0 == (2, 5) } && marked.contains { $0 == (3, 5) })
        // Boxes wholly outside the bitmap (text beside a cropped region) mark nothing.
        let outside = FaceDetector.textCells([Box(x0: -0.5, y0: 0.2, x1: -0.1, y1: 0.3), Box(x0: 0.2, y0: 1.2, x1: 0.3, y1: 1.4)],
                                             cell: 10, gridWidth: 10, gridHeight: 10, width: 100, height: 100)
        #expect(!outside.contains(true))
    }

    @Test(.enabled(if: testFace != nil || RealPhotos.required, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func aPhotoUnderASealIsStillSearchedAndFound() throws {
        guard let face = testFace else { return }
        var page = Page()
        page.add(.photo(x: 400, y: 100, width: 72, height: 100, image: face))
        // A seal stamped over the photo's lower corner, as on certificates.
        page.add(.seal(cx: 470, cy: 190, radius: 42, ringText: "阿克苏地区人力资源和社会保障局", centerText: nil, color: .sealRed))
        let bitmap = try DocumentWriter.scan(page, dpi: 150, effects: [.grey, .noise(sigma: 6, seed: 1)])
        let seals = SealDetector.seals(in: bitmap, dpi: 150).map(\.box)
        let photo = page.box(x: 400, y: 100, width: 72, height: 100)
        let regions = FaceDetector.searchRegions(bitmap.grayscale(), dpi: 150, excluding: seals)
        #expect(regions.contains { $0.intersection(photo) != nil })
        let faces = try FaceDetector().faces(in: bitmap, dpi: 150, excluding: seals)
        #expect(faces.contains { $0.box.intersection(photo) != nil })
    }
}

@Suite struct TiltShapeTests {
    @Test func onlyPhotoShapedRegionsAreTriedTilted() {
        // An ID photo's region (0.6 x 0.84 inch grown by 0.25 inch) and a phone photo of a page: tried tilted.
        #expect(FaceDetector.mayHoldTiltedPhoto(width: 220, height: 268))
        #expect(FaceDetector.mayHoldTiltedPhoto(width: 1654, height: 2339))
        #expect(FaceDetector.mayHoldTiltedPhoto(width: 2339, height: 1654))
        // A line of bold print across the page, and a column: upright only.
        #expect(!FaceDetector.mayHoldTiltedPhoto(width: 1280, height: 160))
        #expect(!FaceDetector.mayHoldTiltedPhoto(width: 100, height: 400))
        #expect(!FaceDetector.mayHoldTiltedPhoto(width: 0, height: 10))
    }
}
