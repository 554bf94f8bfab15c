import PrescreenCore

/// Flags an application text field (`texts` in applicant.yml: 工作总结, 工作简历, 项目简介) that names the
/// applicant or the employer instead of writing "XX XX".
///
/// Notice 四(二)9: in the application's own text the name and employer are replaced by "XX XX".
///
/// Lint: one finding per field that names either; the message names the field, not the text.
public struct TextFieldRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .blindTextField, name: "申报文本未脱敏", severity: .violation,
        summary: "工作总结、工作简历、项目简介等文本中写出了申请人姓名或工作单位，而非 XX XX (a text field names the applicant or employer)",
        fix: "在申请书的工作总结、工作简历、项目简介等文字中，把本人姓名和工作单位名称改写为“XX XX”，然后重新提交。",
        examples: TextFieldRuleExamples.all)

    public func check(_ context: RuleContext) -> [Finding] {
        guard let m = context.manifest else { return [] }
        let names = m.allNames.map(NormalizedText.normalized).filter { !$0.isEmpty }
        let employers = TextSearch.employerTerms(m).map(NormalizedText.normalized).filter { !$0.isEmpty }
        var out: [Finding] = []
        for key in m.texts.keys.sorted() {
            guard let value = m.texts[key] else { continue }
            let text = NormalizedText.normalized(value)
            let hasName = names.contains { text.contains($0) }
            let hasEmployer = employers.contains { text.contains($0) }
            guard hasName || hasEmployer else { continue }
            let what = [hasName ? "姓名" : nil, hasEmployer ? "工作单位" : nil].compactMap { $0 }.joined(separator: "和")
            out.append(finding(message: "申报文本「\(Self.fieldLabel(key))」中出现申请人\(what)，应写作 XX XX (the \(key) text names the applicant or employer)"))
        }
        return out
    }

    static func fieldLabel(_ key: String) -> String {
        switch key {
        case "work_summary": return "工作总结"
        case "resume": return "工作简历"
        case "projects": return "项目简介"
        default: return key
        }
    }
}
