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
    /// One detector per process, loaded on first use; nil when opencv-data is missing (faces then stay
    /// unchecked: `faces == nil`, not an empty list).
    static let faceDetector: FaceDetector? = try? FaceDetector()
    /// Below this, a face is looked for in the embedded image's own pixels rather than in the page render.
    static let faceRenderDPI = 120.0
    /// Images smaller than this on the page (inches, either side) cannot hold a recognisable ID photo.
    static let minImageInches = 0.45

    /// Fills `content.faces` and `content.seals` from `rendered` (the page at `rendered.dpi`).
    ///
    /// `pdfPage` and `images` are the PDF page and its embedded images; nil and empty for an image file,
    /// whose whole bitmap is raster content.
    func detectVision(on rendered: Bitmap, pdfPage: PDFPage?, images: [PDFImagePlacement], into content: inout PageContent,
                      recognizer: () throws -> any TextRecognizer) {
        if let detector = Self.faceDetector {
            content.faces = faces(detector, on: rendered, pdfPage: pdfPage, images: images)
        }
        var seals: [DetectedRegion] = []
        for s in SealDetector.seals(in: rendered, dpi: rendered.dpi) {
            seals.append(DetectedRegion(box: s.box, confidence: s.ringCoverage, masked: false,
                                        text: ringText(rendered, seal: s, recognizer: recognizer)))
        }
        content.seals = seals
    }

    private func faces(_ detector: FaceDetector, on rendered: Bitmap, pdfPage: PDFPage?,
                       images: [PDFImagePlacement]) -> [DetectedRegion] {
        guard let pdfPage else { return (try? detector.faces(in: rendered, dpi: rendered.dpi)) ?? [] }
        var out: [DetectedRegion] = []
        let pageInches = (w: pdfPage.width / 72, h: pdfPage.height / 72)
        for image in images where image.box.width * pageInches.w >= Self.minImageInches
            && image.box.height * pageInches.h >= Self.minImageInches {
            let region = image.box.clamped
            if rendered.dpi >= Self.faceRenderDPI {
                // The render shows what a reader sees, masks drawn over the image included.
                guard let crop = rendered.cropped(to: region),
                      let found = try? detector.faces(in: crop, dpi: rendered.dpi) else { continue }
                out += found.map { f in
                    var f = f
                    f.box = Self.map(f.box, into: region)
                    return f
                }
            } else {
                // A text page rendered at low resolution: look in the image's own pixels, then judge the mask on
                // the render, where a box or mosaic drawn over the image shows.
                guard let bitmap = try? pdfPage.imageBitmap(image, maxPixels: limits.maxPixelsPerPage),
                      let found = try? detector.faces(in: bitmap, dpi: image.effectiveDPI) else { continue }
                out += found.map { f in
                    var f = f
                    f.box = Self.map(f.box, into: region)
                    f.masked = f.masked || MaskTest.isMasked(rendered, box: f.box)
                    return f
                }
            }
        }
        return out
    }

    /// A box in fractions of `region` turned into fractions of the page.
    static func map(_ b: Box, into region: Box) -> Box {
        Box(x0: region.x0 + b.x0 * region.width, y0: region.y0 + b.y0 * region.height,
            x1: region.x0 + b.x1 * region.width, y1: region.y0 + b.y1 * region.height)
    }

    /// The seal's ring text, unwrapped and OCRed, normalised; nil when nothing readable came out.
    private func ringText(_ rendered: Bitmap, seal: SealCandidate, recognizer: () throws -> any TextRecognizer) -> String? {
        let strip = SealDetector.unwrapRing(rendered, seal: seal)
        guard let engine = try? recognizer(), let text = try? engine.recognize(strip) else { return nil }
        let s = NormalizedText.normalized(text.string).filter { !$0.isWhitespace }
        return s.isEmpty ? nil : s
    }
}
