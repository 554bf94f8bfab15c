#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PrescreenCore

/// One applicant's line in index.html, summary.csv, summary-zh.csv, findings.csv and summary.json.
public struct BatchEntry: Codable, Sendable, Hashable {
    /// The applicant's state in this run; `removed` is an applicant of an earlier run whose folder is gone.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pass, flagged, error, removed
    }

    /// One finding, as findings.csv lists it (the evidence and box stay in report.json).
    public struct Line: Codable, Sendable, Hashable {
        public var rule: String
        public var severity: Severity
        public var document: String?
        public var page: Int?
        public var message: String

        /// A finding line.
        public init(rule: String, severity: Severity, document: String? = nil, page: Int? = nil, message: String) {
            self.rule = rule
            self.severity = severity
            self.document = document
            self.page = page
            self.message = message
        }

        private enum CodingKeys: String, CodingKey { case rule, severity, document, page, message }

        /// Encodes every key, absent values as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rule, forKey: .rule)
            try c.encode(severity, forKey: .severity)
            try c.encodeOrNull(document, forKey: .document)
            try c.encodeOrNull(page, forKey: .page)
            try c.encode(message, forKey: .message)
        }
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
    /// The pipeline the applicant was checked with (the report's `pipeline`); nil when not known.
    public var pipeline: Report.Pipeline?
    /// Every finding of the report, in report order; nil for an entry stored by a version before 0.2 (the
    /// scan then checks that applicant again rather than list it without its rules).
    public var findings: [Line]?
    /// When the applicant was last checked: the modification time of its report.json, filled in when the batch
    /// files are written (not stored: the file's own time is the truth, whichever run or shard wrote it).
    public var checkedAt: Date?

    /// An entry.
    public init(id: String, folder: String, status: Status, violations: Int, warnings: Int, documents: Int,
                pages: Int, reportPath: String?, pipeline: Report.Pipeline? = nil, findings: [Line]? = nil,
                checkedAt: Date? = nil) {
        self.id = id
        self.folder = folder
        self.status = status
        self.violations = violations
        self.warnings = warnings
        self.documents = documents
        self.pages = pages
        self.reportPath = reportPath
        self.pipeline = pipeline
        self.findings = findings
        self.checkedAt = checkedAt
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
                  reportPath: report.applicant.folder + "/report.json", pipeline: report.pipeline,
                  findings: report.findings.map {
                      Line(rule: $0.rule.rawValue, severity: $0.severity, document: $0.document, page: $0.page,
                           message: $0.message)
                  })
    }

    /// The rule families of CONTRACT.md's rule ids, in the index's column order.
    public static let families = ["blind", "docs", "quality", "input"]

    /// Findings per family (`blind/name` counts for `blind`), every family present.
    public var familyCounts: [String: Int] {
        var out = Dictionary(uniqueKeysWithValues: Self.families.map { ($0, 0) })
        for f in findings ?? [] {
            let family = f.rule.split(separator: "/").first.map(String.init) ?? f.rule
            out[family, default: 0] += 1
        }
        return out
    }

    /// The rules that fired with their finding counts, violations' rules first, then by id.
    public var firedRules: [(rule: String, severity: Severity, count: Int)] {
        var counts: [String: (Severity, Int)] = [:]
        for f in findings ?? [] {
            let old = counts[f.rule] ?? (f.severity, 0)
            counts[f.rule] = (max(old.0, f.severity), old.1 + 1)
        }
        return counts.map { (rule: $0.key, severity: $0.value.0, count: $0.value.1) }.sorted {
            $0.severity != $1.severity ? $0.severity > $1.severity : $0.rule < $1.rule
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, folder, status, violations, warnings, documents, pages, report, pipeline, findings
    }

    /// Encodes in the CSV's column order, `reportPath` as `report`, null when absent; then the pipeline and the
    /// findings (summary.json carries every finding, findings.csv's rows as JSON).
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
        try c.encodeOrNull(pipeline, forKey: .pipeline)
        try c.encodeOrNull(findings, forKey: .findings)
    }

    /// Decodes an entry of summary.json (or of the state store); `pipeline` and `findings` may be absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), folder: try c.decode(String.self, forKey: .folder),
                  status: try c.decode(Status.self, forKey: .status),
                  violations: try c.decode(Int.self, forKey: .violations),
                  warnings: try c.decode(Int.self, forKey: .warnings),
                  documents: try c.decode(Int.self, forKey: .documents), pages: try c.decode(Int.self, forKey: .pages),
                  reportPath: try c.decodeIfPresent(String.self, forKey: .report),
                  pipeline: try c.decodeIfPresent(Report.Pipeline.self, forKey: .pipeline),
                  findings: try c.decodeIfPresent([Line].self, forKey: .findings))
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
///
/// Its header and status values are the machine-readable ones CONTRACT.md pins (`id,status,…,report`): scripts
/// (scripts/bench.sh reads column 6) and review systems read it by name or position. The staff's spreadsheet, in
/// Chinese and with the folder and the rules that fired, is ``SummaryTableCSV`` (summary-zh.csv); one row per
/// finding is ``FindingsCSV`` (findings.csv).
public enum SummaryCSV {
    /// The header line's columns, exactly as CONTRACT.md lists them.
    public static let columns = ["id", "status", "violations", "warnings", "documents", "pages", "report"]

    /// The whole file: BOM, header, one CRLF-terminated row per entry sorted by id.
    public static func render(_ entries: [BatchEntry]) -> Data {
        table(header: columns, rows: entries.sorted(by: BatchEntry.byID).map { e in
            [e.id, e.status.rawValue, String(e.violations), String(e.warnings), String(e.documents),
             String(e.pages), e.reportPath ?? ""]
        })
    }

    /// A CSV file as every CSV of the tool is written: BOM, then CRLF-terminated rows of quoted fields.
    static func table(header: [String], rows: [[String]]) -> Data {
        var text = "\u{FEFF}" + header.map(field).joined(separator: ",") + "\r\n"
        for row in rows { text += row.map(field).joined(separator: ",") + "\r\n" }
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

/// summary-zh.csv: the batch for the staff's spreadsheet (Excel, WPS): Chinese header and status, the folder
/// beside the id (an `id:` in applicant.yml hides which folder a row is), the findings per rule family and the
/// rules that fired, when each applicant was last checked and its report.html. Same encoding as summary.csv.
public enum SummaryTableCSV {
    /// The header line's columns.
    public static let columns = ["申请人编号", "文件夹", "状态", "违规数", "提醒数", "盲审问题", "材料问题", "质量问题",
                                 "输入问题", "触发的规则", "材料份数", "页数", "检查时间", "报告"]

    /// The whole file, one row per entry sorted by id.
    public static func render(_ entries: [BatchEntry]) -> Data {
        SummaryCSV.table(header: columns, rows: entries.sorted(by: BatchEntry.byID).map(row))
    }

    static func row(_ e: BatchEntry) -> [String] {
        let families = e.familyCounts
        var cells: [String] = [e.id, e.folder, IndexHTML.chinese(e.status), String(e.violations), String(e.warnings)]
        for f in BatchEntry.families { cells.append(String(families[f] ?? 0)) }
        let rules: [String] = e.firedRules.map { "\($0.rule)(\($0.count))" }
        cells.append(rules.joined(separator: " "))
        cells.append(String(e.documents))
        cells.append(String(e.pages))
        cells.append(e.checkedAt.map { BatchTime.display($0) } ?? "")
        cells.append(e.reportPath == nil ? "" : e.folder + "/report.html")
        return cells
    }
}

/// findings.csv: one row per finding of every applicant present (not of removed ones), for tracking who fixed
/// what and for a review system's import. Sorted by applicant id, then in report order (violations first).
public enum FindingsCSV {
    /// The header line's columns.
    public static let columns = ["申请人编号", "文件夹", "规则", "级别", "文件", "页码", "说明"]

    /// The whole file; the rule id stays machine-readable (`blind/name`), the severity is 违规 or 提醒.
    public static func render(_ entries: [BatchEntry]) -> Data {
        var rows: [[String]] = []
        for e in entries.sorted(by: BatchEntry.byID) where e.status != .removed {
            for f in e.findings ?? [] {
                rows.append([e.id, e.folder, f.rule, f.severity == .violation ? "违规" : "提醒", f.document ?? "",
                             f.page.map(String.init) ?? "", f.message])
            }
        }
        return SummaryCSV.table(header: columns, rows: rows)
    }
}

/// The times of the batch files: local time (the server's zone, Beijing time in Aksu), minutes, any locale.
enum BatchTime {
    /// `2026-12-06 21:48`.
    static func display(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.tm_year + 1900)-\(two(p.tm_mon + 1))-\(two(p.tm_mday)) \(two(p.tm_hour)):\(two(p.tm_min))"
    }

    /// `2026-12-06T21:48:05+08:00`, for `<time datetime>`.
    static func iso(_ date: Date) -> String {
        let p = parts(date)
        let offset = Int(p.tm_gmtoff) / 60
        let sign = offset < 0 ? "-" : "+"
        return "\(p.tm_year + 1900)-\(two(p.tm_mon + 1))-\(two(p.tm_mday))T\(two(p.tm_hour)):\(two(p.tm_min)):"
            + "\(two(p.tm_sec))\(sign)\(two(Int32(abs(offset) / 60))):\(two(Int32(abs(offset) % 60)))"
    }

    private static func parts(_ date: Date) -> tm {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var p = tm()
        localtime_r(&t, &p)
        return p
    }

    private static func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

/// Renders index.html: every applicant with status, counts per rule family and the rules that fired, linked to
/// its report, flagged first; a search box, a status and a family filter and sortable columns.
///
/// Filter and sort are a short inline script over the table's own rows (nothing is fetched: the page works
/// from a file share or a USB stick, offline). Without scripts the page is the same table in its default order.
public enum IndexHTML {
    /// The whole page; `generated` is the time shown as the scan time (the batch files' writing).
    public static func render(_ entries: [BatchEntry], generated: Date = Date()) -> String {
        let e = HTML.escape
        let summary = BatchSummary(entries)
        let pipelines = Set(entries.compactMap(\.pipeline)).sorted { ($0.name, $0.evaluationYear) < ($1.name, $1.evaluationYear) }
        let pipelineText = pipelines.isEmpty ? "—"
            : pipelines.map { "\(e($0.name))（\($0.evaluationYear) 年度 <span class=\"en\">evaluation year</span>）" }
                .joined(separator: "、")
        var familyTotals = Dictionary(uniqueKeysWithValues: BatchEntry.families.map { ($0, 0) })
        for entry in entries where entry.status != .removed {
            for (k, v) in entry.familyCounts { familyTotals[k, default: 0] += v }
        }
        let familyText = BatchEntry.families.map {
            "<span>\(familyName($0)) <span class=\"en\">\($0)</span> \(familyTotals[$0] ?? 0)</span>"
        }.joined(separator: "\n")
        let statusOptions = BatchEntry.Status.allCases.map {
            "<option value=\"\($0.rawValue)\">\(chinese($0)) \($0.rawValue)</option>"
        }.joined()
        let familyOptions = BatchEntry.families.map {
            "<option value=\"\($0)\">\(familyName($0)) \($0)</option>"
        }.joined()
        func head(_ zh: String, _ en: String, _ type: String) -> String {
            "<th data-type=\"\(type)\"><button type=\"button\">\(zh) <span class=\"en\">\(en)</span></button></th>"
        }
        let heads = [head("申请人", "applicant", "text"), head("状态", "status", "number"),
                     head("违规", "violations", "number"), head("提醒", "warnings", "number")]
            + BatchEntry.families.map { head(familyName($0), $0, "number") }
            + [head("触发的规则", "rules", "text"), head("材料", "documents", "number"), head("页数", "pages", "number"),
               head("检查时间", "checked", "number"), "<th>报告 <span class=\"en\">report</span></th>"]
        var body = """
            <header>
            <h1>职称评审材料预审汇总 <span class="en">pre-screening summary</span></h1>
            <p class="counts"><span>申请人 <span class="en">applicants</span> <strong>\(summary.totals.applicants)</strong></span>
            <span>需修改 <span class="en">flagged</span> <strong>\(summary.totals.flagged)</strong></span>
            <span>出错 <span class="en">error</span> \(summary.totals.error)</span>
            <span>通过 <span class="en">pass</span> \(summary.totals.pass)</span>
            <span>已移除 <span class="en">removed</span> \(summary.totals.removed)</span></p>
            <p class="counts">各类问题 <span class="en">findings by family</span>：\(familyText)</p>
            <p class="meta">扫描时间 <span class="en">scanned</span> <time datetime="\(BatchTime.iso(generated))">\(BatchTime.display(generated))</time>
            · 程序 <span class="en">tool</span> \(e(ToolInfo.name)) \(e(ToolInfo.version))
            · 流程 <span class="en">pipeline</span> \(pipelineText)</p>
            <p class="meta noprint">下载 <span class="en">download</span>：<a href="summary-zh.csv">汇总表 summary-zh.csv</a>
            · <a href="findings.csv">问题清单 findings.csv</a>（每个问题一行 <span class="en">one row per finding</span>）
            · <a href="summary.csv">summary.csv</a> · <a href="summary.json">summary.json</a></p>
            </header>
            <form class="filters noprint" id="filters" onsubmit="return false">
            <label>搜索 <span class="en">search</span> <input type="search" id="q" placeholder="编号、文件夹或规则，如 blind/name"></label>
            <label>状态 <span class="en">status</span> <select id="status"><option value="">全部 all</option>\(statusOptions)</select></label>
            <label>问题类别 <span class="en">family</span> <select id="family"><option value="">全部 all</option>\(familyOptions)</select></label>
            <span>显示 <span class="en">shown</span> <strong id="shown">\(entries.count)</strong> / \(entries.count)</span>
            <span class="muted">点击列名排序 <span class="en">click a column to sort</span></span>
            </form>
            <table id="applicants" class="index">
            <thead><tr>\(heads.joined())</tr></thead>
            <tbody>

            """
        let rank: [BatchEntry.Status: Int] = [.flagged: 0, .error: 1, .pass: 2, .removed: 3]
        for (order, entry) in entries.sorted(by: BatchEntry.byAttention).enumerated() {
            let link = entry.status == .removed || entry.reportPath == nil
                ? "<span class=\"muted\">—</span>"
                : "<a href=\"\(HTML.href([entry.folder, "report.html"]))\">report.html</a> "
                    + "<a class=\"muted\" href=\"\(HTML.href([entry.folder, "report.json"]))\">json</a>"
            let folder = entry.folder == entry.id ? "" : "<br><span class=\"muted\">(\(e(entry.folder)))</span>"
            let counts = entry.familyCounts
            let fired = entry.firedRules
            let families = BatchEntry.families.filter { (counts[$0] ?? 0) > 0 }
            let rules = entry.findings == nil ? "<span class=\"muted\">?</span>"
                : fired.map { "<span class=\"rule\"><code class=\"\($0.severity.rawValue)\">\(e($0.rule))</code> ×\($0.count)</span>" }
                    .joined(separator: " ")
            let search = ([entry.id, entry.folder, entry.status.rawValue, chinese(entry.status)] + fired.map(\.rule))
                .joined(separator: " ").lowercased()
            let checked = entry.checkedAt.map {
                "<td class=\"num\" data-v=\"\(Int($0.timeIntervalSince1970))\"><time datetime=\"\(BatchTime.iso($0))\">\(BatchTime.display($0))</time></td>"
            } ?? "<td class=\"num\" data-v=\"0\"><span class=\"muted\">—</span></td>"
            let familyCells = BatchEntry.families.map { f in
                let n = counts[f] ?? 0
                return "<td class=\"num\" data-v=\"\(n)\">\(n == 0 ? "<span class=\"muted\">0</span>" : String(n))</td>"
            }.joined()
            body += """
                <tr class="\(e(entry.status.rawValue))" data-order="\(order)" data-status="\(e(entry.status.rawValue))" \
                data-families="\(families.joined(separator: " "))" data-search="\(e(search))">\
                <td data-v="\(e(entry.id))">\(e(entry.id))\(folder)</td>\
                <td data-v="\(rank[entry.status] ?? 9)">\(HTML.badge(entry.status.rawValue, chinese: chinese(entry.status)))</td>\
                <td class="num" data-v="\(entry.violations)">\(entry.violations)</td>\
                <td class="num" data-v="\(entry.warnings)">\(entry.warnings)</td>\(familyCells)\
                <td class="rules" data-v="\(e(fired.map(\.rule).joined(separator: " ")))">\(rules)</td>\
                <td class="num" data-v="\(entry.documents)">\(entry.documents)</td>\
                <td class="num" data-v="\(entry.pages)">\(entry.pages)</td>\(checked)<td>\(link)</td></tr>

                """
        }
        body += "</tbody>\n</table>\n<footer>\(e(ToolInfo.name)) \(e(ToolInfo.version))</footer>"
        return HTML.page(title: "预审汇总 pre-screening summary", body: body, script: script)
    }

    /// The rule family's Chinese name.
    static func familyName(_ family: String) -> String {
        switch family {
        case "blind": return "盲审"
        case "docs": return "材料"
        case "quality": return "质量"
        case "input": return "输入"
        default: return family
        }
    }

    /// Filter (every word of the search in the row's id, folder, status or rules; status; family) and sort (a
    /// column's `data-v`, numbers as numbers, ties in the default order; a second click reverses). Plain ES5 so
    /// that an old browser on a reviewer's desk runs it too.
    static let script = """
        (function () {
          var table = document.getElementById('applicants');
          var body = table.tBodies[0];
          var q = document.getElementById('q');
          var status = document.getElementById('status');
          var family = document.getElementById('family');
          var shown = document.getElementById('shown');
          function each(list, f) { Array.prototype.forEach.call(list, f); }
          function apply() {
            var words = q.value.toLowerCase().split(/\\s+/).filter(function (w) { return w.length > 0; });
            var n = 0;
            each(body.rows, function (row) {
              var text = row.getAttribute('data-search');
              var families = ' ' + row.getAttribute('data-families') + ' ';
              var ok = (!status.value || row.getAttribute('data-status') === status.value) &&
                (!family.value || families.indexOf(' ' + family.value + ' ') >= 0) &&
                words.every(function (w) { return text.indexOf(w) >= 0; });
              row.hidden = !ok;
              if (ok) { n += 1; }
            });
            shown.textContent = String(n);
          }
          each([q, status, family], function (el) {
            el.addEventListener('input', apply);
            el.addEventListener('change', apply);
          });
          var heads = table.tHead.rows[0].cells;
          each(heads, function (th, col) {
            var button = th.querySelector('button');
            if (!button) { return; }
            button.addEventListener('click', function () {
              var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
              each(heads, function (h) { h.removeAttribute('aria-sort'); });
              th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
              var numeric = th.getAttribute('data-type') === 'number';
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = a.cells[col].getAttribute('data-v');
                var y = b.cells[col].getAttribute('data-v');
                var c = numeric ? Number(x) - Number(y) : x.localeCompare(y, 'zh-CN');
                return c * dir || Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order'));
              });
              each(rows, function (r) { body.appendChild(r); });
            });
          });
          apply();
        })();
        """

    static func chinese(_ status: BatchEntry.Status) -> String {
        switch status {
        case .pass: return "通过"
        case .flagged: return "需修改"
        case .error: return "出错"
        case .removed: return "已移除"
        }
    }
}
