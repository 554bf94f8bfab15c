import PrescreenCore

/// Flags a form field 姓名 / 工作单位 / 单位名称 / 单位 whose value is present and not masked, whoever it names.
///
/// Notice 四(二)9. The manifest may be incomplete (a former name, an unlisted short form of the employer),
/// so a filled-in name or employer field is worth a reviewer's look even when it does not match. A label that
/// ends a longer label (校(院)长姓名, 发证单位) is another person's or body's field and is skipped.
///
/// Lint: one warning per page with such a field, boxed on the value.
public struct LabelRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .blindLabel, name: "姓名/单位栏未遮盖", severity: .warning,
        summary: "表格的姓名、工作单位栏填有未遮盖的内容 (a form's name or employer field holds an unmasked value)",
        examples: LabelRuleExamples.all)

    struct Label {
        let text: [Unicode.Scalar]
        let maxValue: Int
        let needsColon: Bool
    }

    // Values stop at the next field label or the end of the line.
    static let labels: [Label] = [
        Label(text: Array("工作单位".unicodeScalars), maxValue: 30, needsColon: false),
        Label(text: Array("单位名称".unicodeScalars), maxValue: 30, needsColon: false),
        Label(text: Array("姓名".unicodeScalars), maxValue: 12, needsColon: false),
        Label(text: Array("单位".unicodeScalars), maxValue: 30, needsColon: true),
    ]

    static let stopWords: [[Unicode.Scalar]] = [
        "性别", "出生", "民族", "政治", "文化", "身份", "证件", "学历", "职务", "职称", "年龄", "籍贯", "参加", "任现职",
        "专业", "学号", "入学", "毕业", "联系", "电话", "从事", "照片", "曾用名", "工作", "单位", "学校", "层次", "类别",
    ].map { Array($0.unicodeScalars) }

    public func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for doc in context.documents where doc.status == .readable {
            for page in doc.pages {
                var boxes: [Box] = []
                for text in page.normalizedTexts {
                    boxes += Self.unmaskedValues(in: text)
                }
                guard let first = boxes.first else { continue }
                let box = boxes.dropFirst().reduce(first) { $0.union($1) }
                out.append(finding(document: doc.path, page: page.page, box: box,
                                   message: "表格中的姓名或工作单位栏已填写且未遮盖，请核实是否泄露身份 (a name or employer field is filled in and not masked)"))
            }
        }
        return out
    }

    /// Words that, written before 姓名, make it someone else's name field.
    static let otherPeople: [[Unicode.Scalar]] = [
        "长", "长)", "经办人", "审核人", "联系人", "负责人", "代表人", "推荐人", "证明人", "监护人", "配偶", "导师",
        "教师", "考评员", "测试员", "签发人", "填表人", "主考", "领导", "父亲", "母亲",
    ].map { Array($0.unicodeScalars) }

    /// Words that, written before 单位 or 单位名称, make it a third party's field (the issuer, the trainer).
    static let otherBodies: [[Unicode.Scalar]] = [
        "发证", "颁证", "颁发", "培训", "主办", "承办", "协办", "组织", "实施", "审批", "评审", "制证", "测试", "考试",
        "鉴定", "认证", "主管", "委托", "合作", "建设", "施工", "监理", "设计", "用人",
    ].map { Array($0.unicodeScalars) }

    static func belongsToOthers(_ text: NormalizedText, at i: Int, label: Label) -> Bool {
        let s = text.scalars
        let list = label.text.first == "姓" ? otherPeople : otherBodies
        return list.contains { w in
            i >= w.count && s[(i - w.count)..<i].elementsEqual(w) && text.lines[i - w.count] == text.lines[i]
        }
    }

    /// Boxes of field values that are filled in and not masked.
    static func unmaskedValues(in text: NormalizedText) -> [Box] {
        let s = text.scalars
        var out: [Box] = []
        var i = 0
        while i < s.count {
            guard let label = labels.first(where: { i + $0.text.count <= s.count && s[i..<(i + $0.text.count)].elementsEqual($0.text) }) else {
                i += 1
                continue
            }
            defer { i += label.text.count }
            // Another person's or body's field (校(院)长姓名, 经办人姓名, 发证单位, 培训单位): not the applicant's.
            if belongsToOthers(text, at: i, label: label) { continue }
            var j = i + label.text.count
            var colon = false
            while j < s.count, [":", "：", ";", "|"].contains(s[j]) {
                colon = true
                j += 1
            }
            if label.needsColon && !colon { continue }
            let line = text.lines[i]
            var end = j
            while end < s.count, end - j < label.maxValue, text.lines[end] == line,
                  !stopWords.contains(where: { end + $0.count <= s.count && s[end..<(end + $0.count)].elementsEqual($0) }) {
                end += 1
            }
            guard end > j else { continue }
            let value = s[j..<end]
            // A value written with mask characters, or wholly under a mask on the page, is masked.
            let unmasked = value.filter { !TextSearch.maskScalars.contains($0) && NormalizedText.isHan($0) }
            // Mostly seen: a mask a little narrower than the value leaves an edge glyph "visible".
            let visible = 2 * text.visible[j..<end].filter { $0 }.count > end - j
            guard unmasked.count >= 2, visible, let box = text.box(for: j..<end) else { continue }
            out.append(box)
        }
        return out
    }
}
