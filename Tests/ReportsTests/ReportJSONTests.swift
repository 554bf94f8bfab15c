import Foundation
import PrescreenCore
@testable import Reports
import Testing

/// The contract's example report (CONTRACT.md, report.json), as values.
enum Sample {
    static func report(path: String = "学历/备案表.pdf", message: String = "申请人姓名未遮盖 (the applicant's name is visible)")
        -> Report
    {
        Report(
            pipeline: .init(name: "aksu-2024", evaluationYear: 2024),
            applicant: .init(id: "AKS-0001", folder: "AKS-0001"),
            status: .flagged,
            documents: [
                ReportDocument(path: path, sha256: String(repeating: "ab", count: 32), format: .pdf, pages: 1,
                               type: .educationCHSI, year: nil, part: nil, textSource: .textLayer,
                               segments: [ReportSegment(firstPage: 1, lastPage: 1, type: .educationCHSI)],
                               cues: ["学历证书电子注册备案表"]),
                ReportDocument(path: "考核/三年.pdf", sha256: String(repeating: "cd", count: 32), format: .pdf, pages: 3,
                               type: .appraisal, year: 2021, part: nil, textSource: .ocr,
                               segments: [ReportSegment(firstPage: 1, lastPage: 1, type: .appraisal, year: 2021),
                                          ReportSegment(firstPage: 2, lastPage: 3, type: .appraisal, year: 2022)]),
            ],
            findings: [
                ReportFinding(id: "f1", rule: .blindName, severity: .violation, document: path, page: 1,
                              box: Box(x0: 0.61, y0: 0.12, x1: 0.74, y1: 0.15), evidence: "evidence/f1.png",
                              message: message),
                ReportFinding(id: "f2", rule: .docsContinuingEducation, severity: .violation, year: 2023,
                              part: "public", message: "缺2023年度公需课证书"),
                ReportFinding(id: "f3", rule: .qualityOrientation, severity: .warning, document: "考核/三年.pdf",
                              page: 2, message: "页面方向不正"),
            ],
            stats: .init(pages: 23, ocrPages: 17, seconds: 41.2))
    }

    /// Whitespace outside string literals removed, to compare JSON regardless of pretty-printing.
    static func minify(_ data: Data) -> String {
        var out = ""
        var inString = false
        var escaped = false
        for ch in String(decoding: data, as: UTF8.self) {
            if inString {
                out.append(ch)
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
            } else if ch == "\"" {
                inString = true
                out.append(ch)
            } else if !ch.isWhitespace {
                out.append(ch)
            }
        }
        return out
    }
}

@Suite("report.json")
struct ReportJSONTests {
    @Test func matchesTheContractKeyForKeyInOrderWithExplicitNulls() throws {
        let json = Sample.minify(try ReportWriter.encodeJSON(Sample.report()))
        let sha1 = String(repeating: "ab", count: 32), sha2 = String(repeating: "cd", count: 32)
        let expected = #"""
            {"schemaVersion":1,"tool":{"name":"prescreen","version":"0.4.0"},\#
            "pipeline":{"name":"aksu-2024","evaluationYear":2024},\#
            "applicant":{"id":"AKS-0001","folder":"AKS-0001"},"status":"flagged",\#
            "documents":[{"path":"学历/备案表.pdf","sha256":"\#(sha1)","format":"pdf","pages":1,\#
            "type":"education-chsi","year":null,"part":null,"textSource":"text-layer",\#
            "segments":[{"pages":[1,1],"type":"education-chsi","year":null,"part":null}],"cues":["学历证书电子注册备案表"]},\#
            {"path":"考核/三年.pdf","sha256":"\#(sha2)","format":"pdf","pages":3,"type":"appraisal","year":2021,\#
            "part":null,"textSource":"ocr","segments":[{"pages":[1,1],"type":"appraisal","year":2021,"part":null},\#
            {"pages":[2,3],"type":"appraisal","year":2022,"part":null}],"cues":[]}],\#
            "findings":[{"id":"f1","rule":"blind/name","severity":"violation","document":"学历/备案表.pdf","page":1,\#
            "box":[0.61,0.12,0.74,0.15],"year":null,"part":null,"evidence":"evidence/f1.png",\#
            "message":"申请人姓名未遮盖(theapplicant'snameisvisible)"},\#
            {"id":"f2","rule":"docs/continuing-education","severity":"violation","document":null,"page":null,\#
            "box":null,"year":2023,"part":"public","evidence":null,"message":"缺2023年度公需课证书"},\#
            {"id":"f3","rule":"quality/orientation","severity":"warning","document":"考核/三年.pdf","page":2,\#
            "box":null,"year":null,"part":null,"evidence":null,"message":"页面方向不正"}],\#
            "stats":{"pages":23,"ocrPages":17,"seconds":41.2}}
            """#
        // The minifier keeps string contents; the expected message has its spaces removed by hand,
        // so compare with spaces stripped from both.
        #expect(json.replacingOccurrences(of: " ", with: "") == expected.replacingOccurrences(of: " ", with: ""))
    }

    @Test func isPrettyPrintedWithUnescapedSlashesAndEndsWithNewline() throws {
        let text = String(decoding: try ReportWriter.encodeJSON(Sample.report()), as: UTF8.self)
        #expect(text.contains("\n  \"schemaVersion\""))
        #expect(text.contains("evidence/f1.png"))
        #expect(!text.contains("\\/"))
        #expect(text.hasSuffix("}\n"))
    }

    @Test func roundTrips() throws {
        let report = Sample.report()
        let decoded = try JSONDecoder().decode(Report.self, from: try ReportWriter.encodeJSON(report))
        #expect(decoded == report)
    }

    @Test func decodesWithoutTheExtraCuesField() throws {
        let json = #"{"path":"a.pdf","sha256":"x","format":"png","pages":1,"type":null,"year":null,"part":null,"textSource":"none","segments":[]}"#
        let doc = try JSONDecoder().decode(ReportDocument.self, from: Data(json.utf8))
        #expect(doc.cues.isEmpty)
        #expect(doc.type == nil)
        #expect(doc.format == .png)
    }

    @Test func segmentPagesMustBeAPair() {
        let json = #"{"pages":[1],"type":"other","year":null,"part":null}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReportSegment.self, from: Data(json.utf8)) }
    }

    @Test func statusFollowsViolationsAndSecondsAreRounded() {
        let report = Sample.report()
        #expect(ApplicantStatus(findings: report.findings) == .flagged)
        #expect(ApplicantStatus(findings: report.findings.filter { $0.severity == .warning }) == .pass)
        #expect(Report.Stats(pages: 1, ocrPages: 0, seconds: 1.23456).seconds == 1.235)
        #expect(Report.Stats(pages: 1, ocrPages: 0, seconds: .nan).seconds == 0)
    }

    @Test func entriesFollowReportOrderAndCarryTheFinding() {
        let findings = [
            Finding(rule: .docsAppraisal, severity: .violation, year: 2022, message: "b"),
            Finding(rule: .blindName, severity: .violation, document: "a.pdf", page: 2,
                    box: Box(x0: 0, y0: 0, x1: 1, y1: 1), message: "a"),
        ]
        let ordered = findings.sorted(by: Finding.reportOrder)
        #expect(ordered.map(\.message) == ["b", "a"])
        let entry = ReportFinding(ordered[1], id: "f2", evidence: "evidence/f2.png")
        #expect(entry == ReportFinding(id: "f2", rule: .blindName, severity: .violation, document: "a.pdf", page: 2,
                                       box: Box(x0: 0, y0: 0, x1: 1, y1: 1), evidence: "evidence/f2.png", message: "a"))
    }
}

@Suite("OrderedJSON")
struct OrderedJSONTests {
    @Test(arguments: ["plain", "quote \" and backslash \\", "line\nbreak\ttab\r", "ctrl \u{01}\u{1F}\u{08}\u{0C}",
                      "a/b <script>", "中文 ✓ 🙂", "\u{2028}\u{2029}", ""])
    func stringsRoundTripThroughFoundationsDecoder(_ s: String) throws {
        let finding = ReportFinding(id: "f1", rule: .blindName, severity: .violation, document: s, message: s)
        let data = try OrderedJSON.encode(finding)
        let back = try JSONDecoder().decode(ReportFinding.self, from: data)
        #expect(back == finding)
        #expect(!String(decoding: data, as: UTF8.self).contains("\\/"))
    }

    @Test func controlCharactersAreEscapedAndNonASCIIIsNot() {
        #expect(OrderedJSON.quote("a\u{01}b\n中") == "\"a\\u0001b\\n中\"")
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try OrderedJSON.encode([Double.infinity]) }
    }

    @Test func layoutIsStable() throws {
        let segment = ReportSegment(firstPage: 2, lastPage: 3, type: .appraisal, year: 2022)
        let text = String(decoding: try OrderedJSON.encode([segment]), as: UTF8.self)
        #expect(text == """
            [
              {
                "pages": [2, 3],
                "type": "appraisal",
                "year": 2022,
                "part": null
              }
            ]

            """)
    }
}
