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
    func detectVision(on rendered: Bitmap, pdfPage: PDFPage?, images: [PDFImagePlacement], into content: inout PageContent) {
        var seals: [DetectedRegion] = []
        for s in SealDetector.seals(in: rendered, dpi: rendered.dpi) {
            // The ring is unrolled here, where the page's pixels are, and read later only if its document
            // turns out to be one the employer issues (most seals are third parties': reading them is waste).
            seals.append(DetectedRegion(box: s.box, confidence: s.ringCoverage, masked: false,
                                        unreadText: ringStrips(rendered, seal: s)))
        }
        content.seals = seals
        if let detector = Self.faceDetector {
            // A seal's star and ring text can look like a face to a cascade; a seal is never a person's photo.
            // Regions that are only a seal are not searched at all (on grey scans they were most of the cost).
            content.faces = faces(detector, on: rendered, pdfPage: pdfPage, images: images,
                                  seals: seals.map(\.box)).filter { f in
                !seals.contains { s in (s.box.intersection(f.box)?.area ?? 0) > 0.3 * f.box.area }
            }
        }
    }

    private func faces(_ detector: FaceDetector, on rendered: Bitmap, pdfPage: PDFPage?,
                       images: [PDFImagePlacement], seals: [Box]) -> [DetectedRegion] {
        guard let pdfPage else { return (try? detector.faces(in: rendered, dpi: rendered.dpi, excluding: seals)) ?? [] }
        var out: [DetectedRegion] = []
        let pageInches = (w: pdfPage.width / 72, h: pdfPage.height / 72)
        for image in images where image.box.width * pageInches.w >= Self.minImageInches
            && image.box.height * pageInches.h >= Self.minImageInches {
            let region = image.box.clamped
            // The seals in the image's own fractions (the crop and the image's pixels both span `region`).
            let inside = seals.map { s in
                Box(x0: (s.x0 - region.x0) / max(1e-9, region.width), y0: (s.y0 - region.y0) / max(1e-9, region.height),
                    x1: (s.x1 - region.x0) / max(1e-9, region.width), y1: (s.y1 - region.y0) / max(1e-9, region.height))
            }
            if rendered.dpi >= Self.faceRenderDPI {
                // The render shows what a reader sees, masks drawn over the image included.
                guard let crop = rendered.cropped(to: region),
                      let found = try? detector.faces(in: crop, dpi: rendered.dpi, excluding: inside) else { continue }
                out += found.map { f in
                    var f = f
                    f.box = PageJob.map(f.box, into: region)
                    return f
                }
            } else {
                // A text page rendered at low resolution: look in the image's own pixels, then judge the mask on
                // the render, where a box or mosaic drawn over the image shows.
                // Placements may come without native sizes (they cost a decode): the dpi follows from the pixels.
                guard let bitmap = try? pdfPage.imageBitmap(image, maxPixels: limits.maxPixelsPerPage) else { continue }
                let dpi = image.effectiveDPI > 0 ? image.effectiveDPI
                    : Double(bitmap.width) / Swift.max(0.01, image.box.width * pageInches.w)
                guard let found = try? detector.faces(in: bitmap, dpi: dpi, excluding: inside) else { continue }
                out += found.map { f in
                    var f = f
                    f.box = PageJob.map(f.box, into: region)
                    f.masked = f.masked || MaskTest.isMasked(rendered, box: f.box)
                    return f
                }
            }
        }
        return out
    }

    /// The seal's ring text unrolled at each of ``ringCharHeights``, as grey PNG (a few KB each).
    private func ringStrips(_ rendered: Bitmap, seal: SealCandidate) -> [Data] {
        Self.ringCharHeights.compactMap { height in
            try? ImageCodec.encodePNG(SealDetector.unwrapRing(rendered, seal: seal, charHeight: height))
        }
    }

    /// Character heights (pixels) of the unrolled ring text tried for OCR (measured: 44 and 56 read best).
    static let ringCharHeights = [44, 56]
}
