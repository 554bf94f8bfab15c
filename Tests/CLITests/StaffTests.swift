import Foundation
import StateStore
import Testing
import TestSupport

/// What issue 16 asked for, run through the real binary: `--only` re-checks some applicants into a batch output
/// and leaves the others' reports and rows alone; the command line's mistakes are told in Chinese, each naming
/// the path or value, the cause and the one thing to do; `--log FILE` writes timestamps and levels and no names.
@Suite(.serialized, .enabled(if: CLI.haveBinary, "build the prescreen binary first (swift build)"))
struct StaffTests {
    /// The rows of summary.json, by folder.
    static func rows(_ out: String) throws -> [String: [String: Any]] {
        let data = try #require(FileManager.default.contents(atPath: out + "/summary.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var out: [String: [String: Any]] = [:]
        for row in (json["applicants"] as? [[String: Any]]) ?? [] {
            if let f = row["folder"] as? String { out[f] = row }
        }
        return out
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func onlyRechecksTheNamedApplicantsAndKeepsTheOthersAsTheyWere() throws {
        let t = try UnattendedTests.tree()
        defer { t.remove() }
        let out = t.path("out")
        let first = try CLI.run(["scan", t.path("in"), "--out", out, "--jobs", "2"])
        #expect(first.status == 1, "\(first.stderr)")
        let reportB = Self.bytes(out + "/B/report.json"), reportC = Self.bytes(out + "/C/report.json")
        let htmlC = Self.bytes(out + "/C/report.html")

        // B changes; only A is asked for, by its applicant id (AKS-A): A is checked (forced, though unchanged),
        // B and C keep their reports and their rows, nobody is `removed`.
        try t.file("in/B/公示.pdf", try UnattendedTests.textPage("单位公示", 42))
        let one = try CLI.run(["scan", t.path("in"), "--out", out, "--only", "AKS-A"])
        #expect(one.status == 1, "\(one.stderr)")
        #expect(CLI.count("checked", in: one.stdout) == 1, "\(one.stdout)")
        #expect(CLI.count("applicants", in: one.stdout) == 3)
        #expect(CLI.count("removed", in: one.stdout) == 0)
        #expect(Self.bytes(out + "/B/report.json") == reportB, "B changed but was not asked for")
        #expect(Self.bytes(out + "/C/report.json") == reportC && Self.bytes(out + "/C/report.html") == htmlC)
        let rows = try Self.rows(out)
        #expect(Set(rows.keys) == ["A", "B", "C"])
        #expect(rows.values.allSatisfy { $0["status"] as? String == "flagged" }, "\(rows)")
        #expect(((rows["C"]?["findings"] as? [Any]) ?? []).count > 0, "C's row keeps its findings")
        let index = String(decoding: Self.bytes(out + "/index.html") ?? Data(), as: UTF8.self)
        #expect(index.contains("data-v=\"AKS-C\"") && index.contains("data-v=\"AKS-B\""))

        // By folder name, two at once: B (changed) and C; then a plain scan has nothing left to do.
        let two = try CLI.run(["scan", t.path("in"), "--out", out, "--only", "B", "C"])
        #expect(CLI.count("checked", in: two.stdout) == 2, "\(two.stdout)")
        #expect(Self.bytes(out + "/B/report.json") != reportB, "B is re-checked with its new attachment")
        let plain = try CLI.run(["scan", t.path("in"), "--out", out])
        #expect(CLI.count("checked", in: plain.stdout) == 0, "\(plain.stdout)")
        #expect(CLI.count("unchanged", in: plain.stdout) == 3)
    }

    @Test func anApplicantStoredWithoutItsFindingsIsCheckedAgainSoItsRowListsItsRules() throws {
        let t = try UnattendedTests.tree()
        defer { t.remove() }
        let out = t.path("out")
        _ = try CLI.run(["scan", t.path("in"), "--out", out])
        // The state as a version before the index listed rules left it: entries without `findings`.
        do {
            let store = try StateStore(path: out + "/.prescreen-state.sqlite")
            for record in try store.applicants() where record.folder != "C" {
                var outcome = try #require(try JSONSerialization.jsonObject(with: record.outcome) as? [String: Any])
                var entry = try #require(outcome["entry"] as? [String: Any])
                entry.removeValue(forKey: "findings")
                outcome["entry"] = entry
                try store.save(ApplicantRecord(folder: record.folder, digest: record.digest,
                                               outcome: try JSONSerialization.data(withJSONObject: outcome)))
            }
        }
        let again = try CLI.run(["scan", t.path("in"), "--out", out])
        #expect(CLI.count("checked", in: again.stdout) == 2, "\(again.stdout)")
        #expect(CLI.count("attachments parsed", in: again.stdout) == 0, "from the page cache")
        let rows = try Self.rows(out)
        #expect(rows.values.allSatisfy { (($0["findings"] as? [Any]) ?? []).count > 0 }, "\(rows)")
    }

    @Test func onlyWithANameNobodyHasIsAUsageErrorInChinese() throws {
        let t = try UnattendedTests.tree()
        defer { t.remove() }
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("out")])
        let before = Self.bytes(t.path("out/summary.json"))
        let r = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--only", "AKS-A", "AKS-Z"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("--only 'AKS-Z'：ROOT \(t.path("in")) 中没有这个申请人编号或文件夹名（现有：A、B、C）"), "\(r.stderr)")
        #expect(!r.stderr.contains("'AKS-A'"), "only the unknown value is named")
        #expect(Self.bytes(t.path("out/summary.json")) == before, "nothing was checked or rewritten")
        let shard = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--only", "A", "--shard", "1/2"])
        #expect(shard.status == 2 && shard.stderr.contains("--only 与 --shard 不能同时使用"), "\(shard.stderr)")
    }

    @Test func commandLineMistakesSayPathCauseAndRemedyInChinese() throws {
        let t = try UnattendedTests.tree()
        defer { t.remove() }
        let file = try t.file("a-file.txt", Data("x".utf8))
        let cases: [(args: [String], says: String)] = [
            (["scan", t.path("nowhere"), "--out", t.path("out")],
             "ROOT '\(t.path("nowhere"))' 不存在：请检查路径是否写对"),
            (["scan", file, "--out", t.path("out")],
             "ROOT '\(file)' 是一个文件，不是文件夹：请给出申请人文件夹（含 applicant.yml）或其上级目录"),
            (["scan", t.path("in"), "--out", t.path("out"), "--jobs", "-3"],
             "--jobs -3：工作数必须是 1 或以上的整数，如 --jobs 2"),
            (["scan", t.path("in"), "--out", t.path("out"), "--jobs", "two"],
             "--jobs two：工作数必须是 1 或以上的整数"),
            (["scan", t.path("in"), "--out", t.path("in/A/reports")],
             "--out '\(t.path("in/A/reports"))' 在 ROOT '\(t.path("in"))' 之内：申报材料目录不会被写入"),
            (["scan", t.path("in"), "--out", file], "--out '\(file)' 是一个已有的文件，不是文件夹"),
            (["scan", t.path("in")], "prescreen: 缺少 --out <out>：请补上它"),
            (["scan", t.path("in"), "--out", t.path("out"), "--jbos", "2"], "prescreen: 没有 --jbos 这个选项：请检查拼写"),
        ]
        for c in cases {
            let r = try CLI.run(c.args)
            #expect(r.status == 2, "\(c.args): \(r.stderr)")
            #expect(r.stderr.contains(c.says), "\(c.args): \(r.stderr)")
            #expect(!r.stderr.contains("is not a folder") && !r.stderr.contains("Missing value"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: t.path("in/A/reports")), "nothing was written into ROOT")
    }

    @Test func oneApplicantIsOneApplicantAndAPipelineTypoIsToldInChinese() throws {
        let t = try UnattendedTests.tree()
        defer { t.remove() }
        let r = try CLI.run(["scan", t.path("in/A"), "--out", t.path("out")])
        #expect(r.stderr.contains("共 1 位申请人 (1 applicant)"), "\(r.stderr)")
        #expect(!r.stderr.contains("1 applicants"))
        let quiet = try CLI.run(["scan", t.path("in/A"), "--out", t.path("out2"), "--quiet", "--force"])
        #expect(!quiet.stdout.contains("1 violations"), "\(quiet.stdout)")

        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let yaml = try String(contentsOf: package.appendingPathComponent("Pipelines/aksu-2024.yml"), encoding: .utf8)
        let line = (yaml.components(separatedBy: "\n").firstIndex { $0.contains("blind/label: {severity: warning}") } ?? -1) + 1
        let bad = try t.file("bad.yml", Data(yaml.replacingOccurrences(of: "blind/label: {severity: warning}",
                                                                       with: "blind/label: {severity: warnig}").utf8))
        let p = try CLI.run(["scan", t.path("in"), "--out", t.path("out3"), "--pipeline", bad])
        #expect(p.status == 2)
        #expect(p.stderr.contains("prescreen: 流程文件 pipeline \(bad)：第 \(line) 行，键 rules.blind/label.severity："
            + "值 'warnig' 无效，可用的值：violation、warning"), "\(p.stderr)")
        #expect(!p.stderr.contains("Cannot initialize") && !p.stderr.contains("Severity"))
    }

    @Test func theLogHasTimestampsAndLevelsAndNoNamesOrPageText() throws {
        let t = try UnattendedTests.tree()
        defer { t.remove() }
        // A names the applicant on a page, so the scan has the name in hand (blind/name fires on it).
        try t.file("in/A/简历.pdf", try PDFFixtures.textPDF(lines: [
            ("个人简历 姓名：张伟 工作单位：阿克苏地区第一人民医院", 60, 120, 14),
            ("本人自二〇一〇年起从事结构设计工作，主持完成多项工程。", 60, 180, 12),
        ]))
        let log = t.path("logs/prescreen.log")
        try FileManager.default.createDirectory(atPath: t.path("logs"), withIntermediateDirectories: true)
        let r = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--log", log, "--quiet"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(CLI.findings(try #require(CLI.report(t.path("out"), "A"))).contains { $0.rule == "blind/name" })
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let stamp = try NSRegularExpression(
            pattern: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d (trace|debug|info|notice|warning|error|critical) \S"#)
        #expect(lines.count >= 5, "\(text)")
        for line in lines {
            #expect(stamp.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil, "\(line)")
        }
        #expect(lines.contains { $0.contains(" info applicant done ") && $0.contains("folder=A ") })
        #expect(lines.last?.contains(" notice scan finished ") == true && lines.last?.contains("exit=1") == true)
        for secret in ["张伟", "张小伟", "阿克苏地区第一人民医院", "地区一院", "结构设计", "个人简历", "承诺"] {
            #expect(!text.contains(secret), "the log holds '\(secret)'")
        }
        // A second run appends; an unwritable place is a usage error that says which file and what to do.
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--log", log, "--quiet"])
        #expect(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").count > lines.count)
        let nowhere = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--log", t.path("no/such/dir/x.log")])
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr.contains("无法打开日志文件 \(t.path("no/such/dir/x.log"))"), "\(nowhere.stderr)")
    }
}
