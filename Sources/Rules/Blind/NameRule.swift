import PrescreenCore

/// Flags the applicant's name (or a former name) readable on a page, in its text layer or its image.
///
/// Notice 四(二)9: attachments must mask the applicant's own name for the blind panel. Matches run on the
/// normalised text of both sources; a name wholly under a mask but still in the text layer is
/// `blind/hidden-text` instead. A name inside a longer name (张伟 in 张伟华) is not the applicant.
///
/// Lint: one finding per place the name is seen, boxed.
public struct NameRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .blindName, name: "姓名未遮盖", severity: .violation,
        summary: "申请人姓名（含曾用名）在页面文字层或图像中可读 (the applicant's name is readable on a page)",
        fix: "在该页遮盖本人姓名（含曾用名）：用黑色色块完全盖住，或改写为“XX”。遮盖后请打印再扫描（或导出为图片）后重新上传，使姓名既看不见、也无法被选中复制。",
        examples: NameRuleExamples.all)

    public func check(_ context: RuleContext) -> [Finding] {
        guard let m = context.manifest else { return [] }
        var out = TextSearch.hits(of: m.allNames, in: context, accept: NameBoundary.standsAlone)
            .filter { !$0.hidden }
            .map { hit in
                finding(document: hit.document, page: hit.page, box: hit.box,
                        message: Self.visible(hit.source))
            }
        // Signatures: the applicant's handwritten name, read or not.
        for doc in context.documents where doc.status == .readable {
            for page in doc.pages {
                let boxes = page.normalizedTexts.flatMap(SignatureFields.unmasked)
                for box in boxes where !out.contains(where: { $0.document == doc.path && $0.page == page.page && $0.box.map { TextSearch.samePlace($0, box) || $0.intersection(box) != nil } == true }) {
                    out.append(finding(document: doc.path, page: page.page, box: box,
                                       message: "申请人签名处有未遮盖的签名 (the applicant's signature is not masked)"))
                }
            }
        }
        return out
    }
}

/// Whether a matched name stands alone rather than being the start of a longer name.
enum NameBoundary {
    /// Characters that commonly follow a name in forms and prose; a Han character not among them after a
    /// two-character match suggests a longer, different name (张伟华).
    static let followers: Set<Unicode.Scalar> = Set("同志性别男女出生民族身份证号码政治面貌学历职称年月日于在的是为从现任工作单位联系电话签字名章本人已经所同意申请参加职务等级考核合格优秀基称承诺表示自愿，。、；：".unicodeScalars)

    static func standsAlone(_ text: NormalizedText, _ range: Range<Int>, _ term: String) -> Bool {
        // Names of three or more characters are distinctive enough on their own.
        guard term.unicodeScalars.count <= 2 else { return true }
        let after = range.upperBound
        guard after < text.count, text.lines[after] == text.lines[range.upperBound - 1],
              !text.gapAfter[range.upperBound - 1] else { return true }
        let next = text.scalars[after]
        guard NormalizedText.isHan(next) else { return true }
        return followers.contains(next)
    }
}

extension NameRule {
    private static func visible(_ source: TextSource) -> String {
        source == .ocr
            ? "申请人姓名在图像中可见，未遮盖 (the applicant's name is visible in the page image)"
            : "申请人姓名在页面中可见，未遮盖 (the applicant's name is visible in the page text)"
    }
}
