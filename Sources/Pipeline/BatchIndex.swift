import Foundation
import Ingest
import PrescreenCore
import Reports

/// The batch view of an output folder: `index.html`, `summary.csv`, `summary-zh.csv`, `findings.csv` and `summary.json`.
///
/// A one-machine scan writes them from its run's entries; `prescreen index DIR` writes them from the
/// `report.json` files under DIR (after the shards of a split batch finish, or while they run). Both go through
/// ``write(_:writer:)``, and an entry is ``BatchEntry/init(_:)`` of the applicant's report either way, so the
/// files are the same bytes when the reports are, but for the times (the scan time, and each report.json's own).
public enum BatchIndex {
    /// What `prescreen index` found.
    public struct Outcome: Sendable {
        /// Every applicant listed, in summary order.
        public var entries: [BatchEntry]
        /// Folders under DIR that hold a `report.json` that is not a complete report of that folder, with why
        /// (left out of the index).
        public var skipped: [(folder: String, reason: String)]

        public var flaggedCount: Int { entries.filter { $0.status == .flagged }.count }
        public var errorCount: Int { entries.filter { $0.status == .error }.count }
        public var passedCount: Int { entries.filter { $0.status == .pass }.count }
        public var removedCount: Int { entries.filter { $0.status == .removed }.count }
    }

    /// Writes the batch files for `entries`, each atomically.
    public static func write(_ entries: [BatchEntry], writer: ReportWriter) throws(ScanError) {
        do {
            try writer.writeBatch(entries)
        } catch {
            throw ScanError(.run, "无法写入汇总文件（index.html、summary.csv 等）：\(error.message)；请检查报告目录的磁盘空间和权限 "
                + "(cannot write the batch index)")
        }
    }

    /// The entries of every `DIR/<folder>/report.json`.
    ///
    /// With `root`, an applicant whose folder is no longer an applicant under ROOT is listed as `removed`
    /// (its reports are kept), as a one-machine scan lists the applicants its state knows and ROOT no longer
    /// has. Without `root` nobody is `removed`: a report only says what was checked, not whether its folder is
    /// still there.
    public static func entries(output: String, root: String? = nil) throws(ScanError) -> Outcome {
        var present: Set<String>?
        if let root {
            do {
                present = Set(try Discovery.applicants(root: root).map(\.name))
            } catch {
                throw ScanError(.usage, "--root \(root)：\(error.message)")
            }
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: output)
        } catch {
            throw ScanError(.usage, "无法列出报告目录 \(output) 的内容：请检查路径和权限 (cannot list the report folder)")
        }
        var entries: [BatchEntry] = []
        var skipped: [(folder: String, reason: String)] = []
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = output + "/" + name + "/report.json"
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: output + "/" + name, isDirectory: &isDir), isDir.boolValue,
                  FileManager.default.fileExists(atPath: path)
            else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                skipped.append((name, "report.json 无法读取 (cannot be read)"))
                continue
            }
            let report: Report
            do {
                report = try JSONDecoder().decode(Report.self, from: data)
            } catch {
                skipped.append((name, "不是 prescreen 的报告 (not a prescreen report)"))
                continue
            }
            guard report.applicant.folder == name else {
                skipped.append((name, "是另一个文件夹的报告 (the report of another folder)"))
                continue
            }
            var entry = BatchEntry(report)
            if let present, !present.contains(name) {
                entry.status = .removed
                entry.reportPath = nil
            }
            entries.append(entry)
        }
        return Outcome(entries: entries, skipped: skipped)
    }
}
