import Foundation
@testable import Pipeline
import PipelineConfig
import PrescreenCore
import Reports
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Regression tests for the defects a fault-injection campaign found (issue 20): what must not be lost,
/// hang, or be blamed on the wrong thing. Fixtures are built here, in code.
struct FaultCampaignTests {
    // MARK: Fixtures

    /// A PDF written object by object (`objects[i]` is object i+1), with a correct xref table.
    static func rawPDF(_ objects: [String], trailer: String = "") -> Data {
        var out = Data("%PDF-1.7\n".utf8)
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.count)
            out.append(Data("\(i + 1) 0 obj\n\(o)\nendobj\n".utf8))
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { table += String(format: "%010d 00000 n \n", o) }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R \(trailer) >>\nstartxref\n\(xref)\n%%EOF\n"
        out.append(Data(table.utf8))
        return out
    }

    static func stream(_ content: String) -> String {
        "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream"
    }

    static let helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    static let body = "BT /F1 16 Tf 72 700 Td (Personal commitment: all the submitted documents are true.) Tj ET"

    /// A page whose Type3 font draws its glyph with itself: poppler keeps the text layer, cairo fails to draw.
    static func type3PDF() -> Data {
        rawPDF([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /T3 6 0 R >> >> >>",
            stream(body + " BT /T3 50 Tf 72 500 Td (aaa) Tj ET"),
            helvetica,
            "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 10 10] /FontMatrix [0.1 0 0 0.1 0 0] /CharProcs << /a 7 0 R >> "
                + "/Encoding << /Type /Encoding /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [10] "
                + "/Resources << /Font << /T3 6 0 R >> >> >>",
            stream("0 0 d0 BT /T3 1 Tf (a) Tj ET 0 0 10 10 re f"),
        ])
    }

    /// A PDF encrypted with a security handler poppler does not have (it opens it as "damaged").
    static func unknownHandlerPDF() -> Data {
        rawPDF([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            stream(body),
            helvetica,
            "<< /Filter /FooSecurity /V 1 /R 2 /O (x) /U (y) /P -4 >>",
        ], trailer: "/Encrypt 6 0 R /ID [<01> <01>]")
    }

    /// An encrypted PDF (AES, empty user password: `pdfinfo` opens it and says "Encrypted: yes") whose object
    /// stream, holding the page tree, does not decrypt: poppler opens it with no pages. Nil without qpdf.
    static func undecryptablePDF() throws -> Data? {
        let dir = NSTemporaryDirectory() + "/fc-qpdf-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PDFFixtures.textPDF(lines: [("本人承诺所提交的全部申报材料真实有效。", 60, 200, 12)])
            .write(to: URL(fileURLWithPath: dir + "/in.pdf"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["qpdf", "--static-id", dir + "/in.pdf", dir + "/out.pdf", "--object-streams=generate",
                       "--encrypt", "", "owner", "128", "--use-aes=y", "--"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0, var bytes = FileManager.default.contents(atPath: dir + "/out.pdf").map(Array.init),
              let objStm = Data(bytes).range(of: Data("/ObjStm".utf8)),
              let start = Data(bytes).range(of: Data("stream".utf8), in: objStm.upperBound..<bytes.count)
        else { return nil }
        var i = start.upperBound
        while i < bytes.count, bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
        for k in (i + 16)..<min(i + 48, bytes.count) { bytes[k] ^= 0x5A }
        return Data(bytes)
    }

    static func scan(_ t: TempTree, root: String, limits: (inout PipelineDefinition.Limits) -> Void = { _ in })
        throws -> BatchScanner.Summary
    {
        var pipeline = try PipelineLoader.loadDefault()
        limits(&pipeline.limits)
        let options = ScanOptions(root: t.path(root), output: t.path("out"), pipeline: pipeline, jobs: 1)
        return try BatchScanner(options: options, makeRecognizer: { NullRecognizer() }).run()
    }

    static func report(_ t: TempTree, _ folder: String) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: t.path("out/\(folder)/report.json"))))
    }

    // MARK: 5. Misspelt manifest keys

    @Test func misspeltNameAndEmployerKeysAreAManifestViolation() throws {
        let t = try TempTree("fc-keys")
        defer { t.remove() }
        try t.applicant("in/A", manifest: "id: AKS-A\nName: 张伟\nEmployer: 阿克苏地区第一人民医院\nseries: engineering\n",
                        files: ["a.pdf": try PDFFixtures.textPDF(lines: [("个人承诺书 承诺人：张伟 工作单位：阿克苏地区第一人民医院", 60, 100, 12)])])
        _ = try Self.scan(t, root: "in")
        let a = try Self.report(t, "A")
        let manifest = try #require(a.findings.first { $0.rule == .inputManifest }, "\(a.findings.map(\.rule))")
        #expect(manifest.severity == .violation)
        #expect(manifest.message.contains("'Name'") && manifest.message.contains("'name'"), "\(manifest.message)")
        #expect(manifest.message.contains("第 2 行"), "\(manifest.message)")
        #expect(manifest.message.contains("'Employer'") && manifest.message.contains("'employer'"))
    }

    @Test func anUnknownKeyBesideNameAndEmployerIsAWarning() throws {
        let t = try TempTree("fc-keys2")
        defer { t.remove() }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A", extra: "employer_alias: [x]\n"),
                        files: ["a.pdf": try PDFFixtures.textPDF(lines: [("个人承诺书 本人承诺材料真实有效", 60, 100, 12)])])
        _ = try Self.scan(t, root: "in")
        let manifest = try #require(try Self.report(t, "A").findings.first { $0.rule == .inputManifest })
        #expect(manifest.severity == .warning)
        #expect(manifest.message.contains("'employer_aliases'"), "\(manifest.message)")
    }

    // MARK: 7. PDFs poppler can read

    @Test func aPageCairoCannotDrawKeepsItsTextLayerAndSaysWhichPage() throws {
        let t = try TempTree("fc-type3")
        defer { t.remove() }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"), files: ["t3.pdf": Self.type3PDF()])
        _ = try Self.scan(t, root: "in")
        let a = try Self.report(t, "A")
        let doc = try #require(a.documents.first { $0.path == "t3.pdf" })
        #expect(doc.pages == 1)
        #expect(doc.textSource == .textLayer, "the text layer is kept")
        let notice = try #require(a.findings.first { $0.rule == .inputUnreadable && $0.document == "t3.pdf" })
        #expect(notice.page == 1)
        #expect(notice.severity == .warning)
        #expect(notice.message.contains("第 1 页无法绘制"), "\(notice.message)")
    }

    @Test func aPDFWithAnUnknownSecurityHandlerIsEncryptedNotDamaged() throws {
        let t = try TempTree("fc-enc")
        defer { t.remove() }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"), files: ["enc.pdf": Self.unknownHandlerPDF()])
        _ = try Self.scan(t, root: "in")
        let finding = try #require(try Self.report(t, "A").findings.first { $0.rule == .inputUnreadable })
        #expect(finding.message.contains("已加密"), "\(finding.message)")
        #expect(!finding.message.contains("损坏"), "\(finding.message)")
    }

    @Test func anEncryptedPDFWhosePagesDoNotDecryptIsEncryptedNotEmptyOrDamaged() throws {
        let pdf = try #require(try Self.undecryptablePDF(), "qpdf makes the fixture (as for PDFFixtures.encrypted)")
        let t = try TempTree("fc-enc2")
        defer { t.remove() }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"), files: ["enc.pdf": pdf])
        _ = try Self.scan(t, root: "in")
        let finding = try #require(try Self.report(t, "A").findings.first { $0.rule == .inputUnreadable })
        #expect(finding.message.contains("已加密"), "\(finding.message)")
    }

    @Test func aPDFLongerThanTheLimitIsReadInPartAndSaysSo() throws {
        let t = try TempTree("fc-long")
        defer { t.remove() }
        let pages = (1...7).map { n in
            PDFFixtures.Page(texts: [.init("第\(n)页：本人承诺所提交的全部申报材料真实有效，如有虚假愿承担责任。", x: 60, y: 100, size: 12)])
        }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"), files: ["book.pdf": try PDFFixtures.pdf(pages: pages)])
        _ = try Self.scan(t, root: "in") { $0.maxPagesPerFile = 5 }
        let a = try Self.report(t, "A")
        let doc = try #require(a.documents.first { $0.path == "book.pdf" })
        #expect(doc.pages == 5, "the first max_pages_per_file pages are read")
        let finding = try #require(a.findings.first { $0.rule == .inputUnreadable && $0.document == "book.pdf" })
        #expect(finding.severity == .violation)
        #expect(finding.message.contains("共 7 页") && finding.message.contains("前 5 页"), "\(finding.message)")
    }

    // MARK: 8. Formats named as another

    @Test func otherFormatsNamedJPGAreUnsupportedAndNamed() throws {
        let t = try TempTree("fc-sniff")
        defer { t.remove() }
        let webp = Data("RIFF\u{24}\0\0\0WEBPVP8 ".utf8) + Data(repeating: 7, count: 64)
        let gif = Data("GIF89a".utf8) + Data([1, 0, 1, 0, 0, 0, 0]) + Data(repeating: 0, count: 40)
        let heic = Data([0, 0, 0, 0x18]) + Data("ftypheic\0\0\0\0mif1heic".utf8) + Data(repeating: 0, count: 40)
        let docx = Data([0x50, 0x4B, 3, 4]) + Data(repeating: 0, count: 26) + Data("[Content_Types].xml word/document.xml".utf8)
        let ofd = Data([0x50, 0x4B, 3, 4]) + Data(repeating: 0, count: 26) + Data("OFD.xml Doc_0/Document.xml".utf8)
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"), files: [
            "a.jpg": webp, "b.jpg": gif, "c.jpg": heic, "d.jpg": docx, "e.pdf": ofd,
            "f.jpg": Data(repeating: 0x41, count: 100),
        ])
        _ = try Self.scan(t, root: "in")
        let a = try Self.report(t, "A")
        func finding(_ doc: String) -> ReportFinding? {
            a.findings.first { $0.document == doc && ($0.rule == .inputUnsupported || $0.rule == .inputUnreadable) }
        }
        for (doc, name) in [("a.jpg", "WebP"), ("b.jpg", "GIF"), ("c.jpg", "HEIC"), ("d.jpg", "DOCX"), ("e.pdf", "OFD")] {
            let f = try #require(finding(doc), "\(doc)")
            #expect(f.rule == .inputUnsupported, "\(doc): \(f.message)")
            #expect(f.message.contains(name), "\(doc): \(f.message)")
        }
        // Bytes of no known format under a supported name are still a damaged file.
        #expect(finding("f.jpg")?.rule == .inputUnreadable)
    }

    // MARK: 9. Leftovers of a kill at a rename

    @Test func staleTemporaryFilesAreRemovedAtTheNextRun() throws {
        let t = try TempTree("fc-temp")
        defer { t.remove() }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"),
                        files: ["a.pdf": try PDFFixtures.textPDF(lines: [("个人承诺书 本人承诺材料真实有效", 60, 100, 12)])])
        // A pid that no longer runs: a child that has exited and been reaped.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        let dead = p.processIdentifier
        try t.file("out/.index.html.tmp-\(dead)-17", "<html>personal data</html>")
        try t.file("out/Z/.report.json.tmp-\(dead)-3", "{}")
        try t.file("out/Z/evidence/.f7.png.tmp-\(dead)-9", "png")
        try t.file("out/.summary.csv.tmp-\(getpid())-1", "a live writer's file")
        _ = try Self.scan(t, root: "in")
        #expect(!FileManager.default.fileExists(atPath: t.path("out/.index.html.tmp-\(dead)-17")))
        #expect(!FileManager.default.fileExists(atPath: t.path("out/Z/.report.json.tmp-\(dead)-3")))
        #expect(!FileManager.default.fileExists(atPath: t.path("out/Z/evidence/.f7.png.tmp-\(dead)-9")))
        #expect(FileManager.default.fileExists(atPath: t.path("out/.summary.csv.tmp-\(getpid())-1")))
    }

    // MARK: 4. A reader killed from outside

    /// A stand-in for the `_worker` binary: kills itself with SIGKILL while `flag` exists (as the OOM killer
    /// would), else runs the real worker.
    static func killingWorker(_ t: TempTree, flag: String) throws -> String {
        let script = try t.file("worker.sh", """
            #!/bin/sh
            if [ -e '\(flag)' ]; then
              echo x >> '\(flag)'
              kill -9 $$
            fi
            exec '\(BuiltExecutable.path("prescreen"))' "$@"

            """)
        chmod(script, 0o755)
        return script
    }

    static func countLines(_ path: String) -> Int {
        (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? 0
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: BuiltExecutable.path("prescreen")),
                   "build the prescreen binary first (swift build)"))
    func aReaderKilledFromOutsideIsRetriedOnce() throws {
        let t = try TempTree("fc-kill")
        defer { t.remove() }
        let flag = try t.file("kill-once", "")
        // The first child dies by SIGKILL and removes nothing; a fresh child must be tried once more.
        let script = try t.file("worker-once.sh", """
            #!/bin/sh
            if [ ! -s '\(flag)' ]; then
              echo x >> '\(flag)'
              kill -9 $$
            fi
            exec '\(BuiltExecutable.path("prescreen"))' "$@"

            """)
        chmod(script, 0o755)
        let w = WorkerProcess(executable: script, settings: PipelineDefinition.Extraction(), limits: PipelineDefinition.Limits())
        let data = try PDFFixtures.textPDF(lines: [("本人承诺所提交的全部申报材料真实有效。", 60, 200, 12)])
        let reply = w.read(PageRequest(key: "k", data: data, format: .pdf, page: 1))
        #expect(reply.problem == nil, "\(reply.problem ?? "")")
        #expect(w.childrenStarted == 2)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: BuiltExecutable.path("prescreen")),
                   "build the prescreen binary first (swift build)"))
    func anApplicantWithAKilledReaderIsCheckedAgainNextRun() throws {
        let t = try TempTree("fc-kill2")
        defer { t.remove() }
        let flag = try t.file("killing", "")
        let script = try Self.killingWorker(t, flag: flag)
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"),
                        files: ["a.pdf": try PDFFixtures.textPDF(lines: [("个人承诺书 本人承诺材料真实有效，如有虚假愿承担责任。", 60, 100, 12)])])
        let options = ScanOptions(root: t.path("in"), output: t.path("out"), pipeline: try PipelineLoader.loadDefault(), jobs: 1)
        let policy = ScanPolicy(statePath: t.path("state.sqlite"), incremental: true,
                                isolation: .workerProcesses(executable: script))
        let first = try BatchScanner(options: options, policy: policy, makeRecognizer: { NullRecognizer() }).run()
        #expect(first.checked.count == 1)
        #expect(Self.countLines(flag) == 2, "killed, then retried once in the same run")
        let a = try Self.report(t, "A")
        #expect(a.findings.contains { $0.rule == .inputUnreadable && $0.message.contains("外部终止") })
        // The machine is fine again: the same, unchanged applicant is checked again and the file read.
        try FileManager.default.removeItem(atPath: flag)
        let second = try BatchScanner(options: options, policy: policy, makeRecognizer: { NullRecognizer() }).run()
        #expect(second.checked.count == 1, "an outcome that was not about the file is not kept")
        #expect(!(try Self.report(t, "A")).findings.contains { $0.rule == .inputUnreadable })
        let third = try BatchScanner(options: options, policy: policy, makeRecognizer: { NullRecognizer() }).run()
        #expect(third.checked.isEmpty, "a good outcome is kept as before")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: BuiltExecutable.path("prescreen")),
                   "build the prescreen binary first (swift build)"))
    func aTimeoutIsAboutTheFileAndWaitsForAChange() throws {
        let t = try TempTree("fc-hang")
        defer { t.remove() }
        // A reader that never answers: the scan kills it at the wall budget.
        let script = try t.file("hang.sh", "#!/bin/sh\nexec sleep 600\n")
        chmod(script, 0o755)
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"),
                        files: ["a.pdf": try PDFFixtures.textPDF(lines: [("个人承诺书 本人承诺材料真实有效。", 60, 100, 12)])])
        var pipeline = try PipelineLoader.loadDefault()
        pipeline.limits.workerWallSeconds = 1
        let options = ScanOptions(root: t.path("in"), output: t.path("out"), pipeline: pipeline, jobs: 1)
        let policy = ScanPolicy(statePath: t.path("state.sqlite"), incremental: true,
                                isolation: .workerProcesses(executable: script))
        _ = try BatchScanner(options: options, policy: policy, makeRecognizer: { NullRecognizer() }).run()
        #expect(try Self.report(t, "A").findings.contains { $0.rule == .inputUnreadable && $0.message.contains("took longer") })
        let again = try BatchScanner(options: options, policy: policy, makeRecognizer: { NullRecognizer() }).run()
        #expect(again.checked.isEmpty, "a file that timed out is tried again when the applicant changes, not every run")
    }
}
