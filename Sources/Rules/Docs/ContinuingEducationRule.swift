import PipelineConfig
import PrescreenCore

/// Flags each required year and part (公需科目 / 专业科目) without a continuing-education certificate.
///
/// Notice 四(二)5: certificates for the four years up to the evaluation year, both parts, unless the
/// applicant is exempt and the exemption form (免学审批表) is there. A certificate listing both parts
/// covers both.
///
/// Lint: one finding per missing year and part, with `year` and `part` set.
public struct ContinuingEducationRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .docsContinuingEducation, name: "缺继续教育证书", severity: .violation,
        summary: "缺少某年度公需科目或专业科目继续教育合格证书（免学且有免学审批表的除外） (no continuing-education certificate for a year and part)",
        fix: "请上传缺少年度、缺少类别（公需课、专业课）的继续教育培训合格证书。系统可提供的年度从阿克苏地区职称评审系统获取，其余年度扫描原件手动上传；符合免继续教育条件的，在继续教育栏上传免学审批表（样表在阿克苏地区职称评审系统主页“资料下载”栏下载）。",
        examples: DocsRuleExamples.continuingEducation)

    public func check(_ context: RuleContext) -> [Finding] {
        let req = context.pipeline.requirements.continuingEducation
        guard req.appliesTo.applies(to: context.manifest) else { return [] }
        let inv = DocumentInventory(context)
        let exempt = context.manifest?.ceExempt ?? false
        if exempt && req.exemptionAccepted && inv.has(.ceExemption) { return [] }
        var have = Set<String>()
        var unreadPart: [Int: Int] = [:]
        for c in inv.of(.ceCertificate) {
            guard let y = c.year else { continue }
            if c.part == nil, c.partUnread == true {
                unreadPart[y, default: 0] += 1
                continue
            }
            for p in c.part.map({ [$0] }) ?? req.parts { have.insert("\(y)/\(p)") }
        }
        // A dated certificate whose part could not be read is the year's missing part when one part is missing
        // (an applicant submits one of each); when more are missing than such certificates, the missing parts
        // stay missing, as warnings naming the certificates.
        var ambiguous = Set<Int>()
        for (y, n) in unreadPart {
            let missing = req.parts.filter { !have.contains("\(y)/\($0)") }
            if missing.count <= n {
                for p in missing { have.insert("\(y)/\(p)") }
            } else {
                ambiguous.insert(y)
            }
        }
        let note = exempt ? "；申请免学的须上传继续教育免学审批表" : ""
        var out: [Finding] = []
        for y in req.years.sorted() {
            for p in req.parts where !have.contains("\(y)/\(p)") {
                // A certificate of this part (or of no readable part) whose year could not be read may be the
                // missing one: a warning naming it, for the reviewer to date.
                var undated = inv.undated(.ceCertificate, part: p)
                if ambiguous.contains(y) {
                    undated += inv.items.filter { $0.classification.type == .ceCertificate && $0.classification.year == y
                        && $0.classification.partUnread == true }.map(\.path)
                }
                if !undated.isEmpty {
                    out.append(finding(year: y, part: p, severity: .warning,
                                       message: "未找到\(y)年度\(PartNames.chinese(p))继续教育合格证书；以下证书未能识别年度或科目，请人工核实：\(undated.joined(separator: "、")) (no \(p) certificate dated \(y); these could not be dated or their part read)"))
                    continue
                }
                out.append(finding(year: y, part: p,
                                   message: "缺少\(y)年度\(PartNames.chinese(p))继续教育合格证书\(note) (the \(y) \(p) continuing-education certificate is missing)"))
            }
        }
        return out
    }

    /// Which certificate, and where it comes from: the notice has the system issue 专业课 certificates from 2021 and
    /// 公需课 certificates from 2022 on (the pipeline's `from_system`); other years are scans uploaded by hand.
    public static func fix(for finding: Finding, pipeline: PipelineDefinition) -> String {
        guard let year = finding.year, let part = finding.part else { return description.fix }
        let req = pipeline.requirements.continuingEducation
        let name = "\(year)年度\(PartNames.chinese(part))继续教育培训合格证书"
        let source: String
        if let first = req.fromSystem?[part], year >= first {
            source = "该证书需登录阿克苏地区职称评审系统（aks.xjzcsq.com）获取，不必自行扫描。"
        } else {
            source = "该年度证书请扫描原件后手动上传。"
        }
        // (The exemption form is the description's general advice, and the message names it for an applicant who
        // claims exemption: said once per finding it only lengthened a list of eight.)
        return "请补充\(name)。\(source)"
    }
}
