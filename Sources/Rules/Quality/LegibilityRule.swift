import PrescreenCore

/// Flags a scanned page too small, blurred or faint to read reliably.
///
/// Notice 四(二)1: scans must be clear. Measured on what OCR saw: a page scanned below
/// ``minimumDPI``, or a page with raster content whose OCR found almost nothing or read it with a mean
/// confidence under ``minimumConfidence``. Pages with a text layer are legible by construction.
///
/// Lint: one warning per page.
public struct LegibilityRule: Rule {
    public init() {}

    /// Below this source resolution body text is too small for a reader or OCR (measured: 150 dpi reads well).
    static let minimumDPI = 90.0
    /// Clean pages OCR at 85–92 mean confidence, a bad scan at ~60 (notes/TOOLCHAIN.md).
    static let minimumConfidence = 55.0
    /// A scan whose OCR yields fewer characters than this is blank or unreadable.
    static let minimumCharacters = 8

    public static let description = RuleDescription(
        id: .qualityLegibility, name: "页面不清晰", severity: .warning,
        summary: "扫描页分辨率过低、模糊或过淡，难以可靠识读 (a page is too small, blurred or faint to read)",
        fix: "该页不够清晰。请用不低于 200 dpi 的分辨率重新扫描（或在光线充足处正对纸面重新拍照），确保文字清楚可读后重新上传。",
        examples: QualityRuleExamples.legibility)

    public func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for doc in context.documents where doc.status == .readable {
            for page in doc.pages {
                guard let reason = Self.problem(page) else { continue }
                out.append(finding(document: doc.path, page: page.page,
                                   message: "第\(page.page)页\(reason)，请重新清晰扫描 (the page is hard to read)"))
            }
        }
        return out
    }

    static func problem(_ page: PageContent) -> String? {
        // Only scans: a page with a usable text layer is legible by construction.
        guard let ocr = page.ocr, page.textSource != .textLayer, page.textSource != .mixed else { return nil }
        if page.ocrDPI > 0 && page.ocrDPI < minimumDPI { return "分辨率过低（约\(Int(page.ocrDPI))dpi）" }
        let chars = NormalizedText(ocr).count
        if chars < minimumCharacters && page.rasterCoverage > 0.5 { return "几乎无法识别出文字" }
        if let c = ocr.meanConfidence, chars >= minimumCharacters, c < minimumConfidence { return "文字模糊或过淡" }
        return nil
    }
}
