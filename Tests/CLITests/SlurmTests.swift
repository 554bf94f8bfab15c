import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Whether a one-node Slurm cluster can be started here.
enum SlurmTools {
    static let installed = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/slurmctld")
        && FileManager.default.isExecutableFile(atPath: "/usr/sbin/slurmd")
        && FileManager.default.isExecutableFile(atPath: "/usr/sbin/munged")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/sbatch")
}

/// deploy/slurm on a real one-node Slurm cluster started here (scripts/slurm-local.sh: munged on its own
/// socket, slurmctld and slurmd on free ports, everything under a temp folder): the job array and its
/// dependent index job give the one-machine batch.
@Suite(.serialized, .enabled(if: CLI.haveBinary && SlurmTools.installed,
                             "needs the prescreen binary, root, and Debian's slurm-wlm and munge (scripts/install-deps.sh)"))
struct SlurmTests {

    /// Runs a program to the end with extra environment; its output goes through files, not pipes: the
    /// daemons it may start inherit every descriptor, and a pipe they hold would never reach its end.
    static func run(_ exe: String, _ args: [String], env: [String: String] = [:], in t: TempTree) throws -> CLI.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let name = UUID().uuidString
        let outPath = try t.file("io/\(name).out", Data()), errPath = try t.file("io/\(name).err", Data())
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        p.standardOutput = out
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        try out.close()
        try err.close()
        let o = FileManager.default.contents(atPath: outPath) ?? Data()
        let e = FileManager.default.contents(atPath: errPath) ?? Data()
        return CLI.Result(status: p.terminationStatus, signal: 0, stdout: String(decoding: o, as: UTF8.self),
                          stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func theJobArrayAndItsDependentIndexJobGiveTheOneMachineBatch() throws {
        let t = try TempTree("slurm")
        defer { t.remove() }
        let folders = ["L1", "L2", "L3", "L4", "L5", "L6"]
        for (i, f) in folders.enumerated() { try ShardTests.addApplicant(f, i, to: t) }
        _ = try CLI.run(["scan", t.path("in"), "--out", t.path("ref"), "--jobs", "1"])

        let cluster = t.path("cluster")
        // munged runs as the munge user and must reach its folder: the temp tree is 0700.
        chmod(t.root, 0o711)
        let start = try Self.run("/bin/sh", [DeployTests.package + "/scripts/slurm-local.sh", "start", cluster], in: t)
        defer { _ = try? Self.run("/bin/sh", [DeployTests.package + "/scripts/slurm-local.sh", "stop", cluster], in: t) }
        try #require(start.status == 0, "the one-node Slurm cluster did not start: \(start.stderr)")
        let env = ["SLURM_CONF": cluster + "/slurm.conf", "CPUS": "1", "PRESCREEN": CLI.binary, "LOGS": t.path("logs")]

        let submit = try Self.run("/bin/sh", [DeployTests.package + "/deploy/slurm/submit.sh", "3", t.path("in"), t.path("out")],
                                  env: env, in: t)
        try #require(submit.status == 0, "sbatch failed: \(submit.stderr)")
        let ids = submit.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        try #require(ids.count == 2, "\(submit.stdout)")
        // Poll squeue until both the array and the index job have left the queue (bounded: 5 minutes).
        let deadline = Date().addingTimeInterval(300)
        var queued = "?"
        while Date() < deadline {
            queued = try Self.run("/usr/bin/squeue", ["-h", "-j", ids.joined(separator: ",")], env: env, in: t).stdout
            if queued.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { break }
            usleep(500_000)
        }
        #expect(queued.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "still queued after 5 minutes: \(queued)")
        // `sbatch --wait` and an empty queue say nothing about a cancelled dependent job: ask for its state.
        let index = try Self.run("/usr/bin/scontrol", ["show", "job", ids[1]], env: env, in: t)
        #expect(index.stdout.contains("JobState=COMPLETED"), "\(index.stdout)")
        let tasks = try Self.run("/usr/bin/scontrol", ["show", "job", ids[0]], env: env, in: t)
        #expect(tasks.stdout.components(separatedBy: "JobState=COMPLETED").count - 1 == 3, "\(tasks.stdout)")

        let logs = t.list("logs")
        #expect(logs.filter { $0.hasPrefix("prescreen-scan-") }.count == 3, "\(logs)")
        for f in folders {
            let mine = ShardTests.timeless(t.path("out/\(f)/report.json"))
            #expect(mine != nil && mine == ShardTests.timeless(t.path("ref/\(f)/report.json")), "\(f)")
        }
        for k in 1...3 {
            #expect(FileManager.default.fileExists(atPath: t.path("out/.prescreen-state-\(k)-of-3.sqlite")))
        }
        for name in ShardTests.batchFiles {
            let a = ShardTests.timeless(batch: t.path("out/" + name))
            #expect(a != nil && a == ShardTests.timeless(batch: t.path("ref/" + name)), "\(name)")
        }
    }
}
