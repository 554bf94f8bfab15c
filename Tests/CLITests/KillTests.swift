import Foundation
import OCR
import StateStore
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// kill -9 of a real scan at random moments, several times, then a run to the end: every applicant ends with
/// a complete report, none half-written or missing, and the ones finished before are not redone.
@Suite(.serialized, .enabled(if: CLI.haveBinary && CLI.haveChinese, "needs the prescreen binary and tesseract-ocr-chi-sim"))
struct KillTests {
    static let applicants = (1...6).map { String(format: "K%02d", $0) }

    /// Six applicants, each a text PDF and a small scan (so a full run takes some seconds of real OCR).
    static func tree() throws -> TempTree {
        let t = try TempTree("cli-kill")
        for (i, f) in applicants.enumerated() {
            let page = OCRFixtures.textBitmap(lines: ["年度考核登记表 \(2021 + i % 3)年度", "考核等次：优秀 工程师"], fontSize: 12, dpi: 150)
            try t.applicant("in/\(f)", manifest: IngestFixtures.manifest(id: f), files: [
                "承诺书.pdf": try UnattendedTests.textPage("个人承诺书", i),
                "考核.png": try ImageCodec.encodePNG(page),
            ])
        }
        return t
    }

    @Test func killedScansLoseNothingAndFinishedApplicantsAreNotRedone() throws {
        let t = try Self.tree()
        defer { t.remove() }
        // How long a whole run takes on this machine (cold: no state, no cache), so that each kill lands inside
        // a run however fast or loaded the machine is.
        let t0 = Date()
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("timing"), "--jobs", "2"])
        let full = max(0.3, Date().timeIntervalSince(t0))
        var rng = SystemRandomNumberGenerator()
        var kills = 0
        // Five independent cycles, each on a fresh output folder: a cold scan killed at a random moment, then
        // a scan to the end in the same folder.
        for cycle in 0..<5 {
            let out = t.path("out\(cycle)")
            let scan = ["scan", t.path("in"), "--out", out, "--jobs", "2"]
            let (p, o, e) = try CLI.start(scan)
            // Within the first half of a cold run: the timing run may have shared the cores with other suites
            // and a later run, alone, may be twice as fast (pages of both workers now overlap to the end).
            usleep(UInt32(Double.random(in: 0.05...0.5, using: &rng) * full * 1_000_000))
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                kills += 1
            }
            p.waitUntilExit()
            _ = o.fileHandleForReading.readDataToEndOfFile()
            _ = e.fileHandleForReading.readDataToEndOfFile()
            // Whatever exists is whole.
            for f in Self.applicants where FileManager.default.fileExists(atPath: "\(out)/\(f)/report.json") {
                #expect(CLI.report(out, f) != nil, "\(f)/report.json is not complete JSON after a kill")
            }
            // What the state says is finished, and those reports' bytes.
            var finished: [String] = []
            if FileManager.default.fileExists(atPath: out + "/.prescreen-state.sqlite") {
                let store = try StateStore(path: out + "/.prescreen-state.sqlite")
                finished = try store.applicants().filter { !$0.removed }.map(\.folder)
            }
            var before: [String: Data] = [:]
            for f in finished { before[f] = FileManager.default.contents(atPath: "\(out)/\(f)/report.json") }
            #expect(before.values.count == finished.count, "a state record without its report")

            let last = try CLI.run(scan)
            #expect(last.status == 1 || last.status == 0, "\(last.stderr)")
            #expect(CLI.count("unchanged", in: last.stdout) == finished.count)
            #expect(CLI.count("checked", in: last.stdout) == Self.applicants.count - finished.count)
            for f in Self.applicants {
                let report = CLI.report(out, f)
                #expect(report != nil, "\(f) has no complete report")
                #expect((report?["documents"] as? [[String: Any]])?.count == 2)
                #expect(!t.list("out\(cycle)/\(f)").contains { $0.contains(".tmp-") }, "\(f) has a leftover temp file")
            }
            for (f, data) in before {
                #expect(FileManager.default.contents(atPath: "\(out)/\(f)/report.json") == data, "\(f) was redone")
            }
        }
        #expect(kills >= 4, "the scans finished before they could be killed")
        // No worker child outlives its killed scan.
        usleep(200_000)
        #expect(Self.orphanWorkers() == 0)
    }

    /// `_worker` processes of this binary whose scan (`--parent PID`) is gone.
    static func orphanWorkers() -> Int {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.filter { pid in
            guard Int(pid) != nil, let cmd = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let args = cmd.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) ?? ""
            guard args.count > 3, exe == CLI.binary, args[1] == "_worker", let parent = Int32(args[3]) else { return false }
            return kill(parent, 0) != 0
        }.count
    }
}
