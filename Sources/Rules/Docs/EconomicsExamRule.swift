import PipelineConfig
import PrescreenCore

/// Flags an economics-series senior applicant without the national exam result, or with one older than its
/// validity (the pipeline's `valid_years`).
///
/// Notice 四(六).
///
/// Lint: one finding for the submission.
public struct EconomicsExamRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .docsEconomicsExam, name: "缺经济师考试成绩", severity: .violation,
        summary: "经济系列正高级申请人未提交有效期内的全国高级经济师考试成绩 (no valid national exam result)",
        fix: "请上传有效期内的全国高级经济师资格考试合格成绩证明。",
        examples: DocsRuleExamples.economicsExam)

    public func check(_ context: RuleContext) -> [Finding] {
        let req = context.pipeline.requirements.economicsExam
        guard req.appliesTo.applies(to: context.manifest) else { return [] }
        let results = DocumentInventory(context).of(.economicsExam)
        if results.isEmpty {
            return [finding(message: "缺少全国经济专业技术资格考试（高级）成绩证明 (the national economics exam result is missing)")]
        }
        let oldest = context.pipeline.evaluationYear - req.validYears + 1
        // A result whose year cannot be read is accepted: the reviewer sees it in the document list.
        if results.contains(where: { ($0.year ?? oldest) >= oldest }) { return [] }
        let years = results.compactMap(\.year).map(String.init).joined(separator: "、")
        return [finding(message: "经济专业技术资格考试成绩（\(years)年）已超过\(req.validYears)年有效期 (the exam result has expired)")]
    }

    /// The validity from the pipeline (`valid_years`).
    public static func fix(for finding: Finding, pipeline: PipelineDefinition) -> String {
        "请上传\(pipeline.requirements.economicsExam.validYears)年有效期内的全国经济专业技术资格考试（高级）合格成绩证明。"
    }
}
