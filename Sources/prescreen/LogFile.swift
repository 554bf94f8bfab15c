#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Pipeline
import Reports

/// The scan's log file (`--log FILE`): one line per event, `2026-12-06T22:10:05+08:00 info scan finished
/// applicants=12 …`, appended, mode 0640.
///
/// For the IT person reading why last night's cron run exited 3: when it ran, how it ended, which applicant
/// folders were checked and with what outcome, every error the scan printed. Never an applicant's name, employer
/// or page text: the events carry folder names, counts, statuses and the tool's own messages, and those
/// messages never quote applicant.yml or page text (STYLE.md, error handling). Each line is written with one
/// `write(2)` on an `O_APPEND` descriptor, so lines of concurrent workers (and of overlapping cron runs) never
/// interleave mid-line.
struct FileLogHandler: LogHandler {
    /// The open file, shared by every copy of the handler; closed when the process ends.
    final class Sink: Sendable {
        let fd: Int32

        init(path: String) throws(FileLogError) {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            guard fd >= 0 else { throw FileLogError(message: String(cString: strerror(errno))) }
            self.fd = fd
        }

        func write(_ line: String) {
            var bytes = Array(line.utf8)
            bytes.append(0x0A)
            bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let n = Glibc.write(fd, base + offset, buffer.count - offset)
                    if n < 0, errno == EINTR { continue }
                    // A full disk or a log rotated away: the scan goes on without its log.
                    guard n > 0 else { return }
                    offset += n
                }
            }
        }
    }

    let sink: Sink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        for (k, v) in event.metadata ?? [:] { all[k] = v }
        let facts = all.keys.sorted().map { "\($0)=\(Self.quoted("\(all[$0].map { "\($0)" } ?? "")"))" }
        sink.write(([ScanLog.timestamp(Date()), event.level.rawValue, "\(event.message)"] + facts).joined(separator: " "))
    }

    /// A value with spaces, quotes or control characters in quotes, escaped, so a line stays one line.
    static func quoted(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy {
            $0 != " " && $0 != "\"" && $0 != "=" && $0.properties.generalCategory != .control
        }
        if plain { return s }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if u.properties.generalCategory == .control { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

/// Why the log file could not be opened.
struct FileLogError: Error {
    let message: String
}

/// What the scan logs of its progress events and its outcome.
enum ScanLog {
    /// An applicant done (checked or unchanged) is one info line; page progress is not logged (a 300-page
    /// applicant would write 300 lines).
    static func record(_ event: ProgressEvent, to logger: Logger) {
        switch event {
        case .started(let n):
            logger.info("applicants found", metadata: ["applicants": "\(n)"])
        case .applicantDone(let i, let total, let folder, let status, let seconds):
            logger.info("applicant done", metadata: [
                "n": "\(i)/\(total)", "folder": "\(SummaryPrinter.printable(folder))", "status": "\(status)",
                "seconds": "\(SummaryPrinter.seconds(seconds))",
            ])
        case .pages:
            break
        }
    }

    /// The run's totals, for the closing line.
    static func metadata(_ s: BatchScanner.Summary, exitCode: Int32) -> Logger.Metadata {
        [
            "applicants": "\(s.entries.count)", "pass": "\(s.passedCount)", "flagged": "\(s.flaggedCount)",
            "error": "\(s.errorCount)", "checked": "\(s.checked.count)", "unchanged": "\(s.reusedCount)",
            "removed": "\(s.removed.count)", "pages": "\(s.pages)", "seconds": "\(SummaryPrinter.seconds(s.seconds))",
            "exit": "\(exitCode)",
        ]
    }

    /// `2026-12-06T22:10:05+08:00`: local time with its offset, so a line is unambiguous across zones.
    static func timestamp(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var p = tm()
        localtime_r(&t, &p)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let offset = Int(p.tm_gmtoff) / 60
        return "\(Int(p.tm_year) + 1900)-\(two(Int(p.tm_mon) + 1))-\(two(Int(p.tm_mday)))T\(two(Int(p.tm_hour))):"
            + "\(two(Int(p.tm_min))):\(two(Int(p.tm_sec)))\(offset < 0 ? "-" : "+")\(two(abs(offset) / 60)):\(two(abs(offset) % 60))"
    }
}
