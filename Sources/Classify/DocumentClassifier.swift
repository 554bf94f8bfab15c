import PrescreenCore

/// The type, year and part of one document, and why they were chosen.
public struct Classification: Hashable, Sendable, Codable {
    public var type: DocumentType
    /// The year an appraisal or certificate belongs to (2022年度), not its print date.
    public var year: Int?
    /// `public` (公需) or `professional` (专业) for continuing education.
    public var part: String?
    /// The Mandarin grade printed on a certificate (e.g. 二级甲等), if found.
    public var mandarinGrade: String?
    /// The cues that decided the type, for the report.
    public var cues: [String]
    /// Summed cue weight; 0 for `other`.
    public var score: Double
    /// Whether a title cue (a document's printed title) was found at the top of the page.
    public var hasTitle: Bool = false
    /// For a continuing-education certificate with `part` nil: true when neither part could be read (rather
    /// than both being listed, which covers both).
    public var partUnread: Bool?

    public init(type: DocumentType, year: Int? = nil, part: String? = nil, mandarinGrade: String? = nil,
                cues: [String] = [], score: Double = 0) {
        self.type = type
        self.year = year
        self.part = part
        self.mandarinGrade = mandarinGrade
        self.cues = cues
        self.score = score
    }
}

/// One document inside an attachment: its pages (1-based, inclusive) and classification.
public struct Segment: Hashable, Sendable, Codable {
    public var firstPage: Int
    public var lastPage: Int
    public var classification: Classification

    public init(firstPage: Int, lastPage: Int, classification: Classification) {
        self.firstPage = firstPage
        self.lastPage = lastPage
        self.classification = classification
    }
}

/// Classifies documents by what they say, never by their file names.
///
/// Each type has title cues (its printed title and the phrases only it carries) with weights; a cue near
/// the top of a page weighs more, since titles come first. Long cues match with one OCR error allowed.
/// A page whose best cue is strong starts a new document, so that an attachment holding three
/// appraisals scanned together splits into three segments.
public enum DocumentClassifier {
    struct Cue {
        let text: [Unicode.Scalar]
        let label: String
        let weight: Double
        init(_ s: String, _ w: Double) {
            text = NormalizedText.normalize(s)
            label = s
            weight = w
        }
    }

    // Weights: a document's full printed title is 10, a distinctive phrase 3–6, a weak hint 1–2.
    static let cues: [(DocumentType, [Cue])] = [
        (.educationCHSI, [Cue("教育部学历证书电子注册备案表", 10), Cue("学历证书电子注册备案表", 9), Cue("学籍在线验证报告", 10),
                          Cue("在线验证码", 4), Cue("学信网", 3), Cue("chsi.com.cn", 3), Cue("学籍状态", 3)]),
        (.educationGraduateForm, [Cue("毕业生登记表", 10), Cue("毕业生", 2), Cue("学校鉴定", 2)]),
        (.educationDiploma, [Cue("毕业证书", 8), Cue("准予毕业", 6), Cue("学业期满", 3)]),
        (.appraisal, [Cue("事业单位工作人员年度考核登记表", 10), Cue("年度考核登记表", 9), Cue("考核鉴定表", 9),
                      Cue("个人考核鉴定", 8), Cue("年度考核", 5), Cue("考核等次", 3), Cue("个人总结", 2)]),
        (.ceCertificate, [Cue("继续教育培训合格证书", 10), Cue("继续教育合格证书", 9), Cue("继续教育证书", 8),
                          Cue("公需科目", 5), Cue("专业科目", 5), Cue("继续教育", 3), Cue("学时", 2), Cue("公需课", 5), Cue("专业课", 4),
                          // The body of a certificate whose printed title OCR lost (large coloured type).
                          Cue("培训内容", 3), Cue("培训项目", 3)]),
        (.ceExemption, [Cue("免学审批表", 12), Cue("继续教育免学", 10), Cue("免学", 5), Cue("免修", 4)]),
        (.titleCertificate, [Cue("专业技术资格证书", 10), Cue("职称证书", 9), Cue("专业技术职务资格证书", 10),
                             Cue("任职资格证书", 10), Cue("资格证书", 5), Cue("资格名称", 3), Cue("评审通过", 2),
                             Cue("批准时间", 2), Cue("评审组织", 2)]),
        (.titleDocument, [Cue("任职资格的通知", 10), Cue("资格的通知", 8), Cue("评审结果的通知", 9),
                          Cue("任职资格", 3), Cue("人力资源和社会保障局文件", 5), Cue("文件", 1)]),
        (.titleReviewForm, [Cue("任职资格评审表", 12), Cue("专业技术职务任职资格评审表", 12), Cue("资格评审表", 10),
                            Cue("评审表", 5), Cue("评审委员会意见", 4),
                            // The form's cover fields and the opinions on its last page, for a copy whose printed
                            // title OCR lost; a 推荐报告 has neither.
                            Cue("填表时间", 2), Cue("申报资格", 2), Cue("申报专业", 2), Cue("基层单位意见", 4),
                            Cue("主管部门意见", 4), Cue("评审委员会表决", 4)]),
        (.mandarinCertificate, [Cue("普通话水平测试等级证书", 12), Cue("普通话水平测试", 8), Cue("普通话", 3),
                                Cue("国家语言文字工作委员会", 3)]),
        (.economicsExam, [Cue("经济专业技术资格考试", 10), Cue("高级经济实务", 6), Cue("成绩合格", 4),
                          Cue("考试成绩", 3), Cue("经济师", 2)]),
        (.publicity, [Cue("公示", 4), Cue("拟推荐", 4), Cue("公示期", 3), Cue("现予以公示", 6), Cue("予以公示", 5)]),
        // The result says no objection was received; the notice itself invites objections (如有异议), so only
        // the negative forms are cues.
        (.publicityResult, [Cue("公示结果", 10), Cue("公示情况", 8), Cue("公示期满", 6), Cue("无异议", 5),
                            Cue("未收到任何异议", 10), Cue("未收到异议", 10), Cue("未接到", 3), Cue("特此说明", 2)]),
        (.recommendation, [Cue("推荐报告", 10), Cue("推荐意见书", 9), Cue("推荐意见", 5), Cue("同意推荐", 4), Cue("推荐", 2)]),
        (.commitment, [Cue("个人承诺书", 10), Cue("承诺书", 9), Cue("本人承诺", 6), Cue("郑重承诺", 6)]),
    ]

    /// A page's best type must reach this score to count as a document of that type.
    static let minimumScore = 6.0
    /// Cues this heavy are document titles.
    static let titleWeight = 8.0
    /// A page scoring this much, with a title cue at its top, starts a new segment in a multi-page file.
    static let segmentStartScore = 9.0

    /// Classifies one page's text (normalised, text layer and OCR joined).
    public static func classify(pageText text: [Unicode.Scalar]) -> Classification {
        guard !text.isEmpty else { return Classification(type: .other) }
        let head = max(60, text.count / 4)
        var best: (DocumentType, Double, [String], Bool) = (.other, 0, [], false)
        var result: (DocumentType, Double, [String], Bool)?
        for (type, list) in cues {
            var score = 0.0
            var hits: [String] = []
            var title = false
            for cue in list {
                // One OCR slip is tolerated in long titles only: two 7-character titles can differ in one character
                // (任职资格评审表 / 任职资格评审结果).
                let edits = cue.text.count >= 9 ? 1 : 0
                let ms = ApproximateSearch.matches(of: cue.text, in: text, maxEdits: edits)
                guard let first = ms.first else { continue }
                let atTop = first.range.lowerBound < head
                score += cue.weight * (atTop ? 1.5 : 1.0) * (first.edits > 0 ? 0.8 : 1.0)
                hits.append(cue.label)
                if atTop && cue.weight >= titleWeight { title = true }
            }
            if score > best.1 { best = (type, score, hits, title) }
            // A decisive result cue (公示结果, 未收到任何异议: weight 8 or more) seen on the page.
            if type == .publicityResult, list.contains(where: { $0.weight >= titleWeight && hits.contains($0.label) }) {
                result = (type, score, hits, title)
            }
        }
        // 公示结果 pages also say 公示 (公示期间未收到任何异议): the result wins when its own decisive cue is there.
        if best.0 == .publicity, let result, result.1 >= minimumScore { best = result }
        guard best.1 >= minimumScore else { return Classification(type: .other, cues: best.2, score: best.1) }
        var c = Classification(type: best.0, cues: best.2, score: best.1)
        c.hasTitle = best.3
        switch best.0 {
        case .appraisal:
            c.year = appraisalYear(text)
        case .ceCertificate:
            c.year = certificateYear(text)
            c.part = ceParts(text)
            if c.part == nil { c.partUnread = !(listsBothParts(text)) }
        case .mandarinCertificate:
            c.mandarinGrade = mandarinGrade(text)
        case .economicsExam:
            c.year = firstYear(text, suffixes: ["年度", "年"])
        default:
            break
        }
        return c
    }

    /// Splits an attachment's pages into documents and classifies each.
    ///
    /// `pages` holds each page's normalised text. A page that classifies strongly as a type starts a new
    /// segment unless it continues a segment of the same type and year; weak pages join the segment before.
    public static func segment(pages: [[Unicode.Scalar]]) -> [Segment] {
        var segments: [Segment] = []
        for (i, text) in pages.enumerated() {
            let c = classify(pageText: text)
            let n = i + 1
            if var last = segments.last {
                // Only a printed title starts a new document: a review form's later page that gives the unit's
                // recommendation (推荐意见, 同意推荐) is still the review form.
                let strong = c.hasTitle && c.score >= segmentStartScore && c.type != .other
                let sameDoc = c.type == last.classification.type && c.year == last.classification.year
                    && c.part == last.classification.part
                if !strong || sameDoc && !startsFresh(c, text) {
                    last.lastPage = n
                    if last.classification.type == .other && c.type != .other { last.classification = c }
                    // A later page of the document may carry the year its first page did not show (or OCR lost);
                    // only as "YYYY年度", since a later page's dates are signing dates.
                    if last.classification.year == nil, [.appraisal, .ceCertificate].contains(last.classification.type) {
                        last.classification.year = firstYear(text, suffixes: ["年度"])
                    }
                    segments[segments.count - 1] = last
                    continue
                }
            }
            segments.append(Segment(firstPage: n, lastPage: n, classification: c))
        }
        return segments
    }

    /// A page that repeats its type's full title at its top is a new copy (a second certificate of the same
    /// year is still a new document).
    private static func startsFresh(_ c: Classification, _ text: [Unicode.Scalar]) -> Bool {
        guard let list = cues.first(where: { $0.0 == c.type })?.1, let title = list.first else { return false }
        let head = Array(text.prefix(max(40, title.text.count + 10)))
        return !ApproximateSearch.matches(of: title.text, in: head, maxEdits: title.text.count >= 9 ? 1 : 0).isEmpty
    }
}
