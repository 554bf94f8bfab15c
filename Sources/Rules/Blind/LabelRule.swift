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
        fix: "请核对表格中“姓名”“工作单位”等栏目：填写的是本人姓名或本人工作单位的，请用黑色色块遮盖后重新上传。",
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

    /// Below this mean OCR confidence a value is more likely a misread mask than a name.
    static let minimumConfidence = 70.0

    static let stopWords: [[Unicode.Scalar]] = [
        "性别", "出生", "民族", "政治", "文化", "身份", "证件", "学历", "职务", "职称", "年龄", "籍贯", "参加", "任现职",
        "专业", "学号", "入学", "毕业", "联系", "电话", "从事", "照片", "曾用名", "工作", "单位", "学校", "层次", "类别",
        "现任", "申报", "序号", "备注", "拟推荐", "姓名",
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

    static func startsStopWord(_ s: [Unicode.Scalar], at k: Int) -> Bool {
        stopWords.contains { k + $0.count <= s.count && s[k..<(k + $0.count)].elementsEqual($0) }
    }

    /// The value after a label in reading order: the rest of its line up to the next field label.
    static func valueRange(in text: NormalizedText, from j: Int, line: Int, max: Int) -> [Int]? {
        let s = text.scalars
        var end = j
        while end < s.count, end - j < max, text.lines[end] == line, !startsStopWord(s, at: end) { end += 1 }
        return end > j ? Array(j..<end) : nil
    }

    /// The value beside a label on the page when reading order puts it elsewhere (label and value in separate
    /// table cells or text blocks): the glyphs to the label's right whose middle lies within its row, left to
    /// right, until a wide gap or the next field label.
    static func rowValue(in text: NormalizedText, label: Range<Int>, max: Int) -> [Int]? {
        guard let lb = text.box(for: label) else { return nil }
        let s = text.scalars
        let candidates = text.boxes.indices.filter { k in
            !label.contains(k) && text.boxes[k].midY > lb.y0 && text.boxes[k].midY < lb.y1 && text.boxes[k].x0 >= lb.x1 - 0.002
        }.sorted { text.boxes[$0].x0 < text.boxes[$1].x0 }
        var out: [Int] = []
        var right = lb.x1
        let glyph = lb.width / Double(Swift.max(1, label.count))
        for k in candidates {
            // The value's cell may start well to the right of its label (a table column, up to a third of the
            // page); inside the value, a gap of three glyphs starts another field.
            let allowed = out.isEmpty ? Swift.max(0.33, 4 * glyph) : 3 * glyph
            if text.boxes[k].x0 - right > allowed || out.count >= max || startsStopWord(s, at: k) { break }
            out.append(k)
            right = text.boxes[k].x1
        }
        return out.isEmpty ? nil : out
    }

    /// Whether the rest of a label's line is more column headers: every cell after the label (cells are split
    /// by whitespace or a wide gap) starts with a field label, and there is at least one.
    static func headerRow(in text: NormalizedText, after j: Int, line: Int) -> Bool {
        let s = text.scalars
        var k = j
        var cells = 0
        // Punctuation between a label and its value (姓名：) makes it a form field, never a header.
        if k < s.count, text.lines[k] == line, [":", "：", ";", "|"].contains(s[k]) { return false }
        while k < s.count, text.lines[k] == line {
            guard startsStopWord(s, at: k) || labels.contains(where: { starts(s, $0.text, at: k) }) else { return false }
            cells += 1
            // Skip to the next cell.
            while k < s.count, text.lines[k] == line, !text.gapAfter[k] { k += 1 }
            k += 1
        }
        return cells > 0
    }

    static func starts(_ s: [Unicode.Scalar], _ w: [Unicode.Scalar], at k: Int) -> Bool {
        k + w.count <= s.count && s[k..<(k + w.count)].elementsEqual(w)
    }

    /// The value under a column header: the glyphs of the nearest row below the label whose middles lie in the
    /// label's column (from the label's left edge, or the previous header's right edge, to the next header).
    static func cellBelow(in text: NormalizedText, label: Range<Int>, max: Int) -> [Int]? {
        guard let lb = text.box(for: label) else { return nil }
        let line = text.lines[label.lowerBound]
        let glyph = lb.width / Double(Swift.max(1, label.count))
        let sameLine = text.boxes.indices.filter { text.lines[$0] == line && !label.contains($0) }
        let left = sameLine.map { text.boxes[$0].x1 }.filter { $0 <= lb.x0 + 0.001 }.max() ?? (lb.x0 - 2 * glyph)
        let right = sameLine.map { text.boxes[$0].x0 }.filter { $0 >= lb.x1 - 0.001 }.min() ?? (lb.x1 + Swift.max(0.33, 4 * glyph))
        let below = text.boxes.indices.filter { k in
            let b = text.boxes[k]
            return b.y0 >= lb.y1 - 0.25 * lb.height && b.midX > left && b.midX < right
                && b.y0 - lb.y1 < 4 * lb.height
        }
        guard let top = below.min(by: { text.boxes[$0].midY < text.boxes[$1].midY }) else { return nil }
        let row = text.boxes[top]
        let cell = below.filter { abs(text.boxes[$0].midY - row.midY) < 0.5 * Swift.max(row.height, lb.height) }
            .sorted { text.boxes[$0].x0 < text.boxes[$1].x0 }
        return cell.isEmpty ? nil : Array(cell.prefix(max))
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
            // 单位 alone is a field label only where it starts a field (not 公示单位, 发证单位, 培训单位).
            if label.needsColon, i > 0, text.lines[i - 1] == text.lines[i], NormalizedText.isHan(s[i - 1]) { continue }
            // A header row (姓名 | 性别 | 工作单位 | 现任职称) holds no values: each label's value is the cell below it.
            let value = headerRow(in: text, after: j, line: text.lines[i])
                ? cellBelow(in: text, label: i..<(i + label.text.count), max: label.maxValue)
                : valueRange(in: text, from: j, line: text.lines[i], max: label.maxValue)
                    ?? rowValue(in: text, label: i..<j, max: label.maxValue)
            guard let value, !value.isEmpty else { continue }
            // A value written with mask characters, or mostly under a mask on the page, is masked.
            // OCR boxes hug the ink: a Han character is nearly as tall as the label's, while stars and crosses
            // read as Han ("**" as 大类, at 92 confidence) are much shorter. The label's height is its shortest
            // glyph's: a label in a table cell can have a glyph whose ink box took in the ruling line above or below
            // (PP-OCR's boxes shrink to the ink of their column; measured twice the glyph's height), and every
            // label character (姓名, 工作单位, 单位名称) is a full-height Han character.
            let labelHeight = (i..<(i + label.text.count)).map { text.boxes[$0].height }.filter { $0 > 0 }.min() ?? 0
            let unmasked = value.filter { k in
                !TextSearch.maskScalars.contains(s[k]) && NormalizedText.isHan(s[k])
                    && (text.source != .ocr || text.boxes[k].height >= 0.6 * labelHeight)
            }
            // Mostly seen: a mask a little narrower than the value leaves an edge glyph "visible".
            let visible = 2 * value.filter { text.visible[$0] }.count > value.count
            // OCR of a black box or of "XX" sometimes yields Han characters, at low confidence; clean print reads
            // at 85–97 (docs/TOOLCHAIN.md).
            let confidence = value.map { text.confidences[$0] }.reduce(0, +) / Double(value.count)
            // A value partly written in mask characters ("XX XX" that OCR read as "Xe久光") is a mask whose
            // other characters were misread: its Han characters must be several and outnumber the mask's.
            let maskChars = value.filter { TextSearch.maskScalars.contains(s[$0]) }.count
            if maskChars > 0 && (unmasked.count < 3 || unmasked.count <= maskChars) { continue }
            guard unmasked.count >= 2, visible, confidence >= Self.minimumConfidence else { continue }
            let boxes = value.map { text.boxes[$0] }
            guard let first = boxes.first else { continue }
            out.append(boxes.dropFirst().reduce(first) { $0.union($1) })
        }
        return out
    }
}
