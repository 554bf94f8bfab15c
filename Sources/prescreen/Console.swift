import Foundation
import Logging
import Pipeline
import PipelineConfig
import PrescreenCore
import Rules
import Synchronization

/// Writes to stderr (progress and errors); stdout is kept for the summary. With `--log FILE`, every error also
/// goes to the log.
enum Console {
    /// The scan's logger, once `--log` opened its file (the CLI's only global: set once, before any worker starts).
    private static let log = Mutex<Logger?>(nil)

    static var logger: Logger? { log.withLock { $0 } }

    /// Opens `--log FILE` for appending.
    static func openLog(_ path: String) throws(FileLogError) {
        let sink = try FileLogHandler.Sink(path: path)
        let logger = Logger(label: "prescreen") { _ in FileLogHandler(sink: sink) }
        log.withLock { $0 = logger }
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
        logger?.error("\(line)")
    }
}

/// Shows progress on stderr: one line redrawn per page on a terminal (applicants and pages done, time left, cut
/// to the terminal's width counting wide characters as two columns), timestamped plain lines otherwise (cron,
/// logs), one per applicant.
final class ProgressPrinter: Sendable {
    let quiet: Bool
    let terminal: Bool
    private let state = Mutex(ProgressLine.State())
    private let started = ContinuousClock.now

    init(quiet: Bool) {
        self.quiet = quiet
        self.terminal = isatty(2) == 1
    }

    func handle(_ event: ProgressEvent) {
        guard !quiet else { return }
        switch event {
        case .started(let n):
            state.withLock { $0.applicants = n }
            line("prescreen: 共 \(n) 位申请人 (\(n) \(n == 1 ? "applicant" : "applicants"))")
        case .pages(let done, let known, let admitted):
            guard terminal else { return }
            let s = state.withLock { s in
                s.pagesDone = done
                s.pagesKnown = known
                s.applicantsAdmitted = admitted
                return s
            }
            redraw(s)
        case .applicantDone(let i, let total, let name, let status, let seconds):
            let folder = SummaryPrinter.printable(name)
            let time = String(Int(seconds.rounded())) + "s"
            if terminal {
                let s = state.withLock { s in
                    s.applicantsDone = i
                    s.applicants = total
                    s.last = "\(folder) \(status) \(time)"
                    return s
                }
                redraw(s)
                if i == total { FileHandle.standardError.write(Data("\n".utf8)) }
            } else {
                line("[\(i)/\(total)] \(folder): \(status) (\(time))")
            }
        }
    }

    /// The terminal line, drawn over the previous one.
    private func redraw(_ s: ProgressLine.State) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let text = ProgressLine.render(s, elapsedSeconds: seconds, width: Self.terminalWidth())
        FileHandle.standardError.write(Data("\r\(text)\u{1B}[K".utf8))
    }

    /// A plain line; off a terminal it starts with the local time, so a log shows when each applicant finished.
    private func line(_ text: String) {
        // Not Console.error: progress is not an error, and the log has its own line for each event (ScanLog).
        FileHandle.standardError.write(Data(((terminal ? text : "\(Self.timestamp()) \(text)") + "\n").utf8))
    }

    /// `2026-12-04 19:40:01`, local time, whatever the locale.
    static func timestamp(_ date: Date = Date()) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    /// The terminal's width in columns (stderr's), else `COLUMNS`, else 80.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
        return 80
    }
}

/// Prints the run's summary on stdout.
struct SummaryPrinter {
    let quiet: Bool
    let output: String
    var shard: Shard? = nil

    func print(_ s: BatchScanner.Summary) {
        if quiet {
            // Cron mode: only what this run found that needs attention (new or changed applicants flagged or
            // failed), one line each; silence otherwise, so cron mails only news.
            for e in s.news.sorted(by: { $0.folder < $1.folder }) {
                let rules = s.flagged[e.folder]?.joined(separator: ",") ?? ""
                Swift.print("\(Self.printable(e.folder))\t\(e.status.rawValue)\t\(e.violations) \(e.violations == 1 ? "violation" : "violations")\t\(rules)\t"
                    + Self.printable(Self.htmlReport(output: output, folder: e.reportPath == nil ? nil : e.folder)))
            }
            return
        }
        Swift.print("申请人 \(s.entries.count) 位：通过 \(s.passedCount)，需修改 \(s.flaggedCount)，出错 \(s.errorCount)")
        Swift.print("applicants: \(s.entries.count)  pass: \(s.passedCount)  flagged: \(s.flaggedCount)  error: \(s.errorCount)"
            + "  checked: \(s.checked.count)  unchanged: \(s.reusedCount)  removed: \(s.removed.count)")
        Swift.print("pages: \(s.pages)  ocr pages: \(s.ocrPages)  seconds: \(Self.seconds(s.seconds))"
            + "  attachments parsed: \(s.extracted)  from cache: \(s.cachedAttachments)")
        for e in s.entries.sorted(by: { $0.folder < $1.folder }) where e.status != .pass {
            let rules = s.flagged[e.folder]?.joined(separator: ", ") ?? ""
            Swift.print("  \(Self.printable(e.folder)): \(e.status.rawValue) — \(e.violations) violation(s), \(e.warnings) warning(s) \(rules)")
        }
        for e in s.removed { Swift.print("  \(Self.printable(e.folder)): removed (reports kept)") }
        if let shard {
            Swift.print("shard \(shard): 批次汇总未写入，全部分片完成后运行 prescreen index \(Self.printable(output)) "
                + "(batch files not written: run prescreen index when the shards are done)")
            return
        }
        let index = URL(fileURLWithPath: output).appendingPathComponent("index.html").path
        Swift.print("report index: \(index)")
    }

    /// The absolute path of an applicant's report.html, for a cron mail read away from the scan's working folder;
    /// the output folder itself when the applicant has no report (it failed before one was written).
    static func htmlReport(output: String, folder: String?) -> String {
        let dir = URL(fileURLWithPath: output)
        guard let folder else { return dir.standardizedFileURL.path }
        return dir.appendingPathComponent(folder).appendingPathComponent("report.html").standardizedFileURL.path
    }

    /// Seconds with one decimal, locale-independent (a `String(format:)` would print "1,5" under de_DE).
    static func seconds(_ s: Double) -> String {
        let tenths = Int((s * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A folder name safe for a terminal or a cron mail: control characters (an escape sequence in a crafted
    /// folder name) are shown as `\u{..}` instead of being sent.
    static func printable(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u.properties.generalCategory == .control || u.properties.generalCategory == .format {
                out += "\\u{\(String(u.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

/// The rule catalogue as printed by `prescreen rules`.
enum RuleCatalogue {
    static func render(_ def: PipelineDefinition) -> String {
        var lines = ["pipeline: \(def.name) (evaluation year \(def.evaluationYear))", ""]
        for rule in RuleRegistry.all {
            let d = rule.description
            let enabled = def.isEnabled(d.id)
            let sev = def.severity(d.id, default: d.severity).rawValue
            let id = d.id.rawValue.padding(toLength: 28, withPad: " ", startingAt: 0)
            let sevCol = sev.padding(toLength: 10, withPad: " ", startingAt: 0)
            lines.append("\(id)\(sevCol)\(enabled ? "" : "[off] ")\(d.name): \(d.summary)")
            if !d.fix.isEmpty { lines.append(String(repeating: " ", count: 38) + "修改方法：\(d.fix)") }
        }
        for id in RuleRegistry.notImplemented {
            lines.append("\(id.rawValue.padding(toLength: 28, withPad: " ", startingAt: 0))-         未实现 (not implemented yet)")
        }
        let r = def.requirements
        lines.append("")
        lines.append("appraisal years: \(r.appraisal.years.map(String.init).joined(separator: ", "))")
        lines.append("continuing education: \(r.continuingEducation.years.map(String.init).joined(separator: ", ")) × \(r.continuingEducation.parts.joined(separator: ", "))")
        lines.append("mandarin minimum: \(r.mandarin.minimum)")
        lines.append("other materials: \(r.other.items.map(\.label).joined(separator: "、"))")
        return lines.joined(separator: "\n")
    }
}
