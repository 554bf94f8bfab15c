import Foundation
import StateStore
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `prescreen scan` left alone under cron: incremental state, one run at a time, quiet output, nothing written
/// to the input, private reports, crash isolation and hostile files. Every test runs the real binary.
@Suite(.serialized, .enabled(if: CLI.haveBinary, "build the prescreen binary first (swift build)"))
struct UnattendedTests {
    /// A text-layer page (no OCR needed: more than 20 characters) naming nobody.
    static func textPage(_ title: String, _ n: Int = 0) throws -> Data {
        try PDFFixtures.textPDF(lines: [
            (title, 200, 100, 20),
            ("本人承诺所提交的全部申报材料真实有效，第\(n)份，如有虚假愿承担一切责任。", 60, 200, 12),
            ("承诺人：XX XX", 80, 260, 12),
        ])
    }

    /// ROOT with applicants A, B, C: each a manifest and two text PDFs.
    static func tree() throws -> TempTree {
        let t = try TempTree("cli")
        for (i, f) in ["A", "B", "C"].enumerated() {
            try t.applicant("in/\(f)", manifest: IngestFixtures.manifest(id: "AKS-\(f)"), files: [
                "承诺书.pdf": try textPage("个人承诺书", i), "推荐/报告.pdf": try textPage("推荐报告", i + 10),
            ])
        }
        return t
    }

    @Test func unchangedApplicantsAreNotRecheckedChangedNewAndRemovedAre() throws {
        let t = try Self.tree()
        defer { t.remove() }
        let scan = ["scan", t.path("in"), "--out", t.path("out"), "--jobs", "2"]

        let first = try CLI.run(scan)
        #expect(first.status == 1, "every applicant misses required documents: \(first.stderr)")
        #expect(CLI.count("checked", in: first.stdout) == 3)
        #expect(CLI.count("attachments parsed", in: first.stdout) == 6)
        let reportA = FileManager.default.contents(atPath: t.path("out/A/report.json"))

        // Unchanged: nothing re-checked, nothing parsed, reports untouched.
        let second = try CLI.run(scan)
        #expect(second.status == 1)
        #expect(CLI.count("checked", in: second.stdout) == 0)
        #expect(CLI.count("unchanged", in: second.stdout) == 3)
        #expect(CLI.count("attachments parsed", in: second.stdout) == 0)
        #expect(FileManager.default.contents(atPath: t.path("out/A/report.json")) == reportA)

        // B gains an attachment, D is new, C disappears.
        try t.file("in/B/公示.pdf", try Self.textPage("单位公示", 99))
        try t.applicant("in/D", manifest: IngestFixtures.manifest(id: "AKS-D"), files: ["x.pdf": try Self.textPage("承诺书", 5)])
        try FileManager.default.removeItem(atPath: t.path("in/C"))
        let third = try CLI.run(scan)
        #expect(CLI.count("checked", in: third.stdout) == 2)
        #expect(CLI.count("unchanged", in: third.stdout) == 1)
        #expect(CLI.count("removed", in: third.stdout) == 1)
        // Only the two new files are parsed: B's old attachments come from the page cache.
        #expect(CLI.count("attachments parsed", in: third.stdout) == 2)
        #expect(CLI.count("from cache", in: third.stdout) == 2)
        #expect(CLI.report(t.path("out"), "C") != nil, "a removed applicant's report is kept")
        let summary = try #require(FileManager.default.contents(atPath: t.path("out/summary.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: summary) as? [String: Any])
        let rows = (json["applicants"] as? [[String: Any]]) ?? []
        #expect(rows.first { $0["folder"] as? String == "C" }?["status"] as? String == "removed")
        #expect(rows.count == 4)

        // A changed manifest re-checks that applicant.
        try t.file("in/A/applicant.yml", IngestFixtures.manifest(id: "AKS-A", extra: "former_names: [李四]\n"))
        let fourth = try CLI.run(scan)
        #expect(CLI.count("checked", in: fourth.stdout) == 1)
        #expect(CLI.count("attachments parsed", in: fourth.stdout) == 0)

        // --force re-checks all, still from the page cache.
        let forced = try CLI.run(scan + ["--force"])
        #expect(CLI.count("checked", in: forced.stdout) == 3)
        #expect(CLI.count("from cache", in: forced.stdout) == 6)

        // A changed pipeline re-checks all.
        let pipeline = try CLI.pipeline(in: t, disable: ["docs/other"])
        let changed = try CLI.run(scan + ["--pipeline", pipeline])
        #expect(CLI.count("checked", in: changed.stdout) == 3)
    }

    @Test func secondScanOnTheSameStateExitsAtOnceWithCode75() throws {
        let t = try Self.tree()
        defer { t.remove() }
        try FileManager.default.createDirectory(atPath: t.path("out"), withIntermediateDirectories: true)
        // Hold the lock as a running scan does.
        let held = try StateLock(statePath: t.path("out/.prescreen-state.sqlite"))
        let before = t.list("out")
        let r = try CLI.run(["scan", t.path("in"), "--out", t.path("out")])
        #expect(r.status == 75, "EX_TEMPFAIL, not the usage error's 2")
        #expect(r.stderr.contains("another prescreen scan is running"))
        #expect(r.stdout.isEmpty)
        #expect(t.list("out") == before, "the second scan touched the output folder")
        // Under cron (--quiet) the overlap is silent: nothing to mail every five minutes.
        let quiet = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--quiet"])
        #expect(quiet.status == 75)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stdout)\(quiet.stderr)")
        #expect(t.list("out") == before)
        withExtendedLifetime(held) {}

        // A real overlapping scan: the first hangs on a file (test fault hook) while holding the lock.
        try t.file("in/A/slow.pdf", Data("%PDF-1.7\n%PRESCREEN-FAULT:hang\n".utf8))
        let (first, out, err) = try CLI.start(["scan", t.path("in"), "--out", t.path("out2"), "--jobs", "1"],
                                              env: ["PRESCREEN_TEST_FAULTS": "1"])
        // Its first progress line comes after it took the lock.
        let started = err.fileHandleForReading.availableData
        #expect(!started.isEmpty)
        let second = try CLI.run(["scan", t.path("in"), "--out", t.path("out2")])
        kill(first.processIdentifier, SIGKILL)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        first.waitUntilExit()
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("another prescreen scan is running"))
    }

    @Test func quietPrintsNothingUnlessSomethingNewIsFlagged() throws {
        let t = try Self.tree()
        defer { t.remove() }
        let scan = ["scan", t.path("in"), "--out", t.path("out"), "--quiet"]
        let first = try CLI.run(scan)
        #expect(first.status == 1)
        #expect(first.stderr.isEmpty)
        let lines = first.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains("\tflagged\t") })
        // The last column is the absolute path of the applicant's report.html, which a cron mail can point at.
        for line in lines {
            let path = String(line.split(separator: "\t").last ?? "")
            #expect(path.hasPrefix("/") && path.hasSuffix("/report.html"), "\(line)")
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        // Nothing changed: silence (cron mails nothing), though the applicants are still flagged.
        let again = try CLI.run(scan)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.isEmpty)
        // Everything passing: silence and exit 0.
        let lenient = try CLI.pipeline(in: t, disable: [
            "docs/education", "docs/appraisal", "docs/continuing-education", "docs/title", "docs/mandarin",
            "docs/economics-exam", "docs/other",
        ])
        let passing = try CLI.run(["scan", t.path("in"), "--out", t.path("out3"), "--quiet", "--pipeline", lenient])
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.isEmpty)
        #expect(passing.stderr.isEmpty)
    }

    @Test func inputIsUnchangedAndReportsArePrivate() throws {
        let t = try Self.tree()
        defer { t.remove() }
        let before = CLI.snapshot(t.path("in"))
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("out")])
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--force"])
        #expect(CLI.snapshot(t.path("in")) == before)
        for f in ["A/report.json", "A/report.html", "index.html", "summary.csv", "summary.json", ".prescreen-state.sqlite"] {
            #expect(t.mode("out/\(f)") == 0o640, "\(f)")
        }
        #expect(t.mode("out/A") == 0o750)
        // No stray temporary files.
        #expect(!t.list("out/A").contains { $0.contains(".tmp-") })
    }

    @Test(.enabled(if: CLI.haveChinese, "needs tesseract-ocr-chi-sim"))
    func crashesHangsAndLimitHitsBecomeFindingsAndTheBatchGoesOn() throws {
        let t = try TempTree("cli-faults")
        defer { t.remove() }
        func fault(_ kind: String) -> Data { Data("%PDF-1.7\n%PRESCREEN-FAULT:\(kind)\n".utf8) }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"), files: [
            "1-crash.pdf": fault("crash"), "2-hang.pdf": fault("hang"), "3-spin.pdf": fault("spin"),
            "4-memory.pdf": fault("memory"), "5-good.pdf": try Self.textPage("个人承诺书"),
        ])
        try t.applicant("in/B", manifest: IngestFixtures.manifest(id: "AKS-B"), files: ["good.pdf": try Self.textPage("推荐报告")])
        // 20 s of wall time: the spinning file must reach its 1 s of CPU first even when the suite's other
        // tests load both cores (at 10 s it lost that race on a loaded machine).
        let pipeline = try CLI.pipeline(in: t, limits: ["worker_cpu_seconds": 1, "worker_wall_seconds": 20,
                                                         "worker_memory_mb": 512])
        let r = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--pipeline", pipeline, "--jobs", "1"],
                            env: ["PRESCREEN_TEST_FAULTS": "1"])
        #expect(r.signal == 0 && r.status == 1, "\(r.stderr)")
        let a = try #require(CLI.report(t.path("out"), "A"))
        let unreadable = Dictionary(CLI.findings(a).filter { $0.rule == "input/unreadable" }.map { ($0.document ?? "", $0.message) },
                                    uniquingKeysWith: { a, _ in a })
        #expect(unreadable["1-crash.pdf"]?.contains("crashed") == true)
        #expect(unreadable["2-hang.pdf"]?.contains("took longer than 20 s") == true)
        #expect(unreadable["3-spin.pdf"]?.contains("CPU time limit") == true, "\(unreadable)")
        #expect(unreadable["4-memory.pdf"]?.contains("ran out of memory") == true)
        #expect(unreadable["5-good.pdf"] == nil)
        let docs = (a["documents"] as? [[String: Any]]) ?? []
        #expect(docs.first { $0["path"] as? String == "5-good.pdf" }?["pages"] as? Int == 1)
        #expect(CLI.report(t.path("out"), "B") != nil)
    }

    @Test func hostileInputsEachGetAClearFinding() throws {
        let t = try TempTree("cli-hostile")
        defer { t.remove() }
        try t.applicant("in/A", manifest: IngestFixtures.manifest(id: "AKS-A"), files: [
            "bomb.png": OCRFixtures.pngHeaderOnly(width: 100_000, height: 100_000),
            "pages.pdf": HostileFiles.manyPages(10_000),
            "nested.pdf": HostileFiles.deeplyNested(100_000),
        ])
        // A 2 GB file (sparse: no disk used), over the 200 MiB limit.
        let big = t.path("in/A/big.pdf")
        let fd = open(big, O_CREAT | O_WRONLY, 0o644)
        #expect(fd >= 0)
        _ = "%PDF-1.7\n".withCString { write(fd, $0, 9) }
        #expect(ftruncate(fd, 2 << 30) == 0)
        close(fd)
        try t.symlink("in/A/passwd.pdf", to: "/etc/passwd")
        try t.symlink("in/A/up.pdf", to: "../../../../../../etc/hostname")
        let control: [UInt8] = Array("bad".utf8) + [0x01, 0x1B] + Array("[31mname\n.pdf".utf8)
        _ = try t.rawFile(in: "in/A", name: control, try Self.textPage("个人承诺书"))

        // A low page limit keeps the test short: a long PDF is read in part, up to the limit (docs/RELIABILITY.md).
        let pipeline = try CLI.pipeline(in: t, limits: ["max_pages_per_file": 20])
        let r = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--pipeline", pipeline])
        #expect(r.signal == 0 && r.status == 1, "\(r.stderr)")
        let a = try #require(CLI.report(t.path("out"), "A"))
        let unreadable = Dictionary(CLI.findings(a).filter { $0.rule == "input/unreadable" }.map { ($0.document ?? "", $0.message) },
                                    uniquingKeysWith: { a, _ in a })
        #expect(unreadable["bomb.png"]?.contains("too large") == true, "\(unreadable)")
        #expect(unreadable["pages.pdf"]?.contains("only the first 20 of 10000 pages") == true, "\(unreadable)")
        #expect(unreadable["nested.pdf"] != nil || (a["documents"] as? [[String: Any]])?.contains { $0["path"] as? String == "nested.pdf" } == true)
        #expect(unreadable["big.pdf"]?.contains("file too large") == true)
        #expect(unreadable["passwd.pdf"]?.contains("outside ROOT") == true)
        #expect(unreadable["up.pdf"]?.contains("outside ROOT") == true)
        let docs = ((a["documents"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
        #expect(docs.contains(String(decoding: control, as: UTF8.self)), "\(docs)")
    }
}
