import PrescreenCore

/// Flags the employer, a listed alias, or the employer without its region prefix, readable on a page.
///
/// Notice 四(二)9: attachments must mask the employer. Long employer names tolerate one or two OCR
/// misreadings; a line break inside the name does not hide it (lines are joined). A training body or the
/// HR bureau is not the employer.
///
/// Lint: one finding per place the employer is seen, boxed.
public struct EmployerRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .blindEmployer, name: "工作单位未遮盖", severity: .violation,
        summary: "申请人工作单位（含简称）在页面中可读 (the employer's name or an alias is readable on a page)",
        fix: "在该页遮盖本人工作单位名称（含简称）：用黑色色块完全盖住，或改写为“XX XX”；同一文件其他页上的单位名称一并遮盖，然后重新上传。",
        examples: EmployerRuleExamples.all)

    public func check(_ context: RuleContext) -> [Finding] {
        guard let m = context.manifest else { return [] }
        return TextSearch.hits(of: TextSearch.employerTerms(m), in: context, maxEdits: TextSearch.employerEdits)
            .filter { !$0.hidden }
            .map { hit in
                finding(document: hit.document, page: hit.page, box: hit.box,
                        message: "申请人工作单位在页面中可见，未遮盖 (the employer is visible on the page)")
            }
    }
}
