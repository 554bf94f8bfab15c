import Foundation
import Pipeline
import StateStore
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A batch split with `--shard K/N` over separate, concurrent processes into one output folder, then
/// `prescreen index`: the same reports and batch files as one machine's scan, incremental per shard, and whole
/// after a shard is killed. Every test runs the real binary over text PDFs (no OCR: cheap on 2 cores).
@Suite(.serialized, .enabled(if: CLI.haveBinary, "build the prescreen binary first (swift build)"))
struct ShardTests {
    static let folders = (1...9).map { String(format: "S%02d", $0) }

    /// ROOT with nine applicants of one or two text PDFs; every third shows the applicant's name (a finding
    /// with an evidence picture), every fourth has a second document.
    static func tree() throws -> TempTree {
        let t = try TempTree("cli-shard")
        for (i, f) in folders.enumerated() { try addApplicant(f, i, to: t) }
        return t
    }

    static func addApplicant(_ folder: String, _ i: Int, to t: TempTree) throws {
        var files = ["承诺书.pdf": try UnattendedTests.textPage("个人承诺书", i)]
        if i % 3 == 0 {
            files["推荐/推荐报告.pdf"] = try PDFFixtures.textPDF(lines: [
                ("推荐报告", 220, 100, 20), ("申请人张伟同志自参加工作以来，工作认真负责，第\(i)份。", 60, 200, 12),
            ])
        }
        if i % 4 == 1 { files["公示.pdf"] = try UnattendedTests.textPage("单位公示", i + 40) }
        try t.applicant("in/\(folder)", manifest: IngestFixtures.manifest(id: "AKS-\(folder)"), files: files)
    }

    /// Starts every shard of `n` at once (`--jobs 1` each) and waits for all of them.
    static func runShards(_ t: TempTree, out: String, n: Int, only: [Int]? = nil,
                          env: [String: String] = [:]) throws -> [Int: CLI.Result] {
        var started: [(Int, Process, Pipe, Pipe)] = []
        for k in only ?? Array(1...n) {
            let (p, o, e) = try CLI.start(["scan", t.path("in"), "--out", out, "--shard", "\(k)/\(n)", "--jobs", "1"], env: env)
            started.append((k, p, o, e))
        }
        var results: [Int: CLI.Result] = [:]
        for (k, p, o, e) in started {
            let out = o.fileHandleForReading.readDataToEndOfFile()
            let err = e.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            results[k] = CLI.Result(status: p.terminationStatus, signal: 0, stdout: String(decoding: out, as: UTF8.self),
                                    stderr: String(decoding: err, as: UTF8.self))
        }
        return results
    }

    /// A report.json's text without its one timing field (`stats.seconds`).
    static func timeless(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return text.replacingOccurrences(of: #""seconds" *: *[0-9.eE+-]+"#, with: #""seconds": 0"#, options: .regularExpression)
    }

    static let batchFiles = ["index.html", "summary.csv", "summary-zh.csv", "findings.csv", "summary.json"]

    /// A batch file without its times (index.html's scan and check times, summary-zh.csv's check times): the two
    /// output folders were written minutes apart, everything else must be the same bytes.
    static func timeless(batch path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: #"<time datetime="[^"]*">[^<]*</time>"#, with: "<time>", options: .regularExpression)
            .replacingOccurrences(of: #"data-v="\d{9,}""#, with: "data-v=\"T\"", options: .regularExpression)
            .replacingOccurrences(of: #",\d{4}-\d\d-\d\d \d\d:\d\d,"#, with: ",T,", options: .regularExpression)
    }

    @Test func shardsThenIndexGiveTheOneMachineReportsAndBatchFiles() throws {
        let t = try Self.tree()
        defer { t.remove() }
        // Every shard of 2 and 3 gets applicants, so the concurrent runs really split the batch.
        for n in [2, 3] {
            #expect(Set(Self.folders.map { Shard.bucket(of: $0, count: n) }).count == n)
        }
        let reference = try CLI.run(["scan", t.path("in"), "--out", t.path("ref"), "--jobs", "1"])
        #expect(reference.status == 1, "every applicant lacks required documents: \(reference.stderr)")

        for n in 1...3 {
            let out = t.path("out\(n)")
            let results = try Self.runShards(t, out: out, n: n)
            for (k, r) in results {
                #expect(r.status == 1, "shard \(k)/\(n): \(r.stderr)")
                #expect(r.stdout.contains("prescreen index"), "shard \(k)/\(n) names the index step")
                #expect(FileManager.default.fileExists(atPath: out + "/.prescreen-state-\(k)-of-\(n).sqlite"))
                let mine = Self.folders.filter { Shard.bucket(of: $0, count: n) == k - 1 }
                #expect(CLI.count("checked", in: r.stdout) == mine.count, "shard \(k)/\(n): \(r.stdout)")
            }
            for name in Self.batchFiles {
                #expect(!FileManager.default.fileExists(atPath: out + "/" + name), "a shard wrote \(name)")
            }
            #expect(!FileManager.default.fileExists(atPath: out + "/.prescreen-state.sqlite"))

            let index = try CLI.run(["index", out])
            #expect(index.status == 1, "index exits as the scan does (flagged applicants): \(index.stderr)")
            #expect(CLI.count("applicants", in: index.stdout) == Self.folders.count)
            for f in Self.folders {
                let mine = Self.timeless("\(out)/\(f)/report.json")
                #expect(mine != nil && mine == Self.timeless(t.path("ref/\(f)/report.json")), "\(f) differs at N = \(n)")
                #expect(t.list("out\(n)/\(f)/evidence") == t.list("ref/\(f)/evidence"))
            }
            for name in Self.batchFiles {
                let a = Self.timeless(batch: out + "/" + name)
                #expect(a != nil && a == Self.timeless(batch: t.path("ref/" + name)), "\(name) differs at N = \(n)")
            }
        }

        // A second pass of every shard over the unchanged corpus checks nothing.
        let again = try Self.runShards(t, out: t.path("out3"), n: 3)
        for (k, r) in again {
            #expect(CLI.count("checked", in: r.stdout) == 0, "shard \(k)/3: \(r.stdout)")
            #expect(CLI.count("attachments parsed", in: r.stdout) == 0)
        }
        #expect(again.values.reduce(0) { $0 + (CLI.count("unchanged", in: $1.stdout) ?? 0) } == Self.folders.count)

        // One new applicant: re-checked in its shard only, nobody else.
        let added = "S10"
        try Self.addApplicant(added, 10, to: t)
        let home = Shard.bucket(of: added, count: 3) + 1
        let third = try Self.runShards(t, out: t.path("out3"), n: 3)
        for (k, r) in third {
            #expect(CLI.count("checked", in: r.stdout) == (k == home ? 1 : 0), "shard \(k)/3: \(r.stdout)")
        }
        #expect(CLI.report(t.path("out3"), added) != nil)
        let index = try CLI.run(["index", t.path("out3")])
        #expect(CLI.count("applicants", in: index.stdout) == Self.folders.count + 1)
        // The one-machine scan of the grown corpus agrees again.
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("ref"), "--jobs", "1"])
        for name in Self.batchFiles {
            let a = Self.timeless(batch: t.path("out3/" + name))
            #expect(a != nil && a == Self.timeless(batch: t.path("ref/" + name)), "\(name) differs after the addition")
        }
    }

    @Test func growingNRechecksOnlyTheApplicantsTheNewShardTakes() throws {
        let t = try Self.tree()
        defer { t.remove() }
        let out = t.path("out")
        _ = try Self.runShards(t, out: out, n: 2)
        let grown = try Self.runShards(t, out: out, n: 3)
        // Jump hashing: from 2 to 3 shards an applicant stays in its shard or moves to the new one, 3/3.
        let moved = Self.folders.filter { Shard.bucket(of: $0, count: 3) == 2 }
        #expect(Self.folders.allSatisfy { Shard.bucket(of: $0, count: 3) == 2 || Shard.bucket(of: $0, count: 3) == Shard.bucket(of: $0, count: 2) })
        for k in 1...2 {
            let r = try #require(grown[k])
            #expect(r.stderr.contains(".prescreen-state-\(k)-of-2.sqlite"), "shard \(k)/3 did not start from \(k)/2: \(r.stderr)")
            #expect(CLI.count("checked", in: r.stdout) == 0, "shard \(k)/3: \(r.stdout)")
            #expect(CLI.count("removed", in: r.stdout) == 0, "applicants of another shard are not 'removed'")
        }
        #expect(CLI.count("checked", in: grown[3]?.stdout ?? "") == moved.count)
        let index = try CLI.run(["index", out])
        #expect(CLI.count("applicants", in: index.stdout) == Self.folders.count)
        // And back to 2: each shard K of 2 still has its own state, its applicants are unchanged.
        let back = try Self.runShards(t, out: out, n: 2)
        #expect(back.values.allSatisfy { CLI.count("checked", in: $0.stdout) == 0 }, "\(back.values.map(\.stdout))")
    }

    @Test func indexListsApplicantsGoneFromRootAsRemovedAsOneMachineDoes() throws {
        let t = try Self.tree()
        defer { t.remove() }
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("ref"), "--jobs", "1"])
        _ = try Self.runShards(t, out: t.path("out"), n: 2)
        try FileManager.default.removeItem(atPath: t.path("in/S04"))
        let reference = try CLI.run(["scan", t.path("in"), "--out", t.path("ref"), "--jobs", "1"])
        #expect(CLI.count("removed", in: reference.stdout) == 1)
        _ = try Self.runShards(t, out: t.path("out"), n: 2)

        // Without ROOT a report is all the index knows: S04 is listed with its last status.
        _ = try CLI.run(["index", t.path("out")])
        let plain = try #require(FileManager.default.contents(atPath: t.path("out/summary.json")))
        let rows = (try JSONSerialization.jsonObject(with: plain) as? [String: Any])?["applicants"] as? [[String: Any]] ?? []
        #expect(rows.count == Self.folders.count)
        #expect(rows.first { $0["folder"] as? String == "S04" }?["status"] as? String == "flagged")
        // With ROOT it is `removed`, its reports kept: the one-machine scan's files exactly.
        let index = try CLI.run(["index", t.path("out"), "--root", t.path("in")])
        #expect(CLI.count("removed", in: index.stdout) == 1, "\(index.stdout)")
        #expect(CLI.report(t.path("out"), "S04") != nil)
        for name in Self.batchFiles {
            let a = Self.timeless(batch: t.path("out/" + name))
            #expect(a != nil && a == Self.timeless(batch: t.path("ref/" + name)), "\(name) differs with a removed applicant")
        }
    }

    @Test func aKilledShardRerunAloneCompletesTheBatch() throws {
        let t = try Self.tree()
        defer { t.remove() }
        let victim = Shard.bucket(of: "S01", count: 2) + 1
        // S01's extra file hangs its reader (test fault hook), so shard `victim` is surely mid-run when killed.
        try t.file("in/S01/慢.pdf", Data("%PDF-1.7\n%PRESCREEN-FAULT:hang\n".utf8))
        let out = t.path("out")
        let others = try Self.runShards(t, out: out, n: 2, only: [3 - victim], env: ["PRESCREEN_TEST_FAULTS": "1"])
        #expect(others[3 - victim]?.status == 1)
        let (p, o, e) = try CLI.start(["scan", t.path("in"), "--out", out, "--shard", "\(victim)/2", "--jobs", "2"],
                                      env: ["PRESCREEN_TEST_FAULTS": "1"])
        // Its first progress line comes once it holds its lock and has found its applicants.
        _ = e.fileHandleForReading.availableData
        usleep(1_500_000)
        #expect(p.isRunning, "the shard with the hanging file finished before it was killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        _ = o.fileHandleForReading.readDataToEndOfFile()
        _ = e.fileHandleForReading.readDataToEndOfFile()
        let mine = Self.folders.filter { Shard.bucket(of: $0, count: 2) == victim - 1 }
        #expect(mine.contains("S01"))
        #expect(CLI.report(out, "S01") == nil, "the hanging applicant cannot have finished")
        for f in Self.folders where FileManager.default.fileExists(atPath: "\(out)/\(f)/report.json") {
            #expect(CLI.report(out, f) != nil, "\(f)/report.json is not complete JSON after the kill")
        }
        let store = try StateStore(path: out + "/.prescreen-state-\(victim)-of-2.sqlite")
        let finished = try store.applicants().filter { !$0.removed }.map(\.folder)
        #expect(!finished.contains("S01"))

        // The killed shard alone, without the fault hook (the marker is then an unreadable file).
        let rerun = try CLI.run(["scan", t.path("in"), "--out", out, "--shard", "\(victim)/2", "--jobs", "2"])
        #expect(rerun.status == 1, "\(rerun.stderr)")
        #expect(CLI.count("checked", in: rerun.stdout) == mine.count - finished.count, "\(rerun.stdout)")
        let index = try CLI.run(["index", out])
        #expect(CLI.count("applicants", in: index.stdout) == Self.folders.count, "\(index.stdout)")
        for f in Self.folders {
            #expect(CLI.report(out, f) != nil, "\(f) has no complete report")
            #expect(!t.list("out/\(f)").contains { $0.contains(".tmp-") }, "\(f) has a leftover temp file")
        }
        let summary = try #require(FileManager.default.contents(atPath: out + "/summary.csv"))
        #expect(String(decoding: summary, as: UTF8.self).split(separator: "\r\n").count == Self.folders.count + 1)
        #expect(KillTests.orphanWorkers() == 0)
    }

    @Test(arguments: ["0/3", "4/3", "1/0", "3", "a/b", "1/3/5"])
    func aBadShardIsAUsageErrorInChineseAndEnglish(_ value: String) throws {
        let t = try Self.tree()
        defer { t.remove() }
        let r = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--shard", value])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--shard"))
        #expect(r.stderr.contains("K/N") || r.stderr.contains("1 ≤ K ≤ N"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.path("out")), "a refused shard touched DIR")
    }
}
