import Foundation
import PrescreenCore
import Reports
import Testing
import TestSupport

@Suite("report.html and index.html")
struct HTMLTests {
    @Test func hostileFileNamesAndMessagesAreEscaped() {
        let hostile = "<script>alert(\"x\")</script>&'.pdf"
        let html = ReportHTML.render(Sample.report(path: hostile, message: "<img src=x onerror=alert(1)>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;.pdf"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func reviewerPageHasStatusFindingsEvidenceAndDocumentsInChinese() {
        let html = ReportHTML.render(Sample.report())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("需修改"))
        #expect(html.contains("AKS-0001"))
        #expect(html.contains(RuleNames.chinese(.blindName)))
        #expect(html.contains("<img class=\"evidence\" src=\"evidence/f1.png\""))
        #expect(html.contains("<a href=\"evidence/f1.png\">"))
        #expect(html.contains("学历证书电子注册备案表(学信网)"))
        #expect(html.contains("2023年度 · 公需课"))
        #expect(html.contains("第1页 年度考核登记表 2021年度<br>第2–3页 年度考核登记表 2022年度"))
        // Violations come before warnings.
        let v = html.range(of: "违规 <span class=\"en\">violations</span> (2)")
        let w = html.range(of: "提醒 <span class=\"en\">warnings</span> (1)")
        #expect(v != nil && w != nil)
        if let v, let w { #expect(v.lowerBound < w.lowerBound) }
        // Self-contained: no scripts and no external resources.
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("<link"))
    }

    @Test func indexListsFlaggedFirstAndLinksReports() {
        let entries = [
            BatchEntry(id: "AKS-0001", folder: "AKS-0001", status: .pass, violations: 0, warnings: 1, documents: 5,
                       pages: 9, reportPath: "AKS-0001/report.json"),
            BatchEntry(id: "AKS-0003", folder: "申请人 3#", status: .flagged, violations: 2, warnings: 0, documents: 4,
                       pages: 7, reportPath: "申请人 3#/report.json"),
            BatchEntry(id: "AKS-0002", folder: "AKS-0002", status: .removed, violations: 0, warnings: 0, documents: 0,
                       pages: 0, reportPath: nil),
        ]
        let html = IndexHTML.render(entries)
        guard let flagged = html.range(of: "AKS-0003"), let pass = html.range(of: "<td data-v=\"AKS-0001\">AKS-0001"),
              let removed = html.range(of: "<td data-v=\"AKS-0002\">AKS-0002")
        else {
            Issue.record("every applicant must be listed")
            return
        }
        #expect(flagged.lowerBound < pass.lowerBound)
        #expect(pass.lowerBound < removed.lowerBound)
        #expect(html.contains("href=\"%E7%94%B3%E8%AF%B7%E4%BA%BA%203%23/report.html\""))
        #expect(html.contains("href=\"AKS-0001/report.html\""))
        #expect(!html.contains("AKS-0002/report.html"))
    }
}

@Suite("summary.csv")
struct SummaryCSVTests {
    @Test func hasBOMExactHeaderAndRFC4180Quoting() {
        let entries = [
            BatchEntry(id: "B,1", folder: "b", status: .flagged, violations: 1, warnings: 2, documents: 3, pages: 4,
                       reportPath: "b/report.json"),
            BatchEntry(id: "A \"quoted\"\nline", folder: "a", status: .pass, violations: 0, warnings: 0,
                       documents: 1, pages: 1, reportPath: "a/report.json"),
            BatchEntry(id: "C", folder: "c", status: .removed, violations: 0, warnings: 0, documents: 0, pages: 0,
                       reportPath: nil),
        ]
        let data = SummaryCSV.render(entries)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text == "id,status,violations,warnings,documents,pages,report\r\n"
            + "\"A \"\"quoted\"\"\nline\",pass,0,0,1,1,a/report.json\r\n"
            + "\"B,1\",flagged,1,2,3,4,b/report.json\r\n"
            + "C,removed,0,0,0,0,\r\n")
    }

    @Test(arguments: [("plain", "plain"), ("a,b", "\"a,b\""), ("x\"y", "\"x\"\"y\""), ("l\r\n2", "\"l\r\n2\""),
                      ("阿克苏", "阿克苏")])
    func quotesFields(_ input: String, _ expected: String) {
        #expect(SummaryCSV.field(input) == expected)
    }
}

@Suite("ReportWriter", .serialized)
struct ReportWriterTests {
    private func png(_ tag: UInt8) -> Data { Data([0x89, 0x50, 0x4E, 0x47, tag]) }

    @Test func aFileInTheWayIsAWriteErrorThatKeepsItsCause() throws {
        let tree = try TempTree("reports-in-the-way")
        defer { tree.remove() }
        try tree.file("out", "a file where the output folder should be")
        do {
            try ReportWriter.createOutputFolder(tree.path("out/nested"))
            Issue.record("a folder cannot be made under a file")
        } catch {
            #expect(error.code == .writeFailed)
            #expect(error.message.contains(tree.path("out")), "\(error.message)")
            // The system call underneath, kept for an engineer: mkdir, and ENOTDIR rather than the bare EEXIST.
            #expect(error.cause == SystemCallError(call: "mkdir", errno: ENOTDIR))
        }
    }

    @Test func writesApplicantFilesWithModesAndNoTempFiles() throws {
        let tree = try TempTree("reports")
        defer { tree.remove() }
        // A strict umask must not change the modes: they are set exactly.
        let old = umask(0o077)
        defer { umask(old) }
        let writer = ReportWriter(outputDirectory: tree.path("out/nested"))
        try writer.writeApplicant(Sample.report(), evidence: ["f1.png": png(1)])

        // A flagged applicant also gets the notice to hand out (notice.html).
        #expect(tree.list("out/nested/AKS-0001") == ["evidence", "notice.html", "report.html", "report.json"])
        #expect(tree.list("out/nested/AKS-0001/evidence") == ["f1.png"])
        #expect(tree.mode("out/nested/AKS-0001/report.json") == 0o640)
        #expect(tree.mode("out/nested/AKS-0001/report.html") == 0o640)
        #expect(tree.mode("out/nested/AKS-0001/evidence/f1.png") == 0o640)
        #expect(tree.mode("out") == 0o750)
        #expect(tree.mode("out/nested/AKS-0001") == 0o750)
        #expect(tree.mode("out/nested/AKS-0001/evidence") == 0o750)
        let json = try Data(contentsOf: URL(fileURLWithPath: tree.path("out/nested/AKS-0001/report.json")))
        #expect(try JSONDecoder().decode(Report.self, from: json) == Sample.report())
        let picture = try Data(contentsOf: URL(fileURLWithPath: tree.path("out/nested/AKS-0001/evidence/f1.png")))
        #expect(picture == png(1))

        try writer.writeBatch([BatchEntry(Sample.report())])
        #expect(tree.list("out/nested") == ["AKS-0001", "findings.csv", "index.html", "summary-zh.csv", "summary.csv",
                                            "summary.json"])
        for name in ReportWriter.batchFiles {
            #expect(tree.mode("out/nested/\(name)") == 0o640)
        }
    }

    @Test func rewriteReplacesFilesAndRemovesStaleEvidence() throws {
        let tree = try TempTree("reports")
        defer { tree.remove() }
        let writer = ReportWriter(outputDirectory: tree.root)
        var report = Sample.report()
        report.findings.append(ReportFinding(id: "f4", rule: .blindPhoto, severity: .violation, document: "x.pdf",
                                             page: 1, evidence: "evidence/f4.png", message: "照片"))
        try writer.writeApplicant(report, evidence: ["f1.png": png(1), "f4.png": png(4)])
        #expect(tree.list("AKS-0001/evidence") == ["f1.png", "f4.png"])
        // A temp file left by a crashed earlier run is cleaned up too.
        try tree.file("AKS-0001/evidence/.f9.png.tmp-1-2", "partial")
        try tree.file("AKS-0001/.report.json.tmp-1-2", "partial")
        try tree.file("AKS-0001/notes.png", "a picture beside the report is not evidence")

        try writer.writeApplicant(Sample.report(), evidence: ["f1.png": png(2)])
        #expect(tree.list("AKS-0001/evidence") == ["f1.png"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: tree.path("AKS-0001/evidence/f1.png"))) == png(2))
        #expect(tree.list("AKS-0001") == ["evidence", "notes.png", "notice.html", "report.html", "report.json"])
        let json = try Data(contentsOf: URL(fileURLWithPath: tree.path("AKS-0001/report.json")))
        #expect(try JSONDecoder().decode(Report.self, from: json).findings.count == 3)
    }

    @Test func refusesMissingEvidenceAndUnsafeNames() throws {
        let tree = try TempTree("reports")
        defer { tree.remove() }
        let writer = ReportWriter(outputDirectory: tree.root)
        func code(_ body: () throws -> Void) -> ReportError.Code? {
            do {
                try body()
                return nil
            } catch let error as ReportError {
                return error.code
            } catch {
                return nil
            }
        }
        #expect(code { try writer.writeApplicant(Sample.report(), evidence: [:]) } == .missingEvidence)
        var escape = Sample.report()
        escape.applicant.folder = ".."
        #expect(code { try writer.writeApplicant(escape, evidence: ["f1.png": png(1)]) } == .invalidName)
        escape.applicant.folder = "a/b"
        #expect(code { try writer.writeApplicant(escape, evidence: ["f1.png": png(1)]) } == .invalidName)
        #expect(code { try writer.writeApplicant(Sample.report(), evidence: ["f1.png": png(1), "../x.png": png(2)] ) }
            == .invalidName)
        // Nothing was written by the refused calls.
        #expect(tree.list().isEmpty)
    }

    @Test func writeIntoAFileFails() throws {
        let tree = try TempTree("reports")
        defer { tree.remove() }
        try tree.file("blocker", "not a directory")
        do {
            try ReportWriter(outputDirectory: tree.path("blocker")).writeBatch([])
            Issue.record("writing under a file must fail")
        } catch {
            #expect(error.code == .writeFailed)
            #expect(error.message.contains("blocker"))
        }
    }

    @Test func summaryJSONHasTotalsAndSortedEntries() throws {
        let entries = [
            BatchEntry(id: "b", folder: "b", status: .flagged, violations: 2, warnings: 1, documents: 3, pages: 4,
                       reportPath: "b/report.json"),
            BatchEntry(id: "a", folder: "a", status: .removed, violations: 0, warnings: 0, documents: 0, pages: 0,
                       reportPath: nil),
        ]
        let data = try ReportWriter.encodeJSON(BatchSummary(entries))
        let decoded = try JSONDecoder().decode(BatchSummary.self, from: data)
        #expect(decoded.applicants.map(\.id) == ["a", "b"])
        #expect(decoded.totals.flagged == 1 && decoded.totals.removed == 1 && decoded.totals.violations == 2)
        #expect(Sample.minify(data).contains(#""report":null"#))
    }
}

@Suite("Names")
struct NamesTests {
    static let contractRules: [RuleID] = [
        .blindName, .blindEmployer, .blindPhoto, .blindHiddenText, .blindTextField, .blindLabel, .blindSeal,
        .blindIDNumber, .docsEducation, .docsAppraisal, .docsContinuingEducation, .docsTitle, .docsMandarin,
        .docsEconomicsExam, .docsOther, .qualityOrientation, .qualityLegibility, .inputManifest, .inputUnreadable,
        .inputUnsupported,
    ]

    @Test(arguments: contractRules)
    func everyContractRuleHasAChineseName(_ rule: RuleID) {
        #expect(RuleNames.chinese(rule) != rule.rawValue)
        #expect(RuleNames.english(rule) != rule.rawValue)
    }

    @Test func catalogueIsExactlyTheContract() {
        #expect(Set(RuleNames.knownRules) == Set(Self.contractRules))
        #expect(RuleNames.chinese(RuleID("made/up")) == "made/up")
    }

    @Test(arguments: DocumentType.allCases)
    func everyDocumentTypeHasADistinctChineseName(_ type: DocumentType) {
        let name = DocumentTypeNames.chinese(type)
        #expect(!name.isEmpty)
        #expect(DocumentType.allCases.filter { DocumentTypeNames.chinese($0) == name } == [type])
    }

    @Test func chsiNameIsTheOneTheBriefGives() {
        #expect(DocumentTypeNames.chinese(.educationCHSI) == "学历证书电子注册备案表(学信网)")
    }
}

@Suite("summary.csv formula injection (issue 20)")
struct SummaryCSVInjectionTests {
    /// OWASP: a cell starting with = + - @, tab or CR is a formula to a spreadsheet; it gets a leading quote.
    @Test(arguments: ["=1+1", "+1+1", "-2+3", "@SUM(1+1)", "=HYPERLINK(\"http://x\",\"y\")", "\tx", "\rx"])
    func formulaCellsAreNeutralised(_ input: String) {
        let cell = SummaryCSV.field(input)
        #expect(cell.hasPrefix("\"'"), "\(cell)")
        let inner = String(cell.dropFirst(2).dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        #expect(inner == input)
    }

    @Test func everyTextColumnOfTheSummaryIsNeutralised() {
        let entries = [BatchEntry(id: "=1+1", folder: "@SUM(1+1)", status: .flagged, violations: 1, warnings: 0,
                                  documents: 1, pages: 1, reportPath: "-2+3/report.json")]
        let text = String(decoding: SummaryCSV.render(entries).dropFirst(3), as: UTF8.self)
        let row = text.components(separatedBy: "\r\n")[1]
        #expect(row == "\"'=1+1\",flagged,1,0,1,1,\"'-2+3/report.json\"", "\(row)")
    }
}
