#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PrescreenCore

/// A failure to write the reports: what and where, and the system's reason.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// A folder or evidence name that cannot be a single safe path component.
        case invalidName
        /// A finding refers to an evidence picture that was not supplied.
        case missingEvidence
        /// The report could not be encoded as JSON.
        case encodingFailed
        /// A directory or file could not be created, written, synced or renamed.
        case writeFailed
    }

    public let code: Code
    /// One sentence naming the output path and the cause.
    public let message: String
    /// The system call that failed underneath, when one did (its name and errno, for an engineer).
    public let cause: SystemCallError?

    /// An error with a code, a message and, when a system call failed, that failure.
    public init(code: Code, message: String, cause: SystemCallError? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The code and the message.
    public var description: String { "\(code.rawValue): \(message)" }
}

/// Writes the output tree of CONTRACT.md: per applicant report.json, report.html and evidence/*.png;
/// for the run index.html, summary.csv and summary.json.
///
/// Every file is written to a temporary file in its own directory, synced and renamed over the old
/// one, so a reader never sees half a file. Files get mode 0640 and created directories 0750:
/// reports quote personal data.
public struct ReportWriter: Sendable {
    /// Where the reports go (`--out DIR`).
    public let outputDirectory: String

    /// A writer into `outputDirectory` (created on first write).
    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
    }

    /// Mode of every written file.
    public static let fileMode: mode_t = 0o640
    /// Mode of every created directory.
    public static let directoryMode: mode_t = 0o750

    /// The directory of an applicant's reports: `DIR/<folder>`.
    public func applicantDirectory(_ folder: String) -> String {
        outputDirectory + "/" + folder
    }

    /// Writes `DIR/<folder>/report.json`, `report.html` and `evidence/*.png`, and removes evidence files
    /// of an earlier run that this report no longer has.
    ///
    /// `evidence` maps file names (`f1.png`) to PNG bytes; every finding's `evidence` path must be one
    /// of them. Pictures are written first and stale ones removed last, so report.json never points at
    /// a missing picture.
    ///
    /// `extras` (修改方法, the pipeline's title) go into report.html and, for a flagged applicant with something to fix,
    /// into `notice.html`, the page handed to the applicant; a notice of an earlier run is removed otherwise.
    public func writeApplicant(_ report: Report, evidence: [String: Data],
                               extras: ReportExtras = ReportExtras()) throws(ReportError) {
        let folder = report.applicant.folder
        guard Self.isSafeComponent(folder) else {
            throw ReportError(code: .invalidName, message: "applicant folder name is not a single path component")
        }
        for name in evidence.keys where !Self.isSafeEvidenceName(name) {
            throw ReportError(code: .invalidName, message: "evidence name '\(name)' is not of the form f1.png")
        }
        for finding in report.findings {
            guard let path = finding.evidence else { continue }
            guard let name = ReportHTML.evidenceFileName(path), evidence[name] != nil else {
                throw ReportError(code: .missingEvidence,
                                  message: "finding \(finding.id) refers to evidence '\(path)' that was not supplied")
            }
        }
        let json = try Self.encodeJSON(report)
        var extras = extras
        extras.pagePictures = Set(report.findings.map(\.id).filter {
            evidence[ReportExtras.pagePictureName($0)] != nil
        })
        let html = Data(ReportHTML.render(report, extras: extras).utf8)
        let notice = Self.wantsNotice(report, extras: extras) ? Data(NoticeHTML.render(report, extras: extras).utf8) : nil

        let dir = applicantDirectory(folder)
        let evidenceDir = dir + "/evidence"
        try Self.makeDirectories(evidenceDir)
        for (name, data) in evidence.sorted(by: { $0.key < $1.key }) {
            try Self.writeAtomically(data, directory: evidenceDir, name: name)
        }
        try Self.writeAtomically(json, directory: dir, name: "report.json")
        try Self.writeAtomically(html, directory: dir, name: "report.html")
        if let notice {
            try Self.writeAtomically(notice, directory: dir, name: "notice.html")
        } else {
            do {
                try SystemCall.retrying("unlink") { unlink(dir + "/notice.html") }
            } catch where error.errno != ENOENT {
                throw ReportError(code: .writeFailed, message: "cannot remove the old notice.html in \(dir): \(error.reason)",
                                  cause: error)
            } catch {
                // No old notice: nothing to remove.
            }
        }
        try Self.removeStale(in: evidenceDir, keeping: Set(evidence.keys))
        try Self.removeStale(in: dir, keeping: [], picturesToo: false)
    }

    /// A notice is written for a flagged applicant with at least one finding the applicant can act on.
    static func wantsNotice(_ report: Report, extras: ReportExtras) -> Bool {
        report.status == .flagged && report.findings.contains { !extras.reviewerOnly.contains($0.id) }
    }

    /// The batch files ``writeBatch(_:generated:)`` writes, in writing order.
    public static let batchFiles = ["summary.json", "summary.csv", "summary-zh.csv", "findings.csv", "index.html"]

    /// Writes the batch files for the run: `DIR/summary.json`, `summary.csv` (CONTRACT.md's columns),
    /// `summary-zh.csv` (the staff's table), `findings.csv` (one row per finding) and `index.html` (last: it
    /// links the others).
    ///
    /// Each entry's check time is its report.json's modification time, so a one-machine scan and `prescreen
    /// index` over the same reports list the same times.
    public func writeBatch(_ entries: [BatchEntry], generated: Date = Date()) throws(ReportError) {
        try Self.makeDirectories(outputDirectory)
        var entries = entries
        for i in entries.indices {
            guard let path = entries[i].reportPath else { continue }
            let attributes = try? FileManager.default.attributesOfItem(atPath: outputDirectory + "/" + path)
            entries[i].checkedAt = attributes?[.modificationDate] as? Date
        }
        let json = try Self.encodeJSON(BatchSummary(entries))
        try Self.writeAtomically(json, directory: outputDirectory, name: "summary.json")
        try Self.writeAtomically(SummaryCSV.render(entries), directory: outputDirectory, name: "summary.csv")
        try Self.writeAtomically(SummaryTableCSV.render(entries), directory: outputDirectory, name: "summary-zh.csv")
        try Self.writeAtomically(FindingsCSV.render(entries), directory: outputDirectory, name: "findings.csv")
        try Self.writeAtomically(Data(IndexHTML.render(entries, generated: generated).utf8), directory: outputDirectory,
                                 name: "index.html")
    }

    /// Pretty-printed JSON in the types' own key order (``OrderedJSON``), ending with a newline.
    public static func encodeJSON<T: Encodable>(_ value: T) throws(ReportError) -> Data {
        do {
            return try OrderedJSON.encode(value)
        } catch {
            throw ReportError(code: .encodingFailed, message: "cannot encode JSON: \(error)")
        }
    }

    // MARK: - Names

    /// A single path component: not empty, not `.` or `..`, no `/` or NUL.
    static func isSafeComponent(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }

    /// `f1.png` style: letters, digits, `-`, `_`, `.`, ending `.png`, not hidden.
    static func isSafeEvidenceName(_ name: String) -> Bool {
        guard name.hasSuffix(".png"), name.count > 4, !name.hasPrefix(".") else { return false }
        return name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_"
                || $0 == "."
        }
    }

    // MARK: - File system

    /// `mkdir -p` with mode 0750 for every directory it creates; existing ones are left as they are.
    static func makeDirectories(_ path: String) throws(ReportError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + part
            var failure: SystemCallError?
            do {
                try SystemCall.retrying("mkdir") { mkdir(current, directoryMode) }
            } catch {
                failure = error
            }
            guard let failure else {
                // Made: mkdir's mode is filtered by the umask; set it exactly.
                do {
                    try SystemCall.retrying("chmod") { chmod(current, directoryMode) }
                } catch {
                    throw ReportError(code: .writeFailed, message: "cannot set the mode of \(current): \(error.reason)",
                                      cause: error)
                }
                continue
            }
            var st = stat()
            guard failure.errno == EEXIST, stat(current, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
                // Something that is not a directory is in the way: say so rather than "file exists".
                let cause = failure.errno == EEXIST ? SystemCallError(call: "mkdir", errno: ENOTDIR) : failure
                throw ReportError(code: .writeFailed,
                                  message: "cannot create directory \(current): \(cause.reason)\(advice(cause.errno))",
                                  cause: cause)
            }
        }
    }

    /// Writes `data` to `directory/name` through a synced temporary file and a rename.
    static func writeAtomically(_ data: Data, directory: String, name: String) throws(ReportError) {
        let target = directory + "/" + name
        let temp = directory + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd: Int32
        do {
            fd = try SystemCall.retrying("open") { open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode) }
        } catch {
            throw ReportError(code: .writeFailed, message: "cannot create a temporary file in \(directory): "
                + "\(error.reason)\(advice(error.errno))", cause: error)
        }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        do {
            defer { close(fd) }
            // The umask may have cleared bits of the requested mode; set it exactly.
            do {
                try SystemCall.retrying("fchmod") { fchmod(fd, fileMode) }
            } catch {
                throw ReportError(code: .writeFailed, message: "cannot set the mode of \(target): \(error.reason)",
                                  cause: error)
            }
            try writeAll(fd, data, target: target)
            do {
                try SystemCall.retrying("fsync") { fsync(fd) }
            } catch {
                throw ReportError(code: .writeFailed, message: "cannot sync \(target): \(error.reason)\(advice(error.errno))",
                                  cause: error)
            }
        }
        do {
            try SystemCall.retrying("rename") { rename(temp, target) }
        } catch {
            throw ReportError(code: .writeFailed, message: "cannot rename into \(target): \(error.reason)", cause: error)
        }
        ok = true
        // Sync the directory so the rename itself survives a crash; a failure here loses no data.
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    private static func writeAll(_ fd: Int32, _ data: Data, target: String) throws(ReportError) {
        var offset = 0
        while offset < data.count {
            let n: Int
            do {
                n = try SystemCall.retrying("write") {
                    data.withUnsafeBytes { buf in write(fd, buf.baseAddress.map { $0 + offset }, buf.count - offset) }
                }
            } catch {
                throw ReportError(code: .writeFailed, message: "cannot write \(target): \(error.reason)\(advice(error.errno))",
                                  cause: error)
            }
            offset += n
        }
    }

    /// Removes `*.png` files not in `keeping` (when `picturesToo`), and temporary files left by an
    /// interrupted earlier run.
    static func removeStale(in directory: String, keeping: Set<String>, picturesToo: Bool = true) throws(ReportError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ReportError(code: .writeFailed, message: "cannot list \(directory) to remove old evidence")
        }
        for name in names {
            let stalePicture = picturesToo && name.hasSuffix(".png") && !name.hasPrefix(".") && !keeping.contains(name)
            let leftoverTemp = name.hasPrefix(".") && name.contains(".tmp-")
            guard stalePicture || leftoverTemp else { continue }
            do {
                try SystemCall.retrying("unlink") { unlink(directory + "/" + name) }
            } catch where error.errno != ENOENT {
                throw ReportError(code: .writeFailed, message: "cannot remove old evidence \(name): \(error.reason)",
                                  cause: error)
            } catch {
                // Gone already (another run's cleanup): nothing to remove.
            }
        }
    }
}
