import Foundation
import Testing
import TestSupport

/// What a scan says while it runs, off a terminal (cron, logs): one line per applicant, each with the time.
@Suite(.serialized, .enabled(if: CLI.haveBinary, "build the prescreen binary first (swift build)"))
struct ProgressTests {
    @Test func plainLinesCarryTheirTime() throws {
        let t = try UnattendedTests.tree()
        defer { t.remove() }
        let r = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--jobs", "1"])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "the count, then one line per applicant: \(lines)")
        let stamp = try Regex(#"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d "#)
        for line in lines { #expect(line.firstMatch(of: stamp) != nil, "no timestamp: \(line)") }
        #expect(lines.dropFirst().allSatisfy { $0.contains("/3] ") })
        // Nothing meant for a terminal: no carriage returns or escape sequences in a log.
        #expect(!r.stderr.contains("\r") && !r.stderr.contains("\u{1B}"))
    }
}
