import ArgumentParser
import Foundation
import Pipeline
import Reports

extension Prescreen {
    /// `prescreen index DIR`: the batch files of a split batch, from every applicant's report.json.
    struct IndexCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "index",
            abstract: "由各申请人的 report.json 生成 index.html、summary.csv、summary-zh.csv、findings.csv、summary.json (build the batch files of DIR from its reports; after --shard scans, or while they run).")

        @Argument(help: "报告目录，即各分片 scan 的 --out (the reports folder: the --out of the shards).")
        var dir: String

        @Option(name: .long, help: "申报材料目录：不在其中的申请人标为 removed (ROOT: applicants no longer in it are listed as removed).")
        var root: String?

        @Flag(name: .long, help: "仅在出错时输出 (print nothing but errors).")
        var quiet = false

        func validate() throws {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw ValidationError("报告目录 DIR '\(dir)' 不存在或不是文件夹 (DIR is not a folder).")
            }
            if let root {
                guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
                    throw ValidationError("--root '\(root)' 不存在或不是文件夹 (ROOT is not a folder).")
                }
            }
        }

        /// Exit codes as `scan`'s: 0 every applicant listed passed, 1 one is flagged or failed, 2 usage, 3 the
        /// batch files cannot be written.
        func run() throws {
            let found: BatchIndex.Outcome
            do throws(ScanError) {
                found = try BatchIndex.entries(output: dir, root: root)
                try BatchIndex.write(found.entries, writer: ReportWriter(outputDirectory: dir))
            } catch {
                Console.error("prescreen: \(error.message)")
                throw ExitCode(error.kind == .usage ? 2 : 3)
            }
            for s in found.skipped {
                Console.error("prescreen: 跳过 \(SummaryPrinter.printable(s.folder))/report.json：\(s.reason) (skipped)")
            }
            if !quiet {
                let n = found.entries.count - found.removedCount
                print("申请人 \(n) 位：通过 \(found.passedCount)，需修改 \(found.flaggedCount)，出错 \(found.errorCount)，已移除 \(found.removedCount)")
                print("applicants: \(n)  pass: \(found.passedCount)  flagged: \(found.flaggedCount)"
                    + "  error: \(found.errorCount)  removed: \(found.removedCount)")
                print("report index: \(URL(fileURLWithPath: dir).appendingPathComponent("index.html").path)")
            }
            if found.flaggedCount > 0 || found.errorCount > 0 { throw ExitCode(1) }
        }
    }
}
