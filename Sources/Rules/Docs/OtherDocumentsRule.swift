import PipelineConfig
import PrescreenCore

/// Flags each missing item of the notice's "other materials": 单位公示, 公示结果, 推荐报告, 个人承诺书.
///
/// Notice 四(二)8. The items and their `part` ids come from the pipeline.
///
/// Lint: one warning per missing item, with `part` naming it.
public struct OtherDocumentsRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .docsOther, name: "缺其他材料", severity: .warning,
        summary: "缺少单位公示、公示结果、推荐报告或个人承诺书 (one of the other required materials is missing)",
        fix: "请在“其他附件”中上传缺少的材料（单位公示、公示结果、推荐报告、个人承诺书；样表在阿克苏地区职称评审系统主页“资料下载”栏下载）。",
        examples: DocsRuleExamples.other)

    public func check(_ context: RuleContext) -> [Finding] {
        let req = context.pipeline.requirements.other
        guard req.appliesTo.applies(to: context.manifest) else { return [] }
        let inv = DocumentInventory(context)
        return req.items.filter { !inv.has($0.type) }.map { item in
            finding(part: item.part, message: "缺少\(item.label)，请在“其他附件”中补充上传 (the \(item.part) document is missing)")
        }
    }

    /// The missing item by its label (the pipeline's `other.items`).
    public static func fix(for finding: Finding, pipeline: PipelineDefinition) -> String {
        guard let label = pipeline.requirements.other.items.first(where: { $0.part == finding.part })?.label else {
            return description.fix
        }
        return "请在“其他附件”中补充上传\(label)（样表在阿克苏地区职称评审系统主页“资料下载”栏下载）。"
    }
}
