import Classify
import PrescreenCore

/// Flags an unmasked official seal (公章) on a document the employer issues.
///
/// Notice 四(二)9: the employer must not be identifiable. On an appraisal, 公示, 公示结果, 推荐报告 or 评审表 the
/// seal is the employer's own, and its ring text names it. Third parties' seals (学信网, training bodies, the HR
/// bureau, a review committee) do not fire: when the ring text was read and does not name the employer, the
/// seal is someone else's when the reading names a third party (学信, 人力资源, 委员会, 培训, …), or, on a review
/// form (which also carries the review committee's seal), when it is legible and not the employer. Otherwise a
/// seal whose ring could not be read fires, saying so.
///
/// Lint: one warning per visible seal on an employer-issued page, boxed.
public struct SealRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .blindSeal, name: "本单位公章未遮盖", severity: .warning,
        summary: "单位出具的材料（考核表、公示、公示结果、推荐报告、评审表）上本单位公章未遮盖 (an unmasked official seal on a document the employer issues)",
        fix: "本单位出具的材料上的公章显示单位名称，请用黑色色块遮盖公章（至少盖住环形的单位名称文字）后重新上传。",
        examples: SealRuleExamples.all)

    /// Document types the employer itself issues and seals.
    public static let employerIssued: Set<DocumentType> = [.appraisal, .publicity, .publicityResult, .recommendation, .titleReviewForm]
    /// Ring text with at least this many characters counts as read.
    static let minReadable = 5

    public func check(_ context: RuleContext) -> [Finding] {
        let names = Self.employerNames(context.manifest)
        var out: [Finding] = []
        for (doc, segment) in context.segments where Self.employerIssued.contains(segment.classification.type) {
            for page in doc.pages where (segment.firstPage...segment.lastPage).contains(page.page) {
                for seal in page.seals ?? [] where !seal.masked {
                    // One reading per line (the detector may read the ring more than once).
                    let readings = (seal.text ?? "").split(separator: "\n").map { NormalizedText.normalize(String($0)) }
                    let hanCount = readings.map { $0.filter(NormalizedText.isHan).count }.max() ?? 0
                    let message: String
                    if readings.contains(where: { Self.names($0, any: names) }) {
                        message = "本单位公章未遮盖，印文含单位名称 (the employer's seal is visible; its ring text names the employer)"
                    } else if readings.contains(where: Self.namesThirdParty) {
                        continue
                    } else if Self.isReviewForm(doc, segment) && hanCount >= Self.minReadable {
                        // A review form also carries the review committee's seal; a ring read as something that is
                        // not the employer is taken for that one.
                        continue
                    } else {
                        // An appraisal, 公示 or 推荐报告 carries the employer's seal; a ring OCR could not read (a
                        // grey 150-dpi scan blurs 12-px ring characters) is most likely that one.
                        message = "公章未遮盖，印文未能识别为他方单位 (an official seal is visible; its ring text could not be read as a third party's)"
                    }
                    out.append(finding(document: doc.path, page: page.page, box: seal.box, message: message))
                }
            }
        }
        return out
    }

    /// The employer's full name, the name without its leading region (阿克苏地区…) and its aliases, normalised.
    static func employerNames(_ m: Manifest?) -> [[Unicode.Scalar]] {
        guard let m else { return [] }
        var out: [[Unicode.Scalar]] = []
        if let e = m.employer {
            out.append(NormalizedText.normalize(e))
            for prefix in ["新疆维吾尔自治区", "新疆", "阿克苏地区", "阿克苏市"] where e.hasPrefix(prefix) && e.count >= prefix.count + 4 {
                out.append(NormalizedText.normalize(String(e.dropFirst(prefix.count))))
            }
        }
        out += m.employerAliases.filter { $0.count >= 3 }.map(NormalizedText.normalize)
        return out
    }

    /// Whether the segment is (part of) a review form: its own type, or the file's first segment's (the
    /// form's second page, 单位推荐意见, reads like a recommendation on its own).
    static func isReviewForm(_ doc: AnalyzedDocument, _ segment: Segment) -> Bool {
        segment.classification.type == .titleReviewForm || doc.segments.first?.classification.type == .titleReviewForm
    }

    /// Words only third parties' ring texts hold (学信网, bureaus, committees, schools, training bodies).
    static let thirdPartyWords = ["学信", "教育部", "人力资源", "社会保障", "职称", "委员会", "领导小组", "培训", "继续教育",
                                  "大学", "学院", "语言文字", "考试"]

    /// Whether a reading names a third party (one of ``thirdPartyWords``).
    static func namesThirdParty(_ ring: [Unicode.Scalar]) -> Bool {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: ring)
        let s = String(v)
        return thirdPartyWords.contains { s.contains($0) }
    }

    /// Characters of region names (阿克苏地区, 新疆维吾尔自治区, …) that every local seal shares.
    static let regionCharacters = Set("新疆维吾尔自治区阿克苏地区市县".unicodeScalars)

    /// Whether the ring text names the employer: one of the names with OCR errors (one in four characters),
    /// or, for a long ring read poorly, at least half of the distinct characters of a name without its region
    /// (a third party's ring shares the region, 阿克苏地区, but hardly any of the rest).
    static func names(_ ring: [Unicode.Scalar], any names: [[Unicode.Scalar]]) -> Bool {
        guard !ring.isEmpty else { return false }
        let inRing = Set(ring)
        return names.contains { n in
            guard !n.isEmpty else { return false }
            if !ApproximateSearch.matches(of: n, in: ring, maxEdits: n.count / 4).isEmpty { return true }
            let distinct = Set(n).subtracting(regionCharacters)
            return distinct.count >= 4 && Double(distinct.intersection(inRing).count) >= Double(distinct.count) * 0.5
        }
    }
}
