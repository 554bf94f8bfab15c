import PrescreenCore

/// Flags a scanned page too small, blurred or faint to read reliably.
///
/// Notice 四(二)1: scans must be clear. Judged by what is on the page, never by a resolution tag (photos and
/// screenshots carry none, or a meaningless one): characters fewer than ``minimumCharacterPixels`` high in the
/// source image, a page with raster content whose OCR found almost nothing, or a reading whose mean
/// confidence is under ``minimumConfidence`` (blur, faint print). Pages with a text layer are legible by
/// construction.
///
/// Lint: one warning per page.
public struct LegibilityRule: Rule {
    public init() {}

    /// Below this height in source pixels a Chinese character's strokes merge (a 10.5-pt character at 90 dpi,
    /// the old resolution floor, is ~13 px; at 150 dpi ~22 px).
    static let minimumCharacterPixels = 10.0
    /// Clean pages OCR at 85–92 mean confidence, a bad scan at ~60 (docs/TOOLCHAIN.md).
    static let minimumConfidence = 55.0
    /// A scan whose OCR yields fewer characters than this is blank or unreadable.
    static let minimumCharacters = 8

    public static let description = RuleDescription(
        id: .qualityLegibility, name: "页面不清晰", severity: .warning,
        summary: "扫描页文字过小、模糊或过淡，难以可靠识读 (a page is too small, blurred or faint to read)",
        fix: "该页不够清晰。请用不低于 200 dpi 的分辨率重新扫描（或在光线充足处正对纸面重新拍照），确保文字清楚可读后重新上传。",
        examples: QualityRuleExamples.legibility)

    public func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for doc in context.documents where doc.status == .readable {
            for page in doc.pages {
                guard let reason = Self.problem(page, format: doc.format) else { continue }
                out.append(finding(document: doc.path, page: page.page,
                                   message: "第\(page.page)页\(reason)，请重新清晰扫描 (the page is hard to read)"))
            }
        }
        return out
    }

    static func problem(_ page: PageContent, format: FileFormat) -> String? {
        // Only scans: a page with a usable text layer is legible by construction.
        guard let ocr = page.ocr, page.textSource != .textLayer, page.textSource != .mixed else { return nil }
        let chars = NormalizedText(ocr).count
        if chars < minimumCharacters && page.rasterCoverage > 0.5 { return "几乎无法识别出文字" }
        if let px = characterPixels(page, ocr: ocr, format: format), px < minimumCharacterPixels {
            return "文字过小（字高约\(Int(px.rounded()))像素）"
        }
        if let c = ocr.meanConfidence, chars >= minimumCharacters, c < minimumConfidence { return "文字模糊或过淡" }
        return nil
    }

    /// The median height of the page's Han characters in source pixels; nil with fewer than
    /// ``minimumCharacters`` of them. An image's page size is its pixel size; a PDF page's is in points, its
    /// pixels those of the resolution it was read at.
    static func characterPixels(_ page: PageContent, ocr: PageText, format: FileFormat) -> Double? {
        let pixelsPerUnit: Double
        if format == .pdf {
            guard page.ocrDPI > 0 else { return nil }
            pixelsPerUnit = page.ocrDPI / 72
        } else {
            pixelsPerUnit = 1
        }
        func height(_ g: Glyph) -> Double { g.box.height * page.height * pixelsPerUnit }
        let inked = ocr.glyphs.filter { g in g.text.unicodeScalars.count == 1 && g.text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil } }
        let han = inked.filter { $0.text.unicodeScalars.allSatisfy(NormalizedText.isHan) }
        // Mostly Han: their median. Otherwise the body text did not read as Han (a tiny page whose title reads
        // and whose body reads as Latin junk): the median of everything read, in Han terms (a Latin letter's box
        // is about half a Han character's).
        if 2 * han.count >= inked.count {
            let heights = han.map(height).sorted()
            guard heights.count >= minimumCharacters else { return nil }
            return heights[heights.count / 2]
        }
        let heights = inked.map(height).sorted()
        guard heights.count >= minimumCharacters else { return nil }
        return 2 * heights[heights.count / 2]
    }
}
