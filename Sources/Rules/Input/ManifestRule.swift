import PrescreenCore

/// Flags a missing or malformed `applicant.yml`; every check that does not need it still runs.
///
/// CONTRACT.md, Input. A document check that depends on a field the manifest does not give (series, level,
/// employer kind) does not run; the finding names those checks, and a manifest that is fine but leaves such
/// a field out gets a warning naming them.
///
/// Lint: one finding for the submission, with what was wrong and which checks could not run.
public struct ManifestRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .inputManifest, name: "申报信息文件缺失或有误", severity: .violation,
        summary: "applicant.yml 缺失或格式错误，姓名、单位等检查无法进行 (applicant.yml is missing or malformed)",
        fix: "（审核人员）该申请人的 applicant.yml 缺失或有误：请按说明补全姓名、工作单位等信息后重新检查。这不是申请人需要修改的材料。",
        forApplicant: false,
        examples: InputRuleExamples.manifest)

    /// A manifest that loaded but had unknown keys (`Name:` for `name:`) is a violation when `name` or
    /// `employer` is then missing (its checks cannot run, as for a malformed file), a warning otherwise.
    public func check(_ context: RuleContext) -> [Finding] {
        // Document checks that depend on series, level or employer kind do not run without them (they would
        // report documents missing on a field nobody gave); the finding says which.
        let undecided = UndecidedChecks.sentence(context)
        guard let problem = context.manifestProblem else {
            guard context.manifest != nil, !undecided.isEmpty else { return [] }
            return [finding(severity: .warning,
                            message: "applicant.yml 未填写所需字段，以下材料检查未进行：\(undecided) (checks skipped: the manifest does not give the fields they need)")]
        }
        let skipped = undecided.isEmpty ? "" : "；以下材料检查未进行：\(undecided)"
        guard let manifest = context.manifest else {
            return [finding(message: "applicant.yml \(problem)；姓名、工作单位等检查无法进行\(skipped) (the applicant manifest is unusable)")]
        }
        let blank = { (s: String?) in (s ?? "").allSatisfy(\.isWhitespace) }
        var lost: [String] = []
        if blank(manifest.name) { lost.append("姓名 (name)") }
        if blank(manifest.employer) { lost.append("工作单位 (employer)") }
        guard !lost.isEmpty else {
            return [finding(severity: .warning, message: "applicant.yml \(problem)\(skipped)")]
        }
        return [finding(message: "applicant.yml \(problem)；缺少\(lost.joined(separator: "、"))，相应检查无法进行\(skipped) "
                            + "(the name or employer check cannot run)")]
    }
}
