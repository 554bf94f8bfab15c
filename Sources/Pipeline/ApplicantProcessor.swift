import Classify
import Foundation
import Ingest
import PipelineConfig
import PrescreenCore
import Reports
import Rules
import StateStore

/// Checks one applicant end to end: manifest, attachments, extraction, classification, rules, evidence, report.
///
/// Runs inside one worker; the extractor it is given belongs to that worker (in-process, or a child process
/// under limits). Every attachment's failure is captured as a finding, so one bad file never stops the rest.
struct ApplicantProcessor {
    let options: ScanOptions
    let writer: ReportWriter
    /// The page cache, keyed by attachment content hash + ``extractionDigest``; nil when not incremental.
    let cache: PageCache?

    /// The result of one applicant, for the batch index; stored in the state to stand in for an unchanged one.
    struct Outcome: Sendable, Codable {
        var entry: BatchEntry
        var pages: Int
        var ocrPages: Int
        var flagged: [String]
        /// Attachments parsed in this check, and attachments whose pages came from the page cache.
        var extracted = 0
        var cached = 0
    }

    func process(_ folder: ApplicantFolder, attachments: [Attachment], skipped: [SkippedEntry],
                 extractor: any AttachmentExtractor) throws(ScanError) -> Outcome {
        let clock = ContinuousClock.now
        let pipeline = options.pipeline
        var manifest: Manifest?
        var problem: String?
        switch ManifestLoader.load(folder: folder) {
        case .loaded(let m, _): manifest = m
        case .missing: problem = "缺失 (missing)"
        case .malformed(let why): problem = "格式错误：\(why) (malformed)"
        }
        var documents: [AnalyzedDocument] = []
        var ocrPages = 0
        var sources: [String: (Data, FileFormat)] = [:]
        var counts = (extracted: 0, cached: 0)
        for a in attachments {
            var doc = AnalyzedDocument(path: a.relativePath, format: .unsupported, sha256: "")
            do {
                let data = try FileReader.read(a, maxBytes: pipeline.limits.maxFileBytes)
                doc.sha256 = Digest.sha256(data)
                doc.format = FormatSniffer.sniff(data.prefix(2048))
                switch doc.format {
                case .empty:
                    doc.status = .unreadable("文件为空 (empty file)")
                case .unsupported where FormatSniffer.claimsSupportedFormat(a.relativePath):
                    doc.status = .unreadable("文件内容不是其扩展名所示的格式，可能已损坏 (the content does not match its extension; damaged?)")
                case .unsupported:
                    doc.status = .unsupported(Self.describeUnsupported(a.relativePath))
                default:
                    let (ex, hit) = try extract(data, format: doc.format, sha256: doc.sha256, extractor: extractor)
                    if hit { counts.cached += 1 } else { counts.extracted += 1 }
                    if let reason = ex.problem {
                        doc.status = .unreadable(reason)
                    } else {
                        doc.pages = ex.pages
                        ocrPages += ex.ocrPages
                        doc.segments = DocumentClassifier.segment(pages: ex.pages.map(Self.classificationText))
                        sources[a.relativePath] = (data, doc.format)
                    }
                }
            } catch let e as IngestError {
                doc.status = .unreadable(Self.reason(e))
            } catch let e as ScanError {
                throw e
            } catch {
                doc.status = .unreadable("无法读取 (cannot be read)")
            }
            documents.append(doc)
        }
        // Entries discovery would not follow (a link out of ROOT, a FIFO, an unlistable folder) are
        // findings too: the reviewer must learn the file was not checked.
        for s in skipped {
            documents.append(AnalyzedDocument(path: s.relativePath, format: .unsupported, sha256: "",
                                              status: .unreadable("未读取：\(Self.describeSkipped(s.reason))")))
        }
        let context = RuleContext(manifest: manifest, manifestProblem: problem, documents: documents, pipeline: pipeline)
        TextDump.write(folder: folder.name, documents: documents)
        let findings = RuleRegistry.run(context)
        let evidence = EvidenceMaker(limits: pipeline.limits).pictures(for: findings, sources: sources)
        let seconds = ContinuousClock.now - clock
        let report = ReportBuilder.build(folder: folder, manifest: manifest, pipeline: pipeline, documents: documents,
                                         findings: findings, evidence: evidence.names,
                                         ocrPages: ocrPages, seconds: Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18)
        do {
            try writer.writeApplicant(report, evidence: evidence.files)
        } catch {
            throw ScanError(.run, "cannot write the report of \(folder.name): \(error)")
        }
        return Outcome(entry: BatchEntry(report), pages: report.stats.pages, ocrPages: ocrPages,
                       flagged: findings.filter { $0.severity == .violation }.map { $0.rule.rawValue },
                       extracted: counts.extracted, cached: counts.cached)
    }

    /// One attachment's pages: from the page cache when this content was extracted before with the same
    /// settings, otherwise from the worker's extractor (then cached, unless the outcome was a crash or limit).
    private func extract(_ data: Data, format: FileFormat, sha256: String,
                         extractor: any AttachmentExtractor) throws(ScanError) -> (ExtractionOutcome, cached: Bool) {
        guard let cache else { return (extractor.extract(data, format: format), false) }
        let key = sha256 + ":" + format.rawValue
        if let hit = try cache.lookup(key) { return (hit, true) }
        let outcome = extractor.extract(data, format: format)
        if outcome.cacheable { try cache.store(key, outcome) }
        return (outcome, false)
    }

    /// A page's text for the classifier: the text layer, then the OCR, normalised.
    static func classificationText(_ page: PageContent) -> [Unicode.Scalar] {
        page.normalizedTexts.flatMap(\.scalars)
    }

    static func describeUnsupported(_ path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext.isEmpty ? "未知格式 (unknown format)" : "\(ext) 文件 (.\(ext) file)"
    }

    static func describeSkipped(_ reason: String) -> String {
        if reason.contains("outside ROOT") { return "符号链接指向申报目录之外 (\(reason))" }
        if reason.contains("symbolic link") { return "符号链接无法使用 (\(reason))" }
        if reason.contains("special file") { return "不是普通文件 (\(reason))" }
        return "无法访问 (\(reason))"
    }

    static func reason(_ e: IngestError) -> String {
        switch e.code {
        case .tooLarge: return "文件过大 (file too large)"
        default: return "无法打开文件 (cannot open the file)"
        }
    }
}

/// The per-attachment page cache in the state store, for one run.
struct PageCache: Sendable {
    let store: StateStore
    /// Namespaces the keys: extraction settings, limits and the tool version.
    let extractionDigest: String
    let run: Int64

    func lookup(_ key: String) throws(ScanError) -> ExtractionOutcome? {
        let payload: Data?
        do {
            payload = try store.extraction(extractionDigest + ":" + key, run: run)
        } catch {
            throw ScanError(.run, error.message)
        }
        // An entry that no longer decodes (written by another version) is simply a miss.
        return payload.flatMap { try? JSONDecoder().decode(ExtractionOutcome.self, from: $0) }
    }

    func store(_ key: String, _ outcome: ExtractionOutcome) throws(ScanError) {
        guard let payload = try? JSONEncoder().encode(outcome) else { return }
        do {
            try store.saveExtraction(extractionDigest + ":" + key, payload: payload, run: run)
        } catch {
            throw ScanError(.run, error.message)
        }
    }
}
