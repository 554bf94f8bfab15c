import Foundation
import Testing
import TestSupport

/// The command line of CONTRACT.md as a user meets it: help, the rule catalogue, and exit 2 for every usage
/// mistake. The structure is pinned (which subcommands and options exist, which rules with which severity, which
/// exit code, which path a message names), not the wording of messages, which is free to change (and is
/// translated into Chinese).
@Suite(.enabled(if: CLI.haveBinary, "build the prescreen binary first (swift build)"))
struct CommandLineTests {
    /// The names in the first column of a help section (`SUBCOMMANDS:`, `OPTIONS:`), up to the next blank line.
    static func section(_ title: String, of help: String) -> [String] {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: title + ":") else { return [] }
        var names: [String] = []
        for line in lines[(start + 1)...] {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            // An entry starts two spaces in; its continuation lines start much further in.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let entry = line.dropFirst(2)
            names.append(String(entry.prefix { $0 != " " }))
        }
        return names
    }

    @Test func helpListsTheContractsSubcommandsAndNotTheWorker() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("USAGE: prescreen <subcommand>"), "\(r.stdout)")
        #expect(Self.section("SUBCOMMANDS", of: r.stdout) == ["scan", "index", "rules"], "\(r.stdout)")
        #expect(r.stdout.contains("--version"))
        // The worker child's entry point is internal: never offered to a user.
        #expect(!r.stdout.contains("_worker"))
    }

    @Test func scanHelpListsEveryContractOption() throws {
        let r = try CLI.run(["scan", "--help"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("USAGE: prescreen scan <root> --out <out>"), "\(r.stdout)")
        for option in ["--out", "--pipeline", "--jobs", "--state", "--quiet", "--force", "--shard"] {
            #expect(r.stdout.contains(option + " ") || r.stdout.contains(option + "\n"), "\(option) missing: \(r.stdout)")
        }
    }

    @Test func versionPrintsTheToolVersion() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        let version = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!version.isEmpty && version.allSatisfy { $0.isNumber || $0 == "." }, "\(r.stdout)")
    }

    @Test func rulesPrintsEveryContractRuleWithItsSeverity() throws {
        let r = try CLI.run(["rules"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("aksu-2024"))
        // A catalogue line starts with the rule id, then its severity.
        let ids = Set(ContractRules.ids)
        let rows: [(String, String)] = r.stdout.components(separatedBy: "\n").compactMap { line in
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard words.count >= 2, ids.contains(String(words[0])) else { return nil }
            return (String(words[0]), String(words[1]))
        }
        #expect(rows.map(\.0) == ContractRules.ids, "\(r.stdout)")
        #expect(rows.map(\.1) == ContractRules.table.map(\.severity.rawValue))
    }

    @Test func rulesOfAnUnreadablePipelineIsAUsageError() throws {
        let t = try TempTree("cli-rules")
        defer { t.remove() }
        let missing = t.path("no-such-pipeline.yml")
        let r = try CLI.run(["rules", "--pipeline", missing])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains(missing), "\(r.stderr)")
    }

    @Test func anUnknownFlagIsAUsageError() throws {
        let t = try TempTree("cli-flag")
        defer { t.remove() }
        try t.file("in/A/applicant.yml", IngestFixtures.manifest(id: "A"))
        let r = try CLI.run(["scan", t.path("in"), "--out", t.path("out"), "--no-such-flag"])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("--no-such-flag"), "\(r.stderr)")
        // Nothing was scanned or written.
        #expect(!FileManager.default.fileExists(atPath: t.path("out")))
    }

    @Test func aMissingRootIsAUsageErrorNamingIt() throws {
        let t = try TempTree("cli-root")
        defer { t.remove() }
        let root = t.path("no-such-root")
        let r = try CLI.run(["scan", root, "--out", t.path("out")])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains(root), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: t.path("out")))
    }

    @Test func anOutputInsideRootIsAUsageErrorNamingIt() throws {
        let t = try TempTree("cli-out")
        defer { t.remove() }
        try t.file("in/A/applicant.yml", IngestFixtures.manifest(id: "A"))
        let before = CLI.snapshot(t.path("in"))
        let out = t.path("in/reports")
        let r = try CLI.run(["scan", t.path("in"), "--out", out])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains(out), "\(r.stderr)")
        // The input tree is never written to, not even to refuse.
        #expect(CLI.snapshot(t.path("in")) == before)
    }
}
