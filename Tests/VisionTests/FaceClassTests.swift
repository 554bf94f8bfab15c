import DocumentKit
import Foundation
import PrescreenCore
import Testing
@testable import Vision

/// Real photos from scikit-image (shipped with the package, nothing downloaded): the astronaut (colour, sharp),
/// the cameraman (grey), and faces of the Labeled Faces in the Wild subset (25×25 grey, the low-resolution ID
/// photo). Written once into a cache directory by python3; nil when python3 or scikit-image is missing.
enum RealPhotos {
    static let cache = URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".cache/prescreen-gen/skimage")

    /// On CI scikit-image is installed by scripts/install-deps.sh: there a missing one fails the tests that need it
    /// instead of skipping them (blind/photo would otherwise lose its coverage unnoticed).
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static let available: Bool = {
        let marker = cache.appendingPathComponent("lfw-9.png")
        if FileManager.default.fileExists(atPath: marker.path) { return true }
        try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let script = """
            import sys, numpy, skimage.data, skimage.io
            d = sys.argv[1]
            skimage.io.imsave(d + '/astronaut.png', skimage.data.astronaut(), check_contrast=False)
            skimage.io.imsave(d + '/camera.png', skimage.data.camera(), check_contrast=False)
            for i, f in enumerate(skimage.data.lfw_subset()[:10]):
                skimage.io.imsave(d + '/lfw-%d.png' % i, (f * 255).round().astype(numpy.uint8), check_contrast=False)
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, cache.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0 && FileManager.default.fileExists(atPath: marker.path)
    }()

    /// Runs the test only with the photos, but fails (rather than skips) on CI without them.
    static var enabled: Bool { available || required }

    static func load(_ name: String) throws -> Bitmap {
        guard available else {
            throw VisionError("scikit-image photos missing: scripts/install-deps.sh installs scikit-image")
        }
        var b = try Imaging.load(path: cache.appendingPathComponent(name).path)
        b.dpi = 0
        return b
    }

    /// The astronaut's head and shoulders (RGB, 250×350).
    static func astronaut() throws -> Bitmap {
        let full = try load("astronaut.png")
        guard let crop = full.cropped(to: Box(x0: 110.0 / 512, y0: 0, x1: 360.0 / 512, y1: 350.0 / 512)) else {
            throw VisionError("astronaut crop")
        }
        return crop.rgb()
    }

    /// A greyscale ID photo made from a 25-pixel LFW face: the face enlarged (bilinear, so as soft as a photo
    /// printed from 25 pixels), on a light backdrop, dark shoulders below; `side` pixels wide, 1.4 times as high.
    static func lowResolutionIDPhoto(_ index: Int, side: Int) throws -> Bitmap {
        let face = try load("lfw-\(index).png").grayscale()
        let h = side * 14 / 10
        var px = [UInt8](repeating: 215, count: side * h)
        let faceSide = side * 9 / 10, left = (side - faceSide) / 2, top = side / 10
        for y in 0..<h {
            for x in 0..<side {
                if y > top + faceSide * 9 / 10 {
                    // Shoulders: a dark garment widening downwards.
                    let spread = Double(y - top - faceSide * 9 / 10) / Double(h) * Double(side) * 1.5 + Double(faceSide) * 0.3
                    if abs(Double(x - side / 2)) < spread { px[y * side + x] = 45 }
                    continue
                }
                let fx = Double(x - left) / Double(faceSide) * 25 - 0.5, fy = Double(y - top) / Double(faceSide) * 25 - 0.5
                guard fx >= 0, fy >= 0, fx <= 24, fy <= 24 else { continue }
                // An oval vignette around the face, as ID photo makers cut it out.
                let dx = (Double(x - left) / Double(faceSide) - 0.5) / 0.5, dy = (Double(y - top) / Double(faceSide) - 0.5) / 0.55
                guard dx * dx + dy * dy <= 1 else { continue }
                px[y * side + x] = bilinear(face, fx, fy)
            }
        }
        return Bitmap(width: side, height: h, channels: 1, pixels: px).rgb()
    }

    static func bilinear(_ b: Bitmap, _ x: Double, _ y: Double) -> UInt8 {
        let x0 = min(b.width - 1, Int(x)), y0 = min(b.height - 1, Int(y))
        let x1 = min(b.width - 1, x0 + 1), y1 = min(b.height - 1, y0 + 1)
        let fx = x - Double(x0), fy = y - Double(y0)
        let top = Double(b.luma(x: x0, y: y0)) * (1 - fx) + Double(b.luma(x: x1, y: y0)) * fx
        let bottom = Double(b.luma(x: x0, y: y1)) * (1 - fx) + Double(b.luma(x: x1, y: y1)) * fx
        return UInt8(max(0, min(255, (top * (1 - fy) + bottom * fy).rounded())))
    }

    /// `b` scaled to `width` × `height` (bilinear), RGB.
    static func scaled(_ b: Bitmap, width: Int, height: Int) -> Bitmap {
        let rgb = b.rgb()
        var px = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let sx = min(Double(b.width - 1), max(0, (Double(x) + 0.5) * Double(b.width) / Double(width) - 0.5))
                let sy = min(Double(b.height - 1), max(0, (Double(y) + 0.5) * Double(b.height) / Double(height) - 0.5))
                let x0 = Int(sx), y0 = Int(sy), x1 = min(b.width - 1, x0 + 1), y1 = min(b.height - 1, y0 + 1)
                let fx = sx - Double(x0), fy = sy - Double(y0)
                for c in 0..<3 {
                    func at(_ x: Int, _ y: Int) -> Double { Double(rgb.pixels[(y * b.width + x) * 3 + c]) }
                    let v = (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy
                    px[(y * width + x) * 3 + c] = UInt8(max(0, min(255, v.rounded())))
                }
            }
        }
        return Bitmap(width: width, height: height, channels: 3, pixels: px)
    }

    /// `b` with straight dark lines drawn on it (fractions of its size): hair cut straight, glasses' rims.
    static func withStraightLines(_ b: Bitmap, _ lines: [(x0: Double, y0: Double, x1: Double, y1: Double)],
                                  thickness: Int) -> Bitmap {
        var b = b.rgb()
        for l in lines {
            let x0 = Int(l.x0 * Double(b.width)), x1 = Int(l.x1 * Double(b.width))
            let y0 = Int(l.y0 * Double(b.height)), y1 = Int(l.y1 * Double(b.height))
            for y in max(0, min(y0, y1) - thickness / 2)...min(b.height - 1, max(y0, y1) + thickness / 2) {
                for x in max(0, min(x0, x1) - thickness / 2)...min(b.width - 1, max(x0, x1) + thickness / 2) {
                    for c in 0..<3 { b.pixels[(y * b.width + x) * 3 + c] = 25 }
                }
            }
        }
        return b
    }

    /// A mosaic of `b` in `cells` cells across (each cell its mean colour), as people pixelate a photo.
    static func pixelated(_ b: Bitmap, cells: Int) -> Bitmap {
        var b = b.rgb()
        let cell = max(1, b.width / cells)
        for cy in stride(from: 0, to: b.height, by: cell) {
            for cx in stride(from: 0, to: b.width, by: cell) {
                let xs = cx..<min(b.width, cx + cell), ys = cy..<min(b.height, cy + cell)
                for c in 0..<3 {
                    var sum = 0
                    for y in ys { for x in xs { sum += Int(b.pixels[(y * b.width + x) * 3 + c]) } }
                    let mean = UInt8(sum / (xs.count * ys.count))
                    for y in ys { for x in xs { b.pixels[(y * b.width + x) * 3 + c] = mean } }
                }
            }
        }
        return b
    }
}

/// A page with `photo` pasted `inches` wide at (400, 100) pt beside some text, scanned at `dpi`.
func scannedPage(with photo: Bitmap, inches: Double, dpi: Double, effects: [ScanEffect] = [.grey, .noise(sigma: 5, seed: 2)],
                 jpeg: Int? = nil) throws -> (Bitmap, Box) {
    var page = Page()
    let w = inches * 72, h = w * Double(photo.height) / Double(photo.width)
    page.text("姓名：XX XX  工作单位：XX XX", x: 60, y: 120, size: 12)
    page.add(.photo(x: 400, y: 100, width: w, height: h, image: photo))
    var scan = try DocumentWriter.scan(page, dpi: dpi, effects: effects)
    if let jpeg { scan = try Imaging.decode(Imaging.encode(scan, as: .jpeg(quality: jpeg))) }
    return (scan, page.box(x: 400, y: 100, width: w, height: h))
}

/// One test per class of photo the face search missed or mistook (issue 19).
@Suite struct FaceClassTests {
    /// Visible faces that overlap `photo`.
    func visible(_ bitmap: Bitmap, dpi: Double, photo: Box?) throws -> [DetectedRegion] {
        try FaceDetector().faces(in: bitmap, dpi: dpi).filter { f in
            !f.masked && (photo.map { f.box.intersection($0) != nil } ?? true)
        }
    }

    @Test(.enabled(if: RealPhotos.enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"),
          arguments: [0, 1, 2, 3])
    func aLowResolutionGreyIDPhotoInA150DPIScanIsAFace(face: Int) throws {
        let photo = try RealPhotos.lowResolutionIDPhoto(face, side: 240)
        let (scan, box) = try scannedPage(with: photo, inches: 0.9, dpi: 150, jpeg: 70)
        #expect(try visible(scan, dpi: 150, photo: box).count == 1)
    }

    @Test(.enabled(if: RealPhotos.enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func aSharpPhotoWithStraightHairAndGlassesInA300DPIScanIsAFace() throws {
        // A fringe cut straight across the forehead and the rims of square glasses: straight lines each way.
        let face = RealPhotos.withStraightLines(try RealPhotos.astronaut(), [
            (0.25, 0.19, 0.75, 0.19), (0.26, 0.25, 0.45, 0.25), (0.53, 0.25, 0.72, 0.25),
            (0.26, 0.32, 0.45, 0.32), (0.53, 0.32, 0.72, 0.32), (0.26, 0.25, 0.26, 0.32), (0.45, 0.25, 0.45, 0.32),
            (0.53, 0.25, 0.53, 0.32), (0.72, 0.25, 0.72, 0.32),
        ], thickness: 2)
        let (scan, box) = try scannedPage(with: face, inches: 1.0, dpi: 300, effects: [.noise(sigma: 3, seed: 7)], jpeg: 85)
        let found = try FaceDetector().faces(in: scan, dpi: 300).filter { $0.box.intersection(box) != nil }
        #expect(found.count == 1, "the face is found")
        #expect(found.allSatisfy { !$0.masked }, "and not called a mosaic")
    }

    @Test(.enabled(if: RealPhotos.enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"),
          arguments: [0, 2])
    func aPhotoEmbeddedAt300PPIIsAFace(face: Int) throws {
        // A PDF's image searched in its own pixels: a low-resolution face enlarged to 0.9 inch at 300 ppi, JPEG.
        let photo = try RealPhotos.lowResolutionIDPhoto(face, side: 270)
        var own = try Imaging.decode(Imaging.encode(photo, as: .jpeg(quality: 75)))
        own.dpi = 300
        #expect(try visible(own, dpi: 300, photo: nil).count == 1)
    }

    @Test(.enabled(if: RealPhotos.enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func aLargeFaceInAnUntaggedPhonePhotoIsAFace() throws {
        // The astronaut's whole photo enlarged to a phone camera's size, no resolution tag: her face ~900 px.
        var phone = RealPhotos.scaled(try RealPhotos.load("astronaut.png"), width: 2400, height: 2400)
        phone.dpi = 0
        phone = try Imaging.decode(Imaging.encode(phone, as: .jpeg(quality: 80)))
        #expect(try visible(phone, dpi: 0, photo: nil).count >= 1)
    }

    @Test(.enabled(if: RealPhotos.enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func aFaceCutByTheImageEdgeIsAFace() throws {
        // The astronaut cropped through her forehead and beside her ear: the face touches two edges of the image.
        let full = try RealPhotos.load("astronaut.png")
        let cut = try #require(full.cropped(to: Box(x0: 160.0 / 512, y0: 60.0 / 512, x1: 330.0 / 512, y1: 250.0 / 512)))
        var photo = RealPhotos.scaled(cut, width: 340, height: 380)
        photo.dpi = 200
        #expect(try visible(photo, dpi: 200, photo: nil).count == 1)
    }

    @Test(.enabled(if: RealPhotos.enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"),
          arguments: [-20.0, 18.0])
    func aTiltedLowResolutionPhotoIsAFace(degrees: Double) throws {
        let photo = try Imaging.apply(.skew(degrees: degrees), to: RealPhotos.lowResolutionIDPhoto(1, side: 240))
        let (scan, box) = try scannedPage(with: photo, inches: 1.0, dpi: 150)
        #expect(try visible(scan, dpi: 150, photo: box).count == 1)
    }

    @Test func calligraphyOnTintedPaperIsNoFace() throws {
        // Brush characters, big and soft-edged, on paper tinted like a scroll, photographed (no resolution tag).
        var page = Page()
        page.add(.rect(x: 0, y: 0, width: 595, height: 842, fill: RGBColor(0.86, 0.78, 0.6), stroke: nil, lineWidth: 0))
        for (i, word) in ["厚德", "载物", "宁静", "致远"].enumerated() {
            page.text(word, x: 120 + Double(i % 2) * 220, y: 260 + Double(i / 2) * 300, size: 150, font: .serif, bold: true,
                      color: RGBColor(0.12, 0.1, 0.08))
        }
        var photo = try DocumentWriter.scan(page, dpi: 120, effects: [.blur(radius: 2), .noise(sigma: 7, seed: 11)])
        photo = try Imaging.decode(Imaging.encode(photo, as: .jpeg(quality: 70)))
        photo.dpi = 0
        #expect(try FaceDetector().faces(in: photo, dpi: 0).filter { !$0.masked }.isEmpty)
    }

    @Test(.enabled(if: RealPhotos.enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"),
          arguments: ["black", "grey", "mosaic", "blur"])
    func eachMaskKindHidesTheFace(mask: String) throws {
        var face = try RealPhotos.astronaut()
        switch mask {
        case "black": face = Bitmap(width: face.width, height: face.height, channels: 3, filledWith: 20)
        case "grey": face = Bitmap(width: face.width, height: face.height, channels: 3, filledWith: 150)
        case "mosaic": face = RealPhotos.pixelated(face, cells: 8)
        default: face = try Imaging.apply(.blur(radius: face.width / 14), to: face)
        }
        let (scan, box) = try scannedPage(with: face, inches: 1.0, dpi: 200, jpeg: 80)
        #expect(try visible(scan, dpi: 200, photo: box).isEmpty)
    }

    @Test(.enabled(if: RealPhotos.enabled, "needs python3 with scikit-image (scripts/install-deps.sh)"))
    func aMosaicIsMeasuredByItsCellsNotItsLines() throws {
        let face = try RealPhotos.astronaut()
        let fringe = RealPhotos.withStraightLines(face, [(0.2, 0.2, 0.8, 0.2), (0.3, 0.35, 0.7, 0.35), (0.35, 0.1, 0.35, 0.5),
                                                         (0.65, 0.1, 0.65, 0.5)], thickness: 3)
        let all = Box(x0: 0.15, y0: 0.1, x1: 0.85, y1: 0.6)
        #expect(!MaskTest.isMosaic(fringe, box: all))
        #expect(!MaskTest.isMosaic(try Imaging.decode(Imaging.encode(face, as: .jpeg(quality: 30))), box: all))
        #expect(MaskTest.isMosaic(RealPhotos.pixelated(face, cells: 10), box: all))
        // Enlarged and noisy, as a scan of a printed mosaic.
        let scanned = try Imaging.apply(.noise(sigma: 6, seed: 3), to: RealPhotos.scaled(RealPhotos.pixelated(face, cells: 10), width: 375, height: 525))
        #expect(MaskTest.isMosaic(scanned, box: all))
    }
}
