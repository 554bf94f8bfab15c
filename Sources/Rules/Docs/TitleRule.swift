import PipelineConfig
import PrescreenCore

/// Flags missing evidence of the current title: any one of 任职资格文件 / 职称证书 / 评审表 when it was obtained
/// in Xinjiang, all three when obtained elsewhere.
///
/// Notice 四(二)3. An applicant whose manifest does not say where is held to the Xinjiang rule.
///
/// Lint: one finding when nothing is there (Xinjiang), or one per missing item with `part` = its type (elsewhere).
public struct TitleRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .docsTitle, name: "缺现任职称证明", severity: .violation,
        summary: "缺少现任专业技术资格证明（疆内取得：任职资格文件、职称证书或评审表之一；疆外取得：三者齐全） (no evidence of the current title)",
        fix: "请上传现任专业技术资格证明：在疆内取得的，上传任职资格文件、职称证书、评审表三者之一；在疆外取得的，三者都须上传。",
        examples: DocsRuleExamples.title)

    static func label(_ t: DocumentType) -> String {
        switch t {
        case .titleDocument: return "任职资格文件"
        case .titleCertificate: return "职称证书"
        case .titleReviewForm: return "评审表"
        default: return t.rawValue
        }
    }

    public func check(_ context: RuleContext) -> [Finding] {
        let req = context.pipeline.requirements.title
        guard req.appliesTo.applies(to: context.manifest) else { return [] }
        let inv = DocumentInventory(context)
        if context.manifest?.titleObtainedIn == .elsewhere {
            return req.allOfWhenElsewhere.filter { !inv.has($0) }.map { t in
                finding(part: t.rawValue, message: "现任职称在疆外取得，须提交任职资格文件、职称证书和评审表，缺少\(Self.label(t)) (title obtained outside Xinjiang: the \(t.rawValue) is missing)")
            }
        }
        if req.anyOfWhenXinjiang.contains(where: inv.has) { return [] }
        return [finding(message: "缺少现任专业技术资格证明：请上传任职资格文件、职称证书或评审表之一 (no evidence of the current title)")]
    }

    /// The missing document by name when the title was obtained outside Xinjiang (the finding's `part`).
    public static func fix(for finding: Finding, pipeline: PipelineDefinition) -> String {
        guard let part = finding.part, let type = DocumentType(rawValue: part) else { return description.fix }
        return "请上传现任职称的\(label(type))。现任职称在疆外取得的，任职资格文件、职称证书和评审表三者都须上传。"
    }
}
