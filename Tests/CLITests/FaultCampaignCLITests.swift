import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Issue 20 through the real binary: a scan that must not hang, mix up applicants, fail on a relative state
/// path, report success on a wrong ROOT, or leave a report half rebuilt.
@Suite(.serialized, .enabled(if: CLI.haveBinary && CLI.haveChinese, "build the prescreen binary first; needs chi_sim"))
struct FaultCampaignCLITests {
    /// Runs `prescreen args…` in `directory` for at most `seconds`; nil when it had to be killed.
    static func runBounded(_ args: [String], in directory: String? = nil, seconds: Double = 120) throws -> CLI.Result? {
        let out = NSTemporaryDirectory() + "/fc-out-\(UUID().uuidString)"
        let err = out + ".err"
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = args
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["OMP_THREAD_LIMIT"] = "1"
        p.environment = env
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try p.run()
        let deadline = Date().addingTimeInterval(seconds)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        if p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            return nil
        }
        let signaled = p.terminationReason == .uncaughtSignal
        return CLI.Result(status: signaled ? -1 : p.terminationStatus, signal: signaled ? p.terminationStatus : 0,
                          stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    static func page(_ text: String) throws -> Data {
        try PDFFixtures.textPDF(lines: [(text, 60, 100, 12), ("本人承诺所提交的全部申报材料真实有效，如有虚假愿承担一切责任。", 60, 140, 12)])
    }

    static func rawDir(_ parent: String, _ name: [UInt8]) throws -> String {
        let full = Array(parent.utf8) + [0x2F] + name
        let rc = (full + [0]).withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars -> Int32 in
                guard let base = chars.baseAddress else { return -1 }
                return mkdir(base, 0o755)
            }
        }
        guard rc == 0 else { throw CocoaError(.fileWriteUnknown) }
        return String(decoding: full, as: UTF8.self)
    }

    @Test func aFIFOManifestDoesNotHangTheScan() throws {
        let t = try TempTree("fc-fifo")
        defer { t.remove() }
        try t.applicant("in/A", manifest: nil, files: ["a.pdf": try Self.page("个人承诺书")])
        try t.fifo("in/A/applicant.yml")
        try t.applicant("in/B", manifest: IngestFixtures.manifest(id: "AKS-B"), files: ["a.pdf": try Self.page("个人承诺书")])
        let result = try #require(try Self.runBounded(["scan", t.path("in"), "--out", t.path("out")], seconds: 90),
                                  "the scan hung on a FIFO applicant.yml")
        #expect(result.status == 1, "\(result.stderr)")
        let a = try #require(CLI.report(t.path("out"), "A"))
        #expect(CLI.findings(a).contains { $0.rule == "input/manifest" && $0.message.contains("not a regular file") })
    }

    @Test func aRelativeStatePathIsResolvedAgainstTheWorkingDirectory() throws {
        let t = try TempTree("fc-state")
        defer { t.remove() }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"), files: ["a.pdf": try Self.page("个人承诺书")])
        let result = try #require(try Self.runBounded(["scan", "in", "--out", "out", "--state", "rel.sqlite"], in: t.root))
        #expect(result.status == 1, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: t.path("rel.sqlite")))
    }

    @Test func layoutMistakesAreUsageErrorsWithOneSentence() throws {
        let t = try TempTree("fc-layout")
        defer { t.remove() }
        try t.dir("empty")
        let empty = try #require(try Self.runBounded(["scan", t.path("empty"), "--out", t.path("out1")]))
        #expect(empty.status == 2, "an empty ROOT must not pass: \(empty.stdout)")
        #expect(empty.stderr.contains("没有"), "\(empty.stderr)")

        try t.applicant("high/批次/AKS-1", files: ["a.pdf": try Self.page("个人承诺书")])
        try t.applicant("high/批次/AKS-2", files: ["a.pdf": try Self.page("个人承诺书")])
        let high = try #require(try Self.runBounded(["scan", t.path("high"), "--out", t.path("out2")]))
        #expect(high.status == 2)
        #expect(high.stderr.contains(t.path("high") + "/批次"), "\(high.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.path("out2/批次/report.json")))

        try t.file("one/学历/备案表.pdf", try Self.page("教育部学历证书电子注册备案表"))
        try t.file("one/考核/2021.pdf", try Self.page("2021年度考核登记表"))
        let one = try #require(try Self.runBounded(["scan", t.path("one"), "--out", t.path("out3")]))
        #expect(one.status == 2, "\(one.stdout)")
        #expect(!FileManager.default.fileExists(atPath: t.path("out3/学历/report.json")))
    }

    @Test func gbkApplicantsGetTheirOwnReports() throws {
        let t = try TempTree("fc-gbk")
        defer { t.remove() }
        try t.dir("in")
        let wang = try Self.rawDir(t.path("in"), [0xCD, 0xF5, 0xB7, 0xBC])  // 王芳 in GBK
        let li = try Self.rawDir(t.path("in"), [0xC0, 0xEE, 0xC4, 0xC8])  // 李娜 in GBK
        _ = wang
        _ = li
        _ = try t.rawFile(in: "in", name: [0xCD, 0xF5, 0xB7, 0xBC] + Array("/applicant.yml".utf8),
                          Data(IngestFixtures.manifest(id: "AKS-W").utf8))
        _ = try t.rawFile(in: "in", name: [0xCD, 0xF5, 0xB7, 0xBC] + Array("/a.pdf".utf8), try Self.page("个人承诺书 承诺人：张伟"))
        _ = try t.rawFile(in: "in", name: [0xC0, 0xEE, 0xC4, 0xC8] + Array("/applicant.yml".utf8),
                          Data(IngestFixtures.manifest(id: "AKS-L").utf8))
        _ = try t.rawFile(in: "in", name: [0xC0, 0xEE, 0xC4, 0xC8] + Array("/a.pdf".utf8), try Self.page("个人承诺书 承诺人：XX"))
        let result = try #require(try Self.runBounded(["scan", t.path("in"), "--out", t.path("out"), "--state", t.path("s.sqlite")]))
        #expect(result.status == 1)
        let w = try #require(CLI.report(t.path("out"), "王芳"))
        let l = try #require(CLI.report(t.path("out"), "李娜"))
        #expect((w["applicant"] as? [String: Any])?["id"] as? String == "AKS-W")
        #expect((l["applicant"] as? [String: Any])?["id"] as? String == "AKS-L")
        #expect(CLI.findings(w).contains { $0.rule == "blind/name" })
        #expect(!CLI.findings(l).contains { $0.rule == "blind/name" })
        #expect(CLI.count("applicants", in: result.stdout) == 2, "\(result.stdout)")
    }

    @Test func aLostReportHTMLIsRebuiltAndOutIsPrivateWhateverTheUmask() throws {
        let t = try TempTree("fc-html")
        defer { t.remove() }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"), files: ["a.pdf": try Self.page("个人承诺书")])
        let old = umask(0)
        defer { umask(old) }
        let scan = ["scan", t.path("in"), "--out", t.path("out")]
        _ = try #require(try Self.runBounded(scan))
        #expect(t.mode("out") == 0o750, "\(String(describing: t.mode("out")))")
        try FileManager.default.removeItem(atPath: t.path("out/A/report.html"))
        let again = try #require(try Self.runBounded(scan))
        #expect(CLI.count("checked", in: again.stdout) == 1)
        #expect(FileManager.default.fileExists(atPath: t.path("out/A/report.html")))
    }
}
