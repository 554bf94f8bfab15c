import PrescreenCore

/// Flags a submission without a CHSI education report (学历证书电子注册备案表 or 学籍在线验证报告).
///
/// Notice 四(二)2. When only the 毕业生登记表 from the personnel file is there — the notice's fallback — the
/// finding is a warning for the reviewer to confirm the CHSI report could not be had.
///
/// Lint: one finding for the submission.
public struct EducationRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .docsEducation, name: "缺学历证明", severity: .violation,
        summary: "未提交学信网《学历证书电子注册备案表》或《学籍在线验证报告》；仅有毕业生登记表时为提醒 (no CHSI education report)",
        fix: "请上传从学信网（www.chsi.com.cn）下载的《教育部学历证书电子注册备案表》或《学籍在线验证报告》；确实无法获取的，上传人事档案中的《毕业生登记表》。",
        examples: DocsRuleExamples.education)

    public func check(_ context: RuleContext) -> [Finding] {
        let req = context.pipeline.requirements.education
        guard req.appliesTo.applies(to: context.manifest) else { return [] }
        let inv = DocumentInventory(context)
        if req.accepted.contains(where: inv.has) { return [] }
        if req.fallback.contains(where: inv.has) {
            return [finding(severity: .warning, message: "未提交学信网学历证书电子注册备案表或学籍在线验证报告，仅提交了毕业生登记表，请核实能否补充学信网报告 (only the graduate registration form was submitted)")]
        }
        return [finding(message: "缺少学历证明：请上传学信网《教育部学历证书电子注册备案表》或《学籍在线验证报告》 (the CHSI education report is missing)")]
    }
}
