import PrescreenCore

/// Renders notice.html, 退回修改意见: the page a reviewer prints (A4) or sends to a flagged applicant.
///
/// Plain Chinese only: what to fix, file by file, with the 修改方法 and the evidence pictures. Nothing that only
/// the reviewer needs (rule ids, classifier cues, text sources, findings the applicant cannot act on such as a
/// broken `applicant.yml`) and no English.
public enum NoticeHTML {
    /// The page; every value from the report is HTML-escaped.
    public static func render(_ report: Report, extras: ReportExtras) -> String {
        let e = HTML.escape
        let findings = report.findings.filter { !extras.reviewerOnly.contains($0.id) }
        let mustFix = findings.filter { $0.severity == .violation }
        let toCheck = findings.filter { $0.severity == .warning }
        var body = """
            <div class="notice">
            <h1>退回修改意见</h1>
            <p class="muted" style="text-align:center">\(e(extras.title ?? "职称评审申报材料预审"))</p>
            <p>申请人编号：<strong>\(e(report.applicant.id))</strong></p>
            <p>经预审，您提交的申报材料有以下问题。请按每条问题的“修改方法”修改后，重新上传相应材料。\
            “须修改”的问题不修改将无法进入评审；“请核对”的问题请核实，确有问题的一并修改。</p>

            """
        body += section(number: "一", title: "须修改的问题", findings: mustFix, extras: extras)
        body += section(number: mustFix.isEmpty ? "一" : "二", title: "请核对的问题", findings: toCheck, extras: extras)
        body += """
            <p class="muted">提示：申报人未通过首次审核的，应于退回后2日内根据修改意见修改材料并提交；\
            提交评审委员会审核的次数不超过3次。</p>
            <div class="sign"><span>审核人：__________</span><span>日期：____年__月__日</span></div>
            </div>
            """
        return HTML.page(title: "退回修改意见 \(report.applicant.id)", body: body)
    }

    /// One numbered section: the documents in path order, each with its problems; then the whole-submission ones
    /// (missing documents) under 缺少的材料.
    private static func section(number: String, title: String, findings: [ReportFinding],
                                extras: ReportExtras) -> String {
        guard !findings.isEmpty else { return "" }
        let e = HTML.escape
        var s = "<section>\n<h2>\(number)、\(title)（\(findings.count) 处）</h2>\n"
        let groups = FindingGroup.grouped(findings)
        var documents: [String] = []
        for g in groups { if let d = g.document, !documents.contains(d) { documents.append(d) } }
        for document in documents.sorted() {
            s += "<div class=\"doc\">\n<h3>文件：<span class=\"path\">\(e(document))</span></h3>\n"
            for g in groups where g.document == document { s += item(g, extras: extras) }
            s += "</div>\n"
        }
        let whole = groups.filter { $0.document == nil }
        if !whole.isEmpty {
            s += "<div class=\"doc\">\n<h3>缺少的材料或整体问题</h3>\n"
            for g in whole { s += item(g, extras: extras) }
            s += "</div>\n"
        }
        return s + "</section>\n"
    }

    /// One rule's problems on one document: what is wrong (each finding's message in Chinese, with its page), how
    /// to fix it, and the pictures.
    private static func item(_ g: FindingGroup, extras: ReportExtras) -> String {
        let e = HTML.escape
        var s = "<div class=\"item\">\n"
        let common = g.commonFix(extras)
        var seen = Set<String>()
        for f in g.findings {
            let what = plainChinese(f.message)
            let page = f.page.map { "第\($0)页：" } ?? ""
            let line = page + what
            // Repeated identical lines (three boxes on one page) are said once; their pictures all stay.
            if seen.insert(line).inserted { s += "<p>问题：\(e(line))</p>\n" }
            if common == nil, let fix = extras.fixes[f.id], !fix.isEmpty {
                s += "<p class=\"fix\">修改方法：\(e(fix))</p>\n"
            }
        }
        if let common { s += "<p class=\"fix\">修改方法：\(e(common))</p>\n" }
        var pictures = ""
        for f in g.findings {
            guard let path = f.evidence, let name = ReportHTML.evidenceFileName(path) else { continue }
            let href = HTML.href(["evidence", name])
            let caption = f.page.map { "第\($0)页（红框处）" } ?? "红框处"
            pictures += "<figure><img src=\"\(href)\" alt=\"\(e(caption))\"><figcaption>\(e(caption))</figcaption></figure>\n"
        }
        return s + pictures + "</div>\n"
    }

    /// A finding's message without its English gloss: the text before a trailing " (…)" of ASCII only.
    public static func plainChinese(_ message: String) -> String {
        guard message.hasSuffix(")"), let open = message.range(of: " (", options: .backwards) else { return message }
        let gloss = message[open.upperBound...]
        guard gloss.unicodeScalars.allSatisfy(\.isASCII) else { return message }
        return String(message[..<open.lowerBound])
    }
}
