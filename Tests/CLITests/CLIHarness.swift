import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `prescreen` binary as a user or cron would, and reads what it leaves behind.
enum CLI {
    /// The `prescreen` executable beside this test bundle (`.build/<triple>/debug/prescreen`).
    static let binary = BuiltExecutable.path("prescreen")

    static let haveBinary = FileManager.default.isExecutableFile(atPath: binary)
    static let haveChinese = FileManager.default.fileExists(atPath: "/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata")

    /// What a run printed and how it ended.
    struct Result {
        var status: Int32
        /// The signal that ended the process, 0 when it exited.
        var signal: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `prescreen args…` with `OMP_THREAD_LIMIT=1` and the extra environment.
    static func start(_ args: [String], env: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return (p, out, err)
    }

    /// Runs `prescreen args…` to the end.
    static func run(_ args: [String], env: [String: String] = [:]) throws -> Result {
        let (p, out, err) = try start(args, env: env)
        // Read before waiting: a full pipe would block the child forever.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let signaled = p.terminationReason == .uncaughtSignal
        return Result(status: signaled ? -1 : p.terminationStatus, signal: signaled ? p.terminationStatus : 0,
                      stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A number printed after `label` in the summary (`checked: 3`).
    static func count(_ label: String, in text: String) -> Int? {
        guard let r = text.range(of: label + ": ") else { return nil }
        return Int(text[r.upperBound...].prefix { $0.isNumber })
    }

    /// Parses `DIR/<folder>/report.json` as JSON (any complete report does).
    static func report(_ out: String, _ folder: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: out + "/" + folder + "/report.json") else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// The documents and findings of a report, as (path, rules of its findings).
    static func findings(_ report: [String: Any]) -> [(document: String?, rule: String, message: String)] {
        ((report["findings"] as? [[String: Any]]) ?? []).map {
            ($0["document"] as? String, $0["rule"] as? String ?? "", $0["message"] as? String ?? "")
        }
    }

    /// Every file under `root` with its bytes' hash, mode and mtime: a tree that a scan must leave as it was.
    static func snapshot(_ root: String) -> [String: String] {
        var out: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return out }
        while let sub = walker.nextObject() as? String {
            let path = root + "/" + sub
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            var line = "mode \(st.st_mode) size \(st.st_size) mtime \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
            if st.st_mode & S_IFMT == S_IFREG, st.st_size < 50 << 20, let data = FileManager.default.contents(atPath: path) {
                line += " hash \(data.hashValue) \(data.count)"
            }
            out[sub] = line
        }
        return out
    }

    /// A pipeline file: the default with the given `limits:` overrides and rules switched off.
    static func pipeline(in tree: TempTree, limits: [String: Int] = [:], disable: [String] = []) throws -> String {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var text = try String(contentsOf: package.appendingPathComponent("Pipelines/aksu-2024.yml"), encoding: .utf8)
        for (key, value) in limits {
            let lines = text.components(separatedBy: "\n").map { line -> String in
                line.hasPrefix("  \(key):") ? "  \(key): \(value)" : line
            }
            text = lines.joined(separator: "\n")
        }
        if !disable.isEmpty {
            text = text.replacingOccurrences(of: "rules:\n", with: "rules:\n" + disable.map { "  \($0): {enabled: false}\n" }.joined())
        }
        return try tree.file("pipeline-\(UUID().uuidString).yml", text)
    }
}
