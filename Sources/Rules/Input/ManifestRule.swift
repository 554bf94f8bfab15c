import PrescreenCore

/// Flags a missing or malformed `applicant.yml`; every check that does not need it still runs.
///
/// CONTRACT.md, Input.
///
/// Lint: one finding for the submission, with what was wrong.
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
        guard let problem = context.manifestProblem else { return [] }
        guard let manifest = context.manifest else {
            return [finding(message: "applicant.yml \(problem)；姓名、工作单位等检查无法进行 (the applicant manifest is unusable)")]
        }
        let blank = { (s: String?) in (s ?? "").allSatisfy(\.isWhitespace) }
        var lost: [String] = []
        if blank(manifest.name) { lost.append("姓名 (name)") }
        if blank(manifest.employer) { lost.append("工作单位 (employer)") }
        guard !lost.isEmpty else {
            return [finding(severity: .warning, message: "applicant.yml \(problem)")]
        }
        return [finding(message: "applicant.yml \(problem)；缺少\(lost.joined(separator: "、"))，相应检查无法进行 "
                            + "(the name or employer check cannot run)")]
    }
}
