import Foundation

/// One readable character (or a short run of them) on a page, with where it is.
public struct Glyph: Hashable, Sendable, Codable {
    /// Usually one Unicode scalar; OCR may give a short run whose box is shared.
    public var text: String
    public var box: Box
    /// OCR confidence 0–100; nil for the text layer.
    public var confidence: Double?

    public init(text: String, box: Box, confidence: Double? = nil) {
        self.text = text
        self.box = box
        self.confidence = confidence
    }
}

/// The text of one page from one source, in reading order, boxes as page fractions.
///
/// Line breaks are glyphs holding "\n"; spaces are glyphs holding " ". ``NormalizedText`` turns this
/// into the one representation every detector matches on.
public struct PageText: Hashable, Sendable, Codable {
    /// `.textLayer` or `.ocr`.
    public var source: TextSource
    public var glyphs: [Glyph]
    /// Mean OCR confidence 0–100; nil for the text layer.
    public var meanConfidence: Double?

    public init(source: TextSource, glyphs: [Glyph], meanConfidence: Double? = nil) {
        self.source = source
        self.glyphs = glyphs
        self.meanConfidence = meanConfidence
    }

    /// The raw text, glyphs concatenated.
    public var string: String { glyphs.map(\.text).joined() }
}

/// Everything extracted from one page of one attachment: what detectors and the classifier read.
public struct PageContent: Hashable, Sendable, Codable {
    /// 1-based page number within the attachment.
    public var page: Int
    /// Page size in points (PDF) or pixels (images); only the ratio matters to boxes.
    public var width: Double
    public var height: Double
    /// The PDF text layer, if any.
    public var textLayer: PageText?
    /// OCR of the page's raster content, if it was OCRed.
    public var ocr: PageText?
    /// Clockwise quarter turns the page needed to be upright (0 when upright or unknown).
    public var rotationQuarterTurns: Int
    /// OSD's confidence in that rotation; nil where it was not run.
    public var rotationConfidence: Double?
    /// Fraction of the page area covered by raster images (1 for a scan).
    public var rasterCoverage: Double
    /// Regions of embedded raster images (PDF) as page fractions; the whole page for a scan.
    public var imageRegions: [Box]
    /// The resolution the page was OCRed at (0 when not OCRed).
    public var ocrDPI: Double
    /// For each text-layer glyph, whether a reader sees it on the rendered page (ink where the glyph is);
    /// false where a mask, an image or the page colour hides it. nil when the page was not rendered to check.
    public var textLayerVisible: [Bool]?
    /// For each OCR glyph, whether its ink is real print rather than the edge of a solid mask that OCR read as
    /// characters (a black box yields junk like "[生生"); nil when not checked.
    public var ocrVisible: [Bool]?
    /// Person photos (faces) seen on the page, masked or not; nil when the page was not checked.
    public var faces: [DetectedRegion]?
    /// Red official seals seen on the page; nil when the page was not checked.
    public var seals: [DetectedRegion]?
    /// Why the page could not be drawn (cairo failed on a Type3 font, say) although its text layer was read;
    /// nil when it was drawn or did not need to be. Its pictures were then not checked.
    public var renderProblem: String?

    public init(page: Int, width: Double, height: Double, textLayer: PageText? = nil, ocr: PageText? = nil,
                rotationQuarterTurns: Int = 0, rotationConfidence: Double? = nil, rasterCoverage: Double = 0,
                imageRegions: [Box] = [], ocrDPI: Double = 0, textLayerVisible: [Bool]? = nil) {
        self.page = page
        self.width = width
        self.height = height
        self.textLayer = textLayer
        self.ocr = ocr
        self.rotationQuarterTurns = rotationQuarterTurns
        self.rotationConfidence = rotationConfidence
        self.rasterCoverage = rasterCoverage
        self.imageRegions = imageRegions
        self.ocrDPI = ocrDPI
        self.textLayerVisible = textLayerVisible
    }

    /// Where this page's text came from, for the report.
    public var textSource: TextSource {
        let hasLayer = (textLayer?.glyphs.contains { !$0.text.allSatisfy(\.isWhitespace) }) ?? false
        let hasOCR = (ocr?.glyphs.contains { !$0.text.allSatisfy(\.isWhitespace) }) ?? false
        switch (hasLayer, hasOCR) {
        case (true, true): return .mixed
        case (true, false): return .textLayer
        case (false, true): return .ocr
        case (false, false): return .none
        }
    }

    /// The normalised texts of this page, one per source (text layer first).
    public var normalizedTexts: [NormalizedText] {
        var out: [NormalizedText] = []
        if let t = textLayer { out.append(NormalizedText(t, visibility: textLayerVisible)) }
        if let o = ocr { out.append(NormalizedText(o, visibility: ocrVisible)) }
        return out
    }
}

/// Something a detector found on a page: a face or a seal, where it is, and whether it is masked.
public struct DetectedRegion: Hashable, Sendable, Codable {
    public var box: Box
    /// Detector confidence, 0–1.
    public var confidence: Double
    /// Whether the region is covered (solid box, mosaic, heavy blur, sticker) so nothing can be seen.
    public var masked: Bool
    /// Text read in or around the region (a seal's ring text), normalised; nil when none was read.
    public var text: String?
    /// Pictures of text not read yet (a seal's ring text unrolled into straight lines, grey PNG), when reading
    /// it waits until it is known to matter: a seal's ring is read only on the documents whose seal rule
    /// needs it, once the applicant's documents are classified. Nil when there is nothing left to read.
    public var unreadText: [Data]?

    public init(box: Box, confidence: Double, masked: Bool = false, text: String? = nil, unreadText: [Data]? = nil) {
        self.box = box
        self.confidence = confidence
        self.masked = masked
        self.text = text
        self.unreadText = unreadText
    }
}
