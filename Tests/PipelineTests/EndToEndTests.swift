import Foundation
import OCR
import PDF
import Pipeline
import PipelineConfig
import PrescreenCore
import Reports
import Testing
import TestSupport

/// A whole scan of generated submissions, real engines, reports read back.
struct EndToEndTests {
    static let tessdata = "/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata"
    static let haveChinese = FileManager.default.fileExists(atPath: tessdata)

    /// A scanned page: a text PDF rendered to pixels, as a PNG.
    static func scan(_ lines: [(String, Double, Double, Double)], dpi: Double = 150, turns: Int = 0) throws -> Data {
        let pdf = try PDFFixtures.textPDF(lines: lines)
        let bitmap = try PDFDocument(data: pdf).page(1).render(dpi: dpi)
        return try ImageCodec.encodePNG(bitmap.rotatedClockwise(quarterTurns: turns))
    }

    static func build() throws -> TempTree {
        let t = try TempTree("e2e")
        // Applicant A: a visible name in a text layer, a masked name under a vector box, a scan naming the employer,
        // a rotated scan, and broken files.
        _ = try t.file("in/A/applicant.yml", IngestFixtures.manifest(id: "AKS-A"))
        _ = try t.file("in/A/学历/备案表.pdf", PDFFixtures.textPDF(lines: [
            ("教育部学历证书电子注册备案表", 150, 100, 18), ("姓名：张伟", 80, 180, 12), ("性别：男", 300, 180, 12),
            ("学校名称：新疆大学", 80, 220, 12), ("校（院）长姓名：王建国", 80, 260, 12),
        ]))
        _ = try t.file("in/A/masked.pdf", PDFFixtures.pdf(pages: [PDFFixtures.Page(
            texts: [.init("个人承诺书", x: 220, y: 100, size: 20), .init("承诺人：张伟", x: 80, y: 200, size: 14),
                    .init("本人承诺所提交的材料真实有效，如有虚假愿承担一切责任。", x: 80, y: 240, size: 12)],
            rects: [.init(x: 120, y: 186, width: 50, height: 20)])]))
        _ = try t.file("in/A/考核/2022.png", scan([
            ("事业单位工作人员年度考核登记表", 120, 90, 20), ("（2022年度）", 230, 130, 14),
            ("单位及职务：阿克苏地区第一人民医院 工程师", 70, 200, 13), ("考核等次：优秀", 70, 240, 13),
        ]))
        // OSD needs a page of text to be sure (10+ lines; notes in TesseractRecognizer).
        let body = (0..<16).map { i in ("本人承诺所提交的全部申报材料真实有效，第\(i + 1)条内容无虚假。", 70.0, 170.0 + Double(i) * 34, 14.0) }
        _ = try t.file("in/A/rotated.png", scan([("个人承诺书", 220, 100, 22)] + body + [("承诺人签字：XX", 300, 760, 14)], turns: 1))
        _ = try t.file("in/A/broken.pdf", Data("%PDF-1.7\n1 0 obj << /Type /Catalog".utf8))
        _ = try t.file("in/A/empty.pdf", Data())
        _ = try t.file("in/A/notes.docx", Data("PK\u{3}\u{4}not really a docx".utf8))
        _ = try t.file("in/A/secret.pdf", PDFFixtures.encrypted(PDFFixtures.textPDF(lines: [("承诺书", 80, 80, 12)])))
        // Applicant B: no manifest at all, one clean page.
        _ = try t.file("in/B/commitment.pdf", PDFFixtures.textPDF(lines: [("个人承诺书", 200, 100, 20), ("承诺人：XX XX", 80, 200, 12)]))
        return t
    }

    static func report(_ t: TempTree, _ folder: String) throws -> Report {
        let data = try Data(contentsOf: URL(fileURLWithPath: t.path("out/\(folder)/report.json")))
        return try JSONDecoder().decode(Report.self, from: data)
    }

    @Test(.enabled(if: haveChinese, "needs tesseract-ocr-chi-sim"))
    func scanWritesCompleteReports() throws {
        let t = try Self.build()
        defer { if ProcessInfo.processInfo.environment["PRESCREEN_KEEP"] == nil { t.remove() } else { print("kept \(t.root)") } }
        let options = ScanOptions(root: t.path("in"), output: t.path("out"), pipeline: try PipelineLoader.loadDefault(), jobs: 2)
        let summary = try BatchScanner(options: options, makeRecognizer: { try TesseractRecognizer() }).run()
        #expect(summary.entries.count == 2)
        #expect(summary.flaggedCount == 2)

        let a = try Self.report(t, "A")
        #expect(a.applicant.id == "AKS-A")
        #expect(a.status == .flagged)
        func findings(_ rule: String) -> [ReportFinding] { a.findings.filter { $0.rule.rawValue == rule } }

        // The visible name on the CHSI page, boxed where "张伟" was drawn (x 80+3*12.. pt, baseline 180 pt).
        let name = try #require(findings("blind/name").first { $0.document == "学历/备案表.pdf" })
        #expect(name.page == 1)
        let box = try #require(name.box)
        #expect(box.x0 < 116 / 595.0 + 0.01 && box.x1 > 140 / 595.0 - 0.01)
        #expect(box.y0 < 180 / 842.0 && box.y1 > 170 / 842.0)
        #expect(name.evidence != nil)
        if let ev = name.evidence { #expect(FileManager.default.fileExists(atPath: t.path("out/A/\(ev)"))) }
        // The decoy (校长姓名 王建国) is not the applicant's name; only one name finding on that page.
        #expect(findings("blind/name").filter { $0.document == "学历/备案表.pdf" }.count == 1)

        // The name under a vector box is hidden text, not a visible name.
        #expect(findings("blind/hidden-text").contains { $0.document == "masked.pdf" })
        #expect(!findings("blind/name").contains { $0.document == "masked.pdf" })

        // The scanned appraisal: the employer read by OCR, the document typed with its year.
        #expect(findings("blind/employer").contains { $0.document == "考核/2022.png" })
        let appraisal = try #require(a.documents.first { $0.path == "考核/2022.png" })
        #expect(appraisal.type == .appraisal)
        #expect(appraisal.year == 2022)
        #expect(appraisal.textSource == .ocr)
        #expect(!findings("docs/appraisal").contains { $0.year == 2022 })
        #expect(findings("docs/appraisal").contains { $0.year == 2021 })

        // The rotated scan is reported and still read.
        #expect(findings("quality/orientation").contains { $0.document == "rotated.png" && $0.page == 1 })
        #expect(a.documents.first { $0.path == "rotated.png" }?.type == .commitment)

        // Bad inputs are findings, and the rest went on.
        let unreadable = Set(findings("input/unreadable").compactMap(\.document))
        #expect(unreadable == ["broken.pdf", "empty.pdf", "secret.pdf"])
        #expect(findings("input/unsupported").map(\.document) == ["notes.docx"])
        #expect(a.documents.first { $0.path == "broken.pdf" }?.type == nil)

        // B has no manifest: input/manifest, and the other checks still ran.
        let b = try Self.report(t, "B")
        #expect(b.findings.contains { $0.rule == .inputManifest })
        #expect(b.documents.first?.type == .commitment)
        #expect(b.findings.contains { $0.rule == .docsEducation })

        // Batch files.
        let csv = try Data(contentsOf: URL(fileURLWithPath: t.path("out/summary.csv")))
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(FileManager.default.fileExists(atPath: t.path("out/index.html")))
        #expect(FileManager.default.fileExists(atPath: t.path("out/A/report.html")))
    }

    @Test func aFailingEngineLosesOnlyItsPages() throws {
        let t = try TempTree("e2e-fail")
        defer { t.remove() }
        _ = try t.file("in/A/applicant.yml", IngestFixtures.manifest(id: "AKS-A"))
        _ = try t.file("in/A/scan.png", Self.scan([("姓名：张伟", 80, 100, 14)]))
        _ = try t.file("in/A/text.pdf", PDFFixtures.textPDF(lines: [("姓名：张伟", 80, 100, 14), ("这一页有足够的文字层内容，不需要识别图像", 80, 140, 12)]))
        let options = ScanOptions(root: t.path("in/A"), output: t.path("out"), pipeline: try PipelineLoader.loadDefault(), jobs: 1)
        let summary = try BatchScanner(options: options, makeRecognizer: { FailingRecognizer() }).run()
        #expect(summary.entries.count == 1)
        let a = try Self.report(t, "A")
        #expect(a.findings.contains { $0.rule == .inputUnreadable && $0.document == "scan.png" })
        #expect(a.findings.contains { $0.rule == .blindName && $0.document == "text.pdf" })
    }

    @Test func missingRootIsAUsageError() throws {
        // Everything the scan may write (the output folder, its state file) stays inside a tree that is removed.
        let tree = try TempTree("e2e-no-root")
        defer { tree.remove() }
        let root = tree.path("no-such-root")
        let options = ScanOptions(root: root, output: tree.path("out"), pipeline: try PipelineLoader.loadDefault(), jobs: 1)
        do {
            _ = try BatchScanner(options: options, makeRecognizer: { NullRecognizer() }).run()
            Issue.record("a scan of a missing ROOT must fail")
        } catch {
            // Usage (exit 2), not a run failure (exit 3), and the message names the path that is missing.
            #expect(error.kind == .usage)
            #expect(error.message.contains(root), "\(error.message)")
        }
    }
}
