import Foundation
import PrescreenCore
import Reports
import Testing
import TestSupport

/// The applicant's notice (notice.html), the grouping of findings with their 修改方法 in report.html, and the
/// print stylesheet both pages carry.
@Suite("notice.html and grouped findings")
struct NoticeTests {
    static let nameFix = "在该页遮盖本人姓名"
    static let ceFix = "请补充2023年度公需课继续教育培训合格证书。"

    /// Two name findings on one file (pages 1 and 3), a label warning on it, a missing certificate, and a broken
    /// manifest that only the reviewer can act on.
    static func report(status: ApplicantStatus = .flagged) -> (Report, ReportExtras) {
        let doc = "考核/2021年度考核.pdf"
        let box = Box(x0: 0.3, y0: 0.2, x1: 0.4, y1: 0.22)
        let findings = [
            ReportFinding(id: "f1", rule: .blindName, severity: .violation, document: doc, page: 1, box: box,
                          evidence: "evidence/f1.png", message: "申请人姓名在页面中可见，未遮盖 (the applicant's name is visible)"),
            ReportFinding(id: "f2", rule: .blindName, severity: .violation, document: doc, page: 3, box: box,
                          evidence: "evidence/f2.png", message: "申请人姓名在页面中可见，未遮盖 (the applicant's name is visible)"),
            ReportFinding(id: "f3", rule: .docsContinuingEducation, severity: .violation, year: 2023, part: "public",
                          message: "缺少2023年度公需课继续教育合格证书 (the 2023 public continuing-education certificate is missing)"),
            ReportFinding(id: "f4", rule: .inputManifest, severity: .violation,
                          message: "applicant.yml 缺少 name (the applicant manifest is unusable)"),
            ReportFinding(id: "f5", rule: .blindLabel, severity: .warning, document: doc, page: 1, box: box,
                          message: "表格中的姓名或工作单位栏已填写且未遮盖 (a name or employer field is filled in and not masked)"),
        ]
        let report = Report(
            pipeline: .init(name: "aksu-2024", evaluationYear: 2024), applicant: .init(id: "AKS-0009", folder: "AKS-0009"),
            status: status,
            documents: [ReportDocument(path: doc, sha256: String(repeating: "ab", count: 32), format: .pdf, pages: 3,
                                       type: .appraisal, year: 2021, part: nil, textSource: .ocr,
                                       segments: [ReportSegment(firstPage: 1, lastPage: 3, type: .appraisal, year: 2021)],
                                       cues: ["标题含“年度考核登记表”"])],
            findings: findings, stats: .init(pages: 3, ocrPages: 3, seconds: 1))
        let extras = ReportExtras(
            fixes: ["f1": nameFix, "f2": nameFix, "f3": ceFix, "f4": "（审核人员）补全 applicant.yml", "f5": "请核对表格"],
            reviewerOnly: ["f4"], title: "阿克苏地区2024年职称评审预审")
        return (report, extras)
    }

    @Test func findingsOfOneRuleOnOneDocumentAreOneGroupWithOneFix() {
        let (report, extras) = Self.report()
        let html = ReportHTML.render(report, extras: extras)
        // One group for the two name findings, its fix said once, both findings listed in it.
        #expect(html.components(separatedBy: "<tbody class=\"group violation\">").count - 1 == 3, "name, ce, manifest")
        #expect(html.components(separatedBy: Self.nameFix).count - 1 == 1)
        #expect(html.contains("· 2 处"))
        let group = html.range(of: "<code>blind/name</code>")
        let f2 = html.range(of: "id=\"f2\"")
        let ce = html.range(of: "<code>docs/continuing-education</code>")
        #expect(group != nil && f2 != nil && ce != nil)
        if let group, let f2, let ce { #expect(group.lowerBound < f2.lowerBound && f2.lowerBound < ce.lowerBound) }
        #expect(html.contains(Self.ceFix))
        #expect(html.contains("href=\"notice.html\""))
        // Without extras the page is what report.json holds, and still renders.
        #expect(!ReportHTML.render(report).contains(Self.nameFix))
    }

    @Test func theNoticeListsWhatToFixFileByFileInPlainChineseWithPictures() {
        let (report, extras) = Self.report()
        let html = NoticeHTML.render(report, extras: extras)
        #expect(html.contains("退回修改意见"))
        #expect(html.contains("阿克苏地区2024年职称评审预审"))
        #expect(html.contains("AKS-0009"))
        #expect(html.contains("文件：<span class=\"path\">考核/2021年度考核.pdf</span>"))
        #expect(html.contains("问题：第1页：申请人姓名在页面中可见，未遮盖"))
        #expect(html.contains("问题：第3页：申请人姓名在页面中可见，未遮盖"))
        #expect(html.components(separatedBy: Self.nameFix).count - 1 == 1, "one fix for the group")
        #expect(html.contains(Self.ceFix))
        #expect(html.contains("<img src=\"evidence/f1.png\"") && html.contains("<img src=\"evidence/f2.png\""))
        // Violations to fix first, then the warnings to check.
        let must = html.range(of: "一、须修改的问题"), check = html.range(of: "二、请核对的问题")
        #expect(must != nil && check != nil)
        if let must, let check { #expect(must.lowerBound < check.lowerBound) }
        // Nothing for the reviewer only: no rule ids, classifier cues, English glosses, or the manifest finding.
        #expect(!html.contains("blind/") && !html.contains("docs/"))
        #expect(!html.contains("标题含"))
        #expect(!html.contains("the applicant's name") && !html.contains("(the "))
        #expect(!html.contains("applicant.yml"))
        // Printable on A4, self-contained.
        #expect(html.contains("@media print") && html.contains("size: A4"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("http"))
        #expect(ReportHTML.render(report, extras: extras).contains("@media print"))
    }

    @Test func englishGlossesAreDroppedOnlyWhenTheyAreASCII() {
        #expect(NoticeHTML.plainChinese("缺少推荐报告 (the recommendation document is missing)") == "缺少推荐报告")
        #expect(NoticeHTML.plainChinese("附件无法读取：文件已加密 (the attachment cannot be read)") == "附件无法读取：文件已加密")
        #expect(NoticeHTML.plainChinese("第1页 (扫描)") == "第1页 (扫描)")
        #expect(NoticeHTML.plainChinese("无括号") == "无括号")
    }

    @Test func theWriterWritesANoticeForAFlaggedApplicantAndRemovesItWhenItPasses() throws {
        let t = try TempTree("notice")
        defer { t.remove() }
        let writer = ReportWriter(outputDirectory: t.path("out"))
        let png = Data([0x89, 0x50, 0x4E, 0x47])
        let (report, extras) = Self.report()
        try writer.writeApplicant(report, evidence: ["f1.png": png, "f2.png": png, "f1-page.png": png], extras: extras)
        let notice = try #require(FileManager.default.contents(atPath: t.path("out/AKS-0009/notice.html")))
        #expect(String(decoding: notice, as: UTF8.self).contains("退回修改意见"))
        #expect(t.mode("out/AKS-0009/notice.html") == 0o640)
        // The page picture is linked from report.html (f1 has one, f2 has none).
        let html = String(decoding: FileManager.default.contents(atPath: t.path("out/AKS-0009/report.html")) ?? Data(),
                          as: UTF8.self)
        #expect(html.contains("href=\"evidence/f1-page.png\""))
        #expect(!html.contains("evidence/f2-page.png"))
        #expect(FileManager.default.fileExists(atPath: t.path("out/AKS-0009/evidence/f1-page.png")))

        // Passing now: no notice is left to hand out by mistake.
        var passing = report
        passing.status = .pass
        passing.findings = [report.findings[4]]
        try writer.writeApplicant(passing, evidence: [:], extras: extras)
        #expect(!FileManager.default.fileExists(atPath: t.path("out/AKS-0009/notice.html")))
        // Flagged only for the reviewer (a broken manifest): nothing for the applicant, so no notice either.
        var reviewerOnly = report
        reviewerOnly.findings = [report.findings[3]]
        try writer.writeApplicant(reviewerOnly, evidence: [:], extras: extras)
        #expect(!FileManager.default.fileExists(atPath: t.path("out/AKS-0009/notice.html")))
    }
}
