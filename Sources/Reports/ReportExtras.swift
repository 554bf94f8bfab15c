import PrescreenCore

/// What report.html and notice.html show beyond report.json: the 修改方法 of each finding (from the rule catalogue,
/// so Reports needs no rule code), which findings are the applicant's to fix, and the pipeline's title.
///
/// None of it is written into report.json (CONTRACT.md); the pictures of whole pages (`evidence/fN-page.png`) are
/// found by ``ReportWriter`` among the evidence it writes.
public struct ReportExtras: Sendable, Hashable {
    /// Finding id (`f1`) -> 修改方法, plain Chinese for the applicant.
    public var fixes: [String: String]
    /// Finding ids that only the reviewer can act on (left off the notice).
    public var reviewerOnly: Set<String>
    /// The pipeline's title (阿克苏地区2024年职称评审预审), for the notice's heading; nil: a generic heading.
    public var title: String?
    /// Finding ids with a page picture `evidence/<id>-page.png` (set by the writer from the evidence it writes).
    public var pagePictures: Set<String>

    /// Extras; all empty by default (reports then show what report.json holds).
    public init(fixes: [String: String] = [:], reviewerOnly: Set<String> = [], title: String? = nil,
                pagePictures: Set<String> = []) {
        self.fixes = fixes
        self.reviewerOnly = reviewerOnly
        self.title = title
        self.pagePictures = pagePictures
    }

    /// The file name of a finding's page picture inside `evidence/`.
    public static func pagePictureName(_ findingID: String) -> String { "\(findingID)-page.png" }
}

/// Findings of one rule on one document (or on the whole submission), in report order: what report.html and the
/// notice show under one heading with one 修改方法.
struct FindingGroup {
    var rule: RuleID
    var document: String?
    var findings: [ReportFinding]

    /// Groups in order of each group's first finding.
    static func grouped(_ findings: [ReportFinding]) -> [FindingGroup] {
        var groups: [FindingGroup] = []
        var index: [String: Int] = [:]
        for f in findings {
            let key = f.rule.rawValue + "\u{0}" + (f.document ?? "\u{1}")
            if let i = index[key] {
                groups[i].findings.append(f)
            } else {
                index[key] = groups.count
                groups.append(FindingGroup(rule: f.rule, document: f.document, findings: [f]))
            }
        }
        return groups
    }

    /// The group's one 修改方法 when every finding has the same (or none), else nil (each finding shows its own).
    func commonFix(_ extras: ReportExtras) -> String? {
        let fixes = Set(findings.map { extras.fixes[$0.id] ?? "" })
        guard fixes.count == 1, let only = fixes.first, !only.isEmpty else { return nil }
        return only
    }

    /// The pages of the group, ascending, e.g. "第1、3页"; empty when no finding has a page.
    var pagesText: String {
        let pages = Array(Set(findings.compactMap(\.page))).sorted()
        return pages.isEmpty ? "" : "第" + pages.map(String.init).joined(separator: "、") + "页"
    }
}
