import Foundation
import PrescreenCore
import Reports
import Testing
import TestSupport

/// report.html and notice.html printed by a real browser (Debian's chromium, headless): A4 pages, the Chinese text
/// on paper, and nothing on paper that only works on screen. Skipped when chromium is not installed
/// (scripts/install-deps.sh installs it). With PRESCREEN_SCREENSHOTS=DIR the first page of each is saved as PNG.
@Suite(.serialized, .enabled(if: Browser.chromium != nil, "needs chromium (scripts/install-deps.sh)"))
struct PrintTests {

    static func run(_ path: String, _ args: [String]) throws -> (status: Int32, out: String) {
        try Browser.run(path, args)
    }

    /// The page printed to PDF as the browser's print dialog would (A4 from the page's own @page rule).
    static func printToPDF(_ html: String, _ pdf: String) throws {
        #expect(try Browser.printToPDF(html, pdf), "chromium wrote no PDF")
    }

    /// A flagged applicant with a dozen findings on three files, each with a real picture.
    static func write(into t: TempTree) throws -> String {
        let (base, extras) = NoticeTests.report()
        var report = base
        var evidence: [String: Data] = [:]
        let picture = OCRFixtures.encode(OCRFixtures.textBitmap(lines: ["姓名：张伟  工作单位：阿克苏地区第一人民医院"], fontSize: 12, dpi: 110),
                                         as: "png")
        report.findings = []
        for i in 1...12 {
            let id = "f\(i)"
            let document = ["考核/2021年度考核.pdf", "继续教育/2022专业课.pdf", "其他/推荐报告.pdf"][i % 3]
            report.findings.append(ReportFinding(
                id: id, rule: i % 2 == 0 ? .blindName : .blindEmployer, severity: .violation, document: document,
                page: i, box: Box(x0: 0.3, y0: 0.2, x1: 0.4, y1: 0.22), evidence: "evidence/\(id).png",
                message: "申请人姓名或工作单位在页面中可见，未遮盖，请遮盖后重新上传 (visible on the page)"))
            evidence["\(id).png"] = picture
        }
        var all = extras
        for f in report.findings { all.fixes[f.id] = f.rule == .blindName ? NoticeTests.nameFix : "在该页遮盖本人工作单位名称" }
        try ReportWriter(outputDirectory: t.path("out")).writeApplicant(report, evidence: evidence, extras: all)
        return t.path("out/AKS-0009")
    }

    @Test func bothPagesPrintOnA4WithTheirChineseTextAndWithoutScreenOnlyLinks() throws {
        let t = try TempTree("print")
        defer { t.remove() }
        let dir = try Self.write(into: t)
        for page in ["report", "notice"] {
            let pdf = t.path("\(page).pdf")
            try Self.printToPDF("\(dir)/\(page).html", pdf)
            let info = try Self.run("/usr/bin/pdfinfo", [pdf]).out
            #expect(info.contains("(A4)"), "\(page): \(info)")
            let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?
                .split(separator: " ").last ?? "") ?? 0
            #expect((1...4).contains(pages), "\(page) printed to \(pages) pages")
            // (Headless chromium embeds unnamed Type 3 fonts, so the font cannot be named here; the saved
            // screenshots were looked at: the Chinese is drawn in Noto Sans CJK, no tofu.)
            let text = try Self.run("/usr/bin/pdftotext", ["-layout", pdf, "-"]).out
            #expect(!text.contains("查看原图"), "\(page): a screen-only link was printed")
            if page == "notice" {
                #expect(text.contains("退回修改意见"))
                #expect(text.replacingOccurrences(of: " ", with: "").contains("在该页遮盖本人姓名"))
            } else {
                #expect(!text.contains("notice for the applicant"), "the link to the notice is for the screen")
            }
            if let shots = ProcessInfo.processInfo.environment["PRESCREEN_SCREENSHOTS"] {
                _ = try Self.run("/usr/bin/pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", pdf, "\(shots)/\(page)"])
            }
        }
    }
}
