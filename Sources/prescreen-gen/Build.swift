import Corpus
import DocumentKit
import Foundation
import PrescreenCore

/// One attachment to write: drafted documents (several = a merged file) along a route.
struct DocSpec {
    var path: String
    var drafts: [DocumentDraft]
    var route: Route
    /// The pages (1-based, within the file) rotated by a quarter turn.
    var rotatedPages: Set<Int> = []
    /// True when the scan is degraded beyond reading (every page).
    var illegible = false
    /// The Mandarin level written on a Mandarin certificate.
    var mandarinLevel: String?

    var pages: [Page] { drafts.flatMap(\.pages) }
}

/// A raw file that is not a generated document (broken, unsupported, odd names).
struct RawFile {
    /// The file name's bytes relative to the applicant folder (may be invalid UTF-8).
    var pathBytes: [UInt8]
    var data: Data
    /// The document truth, when the file is a readable document.
    var truth: DocumentTruth?
    var findings: [FindingKey]

    /// The path as the tool reports it: each component named by ``RawName`` (UTF-8, else GB 18030, else `%XX`).
    var reportedPath: String { Self.reported(pathBytes) }

    /// A relative path's bytes as the tool reports them (no two names of one folder collide in the corpus).
    static func reported(_ bytes: [UInt8]) -> String {
        bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { RawName.readable(Array($0)) }.joined(separator: "/")
    }
}

/// The applicant.yml facts the document rules need.
struct Profile {
    var manifest: Manifest
    /// False for applicants whose applicant.yml is missing or malformed.
    var manifestValid: Bool = true
}

/// Everything written for one applicant folder.
struct ApplicantBuild {
    var folder: String
    var profile: Profile
    /// The applicant.yml text; nil writes none.
    var manifestText: String?
    var docs: [DocSpec] = []
    var raws: [RawFile] = []
    var notes: [String] = []

    var pageCount: Int { docs.reduce(0) { $0 + $1.pages.count } }
}

/// YAML for applicant.yml.
enum ManifestYAML {
    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func text(_ m: Manifest) -> String {
        var lines = ["id: \(m.id)"]
        if let n = m.name { lines.append("name: \(n)") }
        lines.append("former_names: [\(m.formerNames.joined(separator: ", "))]")
        if let e = m.employer { lines.append("employer: \(e)") }
        lines.append("employer_aliases: [\(m.employerAliases.joined(separator: ", "))]")
        if let s = m.series { lines.append("series: \(s.rawValue)") }
        if let l = m.level { lines.append("level: \(l.rawValue)") }
        if let k = m.employerKind { lines.append("employer_kind: \(k.rawValue)") }
        if let t = m.titleObtainedIn { lines.append("title_obtained_in: \(t.rawValue)") }
        lines.append("ce_exempt: \(m.ceExempt)")
        if !m.texts.isEmpty {
            lines.append("texts:")
            for key in m.texts.keys.sorted() { lines.append("  \(key): \(quote(m.texts[key] ?? ""))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Writes applicant folders and computes their truth (CONTRACT.md rule semantics).
enum Emitter {
    static let evaluationYear = 2024
    static let validMandarin: Set<String> = ["一级甲等", "一级乙等", "二级甲等", "二级乙等", "三级甲等", "三级乙等"]

    static func emit(_ builds: [ApplicantBuild], to root: URL, seed: UInt64) throws -> CorpusTruth {
        let fm = FileManager.default
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        var applicants: [ApplicantTruth] = []
        for b in builds {
            let dir = root.appendingPathComponent(b.folder)
            try? fm.removeItem(at: dir)
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            if let text = b.manifestText {
                try Data(text.utf8).write(to: dir.appendingPathComponent("applicant.yml"))
            }
            for d in b.docs {
                let url = dir.appendingPathComponent(d.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try DocumentWriter.write(d.pages, route: d.route).write(to: url)
            }
            for r in b.raws { try writeRaw(r, in: dir) }
            applicants.append(truth(b))
        }
        let truth = CorpusTruth(seed: seed, evaluationYear: evaluationYear, applicants: applicants)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        try enc.encode(truth).write(to: root.appendingPathComponent("truth.json"))
        return truth
    }

    /// Writes a file whose name may not be valid UTF-8, through open(2) on the raw bytes.
    static func writeRaw(_ r: RawFile, in dir: URL) throws {
        if let slash = r.pathBytes.lastIndex(of: UInt8(ascii: "/")) {
            // Parent folders are plain UTF-8; only the last component may hold odd bytes.
            let parent = dir.appendingPathComponent(String(decoding: r.pathBytes[..<slash], as: UTF8.self))
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        var path = Array(dir.path.utf8) + [UInt8(ascii: "/")] + r.pathBytes
        path.append(0)
        let fd = path.withUnsafeBufferPointer { p in
            p.baseAddress.map { $0.withMemoryRebound(to: CChar.self, capacity: path.count) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) } } ?? -1
        }
        guard fd >= 0 else { throw DocumentKitError.io("open raw file") }
        defer { close(fd) }
        let written = r.data.withUnsafeBytes { raw in raw.baseAddress.map { write(fd, $0, r.data.count) } ?? 0 }
        guard written == r.data.count else { throw DocumentKitError.io("write raw file") }
    }

    static func truth(_ b: ApplicantBuild) -> ApplicantTruth {
        var findings = Set<FindingKey>()
        var documents: [DocumentTruth] = []
        var present: [(DocumentType, Int?, String?)] = []
        var mandarinOK = false
        for d in b.docs {
            var segments: [SegmentTruth] = []
            var first = 1
            for draft in d.drafts {
                segments.append(SegmentTruth(firstPage: first, lastPage: first + draft.pages.count - 1, type: draft.type,
                                             year: draft.year, part: draft.part))
                present.append((draft.type, draft.year, draft.part))
                if draft.type == .mandarinCertificate, let l = d.mandarinLevel, validMandarin.contains(l) { mandarinOK = true }
                for e in draft.exposures {
                    let page = first + e.page
                    if d.illegible { continue }
                    if let rule = rule(for: e, draft: draft, hasLayer: d.route.hasTextLayer) {
                        findings.insert(FindingKey(rule: rule, document: d.path, page: page))
                    }
                }
                first += draft.pages.count
            }
            let head = d.drafts.first
            documents.append(DocumentTruth(path: d.path, type: head?.type, year: head?.year, part: head?.part,
                                           segments: d.drafts.count > 1 ? segments : []))
            for p in d.rotatedPages { findings.insert(FindingKey(rule: .qualityOrientation, document: d.path, page: p)) }
            if d.illegible {
                for p in 1...max(1, d.pages.count) {
                    findings.insert(FindingKey(rule: .qualityLegibility, document: d.path, page: p))
                }
            }
        }
        for r in b.raws {
            if let t = r.truth {
                documents.append(t)
                if let ty = t.type { present.append((ty, t.year, t.part)) }
            } else {
                documents.append(DocumentTruth(path: r.reportedPath, type: nil))
            }
            findings.formUnion(r.findings)
        }
        if b.profile.manifestValid {
            findings.formUnion(docsFindings(b.profile.manifest, present: present, mandarinOK: mandarinOK))
            findings.formUnion(textFieldFindings(b.profile.manifest))
        } else {
            findings.insert(FindingKey(rule: .inputManifest))
        }
        return ApplicantTruth(folder: b.folder, findings: findings.sorted(), documents: documents, notes: b.notes)
    }

    static func rule(for e: Exposure, draft: DocumentDraft, hasLayer: Bool) -> RuleID? {
        switch (e.kind, e.shown) {
        case (.applicantName, .visible), (.signature, .visible): return .blindName
        case (.employer, .visible): return .blindEmployer
        case (.applicantName, .underBox), (.employer, .underBox): return hasLayer ? .blindHiddenText : nil
        case (.label, .visible): return .blindLabel
        case (.idNumber(true), .visible): return .blindIDNumber
        case (.photo, .visible): return .blindPhoto
        case (.employerSeal, .visible): return draft.isEmployerIssued ? .blindSeal : nil
        default: return nil
        }
    }

    static func docsFindings(_ m: Manifest, present: [(DocumentType, Int?, String?)], mandarinOK: Bool) -> Set<FindingKey> {
        func has(_ t: DocumentType, _ y: Int? = nil, _ p: String? = nil) -> Bool {
            present.contains { $0.0 == t && (y == nil || $0.1 == y) && (p == nil || $0.2 == p) }
        }
        var f = Set<FindingKey>()
        let ey = evaluationYear
        if !has(.educationCHSI) { f.insert(FindingKey(rule: .docsEducation)) }
        for y in (ey - 3)...(ey - 1) where !has(.appraisal, y) { f.insert(FindingKey(rule: .docsAppraisal, year: y)) }
        if !(m.ceExempt && has(.ceExemption)) {
            for y in (ey - 3)...ey {
                for p in ["public", "professional"] where !has(.ceCertificate, y, p) {
                    f.insert(FindingKey(rule: .docsContinuingEducation, year: y, part: p))
                }
            }
        }
        let titles: [DocumentType] = [.titleCertificate, .titleDocument, .titleReviewForm]
        if m.titleObtainedIn == .elsewhere {
            for t in titles where !has(t) { f.insert(FindingKey(rule: .docsTitle, part: t.rawValue)) }
        } else if !titles.contains(where: { has($0) }) {
            f.insert(FindingKey(rule: .docsTitle))
        }
        if m.employerKind == .publicInstitution, !mandarinOK { f.insert(FindingKey(rule: .docsMandarin)) }
        if m.series == .economics, m.level == .senior, !has(.economicsExam) {
            f.insert(FindingKey(rule: .docsEconomicsExam))
        }
        for (t, part) in [(DocumentType.publicity, "publicity"), (.publicityResult, "publicity-result"),
                          (.recommendation, "recommendation"), (.commitment, "commitment")] where !has(t) {
            f.insert(FindingKey(rule: .docsOther, part: part))
        }
        return f
    }

    static func textFieldFindings(_ m: Manifest) -> Set<FindingKey> {
        var needles = m.allNames
        if let e = m.employer { needles.append(e) }
        needles += m.employerAliases
        let hit = m.texts.values.contains { text in needles.contains { !$0.isEmpty && text.contains($0) } }
        return hit ? [FindingKey(rule: .blindTextField)] : []
    }
}
