import Foundation
import PrescreenCore

/// Renders an applicant's report.html for a reviewer, in Chinese with English beside it.
public enum ReportHTML {
    /// The whole page: header with id, status and counts; findings by severity with their evidence
    /// pictures; the documents. Every value from the report is HTML-escaped.
    public static func render(_ report: Report) -> String { render(report, extras: ReportExtras()) }

    /// The page with the extras: each group of findings (one rule on one document) with its 修改方法, page
    /// pictures linked beside the crops, and a link to the applicant's notice when there is one.
    public static func render(_ report: Report, extras: ReportExtras) -> String {
        let e = HTML.escape
        let violations = report.findings.filter { $0.severity == .violation }
        let warnings = report.findings.filter { $0.severity == .warning }
        var body = """
            <header>
            <h1>职称评审材料预审报告 <span class="en">pre-screening report</span></h1>
            <p>申请人编号 <span class="en">applicant</span> <strong>\(e(report.applicant.id))</strong>
            <span class="muted">(文件夹 <span class="en">folder</span> \(e(report.applicant.folder)))</span>
            \(HTML.badge(report.status.rawValue, chinese: DisplayNames.chinese(report.status)))</p>
            <p class="counts"><span>违规 <span class="en">violations</span> <strong>\(violations.count)</strong></span>
            <span>提醒 <span class="en">warnings</span> <strong>\(warnings.count)</strong></span>
            <span>材料 <span class="en">documents</span> \(report.documents.count)</span>
            <span>页数 <span class="en">pages</span> \(report.stats.pages) (OCR \(report.stats.ocrPages))</span></p>
            \(report.status == .flagged ? noticeLink : "")</header>

            """
        body += findingsSection(title: "违规", english: "violations", findings: violations, extras: extras)
        body += findingsSection(title: "提醒", english: "warnings", findings: warnings, extras: extras)
        body += documentsSection(report.documents)
        body += """
            <footer>\(e(report.tool.name)) \(e(report.tool.version)) · 规则集 <span class="en">pipeline</span> \
            \(e(report.pipeline.name)) (\(report.pipeline.evaluationYear)) · 用时 <span class="en">time</span> \
            \(secondsText(report.stats.seconds)) s · report.json schemaVersion \(report.schemaVersion)</footer>
            """
        return HTML.page(title: "预审报告 \(report.applicant.id)", body: body)
    }

    /// The notice to hand to the applicant (notice.html, written beside report.html for a flagged applicant).
    static let noticeLink = """
        <p class="noprint"><a href="notice.html">退回修改意见（可打印，交申请人） <span class="en">notice for the applicant</span></a></p>

        """

    /// One table per severity; the findings of one rule on one document form a group: a heading row with the
    /// rule, the document and the 修改方法, then one row per finding.
    private static func findingsSection(title: String, english: String, findings: [ReportFinding],
                                        extras: ReportExtras) -> String {
        let e = HTML.escape
        var s = "<section>\n<h2>\(title) <span class=\"en\">\(english)</span> (\(findings.count))</h2>\n"
        guard !findings.isEmpty else { return s + "<p class=\"muted\">无 <span class=\"en\">none</span></p>\n</section>\n" }
        s += """
            <table class="findings">
            <colgroup><col class="c-id"><col class="c-page"><col class="c-year"><col class="c-message"><col class="c-evidence"></colgroup>
            <thead><tr><th>编号</th><th>页 <span class="en">page</span></th><th>年度/类别 <span class="en">year/part</span></th>\
            <th>说明 <span class="en">message</span></th><th>证据 <span class="en">evidence</span></th></tr></thead>

            """
        for group in FindingGroup.grouped(findings) {
            let severity = e(group.findings[0].severity.rawValue)
            let document = group.document.map { "<span class=\"path\">\(e($0))</span>" }
                ?? "<span class=\"muted\">整体 <span class=\"en\">whole submission</span></span>"
            let count = group.findings.count > 1 ? " · \(group.findings.count) 处" : ""
            let common = group.commonFix(extras)
            s += """
                <tbody class="group \(severity)">
                <tr class="group-head"><td colspan="5"><strong>\(e(RuleNames.chinese(group.rule)))</strong> \
                <code>\(e(group.rule.rawValue))</code> · \(document)\(count)</td></tr>

                """
            if let common {
                s += "<tr class=\"fix\"><td colspan=\"5\"><strong>修改方法</strong> <span class=\"en\">how to fix</span>："
                    + "\(e(common))</td></tr>\n"
            }
            // A group without pictures (missing documents) gives the message the evidence column too.
            let pictures = group.findings.contains { $0.evidence != nil }
            for f in group.findings {
                let ownFix = common == nil ? extras.fixes[f.id].flatMap { $0.isEmpty ? nil : $0 } : nil
                let fix = ownFix.map { "<div class=\"fix\"><strong>修改方法</strong>：\(e($0))</div>" } ?? ""
                let message = pictures
                    ? "<td>\(e(f.message))\(fix)</td><td>\(evidenceCell(f, pagePicture: extras.pagePictures.contains(f.id)))</td>"
                    : "<td colspan=\"2\">\(e(f.message))\(fix)</td>"
                s += """
                    <tr class="\(e(f.severity.rawValue))" id="\(e(f.id))"><td>\(e(f.id))</td>\
                    <td class="num">\(f.page.map(String.init) ?? "—")</td><td>\(yearPart(f.year, f.part))</td>\
                    \(message)</tr>

                    """
            }
            s += "</tbody>\n"
        }
        return s + "</table>\n</section>\n"
    }

    static func evidenceCell(_ f: ReportFinding, pagePicture: Bool) -> String {
        guard let path = f.evidence else { return "<span class=\"muted\">—</span>" }
        // Only pictures of our own naming are linked; anything else is shown as text, never as a URL.
        guard let name = evidenceFileName(path) else { return HTML.escape(path) }
        let href = HTML.href(["evidence", name])
        var cell = "<a href=\"\(href)\"><img class=\"evidence\" src=\"\(href)\" alt=\"证据 \(HTML.escape(f.id))\"></a>"
            + "<a class=\"noprint\" href=\"\(href)\">查看原图 <span class=\"en\">open</span></a>"
        if pagePicture {
            let page = HTML.href(["evidence", ReportExtras.pagePictureName(f.id)])
            cell += " · <a href=\"\(page)\">整页位置 <span class=\"en\">whole page</span></a>"
        }
        return cell
    }

    /// The file name inside `evidence/` when `path` is `evidence/<safe name>.png`.
    static func evidenceFileName(_ path: String) -> String? {
        let prefix = "evidence/"
        guard path.hasPrefix(prefix) else { return nil }
        let name = String(path.dropFirst(prefix.count))
        return ReportWriter.isSafeEvidenceName(name) ? name : nil
    }

    private static func documentsSection(_ documents: [ReportDocument]) -> String {
        let e = HTML.escape
        var s = "<section>\n<h2>材料 <span class=\"en\">documents</span> (\(documents.count))</h2>\n"
        guard !documents.isEmpty else { return s + "<p class=\"muted\">无 <span class=\"en\">none</span></p>\n</section>\n" }
        s += """
            <table>
            <tr><th>文件 <span class="en">path</span></th><th>格式 <span class="en">format</span></th>\
            <th>页数 <span class="en">pages</span></th><th>类型 <span class="en">type</span></th>\
            <th>年度/类别 <span class="en">year/part</span></th><th>文字来源 <span class="en">text source</span></th>\
            <th>分段 <span class="en">segments</span></th></tr>

            """
        for d in documents {
            let type = d.type.map { "\(e(DocumentTypeNames.chinese($0)))<br><code>\(e($0.rawValue))</code>" }
                ?? "<span class=\"muted\">—</span>"
            let segments = d.segments.count > 1
                ? d.segments.map { seg in
                    let pages = seg.firstPage == seg.lastPage ? "\(seg.firstPage)" : "\(seg.firstPage)–\(seg.lastPage)"
                    return "第\(pages)页 \(e(DocumentTypeNames.chinese(seg.type))) \(yearPart(seg.year, seg.part))"
                }.joined(separator: "<br>")
                : ""
            let cues = d.cues.isEmpty ? "" : "<br><span class=\"muted\">\(e(d.cues.joined(separator: "; ")))</span>"
            s += """
                <tr><td class="path">\(e(d.path))</td><td>\(e(DisplayNames.chinese(d.format)))</td>\
                <td class="num">\(d.pages)</td><td>\(type)\(cues)</td><td>\(yearPart(d.year, d.part))</td>\
                <td>\(e(DisplayNames.chinese(d.textSource)))</td><td>\(segments)</td></tr>

                """
        }
        return s + "</table>\n</section>\n"
    }

    private static func yearPart(_ year: Int?, _ part: String?) -> String {
        var items: [String] = []
        if let year { items.append("\(year)年度") }
        if let part { items.append(HTML.escape(DisplayNames.chinese(part: part))) }
        return items.isEmpty ? "" : items.joined(separator: " · ")
    }

    /// Seconds with one decimal, independent of the locale (no `String(format:)`).
    static func secondsText(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
