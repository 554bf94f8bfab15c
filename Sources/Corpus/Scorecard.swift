import Foundation
import PrescreenCore

/// The parts of a `report.json` the scorer reads (CONTRACT.md, schemaVersion 1).
public struct ScoredReport: Codable, Sendable, Hashable {
    /// A report finding as scored: the contract's finding read through its identifying fields only.
    public typealias Finding = FindingKey

    public struct Segment: Codable, Sendable, Hashable {
        public var pages: [Int]
        public var type: DocumentType
        public init(pages: [Int], type: DocumentType) {
            self.pages = pages
            self.type = type
        }
    }
    public struct Document: Codable, Sendable, Hashable {
        public var path: String
        public var type: DocumentType?
        public var segments: [Segment]
        public init(path: String, type: DocumentType?, segments: [Segment] = []) {
            self.path = path
            self.type = type
            self.segments = segments
        }
    }
    public struct Stats: Codable, Sendable, Hashable {
        public var pages: Int
        public var ocrPages: Int
        public var seconds: Double
    }
    public var documents: [Document]
    public var findings: [Finding]
    public var stats: Stats?

    public init(documents: [Document], findings: [Finding], stats: Stats? = nil) {
        self.documents = documents
        self.findings = findings
        self.stats = stats
    }

    /// The report's findings as scoring keys (several findings of one key count once).
    public var keys: Set<FindingKey> { Set(findings) }
}

/// Precision and recall of every rule against a corpus's truth, and document-type accuracy.
public struct Scorecard: Sendable {
    /// Counts for one rule or family.
    public struct Counts: Sendable, Hashable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0

        public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.falseNegatives = falseNegatives
        }

        /// 1 when nothing was reported and nothing was expected.
        public var precision: Double {
            let d = truePositives + falsePositives
            return d == 0 ? 1 : Double(truePositives) / Double(d)
        }
        public var recall: Double {
            let d = truePositives + falseNegatives
            return d == 0 ? 1 : Double(truePositives) / Double(d)
        }
        public var f1: Double {
            let p = precision, r = recall
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }

        static func + (a: Counts, b: Counts) -> Counts {
            Counts(truePositives: a.truePositives + b.truePositives, falsePositives: a.falsePositives + b.falsePositives,
                   falseNegatives: a.falseNegatives + b.falseNegatives)
        }
    }

    /// A miss or a false alarm, for the lists of the worst.
    public struct Mistake: Sendable, Hashable {
        public var folder: String
        public var key: FindingKey
    }

    public var rules: [RuleID: Counts]
    public var typingCorrect: Int
    public var typingTotal: Int
    public var misses: [Mistake]
    public var falseAlarms: [Mistake]
    public var typingErrors: [(folder: String, path: String, expected: String, got: String)]
    public var pages: Int
    public var ocrPages: Int
    public var missingReports: [String]

    public var typingAccuracy: Double { typingTotal == 0 ? 1 : Double(typingCorrect) / Double(typingTotal) }

    /// Counts summed over the rules of a family (`blind`, `docs`, `quality`, `input`).
    public func family(_ name: String) -> Counts {
        rules.filter { $0.key.family == name }.values.reduce(Counts(), +)
    }

    /// Scores reports (by folder) against the truth. A folder without a report counts every expected finding
    /// as missed.
    public static func score(truth: CorpusTruth, reports: [String: ScoredReport]) -> Scorecard {
        var rules: [RuleID: Counts] = [:]
        var misses: [Mistake] = []
        var alarms: [Mistake] = []
        var typingCorrect = 0, typingTotal = 0
        var typingErrors: [(String, String, String, String)] = []
        var pages = 0, ocrPages = 0
        var missing: [String] = []
        for a in truth.applicants {
            let expected = Set(a.findings)
            let report = reports[a.folder]
            if report == nil { missing.append(a.folder) }
            let got = report?.keys ?? []
            pages += report?.stats?.pages ?? 0
            ocrPages += report?.stats?.ocrPages ?? 0
            for k in expected.union(got) {
                var c = rules[k.rule] ?? Counts()
                switch (expected.contains(k), got.contains(k)) {
                case (true, true): c.truePositives += 1
                case (true, false):
                    c.falseNegatives += 1
                    misses.append(Mistake(folder: a.folder, key: k))
                case (false, true):
                    c.falsePositives += 1
                    alarms.append(Mistake(folder: a.folder, key: k))
                case (false, false): break
                }
                rules[k.rule] = c
            }
            for d in a.documents {
                guard let type = d.type else { continue }
                let rd = report?.documents.first { $0.path == d.path }
                if d.segments.count > 1 {
                    for s in d.segments {
                        typingTotal += 1
                        let hit = rd?.segments.first { $0.pages == [s.firstPage, s.lastPage] }
                        if hit?.type == s.type {
                            typingCorrect += 1
                        } else {
                            typingErrors.append((a.folder, "\(d.path) p\(s.firstPage)-\(s.lastPage)", s.type.rawValue,
                                                 hit?.type.rawValue ?? "(no such segment)"))
                        }
                    }
                } else {
                    typingTotal += 1
                    if rd?.type == type {
                        typingCorrect += 1
                    } else {
                        typingErrors.append((a.folder, d.path, type.rawValue, rd?.type?.rawValue ?? "(none)"))
                    }
                }
            }
        }
        // Every contract rule appears, scored or not, so a silent rule shows as 0/0.
        for a in truth.applicants { for k in a.findings where rules[k.rule] == nil { rules[k.rule] = Counts() } }
        let order: (Mistake, Mistake) -> Bool = { ($0.key.rule, $0.folder, $0.key) < ($1.key.rule, $1.folder, $1.key) }
        return Scorecard(rules: rules, typingCorrect: typingCorrect, typingTotal: typingTotal,
                         misses: misses.sorted(by: order), falseAlarms: alarms.sorted(by: order),
                         typingErrors: typingErrors.sorted { ($0.0, $0.1) < ($1.0, $1.1) }, pages: pages, ocrPages: ocrPages,
                         missingReports: missing.sorted())
    }

    /// Loads every `<folder>/report.json` under a report directory.
    public static func loadReports(from dir: URL, folders: [String]) -> [String: ScoredReport] {
        var out: [String: ScoredReport] = [:]
        for f in folders {
            let url = dir.appendingPathComponent(f).appendingPathComponent("report.json")
            guard let data = try? Data(contentsOf: url),
                  let r = try? JSONDecoder().decode(ScoredReport.self, from: data) else { continue }
            out[f] = r
        }
        return out
    }

    /// The printed scorecard; its last line is the `score:` line that tools read.
    public func render(wallSeconds: Double?, worst: Int = 15) -> String {
        func pct(_ v: Double) -> String { String(format: "%.3f", v) }
        func row(_ name: String, _ c: Counts) -> String {
            name.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(format: "%5d %5d %5d   ", c.truePositives, c.falsePositives, c.falseNegatives)
                + "\(pct(c.precision))  \(pct(c.recall))  \(pct(c.f1))"
        }
        func describe(_ m: Mistake) -> String {
            var s = "\(m.key.rule.rawValue)  \(m.folder)"
            if let d = m.key.document { s += " / \(d)" }
            if let p = m.key.page { s += " p\(p)" }
            if let y = m.key.year { s += " year=\(y)" }
            if let p = m.key.part { s += " part=\(p)" }
            return s
        }
        var lines: [String] = []
        lines.append("rule                           TP    FP    FN   precision recall  f1")
        for (id, c) in rules.sorted(by: { $0.key < $1.key }) { lines.append(row(id.rawValue, c)) }
        lines.append("")
        let families = ["blind", "docs", "quality", "input"]
        for f in families { lines.append(row("[\(f)]", family(f))) }
        lines.append("")
        lines.append("document types: \(typingCorrect)/\(typingTotal) correct (accuracy \(pct(typingAccuracy)))")
        if !missingReports.isEmpty { lines.append("applicants without a report: \(missingReports.joined(separator: ", "))") }
        lines.append("")
        lines.append("misses (first \(worst) of \(misses.count)):")
        lines += misses.prefix(worst).map { "  - " + describe($0) }
        lines.append("false alarms (first \(worst) of \(falseAlarms.count)):")
        lines += falseAlarms.prefix(worst).map { "  + " + describe($0) }
        lines.append("typing errors (first \(worst) of \(typingErrors.count)):")
        lines += typingErrors.prefix(worst).map { "  ~ \($0.folder) / \($0.path): expected \($0.expected), got \($0.got)" }
        lines.append("")
        let pps = wallSeconds.map { $0 > 0 ? Double(pages) / $0 : 0 } ?? 0
        if let w = wallSeconds {
            lines.append("pages: \(pages) (ocr \(ocrPages)) in \(String(format: "%.1f", w)) s wall: \(String(format: "%.2f", pps)) pages/s")
        }
        lines.append("score: blind_f1=\(pct(family("blind").f1)) docs_f1=\(pct(family("docs").f1)) "
                     + "quality_f1=\(pct(family("quality").f1)) input_f1=\(pct(family("input").f1)) "
                     + "typing_acc=\(pct(typingAccuracy)) pages_per_s=\(String(format: "%.2f", pps))")
        return lines.joined(separator: "\n")
    }
}
