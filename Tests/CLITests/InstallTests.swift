import Foundation
import Testing
import TestSupport

/// `make install` as the IT person runs it: the release binary (Swift runtime linked statically), installed into a
/// temporary prefix, scans Samples/ in an environment without the toolchain; the man page lists the subcommands;
/// `make uninstall` removes every file again. Builds a release binary in `.build-static`: minutes the first time.
/// PRESCREEN_SKIP_INSTALL_TEST=1 skips it (for engineers iterating on something else).
@Suite(.serialized, .enabled(if: Installer.available, "needs make and swift, and PRESCREEN_SKIP_INSTALL_TEST unset"))
struct InstallTests {
    @Test func anInstalledBinaryScansWithoutTheToolchainAndUninstallRemovesIt() throws {
        let t = try TempTree("install")
        defer { t.remove() }
        let prefix = t.path("prefix")
        let root = Installer.packageRoot

        let install = try Installer.run("/usr/bin/make", ["-C", root, "install", "PREFIX=\(prefix)"])
        #expect(install.status == 0, "make install failed: \(install.output.suffix(3000))")
        let binary = prefix + "/bin/prescreen"
        try #require(FileManager.default.isExecutableFile(atPath: binary))

        // Nothing from the toolchain: no library under /opt/swift, nothing missing.
        let ldd = try Installer.run("/usr/bin/ldd", [binary])
        #expect(!ldd.output.contains("/opt/swift") && !ldd.output.contains("not found"), "\(ldd.output)")
        #expect(!ldd.output.contains("libswiftCore") && !ldd.output.contains("libFoundation"), "\(ldd.output)")

        // The default OCR engine travels with the binary: OpenVINO's libraries (the CPU plugin beside them) and the
        // PP-OCR models, so that a server needs nothing under /opt/prescreen-deps.
        let libs = (try? FileManager.default.contentsOfDirectory(atPath: prefix + "/lib/prescreen")) ?? []
        #expect(libs.contains { $0.hasPrefix("libopenvino_c.so") } && libs.contains("libopenvino_intel_cpu_plugin.so"),
                "\(libs)")
        #expect(FileManager.default.fileExists(atPath: prefix + "/share/prescreen/models/PP-OCRv6_rec_small.onnx"))

        // A server's environment: no /opt/swift on PATH or LD_LIBRARY_PATH.
        let clean = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": t.root, "LANG": "C.UTF-8", "OMP_THREAD_LIMIT": "1"]
        let out = t.path("out")
        let scan = try Installer.run(binary, ["scan", root + "/Samples", "--out", out, "--jobs", "2"], env: clean)
        // One sample is flagged on purpose (Samples/README.md): exit 1, every report written.
        #expect(scan.status == 1, "\(scan.output.suffix(3000))")
        #expect(FileManager.default.fileExists(atPath: out + "/index.html"))
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: root + "/Samples")) ?? []
        let applicants = folders.filter { FileManager.default.fileExists(atPath: "\(root)/Samples/\($0)/applicant.yml") }
        #expect(!applicants.isEmpty)
        for a in applicants { #expect(FileManager.default.fileExists(atPath: "\(out)/\(a)/report.html"), "\(a)") }
        #expect(applicants.contains { FileManager.default.fileExists(atPath: "\(out)/\($0)/notice.html") },
                "the flagged sample has a notice to hand out")
        let rules = try Installer.run(binary, ["rules"], env: clean)
        #expect(rules.status == 0 && rules.output.contains("修改方法"))

        // The man page, from swift-argument-parser's generate-manual plugin, names the subcommands.
        let page = prefix + "/share/man/man1/prescreen.1"
        let man = try Installer.run("/usr/bin/man", ["-l", page], env: clean.merging(["MANPAGER": "cat", "MANWIDTH": "100"]) { $1 })
        #expect(man.status == 0, "\(man.output)")
        for word in ["scan", "rules", "--quiet", "--out"] { #expect(man.output.contains(word), "man page lacks \(word)") }
        #expect(!man.output.contains("_worker"), "the hidden worker command is not for people")
        // Shell completions, from the installed binary itself.
        let bash = (try? String(contentsOfFile: prefix + "/share/bash-completion/completions/prescreen", encoding: .utf8)) ?? ""
        #expect(bash.contains("scan") && bash.contains("rules"))
        #expect(FileManager.default.fileExists(atPath: prefix + "/share/prescreen/pipelines/aksu-2025.yml"))
        #expect(FileManager.default.fileExists(atPath: prefix + "/share/prescreen/systemd/prescreen.timer"))

        let uninstall = try Installer.run("/usr/bin/make", ["-C", root, "uninstall", "PREFIX=\(prefix)"])
        #expect(uninstall.status == 0, "\(uninstall.output)")
        let left = FileManager.default.enumerator(atPath: prefix)?.allObjects.compactMap { $0 as? String }.filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: prefix + "/" + $0, isDirectory: &isDir) && !isDir.boolValue
        } ?? []
        #expect(left.isEmpty, "files left after make uninstall: \(left)")
    }
}

/// Runs the build tools for ``InstallTests``.
enum Installer {
    /// The package's root folder (this file is Tests/CLITests/InstallTests.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let available: Bool = {
        let env = ProcessInfo.processInfo.environment
        guard env["PRESCREEN_SKIP_INSTALL_TEST"] == nil, FileManager.default.isExecutableFile(atPath: "/usr/bin/make")
        else { return false }
        let path = env["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/swift") }
    }()

    /// Runs a program to the end with this process's environment, or exactly `env` when given; stdout and stderr
    /// together.
    static func run(_ path: String, _ args: [String], env: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        if let env { p.environment = env }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
