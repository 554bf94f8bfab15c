import Foundation
import OCR
import PDF
import PrescreenCore
import Vision

/// Faces and seals for one page (issue 5): what `blind/photo` and `blind/seal` read.
///
/// Runs on the RGB bitmap the page was rendered or decoded to anyway (never a second render). Faces are only
/// looked for where the page has raster content (a pasted photo, a scan); seals everywhere, since text PDFs
/// draw them as red paths and the colour test costs a few milliseconds.
extension PageExtractor {
    /// One detector per process, loaded on first use, or why it cannot be loaded (opencv-data missing).
    static let loadedFaceDetector = Result { () throws(VisionError) -> FaceDetector in try FaceDetector() }
    /// The detector; nil when opencv-data is missing, which a scan refuses at start (``faceDetectorProblem``).
    static var faceDetector: FaceDetector? { try? loadedFaceDetector.get() }
    /// Why faces cannot be looked for (one sentence saying what to install), or nil when they can.
    static var faceDetectorProblem: String? {
        if case .failure(let e) = loadedFaceDetector { return e.description }
        return nil
    }
    /// Below this, a face is looked for in the embedded image's own pixels rather than in the page render.
    static let faceRenderDPI = 120.0
    /// Images smaller than this on the page (inches, either side) cannot hold a recognisable ID photo.
    static let minImageInches = 0.45

    /// Fills `content.seals` from `rendered` (the page at `rendered.dpi`), and `content.faces` unless the face
    /// search is deferred: with `deferFaces`, a page that is about to be OCRed returns its face search instead,
    /// for ``PageJob/run(recognizer:)`` to finish once the page's confident text is known (print is not searched
    /// for faces: on grey scans, blurred bold print made most of the regions the cascades were run on).
    ///
    /// `pdfPage` and `images` are the PDF page and its embedded images; nil and empty for an image file,
    /// whose whole bitmap is raster content.
    @discardableResult
    func detectVision(on rendered: Bitmap, pdfPage: PDFPage?, images: [PDFImagePlacement], into content: inout PageContent,
                      deferFaces: Bool = false) -> FaceSearch? {
        var seals: [DetectedRegion] = []
        for s in SealDetector.seals(in: rendered, dpi: rendered.dpi) {
            // The ring is unrolled here, where the page's pixels are, and read later only if its document
            // turns out to be one the employer issues (most seals are third parties': reading them is waste).
            seals.append(DetectedRegion(box: s.box, confidence: s.ringCoverage, masked: false,
                                        unreadText: ringStrips(rendered, seal: s)))
        }
        content.seals = seals
        guard let detector = Self.faceDetector else { return nil }
        let search = FaceSearch(rendered: rendered,
                                imageBoxes: pdfPage.map { page in Self.photoSized(images, on: page).map(\.box.clamped) },
                                seals: seals.map(\.box))
        // Below faceRenderDPI a PDF's images are searched in their own pixels, which only the PDF page gives.
        if deferFaces, pdfPage == nil || rendered.dpi >= Self.faceRenderDPI { return search }
        let start = DispatchTime.now().uptimeNanoseconds
        if let pdfPage, rendered.dpi < Self.faceRenderDPI {
            content.faces = Self.withoutSeals(lowResolutionFaces(detector, on: rendered, pdfPage: pdfPage, images: images,
                                                                 seals: search.seals), seals: search.seals)
        } else {
            content.faces = search.run(detector, text: [])
        }
        RecognitionLog.record(.faces, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return nil
    }

    /// The highest resolution an image's region is rendered at to see whether its face is shown (a 600-ppi photo
    /// gains nothing for the cascades over 300, whose working resolutions are 70–200 dpi).
    static let maxShownDPI = 300.0

    /// Whether two face boxes (page fractions) are one face: they overlap by at least a third of the smaller.
    static func sameFace(_ a: Box, _ b: Box) -> Bool {
        guard let i = a.intersection(b) else { return false }
        return i.area >= Swift.min(a.area, b.area) / 3
    }

    /// The images big enough on the page to hold a recognisable ID photo.
    private static func photoSized(_ images: [PDFImagePlacement], on page: PDFPage) -> [PDFImagePlacement] {
        let inches = (w: page.width / 72, h: page.height / 72)
        return images.filter { $0.box.width * inches.w >= minImageInches && $0.box.height * inches.h >= minImageInches }
    }

    /// Faces that a seal mostly covers dropped: a seal's star and ring text can look like a face to a cascade, and
    /// a seal is never a person's photo.
    static func withoutSeals(_ faces: [DetectedRegion], seals: [Box]) -> [DetectedRegion] {
        faces.filter { f in !seals.contains { s in (s.intersection(f.box)?.area ?? 0) > 0.3 * f.box.area } }
    }

    /// A text page rendered under ``faceRenderDPI``: faces are looked for in each image's own pixels, and the mask
    /// is judged on the render, where a box or mosaic drawn over the image shows.
    private func lowResolutionFaces(_ detector: FaceDetector, on rendered: Bitmap, pdfPage: PDFPage,
                                    images: [PDFImagePlacement], seals: [Box]) -> [DetectedRegion] {
        var out: [DetectedRegion] = []
        let pageInches = (w: pdfPage.width / 72, h: pdfPage.height / 72)
        for image in Self.photoSized(images, on: pdfPage) {
            let region = image.box.clamped
            // Placements may come without native sizes (they cost a decode): the dpi follows from the pixels.
            guard let bitmap = try? pdfPage.imageBitmap(image, maxPixels: limits.maxPixelsPerPage) else { continue }
            let dpi = image.effectiveDPI > 0 ? image.effectiveDPI
                : Double(bitmap.width) / Swift.max(0.01, image.box.width * pageInches.w)
            guard let found = try? detector.faces(in: bitmap, dpi: dpi, excluding: FaceSearch.into(region, seals)),
                  !found.isEmpty else { continue }
            // The image's pixels are what lies under whatever the page draws over them (a box, a mosaic, a sticker):
            // a face found there is shown only if it is found again where a reader looks, on the region rendered at
            // the image's own resolution. Nil when that render fails: the mask is then judged on the page render.
            let shown = (try? pdfPage.render(dpi: Swift.min(dpi, Self.maxShownDPI), region: region,
                                             maxPixels: limits.maxPixelsPerPage))
                .flatMap { try? detector.faces(in: $0, dpi: $0.dpi, excluding: FaceSearch.into(region, seals)) }
                .map { $0.filter { !$0.masked }.map { PageJob.map($0.box, into: region) } }
            out += found.map { f in
                var f = f
                f.box = PageJob.map(f.box, into: region)
                f.masked = f.masked || MaskTest.isMasked(rendered, box: f.box)
                if let shown, !shown.contains(where: { Self.sameFace($0, f.box) }) { f.masked = true }
                return f
            }
        }
        return out
    }

    /// The seal's ring text unrolled at each of ``ringCharHeights``, as grey PNG (a few KB each).
    private func ringStrips(_ rendered: Bitmap, seal: SealCandidate) -> [Data] {
        Self.ringCharHeights.compactMap { height in
            try? ImageCodec.encodePNG(SealDetector.unwrapRing(rendered, seal: seal, charHeight: height), fast: true)
        }
    }

    /// Character heights (pixels) of the unrolled ring text tried for OCR (measured: 44 and 56 read best).
    static let ringCharHeights = [44, 56]
}

/// A page's face search: the colour pixels it was rendered or decoded to, and where to look. Run at once for a
/// page that is not OCRed, after recognition for one that is (``run(_:text:)`` then skips confident print).
struct FaceSearch: Sendable {
    /// The page at `rendered.dpi` (colour when the source has it).
    var rendered: Bitmap
    /// The PDF images big enough to hold a photo (page fractions); nil for an image file, searched whole.
    var imageBoxes: [Box]?
    /// Seals found on the page (page fractions).
    var seals: [Box]

    /// The lowest confidence of an OCR character whose box counts as print for the face search.
    static let minimumTextConfidence = 75.0
    /// The tallest OCR character (inches) that counts as print: body text and titles are well under it, while a
    /// "character" tesseract finds in a photo can be any size.
    static let maximumTextInches = 0.6

    /// The faces, with seals' look-alikes dropped. `text`: boxes (page fractions) that OCR read as confident print.
    /// `quarterTurns`: how far OCR found the page turned (clockwise quarter turns to make it upright); the search
    /// then runs on the upright page (the cascades only know upright faces), boxes coming back unturned.
    func run(_ detector: FaceDetector, text: [Box], quarterTurns: Int) -> [DetectedRegion] {
        let turns = ((quarterTurns % 4) + 4) % 4
        guard turns != 0 else { return run(detector, text: text) }
        let upright = FaceSearch(rendered: rendered.rotatedClockwise(quarterTurns: turns),
                                 imageBoxes: imageBoxes?.map { $0.rotatedClockwise(quarterTurns: turns) },
                                 seals: seals.map { $0.rotatedClockwise(quarterTurns: turns) })
        return upright.run(detector, text: text.map { $0.rotatedClockwise(quarterTurns: turns) }).map { f in
            var f = f
            f.box = f.box.rotatedClockwise(quarterTurns: 4 - turns)
            return f
        }
    }

    /// The faces on the page as it stands (see ``run(_:text:quarterTurns:)``).
    func run(_ detector: FaceDetector, text: [Box]) -> [DetectedRegion] {
        var out: [DetectedRegion] = []
        guard let imageBoxes else {
            out = (try? detector.faces(in: rendered, dpi: rendered.dpi, excluding: seals, text: text)) ?? []
            return PageExtractor.withoutSeals(out, seals: seals)
        }
        for region in imageBoxes {
            // The render shows what a reader sees, masks drawn over the image included.
            guard let crop = rendered.cropped(to: region),
                  let found = try? detector.faces(in: crop, dpi: rendered.dpi, excluding: Self.into(region, seals),
                                                  text: Self.into(region, text)) else { continue }
            out += found.map { f in
                var f = f
                f.box = PageJob.map(f.box, into: region)
                return f
            }
        }
        return PageExtractor.withoutSeals(out, seals: seals)
    }

    /// The boxes of confident print in an OCR reading (page fractions), for ``run(_:text:)``.
    func printBoxes(_ text: PageText?) -> [Box] {
        guard let text, rendered.dpi > 0 else { return [] }
        let tallest = Self.maximumTextInches * rendered.dpi / Double(max(1, rendered.height))
        return text.glyphs.compactMap { g in
            guard let c = g.confidence, c >= Self.minimumTextConfidence, !g.text.allSatisfy(\.isWhitespace),
                  g.box.height <= tallest else { return nil }
            return g.box
        }
    }

    /// `boxes` (page fractions) in the fractions of `region`, where the region's crop is searched.
    static func into(_ region: Box, _ boxes: [Box]) -> [Box] {
        boxes.map { b in
            Box(x0: (b.x0 - region.x0) / max(1e-9, region.width), y0: (b.y0 - region.y0) / max(1e-9, region.height),
                x1: (b.x1 - region.x0) / max(1e-9, region.width), y1: (b.y1 - region.y0) / max(1e-9, region.height))
        }
    }
}

/// The vision engines a scan needs, checked at its start (as the OCR engine is).
public enum VisionEngines {
    /// Why faces cannot be looked for (one sentence saying what to install), or nil when they can.
    public static var faceDetectorProblem: String? { PageExtractor.faceDetectorProblem }
}
