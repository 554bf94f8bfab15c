import PrescreenCore

/// Flags a page that is not upright (rotated 90°, 180° or 270°).
///
/// Notice 四(二)1: scans must be upright. The pipeline detects orientation with tesseract OSD and OCRs the
/// page turned upright, so the text is still checked; the finding tells the applicant to fix the scan.
///
/// Lint: one warning per rotated page, with the angle in the message.
public struct OrientationRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .qualityOrientation, name: "页面方向不正", severity: .warning,
        summary: "页面未正向放置（旋转了90°、180°或270°） (a page is not upright)",
        fix: "请把该页旋转为正向（文字正立）后重新扫描或导出，再重新上传。",
        examples: QualityRuleExamples.orientation)

    public func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for doc in context.documents where doc.status == .readable {
            for page in doc.pages where page.rotationQuarterTurns % 4 != 0 {
                // Degrees the page is turned, counter-clockwise from upright.
                let degrees = ((4 - page.rotationQuarterTurns % 4) % 4) * 90
                out.append(finding(document: doc.path, page: page.page,
                                   message: "第\(page.page)页方向不正（旋转了\(degrees)°），请正向扫描后重新上传 (the page is rotated by \(degrees)°)"))
            }
        }
        return out
    }
}
