import Foundation
import OCR
import PDF
import PipelineConfig
import PrescreenCore

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

    /// Opens an attachment for page-by-page preparation (see ``AttachmentPages``).
    func open(data: Data, format: FileFormat) throws -> AttachmentPages {
        switch format {
        case .pdf:
            let doc = try Self.encryptedWhenDeclared(data) { () throws(PDFError) in try PDFDocument(data: data) }
            guard doc.pageCount > 0 else {
                // An encrypted PDF whose objects poppler cannot decrypt opens with a page tree of nothing.
                if Self.declaresEncryption(data) {
                    throw PDFError(code: .encrypted, message: "the PDF is encrypted and its pages cannot be decrypted")
                }
                throw ExtractionProblem("PDF 没有页面 (no pages)")
            }
            // A PDF longer than max_pages_per_file is read in part: its first pages are checked like any others
            // and a finding says which pages were not (decided in docs/RELIABILITY.md). The limit still bounds
            // the work a 10,000-page file can cause.
            return AttachmentPages(extractor: self, source: .pdf(doc, PDFImageSizes(data)),
                                   count: min(doc.pageCount, limits.maxPagesPerFile), total: doc.pageCount, data: data)
        case .jpeg, .png, .tiff, .bmp:
            let bitmaps = try ImageCodec.decode(data, maxPixels: limits.maxPixelsPerPage)
            guard !bitmaps.isEmpty else { throw ExtractionProblem("图像中没有页面 (no image in the file)") }
            guard bitmaps.count <= limits.maxPagesPerFile else {
                throw ExtractionProblem("共\(bitmaps.count)页，超过上限\(limits.maxPagesPerFile)页 (too many pages)")
            }
            return AttachmentPages(extractor: self, source: .images(bitmaps), count: bitmaps.count)
        case .empty, .unsupported:
            return AttachmentPages(extractor: self, source: .images([]), count: 0)
        }
    }

    /// An opened attachment whose pages are prepared one at a time, in any order, on the thread that opened it
    /// (poppler objects are not shared across threads). Preparing is milliseconds; recognition is seconds.
    final class AttachmentPages {
        enum Source {
            case pdf(PDFDocument, PDFImageSizes)
            case images([Bitmap])
        }

        let extractor: PageExtractor
        let source: Source
        /// The number of pages read; pages are numbered from 1.
        let count: Int
        /// The number of pages the file has (more than `count` when it is read in part).
        let total: Int
        /// The file's bytes (shared, not copied), to tell an encrypted PDF from a damaged one on failure.
        let data: Data

        init(extractor: PageExtractor, source: Source, count: Int, total: Int? = nil, data: Data = Data()) {
            self.extractor = extractor
            self.source = source
            self.count = count
            self.total = total ?? count
            self.data = data
        }

        /// Page `n` (from 1) ready for ``PageJob/run(recognizer:)``: rendered or decoded once, at the resolution
        /// the source holds, and only where OCR is needed.
        func prepare(_ n: Int) throws -> PageJob {
            switch source {
            case .pdf(let doc, let sizes):
                let page = try PageExtractor.encryptedWhenDeclared(data) { () throws(PDFError) in try doc.page(n) }
                return try extractor.preparePDFPage(page, sizes: sizes)
            case .images(let bitmaps): return extractor.prepareImage(bitmaps[n - 1], number: n)
            }
        }
    }

    // MARK: PDF

    /// The text layer, image placements and the decision for one PDF page; renders it once at most.
    func preparePDFPage(_ page: PDFPage, sizes: PDFImageSizes) throws -> PageJob {
        let layer = page.text()
        // Text drawn by annotations and form fields is a source beside the content stream's: appended to the
        // text layer, always visible (the annotation draws it), never counted as the page's own text layer.
        let overlay = Self.overlayGlyphs(page.overlayTexts())
        var full = layer
        if !overlay.isEmpty {
            if let last = full.glyphs.last { full.glyphs.append(Glyph(text: "\n", box: last.box)) }
            full.glyphs += overlay
        }
        func visibility(on gray: Bitmap) -> [Bool] {
            Self.visibility(of: layer, on: gray) + [Bool](repeating: true, count: full.glyphs.count - layer.glyphs.count)
        }
        // Placements only: decoding each image to learn its size costs ~0.5 s for a big flate scan.
        let images = page.images(nativeSizes: false)
        var content = PageContent(page: page.number, width: page.width, height: page.height,
                                  textLayer: full.glyphs.isEmpty ? nil : full)
        content.imageRegions = images.map(\.box)
        content.rasterCoverage = Self.coverage(images.map(\.box))
        let layerChars = layer.glyphs.reduce(0) { $0 + ($1.text.allSatisfy(\.isWhitespace) ? 0 : 1) }
        let isScan = layerChars < settings.minTextLayerChars
        // A text page drawn sideways or upside down in its content stream (its lines run down or up the page).
        if !isScan, settings.detectOrientation { content.rotationQuarterTurns = Self.drawnTurns(layer) }
        let needsOCR = isScan || content.rasterCoverage >= settings.minRasterCoverage
        guard needsOCR else {
            if !full.glyphs.isEmpty {
                // Colour where the page has any, for the seal test; grey derived from it, never a second render.
                // A Result, not a typed catch: Swift 6.3's SILGen crashes on the latter here.
                let drawn = Result { () throws(PDFError) -> Bitmap in
                    try page.renderGreyWhenColourless(dpi: Self.visibilityDPI, maxPixels: limits.maxPixelsPerPage)
                }
                if case .failure(let error) = drawn, error.code == .renderFailed { return Self.undrawn(content, error) }
                let rendered = try drawn.get()
                let gray = rendered.grayscale()
                detectVision(on: rendered, pdfPage: page, images: images, into: &content)
                content.textLayerVisible = visibility(on: gray)
            }
            return PageJob(content: content, regions: [], checkOrientation: false)
        }
        let source = Self.sourceDPI(images, page: page, sizes: sizes)
        let dpi = cappedDPI(ocrDPI(source: source), widthPoints: page.width, heightPoints: page.height)
        // One render serves the visibility check, the OCR of the whole page, and the crops of a mixed page.
        // Grey when nothing on the page is coloured (a grey scan): no RGB buffer, no grey pass; same grey values.
        let drawn = Result { () throws(PDFError) -> Bitmap in
            try page.renderGreyWhenColourless(dpi: dpi, maxPixels: limits.maxPixelsPerPage)
        }
        if case .failure(let error) = drawn, error.code == .renderFailed { return Self.undrawn(content, error) }
        let rendered = try drawn.get()
        let gray = rendered.grayscale()
        let faces = detectVision(on: rendered, pdfPage: page, images: images, into: &content, deferFaces: true)
        if !full.glyphs.isEmpty { content.textLayerVisible = visibility(on: gray) }
        content.ocrDPI = source ?? dpi
        let regions = isScan ? [] : Self.rasterRegions(images.map(\.box), on: gray)
        let job = regions.isEmpty ? [PageJob.Region(bitmap: gray, box: PageJob.wholePage)] : regions
        // A page with a real text layer is upright as its producer drew it; only scans are turned.
        return PageJob(content: content, regions: job, checkOrientation: settings.detectOrientation && isScan,
                       faceSearch: faces)
    }

    /// A page cairo could not draw (a Type3 font whose glyph draws itself, say): what was read of it (the text
    /// layer, kept whole and treated as visible) with the reason, instead of the whole file becoming unreadable.
    static func undrawn(_ content: PageContent, _ error: PDFError) -> PageJob {
        var out = content
        out.renderProblem = "第 \(content.page) 页无法绘制（\(error.message)），其文字层已检查，页面图像（照片、印章、遮盖）未检查 "
            + "(page \(content.page) could not be drawn; its text layer was checked, its pictures were not)"
        return PageJob(content: out, regions: [], checkOrientation: false)
    }

    /// Whether the bytes hold an `/Encrypt` entry: a PDF poppler cannot open or page through for that reason
    /// (an unknown security handler, a broken key) is encrypted, not damaged, for the reviewer.
    static func declaresEncryption(_ data: Data) -> Bool {
        data.range(of: Data("/Encrypt".utf8)) != nil
    }

    /// `body`'s value; a `.damaged` failure of a PDF whose bytes declare encryption becomes `.encrypted`.
    static func encryptedWhenDeclared<T>(_ data: Data, _ body: () throws(PDFError) -> T) throws(PDFError) -> T {
        switch Result(catching: body) {
        case .success(let value): return value
        case .failure(let error):
            guard error.code == .damaged, declaresEncryption(data) else { throw error }
            throw PDFError(code: .encrypted, message: "the PDF is encrypted in a way that cannot be opened (\(error.message))")
        }
    }

    /// The clockwise quarter turns that make a text layer's lines run left to right: 3 when most steps from
    /// one character to the next within a line go down the page (the page's content was drawn turned a quarter
    /// clockwise), 1 when they go up, 2 when they go right to left; 0 otherwise or with fewer than 20 steps.
    static func drawnTurns(_ layer: PageText) -> Int {
        var down = 0, up = 0, left = 0, right = 0
        var previous: Box?
        for g in layer.glyphs {
            if g.text.contains(where: \.isNewline) { previous = nil; continue }
            guard !g.text.allSatisfy(\.isWhitespace) else { continue }
            if let p = previous {
                let dx = g.box.midX - p.midX, dy = g.box.midY - p.midY
                if abs(dy) > abs(dx) { if dy > 0 { down += 1 } else { up += 1 } } else { if dx > 0 { right += 1 } else { left += 1 } }
            }
            previous = g.box
        }
        let steps = down + up + left + right
        guard steps >= 20 else { return 0 }
        if Double(down) > 0.7 * Double(steps) { return 3 }
        if Double(up) > 0.7 * Double(steps) { return 1 }
        if Double(left) > 0.7 * Double(steps) { return 2 }
        return 0
    }

    /// Glyphs for text drawn by annotations and form fields: each line of it a row of its rectangle, its
    /// characters side by side from the left, as wide as the row is high at most (the rectangle is often
    /// wider than the text).
    static func overlayGlyphs(_ overlays: [PDFOverlayText]) -> [Glyph] {
        var out: [Glyph] = []
        for o in overlays {
            let lines = o.text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
            guard !lines.isEmpty, o.box.width > 0, o.box.height > 0 else { continue }
            let rowHeight = o.box.height / Double(lines.count)
            for (r, line) in lines.enumerated() {
                let chars = Array(line)
                let w = min(o.box.width / Double(chars.count), rowHeight)
                let y0 = o.box.y0 + Double(r) * rowHeight
                for (i, c) in chars.enumerated() {
                    out.append(Glyph(text: String(c), box: Box(x0: o.box.x0 + Double(i) * w, y0: y0,
                                                              x1: o.box.x0 + Double(i + 1) * w, y1: y0 + rowHeight)))
                }
                if let last = out.last { out.append(Glyph(text: "\n", box: last.box)) }
            }
        }
        return out
    }

    /// On a text page with pictures, the pictures to OCR (a little margin around each, overlapping ones
    /// merged), cut from the page's render; empty when they cover so much that reading the whole page is
    /// cheaper (recognition time follows the area read, plus a fixed cost per call).
    static func rasterRegions(_ boxes: [Box], on page: Bitmap) -> [PageJob.Region] {
        let margin = 0.01
        var merged: [Box] = []
        for b in boxes.map({ Box(x0: $0.x0 - margin, y0: $0.y0 - margin, x1: $0.x1 + margin, y1: $0.y1 + margin).clamped }) {
            var box = b
            // Merge until stable: a union can newly overlap an earlier box.
            var changed = true
            while changed {
                changed = false
                if let i = merged.firstIndex(where: { $0.x0 < box.x1 && box.x0 < $0.x1 && $0.y0 < box.y1 && box.y0 < $0.y1 }) {
                    let o = merged.remove(at: i)
                    box = Box(x0: min(o.x0, box.x0), y0: min(o.y0, box.y0), x1: max(o.x1, box.x1), y1: max(o.y1, box.y1))
                    changed = true
                }
            }
            merged.append(box)
        }
        let area = merged.reduce(0) { $0 + $1.area }
        guard area < maxRegionShare else { return [] }
        return merged.compactMap { box in
            guard var crop = page.cropped(to: box), crop.width >= 8, crop.height >= 8 else { return nil }
            crop.dpi = page.dpi
            // The crop's fractions come from its whole pixels: map through the pixels actually cut.
            guard let r = page.pixelRect(box) else { return nil }
            let w = Double(page.width), h = Double(page.height)
            let exact = Box(x0: Double(r.x) / w, y0: Double(r.y) / h,
                            x1: Double(r.x + r.width) / w, y1: Double(r.y + r.height) / h)
            return PageJob.Region(bitmap: crop, box: exact)
        }
    }

    /// Above this share of the page, mixed pages are read whole.
    static let maxRegionShare = 0.6

    /// OCR resolution: the pipeline's, but never above what a scanned image holds (no upsampling a 150-dpi scan)
    /// and never under 100 dpi, where Chinese body text stops being readable.
    func ocrDPI(source: Double?) -> Double {
        guard let source else { return settings.ocrDPI }
        return min(settings.maxDPI, max(100, min(settings.ocrDPI, source)))
    }

    /// Lowers `dpi` so a page of this size stays within the pixel limit (a poster-sized page is read at
    /// a lower resolution rather than refused), but not under 50 dpi.
    func cappedDPI(_ dpi: Double, widthPoints: Double, heightPoints: Double) -> Double {
        let squareInches = widthPoints / 72 * heightPoints / 72
        guard squareInches > 0, squareInches.isFinite else { return dpi }
        let fit = (Double(limits.maxPixelsPerPage) * 0.95 / squareInches).squareRoot()
        return max(50, min(dpi, fit.rounded(.down)))
    }

    /// The resolution of the scanned image on a page: the largest image's pixels per inch along the page.
    ///
    /// Read from the image dictionaries' /Width (``PDFImageSizes``) when every image in the file has one size
    /// (a scanner's output); otherwise the largest image is decoded once to learn its size.
    static func sourceDPI(_ images: [PDFImagePlacement], page: PDFPage, sizes: PDFImageSizes) -> Double? {
        guard let largest = images.max(by: { $0.box.area < $1.box.area }), largest.box.area > 0 else { return nil }
        let turned = page.rotationQuarterTurns % 2 == 1
        let widthInches = largest.box.width * page.width / 72
        let heightInches = largest.box.height * page.height / 72
        if let (w, h) = sizes.uniformSize {
            // The stored image runs across the displayed page's height on a page turned a quarter.
            let (across, down) = turned ? (Double(h), Double(w)) : (Double(w), Double(h))
            let dx = across / widthInches, dy = down / heightInches
            // The same size drawn with another aspect (or turned in its own matrix) is not this image.
            if dx.isFinite, dy.isFinite, dx > 0, abs(dx - dy) / dx < 0.05 { return dx }
        }
        let measured = page.images(nativeSizes: true).max { $0.box.area < $1.box.area }
        return measured.flatMap { $0.effectiveDPI > 0 ? $0.effectiveDPI : nil }
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
            return s.deviation >= visibleDeviation && !onPatternedMask(g.box, core: core, bitmap)
        }
    }

    /// Whether a glyph lies under a dark mask that is not flat (a black box hatched with thin white lines):
    /// the region around it is mostly dark, and its core is no lighter than that surround. White print on a
    /// dark band is lighter where its strokes are, so it stays visible.
    static func onPatternedMask(_ box: Box, core: Box, _ bitmap: Bitmap) -> Bool {
        let around = box.expanded(dx: box.width * 0.4, dy: box.height * 0.4)
        guard let all = bitmap.lightCount(around), let inner = bitmap.lightCount(box), let c = bitmap.lightCount(core),
              all.total > inner.total, c.total > 0 else { return false }
        let ringLight = Double(all.light - inner.light) / Double(all.total - inner.total)
        let coreLight = Double(c.light) / Double(c.total)
        return ringLight <= 0.25 && coreLight <= ringLight + 0.1
    }

    // MARK: Images

    /// An image file's page: decoded once (by ``open(data:format:)``), grey, scaled down when it holds more
    /// than the OCR resolution needs (a 600-dpi scan or a phone photo is read at the pipeline's dpi).
    func prepareImage(_ bitmap: Bitmap, number: Int) -> PageJob {
        var content = PageContent(page: number, width: Double(bitmap.width), height: Double(bitmap.height))
        content.rasterCoverage = 1
        content.imageRegions = [PageJob.wholePage]
        let source = bitmap.dpi > 0 ? bitmap.dpi : Self.guessDPI(bitmap)
        content.ocrDPI = source
        var colour = bitmap
        colour.dpi = source
        let faces = detectVision(on: colour, pdfPage: nil, images: [], into: &content, deferFaces: true)
        var gray = bitmap.grayscale()
        gray.dpi = source
        // Only clear oversampling is worth a resample: 1.25× the pipeline's dpi or more.
        if source >= settings.ocrDPI * 1.25 { gray = Self.downscaled(gray, to: settings.ocrDPI) }
        return PageJob(content: content, regions: [PageJob.Region(bitmap: gray, box: PageJob.wholePage)],
                       checkOrientation: settings.detectOrientation, faceSearch: faces)
    }

    /// A grey bitmap scaled down to `dpi` by averaging the source pixels each target pixel covers.
    static func downscaled(_ b: Bitmap, to dpi: Double) -> Bitmap {
        guard b.channels == 1, b.dpi > dpi, dpi > 0 else { return b }
        let scale = dpi / b.dpi
        let w = max(1, Int((Double(b.width) * scale).rounded())), h = max(1, Int((Double(b.height) * scale).rounded()))
        var out = [UInt8](repeating: 255, count: w * h)
        b.pixels.withUnsafeBufferPointer { src in
            for y in 0..<h {
                let sy0 = y * b.height / h, sy1 = max(sy0 + 1, (y + 1) * b.height / h)
                for x in 0..<w {
                    let sx0 = x * b.width / w, sx1 = max(sx0 + 1, (x + 1) * b.width / w)
                    var sum = 0
                    for sy in sy0..<sy1 {
                        let row = sy * b.width
                        for sx in sx0..<sx1 { sum += Int(src[row + sx]) }
                    }
                    out[y * w + x] = UInt8(sum / ((sy1 - sy0) * (sx1 - sx0)))
                }
            }
        }
        return Bitmap(width: w, height: h, channels: 1, dpi: b.dpi * Double(w) / Double(b.width), pixels: out)
    }

    /// A scan without a resolution tag: assume the page is A4 (210 mm on its short side).
    static func guessDPI(_ b: Bitmap) -> Double {
        Double(min(b.width, b.height)) / (210.0 / 25.4)
    }

}

/// A reason an attachment cannot be read, for the `input/unreadable` finding (Chinese with English).
struct ExtractionProblem: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
