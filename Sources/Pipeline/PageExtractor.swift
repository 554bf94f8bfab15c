import Classify
import Foundation
import OCR
import PDF
import PipelineConfig
import PrescreenCore
import Rules

/// Reads the pages of one attachment: the PDF text layer, OCR of raster content, orientation, and which
/// text-layer glyphs a reader actually sees.
///
/// Owns no engine: the worker passes its own recogniser, created once and re-used (one per worker thread).
struct PageExtractor {
    let settings: PipelineDefinition.Extraction
    let limits: PipelineDefinition.Limits

    /// Resolution of the render used to check which text-layer glyphs are visible (cheap: ~4 ms a page).
    static let visibilityDPI = 100.0
    /// Below this grey-value deviation a glyph's box is a uniform block: a mask, or invisible text.
    /// Rendered glyphs measure 40–110; flat boxes under 3, JPEG-noisy ones under 12.
    static let visibleDeviation = 18.0

    /// The outcome for one attachment.
    struct Extracted {
        var pages: [PageContent] = []
        var ocrPages = 0
    }

    func extract(data: Data, format: FileFormat, recognizer: () throws -> any TextRecognizer) throws -> Extracted {
        switch format {
        case .pdf: return try extractPDF(data, recognizer: recognizer)
        case .jpeg, .png, .tiff, .bmp: return try extractImage(data, recognizer: recognizer)
        case .empty, .unsupported: return Extracted()
        }
    }

    // MARK: PDF

    private func extractPDF(_ data: Data, recognizer: () throws -> any TextRecognizer) throws -> Extracted {
        let doc = try PDFDocument(data: data)
        guard doc.pageCount <= limits.maxPagesPerFile else {
            throw ExtractionProblem("共\(doc.pageCount)页，超过上限\(limits.maxPagesPerFile)页 (too many pages)")
        }
        guard doc.pageCount > 0 else { throw ExtractionProblem("PDF 没有页面 (no pages)") }
        var out = Extracted()
        for n in 1...doc.pageCount {
            let page = try doc.page(n)
            let layer = page.text()
            let images = page.images()
            var content = PageContent(page: n, width: page.width, height: page.height,
                                      textLayer: layer.glyphs.isEmpty ? nil : layer)
            content.imageRegions = images.map(\.box)
            content.rasterCoverage = Self.coverage(images.map(\.box))
            let layerChars = layer.glyphs.reduce(0) { $0 + ($1.text.allSatisfy(\.isWhitespace) ? 0 : 1) }
            let needsOCR = layerChars < settings.minTextLayerChars || content.rasterCoverage >= settings.minRasterCoverage
            if needsOCR {
                let dpi = ocrDPI(for: images)
                let rgb = try page.render(dpi: dpi, maxPixels: limits.maxPixelsPerPage)
                let gray = rgb.grayscale()
                detectVision(on: rgb, pdfPage: page, images: images, into: &content)
                if !layer.glyphs.isEmpty { content.textLayerVisible = Self.visibility(of: layer, on: gray) }
                // A page with a real text layer is upright as its producer drew it; only scans are turned.
                let checkOrientation = settings.detectOrientation && layerChars < settings.minTextLayerChars
                try recognize(gray, into: &content, checkOrientation: checkOrientation, recognizer: recognizer)
                content.ocrDPI = Self.sourceDPI(images) ?? dpi
                out.ocrPages += 1
            } else if !layer.glyphs.isEmpty {
                let rgb = try page.render(dpi: Self.visibilityDPI, maxPixels: limits.maxPixelsPerPage)
                let gray = rgb.grayscale()
                detectVision(on: rgb, pdfPage: page, images: images, into: &content)
                content.textLayerVisible = Self.visibility(of: layer, on: gray)
            }
            out.pages.append(content)
        }
        return out
    }

    /// OCR resolution: the pipeline's, but never above what a scanned image holds (no upsampling a 150-dpi scan)
    /// and never under 100 dpi, where Chinese body text stops being readable.
    func ocrDPI(for images: [PDFImagePlacement]) -> Double {
        guard let source = Self.sourceDPI(images) else { return settings.ocrDPI }
        return min(settings.maxDPI, max(100, min(settings.ocrDPI, source)))
    }

    /// The resolution of the largest image on the page, if any.
    static func sourceDPI(_ images: [PDFImagePlacement]) -> Double? {
        images.max { $0.box.area < $1.box.area }.flatMap { $0.effectiveDPI > 0 ? $0.effectiveDPI : nil }
    }

    /// Fraction of the page the images cover (their union, approximated on a 50×50 grid).
    static func coverage(_ boxes: [Box]) -> Double {
        guard !boxes.isEmpty else { return 0 }
        if boxes.count == 1, let b = boxes.first { return min(1, b.clamped.area) }
        let n = 50
        var hit = 0
        for i in 0..<n {
            for j in 0..<n {
                let x = (Double(i) + 0.5) / Double(n), y = (Double(j) + 0.5) / Double(n)
                if boxes.contains(where: { x >= $0.x0 && x <= $0.x1 && y >= $0.y0 && y <= $0.y1 }) { hit += 1 }
            }
        }
        return Double(hit) / Double(n * n)
    }

    /// For each text-layer glyph, whether the rendered page shows ink under it.
    static func visibility(of layer: PageText, on bitmap: Bitmap) -> [Bool] {
        layer.glyphs.map { g in
            if g.text.allSatisfy(\.isWhitespace) { return true }
            // The glyph's core: its box includes side bearings and line spacing that a mask drawn tight
            // around the strokes leaves uncovered.
            let core = Box(x0: g.box.x0 + g.box.width * 0.2, y0: g.box.y0 + g.box.height * 0.2,
                           x1: g.box.x1 - g.box.width * 0.2, y1: g.box.y1 - g.box.height * 0.2)
            guard let s = bitmap.regionStatistics(core) else { return true }
            return s.deviation >= visibleDeviation
        }
    }

    // MARK: Images

    private func extractImage(_ data: Data, recognizer: () throws -> any TextRecognizer) throws -> Extracted {
        let bitmaps = try ImageCodec.decode(data, maxPixels: limits.maxPixelsPerPage)
        guard !bitmaps.isEmpty else { throw ExtractionProblem("图像中没有页面 (no image in the file)") }
        guard bitmaps.count <= limits.maxPagesPerFile else {
            throw ExtractionProblem("共\(bitmaps.count)页，超过上限\(limits.maxPagesPerFile)页 (too many pages)")
        }
        var out = Extracted()
        for (i, bitmap) in bitmaps.enumerated() {
            var content = PageContent(page: i + 1, width: Double(bitmap.width), height: Double(bitmap.height))
            content.rasterCoverage = 1
            content.imageRegions = [Box(x0: 0, y0: 0, x1: 1, y1: 1)]
            detectVision(on: bitmap, pdfPage: nil, images: [], into: &content)
            try recognize(bitmap.grayscale(), into: &content, checkOrientation: settings.detectOrientation,
                          recognizer: recognizer)
            content.ocrDPI = bitmap.dpi > 0 ? bitmap.dpi : Self.guessDPI(bitmap)
            out.ocrPages += 1
            out.pages.append(content)
        }
        return out
    }

    /// A scan without a resolution tag: assume the page is A4 (210 mm on its short side).
    static func guessDPI(_ b: Bitmap) -> Double {
        Double(min(b.width, b.height)) / (210.0 / 25.4)
    }

    // MARK: OCR

    /// OCRs a grey page, turning it upright first when OSD says it is not; boxes come back in the
    /// coordinates of the page as stored (not as turned), so evidence crops line up.
    private func recognize(_ gray: Bitmap, into content: inout PageContent, checkOrientation: Bool,
                           recognizer: () throws -> any TextRecognizer) throws {
        let engine = try recognizer()
        var image = gray
        var turns = 0
        if checkOrientation, let o = try engine.orientation(of: gray), o.quarterTurnsClockwise % 4 != 0 {
            turns = o.quarterTurnsClockwise % 4
            image = gray.rotatedClockwise(quarterTurns: turns)
            content.rotationConfidence = o.confidence
        }
        var text = try engine.recognize(image)
        if turns != 0 {
            let back = 4 - turns
            text.glyphs = text.glyphs.map { Glyph(text: $0.text, box: $0.box.rotatedClockwise(quarterTurns: back), confidence: $0.confidence) }
        }
        content.rotationQuarterTurns = turns
        content.ocr = text
    }
}

/// A reason an attachment cannot be read, for the `input/unreadable` finding (Chinese with English).
struct ExtractionProblem: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
