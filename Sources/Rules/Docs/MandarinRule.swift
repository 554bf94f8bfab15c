import PrescreenCore

/// Flags a public-institution applicant without a Mandarin certificate of grade 三级乙等 or above.
///
/// Notice 四(二)7. The six real grades are listed in the pipeline, high to low; a certificate whose grade is
/// not readable as one of them does not satisfy the rule (NOTICE.md), but when no grade could be read at all
/// the finding is a warning naming the file, for the reviewer to read it.
///
/// Lint: one finding for the submission, saying whether the certificate is missing or its grade too low.
public struct MandarinRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .docsMandarin, name: "普通话证书不符", severity: .violation,
        summary: "事业单位申请人未提交普通话水平测试等级证书，或等级低于三级乙等 (no Mandarin certificate, or its grade is below the minimum)",
        fix: "事业单位人员须上传普通话水平测试等级证书（等级不低于三级乙等）。请上传清晰、完整的证书扫描件，证书上的等级须能看清。",
        examples: DocsRuleExamples.mandarin)

    public func check(_ context: RuleContext) -> [Finding] {
        let req = context.pipeline.requirements.mandarin
        guard req.appliesTo.applies(to: context.manifest) else { return [] }
        let certs = DocumentInventory(context).of(.mandarinCertificate)
        guard let minIndex = req.grades.firstIndex(of: req.minimum) else { return [] }
        if certs.isEmpty {
            return [finding(message: "缺少普通话水平测试等级证书（事业单位人员须提交，等级不低于\(req.minimum)） (the Mandarin certificate is missing)")]
        }
        let ok = certs.contains { c in c.mandarinGrade.flatMap { req.grades.firstIndex(of: $0) }.map { $0 <= minIndex } ?? false }
        if ok { return [] }
        let read = certs.compactMap(\.mandarinGrade).first
        guard let read else {
            // No grade could be read at all: the reviewer reads it, so a warning naming the file, not a violation.
            let files = DocumentInventory(context).items.filter { $0.classification.type == .mandarinCertificate }.map(\.path)
            return [finding(severity: .warning,
                            message: "普通话水平测试等级证书未能识别出等级，请人工核实是否不低于\(req.minimum)：\(Array(Set(files)).sorted().joined(separator: "、")) (the Mandarin grade could not be read)")]
        }
        return [finding(message: "普通话水平测试等级证书等级为\(read)，须不低于\(req.minimum) (the Mandarin grade is below the minimum)")]
    }
}
