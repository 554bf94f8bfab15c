import Foundation
import PrescreenCore

/// One applicant's line in index.html, summary.csv and summary.json.
public struct BatchEntry: Codable, Sendable, Hashable {
    /// The applicant's state in this run; `removed` is an applicant of an earlier run whose folder is gone.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pass, flagged, error, removed
    }

    public var id: String
    /// The applicant's folder name, also its directory under the output directory.
    public var folder: String
    public var status: Status
    public var violations: Int
    public var warnings: Int
    public var documents: Int
    public var pages: Int
    /// The report.json path relative to the output directory, e.g. `AKS-0001/report.json`; nil when removed.
    public var reportPath: String?

    /// An entry.
    public init(id: String, folder: String, status: Status, violations: Int, warnings: Int, documents: Int,
                pages: Int, reportPath: String?) {
        self.id = id
        self.folder = folder
        self.status = status
        self.violations = violations
        self.warnings = warnings
        self.documents = documents
        self.pages = pages
        self.reportPath = reportPath
    }

    /// The entry of a written report (`reportPath` = `<folder>/report.json`).
    public init(_ report: Report) {
        let status: Status
        switch report.status {
        case .pass: status = .pass
        case .flagged: status = .flagged
        case .error: status = .error
        }
        self.init(id: report.applicant.id, folder: report.applicant.folder, status: status,
                  violations: report.count(.violation), warnings: report.count(.warning),
                  documents: report.documents.count, pages: report.stats.pages,
                  reportPath: report.applicant.folder + "/report.json")
    }

    private enum CodingKeys: String, CodingKey {
        case id, folder, status, violations, warnings, documents, pages, report
    }

    /// Encodes in the CSV's column order, `reportPath` as `report`, null when absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(folder, forKey: .folder)
        try c.encode(status, forKey: .status)
        try c.encode(violations, forKey: .violations)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(documents, forKey: .documents)
        try c.encode(pages, forKey: .pages)
        try c.encodeOrNull(reportPath, forKey: .report)
    }

    /// Decodes an entry of summary.json.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), folder: try c.decode(String.self, forKey: .folder),
                  status: try c.decode(Status.self, forKey: .status),
                  violations: try c.decode(Int.self, forKey: .violations),
                  warnings: try c.decode(Int.self, forKey: .warnings),
                  documents: try c.decode(Int.self, forKey: .documents), pages: try c.decode(Int.self, forKey: .pages),
                  reportPath: try c.decodeIfPresent(String.self, forKey: .report))
    }

    /// Stable order for summary files: by id, then folder (byte order).
    static func byID(_ a: BatchEntry, _ b: BatchEntry) -> Bool {
        if a.id != b.id { return a.id.utf8.lexicographicallyPrecedes(b.id.utf8) }
        return a.folder.utf8.lexicographicallyPrecedes(b.folder.utf8)
    }

    /// index.html order: flagged first, then errors, passes, removed; by id within each.
    static func byAttention(_ a: BatchEntry, _ b: BatchEntry) -> Bool {
        let rank: [Status: Int] = [.flagged: 0, .error: 1, .pass: 2, .removed: 3]
        let ra = rank[a.status] ?? 9, rb = rank[b.status] ?? 9
        return ra != rb ? ra < rb : byID(a, b)
    }
}

/// summary.json: every applicant of the run, with totals.
public struct BatchSummary: Codable, Sendable, Hashable {
    /// Counts over the run.
    public struct Totals: Codable, Sendable, Hashable {
        public var applicants: Int
        public var pass: Int
        public var flagged: Int
        public var error: Int
        public var removed: Int
        public var violations: Int
        public var warnings: Int
    }

    public var schemaVersion: Int
    public var tool: Report.Tool
    public var totals: Totals
    public var applicants: [BatchEntry]

    /// The summary of `entries`, sorted by id.
    public init(_ entries: [BatchEntry]) {
        schemaVersion = ToolInfo.schemaVersion
        tool = Report.Tool()
        let count = { (s: BatchEntry.Status) in entries.filter { $0.status == s }.count }
        totals = Totals(applicants: entries.count, pass: count(.pass), flagged: count(.flagged), error: count(.error),
                        removed: count(.removed), violations: entries.reduce(0) { $0 + $1.violations },
                        warnings: entries.reduce(0) { $0 + $1.warnings })
        applicants = entries.sorted(by: BatchEntry.byID)
    }
}

/// summary.csv: UTF-8 with a BOM (so spreadsheet programs read the Chinese), RFC 4180.
public enum SummaryCSV {
    /// The header line's columns, exactly as CONTRACT.md lists them.
    public static let columns = ["id", "status", "violations", "warnings", "documents", "pages", "report"]

    /// The whole file: BOM, header, one CRLF-terminated row per entry sorted by id.
    public static func render(_ entries: [BatchEntry]) -> Data {
        var text = "\u{FEFF}" + columns.joined(separator: ",") + "\r\n"
        for e in entries.sorted(by: BatchEntry.byID) {
            let fields = [e.id, e.status.rawValue, String(e.violations), String(e.warnings), String(e.documents),
                          String(e.pages), e.reportPath ?? ""]
            text += fields.map(field).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    /// A field, quoted when it holds a comma, a quote, CR or LF (quotes doubled), as RFC 4180 says.
    ///
    /// A cell that begins with `=`, `+`, `-`, `@`, a tab or CR is a formula to Excel (a folder named `=1+1`,
    /// an id `=HYPERLINK(…)`): it gets a leading `'` and is quoted, OWASP's rule against CSV injection.
    /// Every CSV the tool writes goes through here.
    public static func field(_ s: String) -> String {
        var s = s
        if let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            s = "'" + s
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Renders index.html: every applicant with status and counts, linked to its report, flagged first.
public enum IndexHTML {
    /// The whole page.
    public static func render(_ entries: [BatchEntry]) -> String {
        let e = HTML.escape
        let summary = BatchSummary(entries)
        var body = """
            <header>
            <h1>职称评审材料预审汇总 <span class="en">pre-screening summary</span></h1>
            <p class="counts"><span>申请人 <span class="en">applicants</span> <strong>\(summary.totals.applicants)</strong></span>
            <span>需修改 <span class="en">flagged</span> <strong>\(summary.totals.flagged)</strong></span>
            <span>出错 <span class="en">error</span> \(summary.totals.error)</span>
            <span>通过 <span class="en">pass</span> \(summary.totals.pass)</span>
            <span>已移除 <span class="en">removed</span> \(summary.totals.removed)</span></p>
            </header>
            <table>
            <tr><th>申请人 <span class="en">applicant</span></th><th>状态 <span class="en">status</span></th>\
            <th>违规 <span class="en">violations</span></th><th>提醒 <span class="en">warnings</span></th>\
            <th>材料 <span class="en">documents</span></th><th>页数 <span class="en">pages</span></th>\
            <th>报告 <span class="en">report</span></th></tr>

            """
        for entry in entries.sorted(by: BatchEntry.byAttention) {
            let link = entry.status == .removed || entry.reportPath == nil
                ? "<span class=\"muted\">—</span>"
                : "<a href=\"\(HTML.href([entry.folder, "report.html"]))\">report.html</a> · "
                    + "<a href=\"\(HTML.href([entry.folder, "report.json"]))\">report.json</a>"
            let folder = entry.folder == entry.id ? "" : " <span class=\"muted\">(\(e(entry.folder)))</span>"
            body += """
                <tr class="\(e(entry.status.rawValue))"><td>\(e(entry.id))\(folder)</td>\
                <td>\(HTML.badge(entry.status.rawValue, chinese: chinese(entry.status)))</td>\
                <td class="num">\(entry.violations)</td><td class="num">\(entry.warnings)</td>\
                <td class="num">\(entry.documents)</td><td class="num">\(entry.pages)</td><td>\(link)</td></tr>

                """
        }
        body += "</table>\n<footer>\(e(ToolInfo.name)) \(e(ToolInfo.version))</footer>"
        return HTML.page(title: "预审汇总 pre-screening summary", body: body)
    }

    static func chinese(_ status: BatchEntry.Status) -> String {
        switch status {
        case .pass: return "通过"
        case .flagged: return "需修改"
        case .error: return "出错"
        case .removed: return "已移除"
        }
    }
}
