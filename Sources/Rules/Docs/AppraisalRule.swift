import PipelineConfig
import PrescreenCore

/// Flags each required year without an annual appraisal (年度考核登记表, or 个人考核鉴定表 for enterprise staff).
///
/// Notice 四(二)4: the three years before the evaluation year (the pipeline's `appraisal.years`). The year is
/// the appraisal year in the form's title, not its signing date; a form of another year does not count.
///
/// Lint: one finding per missing year, with `year` set.
public struct AppraisalRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .docsAppraisal, name: "缺年度考核", severity: .violation,
        summary: "缺少所需年度的年度考核登记表（企业为个人考核鉴定表） (no annual appraisal for a required year)",
        fix: "请上传缺少年度的年度考核表（事业单位：《事业单位工作人员年度考核登记表》；企业：《个人考核鉴定表》），表头须写明考核年度。",
        examples: DocsRuleExamples.appraisal)

    public func check(_ context: RuleContext) -> [Finding] {
        let req = context.pipeline.requirements.appraisal
        guard req.appliesTo.applies(to: context.manifest) else { return [] }
        let inv = DocumentInventory(context)
        let have = Set(inv.of(.appraisal).compactMap(\.year))
        let found = inv.foundYears(.appraisal)
        // An appraisal whose year could not be read may be the missing one: the finding names it and is a
        // warning for the reviewer to date it, not a violation.
        let undated = inv.undated(.appraisal)
        return req.years.sorted().filter { !have.contains($0) }.map { y in
            let extra = found.isEmpty ? "" : "（已提交：\(found)）"
            if !undated.isEmpty {
                return finding(year: y, severity: .warning,
                               message: "未找到\(y)年度考核登记表\(extra)；以下考核材料未能识别年度，请人工核实：\(undated.joined(separator: "、")) (no appraisal dated \(y); these could not be dated)")
            }
            return finding(year: y, message: "缺少\(y)年度考核登记表\(extra)，请补充上传 (the \(y) annual appraisal is missing)")
        }
    }

    /// The missing year's form by name.
    public static func fix(for finding: Finding, pipeline: PipelineDefinition) -> String {
        guard let year = finding.year else { return description.fix }
        return "请补充上传\(year)年度的年度考核表（事业单位：《事业单位工作人员年度考核登记表》；企业：《个人考核鉴定表》），"
            + "表头须写明“\(year)年度”。"
    }
}
