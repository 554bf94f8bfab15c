import PipelineConfig
import PrescreenCore

/// Every rule prescreen runs, in catalogue order. Add a new rule here and nowhere else.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        NameRule.self,
        EmployerRule.self,
        PhotoRule.self,
        HiddenTextRule.self,
        TextFieldRule.self,
        LabelRule.self,
        SealRule.self,
        IDNumberRule.self,
        EducationRule.self,
        AppraisalRule.self,
        ContinuingEducationRule.self,
        TitleRule.self,
        MandarinRule.self,
        EconomicsExamRule.self,
        OtherDocumentsRule.self,
        OrientationRule.self,
        LegibilityRule.self,
        ManifestRule.self,
        UnreadableRule.self,
        UnsupportedRule.self,
    ]

    /// The contract's rules that no detector implements yet (listed by `prescreen rules` as such).
    public static var notImplemented: [RuleID] {
        let have = Set(all.map { $0.description.id.rawValue })
        let missing: [String] = PipelineLoader.knownRuleIDs.sorted().filter { !have.contains($0) }
        return missing.map { RuleID($0) }
    }

    /// The catalogue entry of a rule id; nil for an id no rule implements.
    public static func description(of id: RuleID) -> RuleDescription? {
        all.first { $0.description.id == id }?.description
    }

    /// 修改方法 for a finding, and whether it goes on the applicant's notice; empty advice for an unknown rule.
    public static func advice(for finding: Finding, pipeline: PipelineDefinition) -> (fix: String, forApplicant: Bool) {
        guard let type = all.first(where: { $0.description.id == finding.rule }) else { return ("", false) }
        return (type.fix(for: finding, pipeline: pipeline), type.description.forApplicant)
    }

    /// Runs every enabled rule, applies the pipeline's severity overrides, and returns findings in report order.
    public static func run(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for type in all {
            let d = type.description
            guard context.pipeline.isEnabled(d.id) else { continue }
            for var f in type.init().check(context) {
                // A rule may lower its own severity (the graduate-form fallback); the pipeline overrides the default.
                if f.severity == d.severity { f.severity = context.pipeline.severity(d.id, default: d.severity) }
                out.append(f)
            }
        }
        return out.sorted(by: Finding.reportOrder)
    }
}
