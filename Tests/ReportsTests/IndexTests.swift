import Foundation
import PrescreenCore
import Reports
import Testing
import TestSupport

/// A batch the staff can work through: three applicants with findings of every family, one of them under an
/// `id:` that hides its folder, and one removed.
enum Batch {
    static let checked = Date(timeIntervalSince1970: 1_790_000_000)

    static func entries() -> [BatchEntry] {
        let pipeline = Report.Pipeline(name: "aksu-2024", evaluationYear: 2024)
        func line(_ rule: String, _ severity: Severity, _ doc: String?, _ page: Int?) -> BatchEntry.Line {
            BatchEntry.Line(rule: rule, severity: severity, document: doc, page: page, message: "\(rule) 的问题, \"引号\"")
        }
        return [
            BatchEntry(id: "AKS-0001", folder: "AKS-0001", status: .pass, violations: 0, warnings: 1, documents: 5,
                       pages: 30, reportPath: "AKS-0001/report.json", pipeline: pipeline,
                       findings: [line("quality/orientation", .warning, "考核/2021.pdf", 2)], checkedAt: checked),
            BatchEntry(id: "AKS-0003", folder: "张三的材料", status: .flagged, violations: 3, warnings: 1, documents: 4,
                       pages: 7, reportPath: "张三的材料/report.json", pipeline: pipeline,
                       findings: [line("blind/name", .violation, "学历/备案表.pdf", 1),
                                  line("blind/name", .violation, "学历/备案表.pdf", 3),
                                  line("docs/appraisal", .violation, nil, nil),
                                  line("blind/seal", .warning, "公示.pdf", 1)],
                       checkedAt: checked.addingTimeInterval(60)),
            BatchEntry(id: "AKS-0002", folder: "AKS-0002", status: .flagged, violations: 1, warnings: 0, documents: 9,
                       pages: 120, reportPath: "AKS-0002/report.json", pipeline: pipeline,
                       findings: [line("input/unreadable", .violation, "坏.pdf", nil)], checkedAt: checked),
            BatchEntry(id: "AKS-0009", folder: "AKS-0009", status: .removed, violations: 1, warnings: 0, documents: 2,
                       pages: 3, reportPath: nil, pipeline: pipeline, findings: [line("blind/name", .violation, "a.pdf", 1)]),
        ]
    }
}

@Suite("index.html and the staff's CSV files")
struct IndexTests {
    @Test func indexListsRulesFamilyCountsScanTimeAndVersions() {
        let html = IndexHTML.render(Batch.entries(), generated: Batch.checked)
        // The rules that fired, with their counts, on the applicant's row; the folder beside a hiding id.
        #expect(html.contains("<code class=\"violation\">blind/name</code> ×2"))
        #expect(html.contains("<code class=\"warning\">blind/seal</code> ×1"))
        #expect(html.contains("AKS-0003<br><span class=\"muted\">(张三的材料)</span>"))
        #expect(html.contains("data-families=\"blind docs\""))
        // Family columns and the batch's totals per family (the removed applicant's findings do not count).
        #expect(html.contains("<span>盲审 <span class=\"en\">blind</span> 3</span>"))
        #expect(html.contains("<span>输入 <span class=\"en\">input</span> 1</span>"))
        #expect(html.contains("<span>质量 <span class=\"en\">quality</span> 1</span>"))
        // Scan time, each applicant's check time, the tool's and the pipeline's versions.
        #expect(html.contains("扫描时间 <span class=\"en\">scanned</span> <time datetime=\""))
        #expect(html.contains("data-v=\"1790000060\"><time"))
        #expect(html.contains("prescreen \(ToolInfo.version)"))
        #expect(html.contains("aksu-2024（2024 年度"))
        // Filter and sort controls, and links to every batch file.
        #expect(html.contains("<input type=\"search\" id=\"q\""))
        #expect(html.contains("<select id=\"status\">") && html.contains("<select id=\"family\">"))
        for file in ["summary-zh.csv", "findings.csv", "summary.csv", "summary.json"] {
            #expect(html.contains("href=\"\(file)\""), "\(file)")
        }
        // Offline: one inline script, nothing fetched or loaded from elsewhere.
        #expect(html.components(separatedBy: "<script").count == 2)
        for remote in ["<script src", "http://", "https://", "fetch(", "XMLHttpRequest", "<link", "import("] {
            #expect(!html.contains(remote), "\(remote)")
        }
    }

    @Test func summaryTableIsInChineseWithTheFolderAndTheRules() {
        let data = SummaryTableCSV.render(Batch.entries())
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "申请人编号,文件夹,状态,违规数,提醒数,盲审问题,材料问题,质量问题,输入问题,触发的规则,材料份数,页数,检查时间,报告")
        #expect(lines.count == 6 && lines.last == "", "one CRLF-terminated row per applicant")
        #expect(lines.contains { $0.hasPrefix("AKS-0003,张三的材料,需修改,3,1,3,1,0,0,blind/name(2) docs/appraisal(1) blind/seal(1),4,7,") })
        #expect(lines.contains { $0.hasPrefix("AKS-0009,AKS-0009,已移除,") })
        #expect(lines.contains { $0.hasPrefix("AKS-0001,AKS-0001,通过,") && $0.hasSuffix(",AKS-0001/report.html") })
        #expect(!text.contains(",flagged,") && !text.contains(",pass,"), "status values are Chinese")
    }

    @Test func findingsHaveOneRowEachWithFileAndPage() {
        let data = FindingsCSV.render(Batch.entries())
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text == "申请人编号,文件夹,规则,级别,文件,页码,说明\r\n"
            + "AKS-0001,AKS-0001,quality/orientation,提醒,考核/2021.pdf,2,\"quality/orientation 的问题, \"\"引号\"\"\"\r\n"
            + "AKS-0002,AKS-0002,input/unreadable,违规,坏.pdf,,\"input/unreadable 的问题, \"\"引号\"\"\"\r\n"
            + "AKS-0003,张三的材料,blind/name,违规,学历/备案表.pdf,1,\"blind/name 的问题, \"\"引号\"\"\"\r\n"
            + "AKS-0003,张三的材料,blind/name,违规,学历/备案表.pdf,3,\"blind/name 的问题, \"\"引号\"\"\"\r\n"
            + "AKS-0003,张三的材料,docs/appraisal,违规,,,\"docs/appraisal 的问题, \"\"引号\"\"\"\r\n"
            + "AKS-0003,张三的材料,blind/seal,提醒,公示.pdf,1,\"blind/seal 的问题, \"\"引号\"\"\"\r\n",
            "the removed applicant's findings are not listed")
    }

    @Test func summaryJSONCarriesTheFindingsAndReadsBack() throws {
        let data = try ReportWriter.encodeJSON(BatchSummary(Batch.entries()))
        let decoded = try JSONDecoder().decode(BatchSummary.self, from: data)
        var expected = Batch.entries()
        for i in expected.indices { expected[i].checkedAt = nil }
        #expect(decoded.applicants == BatchSummary(expected).applicants)
        #expect(decoded.applicants.first { $0.id == "AKS-0003" }?.findings?.count == 4)
    }
}

/// index.html in a real browser: the filter and the sort run offline as staff would use them.
@Suite(.serialized, .enabled(if: Browser.chromium != nil, "needs chromium (scripts/install-deps.sh)"))
struct IndexBrowserTests {
    /// index.html with a script appended that works the page as a person would (types, picks, clicks), then
    /// the DOM chromium holds after it ran. The page's own script is untouched.
    static func afterScript(_ actions: String) throws -> String {
        let t = try TempTree("index-browser")
        defer { t.remove() }
        let html = IndexHTML.render(Batch.entries(), generated: Batch.checked)
        let driven = html.replacingOccurrences(of: "</body>", with: "<script>\n\(actions)\n</script>\n</body>")
        let file = try t.file("index.html", Data(driven.utf8))
        return try #require(try Browser.dumpDOM(file), "chromium dumped no DOM")
    }

    /// The applicant ids of the table's rows in document order, and which are hidden.
    static func rows(_ dom: String) -> [(id: String, hidden: Bool)] {
        let pattern = #"<tr class="[a-z]+" data-order="\d+"([^>]*)><td data-v="([^"]+)""#
        guard let re = try? NSRegularExpression(pattern: pattern) else { return [] }
        return re.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).compactMap { m in
            guard let attrs = Range(m.range(at: 1), in: dom), let id = Range(m.range(at: 2), in: dom) else { return nil }
            return (String(dom[id]), dom[attrs].contains(" hidden"))
        }
    }

    static let type = """
        function type(id, value) { var el = document.getElementById(id); el.value = value;
          el.dispatchEvent(new Event('input', { bubbles: true })); }
        function pick(id, value) { var el = document.getElementById(id); el.value = value;
          el.dispatchEvent(new Event('change', { bubbles: true })); }
        function sortBy(label) { var b = Array.prototype.filter.call(document.querySelectorAll('th button'),
          function (x) { return x.textContent.indexOf(label) === 0; })[0]; b.click(); }
        """

    /// A screenshot of the page as staff see it; saved to PRESCREEN_SCREENSHOTS=DIR when set (the README's
    /// pictures come from scripts/screenshots.sh, on the Samples/ run).
    @Test func theIndexRendersToAScreenshot() throws {
        let t = try TempTree("index-shot")
        defer { t.remove() }
        let file = try t.file("index.html", Data(IndexHTML.render(Batch.entries(), generated: Batch.checked).utf8))
        let dir = ProcessInfo.processInfo.environment["PRESCREEN_SCREENSHOTS"] ?? t.root
        let png = dir + "/index.png"
        #expect(try Browser.screenshot(file, png, width: 1280, height: 600))
        let data = try #require(FileManager.default.contents(atPath: png))
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(data.count > 10_000, "a blank page is a few hundred bytes")
    }

    @Test func withoutActionsEveryRowShowsFlaggedFirst() throws {
        let dom = try Self.afterScript("")
        let rows = Self.rows(dom)
        #expect(rows.map(\.id) == ["AKS-0002", "AKS-0003", "AKS-0001", "AKS-0009"])
        #expect(rows.allSatisfy { !$0.hidden })
        #expect(dom.contains("<strong id=\"shown\">4</strong>"))
    }

    @Test func searchingARuleShowsOnlyTheApplicantsItFiredOn() throws {
        let dom = try Self.afterScript(Self.type + "type('q', 'BLIND/name');")
        let shown = Self.rows(dom).filter { !$0.hidden }.map(\.id)
        #expect(shown == ["AKS-0003", "AKS-0009"], "\(Self.rows(dom))")
        #expect(dom.contains("<strong id=\"shown\">2</strong>"))
    }

    @Test func statusAndFamilyFiltersCombineWithTheSearch() throws {
        let dom = try Self.afterScript(Self.type + "pick('status', 'flagged'); pick('family', 'input');")
        #expect(Self.rows(dom).filter { !$0.hidden }.map(\.id) == ["AKS-0002"], "\(Self.rows(dom))")
        let folder = try Self.afterScript(Self.type + "type('q', '张三');")
        #expect(Self.rows(folder).filter { !$0.hidden }.map(\.id) == ["AKS-0003"], "the folder is searchable")
    }

    @Test func clickingAColumnSortsAndASecondClickReverses() throws {
        let up = try Self.afterScript(Self.type + "sortBy('页数');")
        #expect(Self.rows(up).map(\.id) == ["AKS-0009", "AKS-0003", "AKS-0001", "AKS-0002"], "pages ascending, as numbers")
        #expect(up.contains("aria-sort=\"ascending\""))
        let down = try Self.afterScript(Self.type + "sortBy('页数'); sortBy('页数');")
        #expect(Self.rows(down).map(\.id) == ["AKS-0002", "AKS-0001", "AKS-0003", "AKS-0009"])
        // Sorting keeps a filter: hidden rows stay hidden in their new places.
        let both = try Self.afterScript(Self.type + "pick('status', 'flagged'); sortBy('申请人');")
        #expect(Self.rows(both).map(\.id) == ["AKS-0001", "AKS-0002", "AKS-0003", "AKS-0009"])
        #expect(Self.rows(both).filter { !$0.hidden }.map(\.id) == ["AKS-0002", "AKS-0003"])
    }
}
