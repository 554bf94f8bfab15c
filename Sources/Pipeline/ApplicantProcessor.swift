import Classify
import Foundation
import Ingest
import PrescreenCore
import Reports
import Rules
import StateStore

/// Checks one applicant end to end: manifest, attachments, extraction, classification, rules, evidence, report.
///
/// Two steps around the page scheduler (``BatchScanner``): ``prepare(_:attachments:skipped:)`` reads the
/// manifest and the files and consults the page cache; once every pending attachment's pages are read (on
/// any workers), ``finish(_:read:started:)`` classifies, runs the rules and writes the report. Every
/// attachment's failure is captured as a finding, so one bad file never stops the rest.
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
        /// True when an attachment's outcome was not about the file (a reader killed from outside, an OCR engine
        /// that could not start): the next run checks the applicant again even if nothing changed. Timeouts and
        /// crashes are about the file: not cached, tried again when the applicant changes (a bomb must not cost
        /// every cron run its whole wall budget).
        var retry: Bool? = nil
    }

    /// An applicant read up to the point where its attachments' pages are needed: the manifest, every
    /// attachment's bytes, format and hash, the cached extractions, and the attachments still to read.
    struct Prepared: Sendable {
        var folder: ApplicantFolder
        var manifest: Manifest?
        var manifestProblem: String?
        /// One per attachment in discovery order, then one per skipped entry.
        var documents: [AnalyzedDocument] = []
        /// The bytes of every attachment of a readable format, by index into `documents` (for the workers and
        /// for evidence pictures).
        var bytes: [Int: Data] = [:]
        /// Extractions known now (cache hits), by index into `documents`.
        var extracted: [Int: ExtractionOutcome] = [:]
        /// Attachments whose pages must be read.
        var pending: [Pending] = []
    }

    /// An attachment whose pages must be read.
    struct Pending: Sendable {
        /// Index into ``Prepared/documents``.
        var document: Int
        /// The attachment's content key (hash and format): names it to the workers and in the page cache.
        var key: String
        var data: Data
        var format: FileFormat
    }

    /// Reads the manifest and the attachments' bytes, and looks up the page cache; cheap next to reading pages.
    func prepare(_ folder: ApplicantFolder, attachments: [Attachment],
                 skipped: [SkippedEntry]) throws(ScanError) -> Prepared {
        var prepared = Prepared(folder: folder)
        switch ManifestLoader.load(folder: folder, root: options.root) {
        case .loaded(let m, let warnings):
            prepared.manifest = m
            // A misspelt key (Name:, Employer:) silently turned the name and employer checks off: say so.
            if !warnings.isEmpty { prepared.manifestProblem = warnings.joined(separator: "；") }
        case .missing: prepared.manifestProblem = "缺失 (missing)"
        case .malformed(let why): prepared.manifestProblem = "格式错误：\(why) (malformed)"
        }
        for a in attachments {
            var doc = AnalyzedDocument(path: a.relativePath, format: .unsupported, sha256: "")
            let index = prepared.documents.count
            do {
                let data = try FileReader.read(a, maxBytes: options.pipeline.limits.maxFileBytes)
                doc.sha256 = Digest.sha256(data)
                doc.format = FormatSniffer.sniff(data.prefix(2048))
                switch doc.format {
                case .empty:
                    doc.status = .unreadable("文件为空 (empty file)")
                case .unsupported where FormatSniffer.unsupportedFormatName(data) != nil:
                    // Recognised by its bytes as another format, whatever its name claims (a WebP named .jpg).
                    doc.status = .unsupported(FormatSniffer.unsupportedFormatName(data) ?? "")
                case .unsupported where FormatSniffer.claimsSupportedFormat(a.relativePath):
                    doc.status = .unreadable("文件内容不是其扩展名所示的格式，可能已损坏 (the content does not match its extension; damaged?)")
                case .unsupported:
                    doc.status = .unsupported(Self.describeUnsupported(a.relativePath))
                default:
                    let key = doc.sha256 + ":" + doc.format.rawValue
                    prepared.bytes[index] = data
                    if let cache, let hit = try cache.lookup(key) {
                        prepared.extracted[index] = hit
                    } else {
                        prepared.pending.append(Pending(document: index, key: key, data: data, format: doc.format))
                    }
                }
            } catch let e as IngestError {
                doc.status = .unreadable(Self.reason(e))
            } catch let e as ScanError {
                throw e
            } catch {
                doc.status = .unreadable("无法读取 (cannot be read)")
            }
            prepared.documents.append(doc)
        }
        // Entries discovery would not follow (a link out of ROOT, a FIFO, an unlistable folder) are
        // findings too: the reviewer must learn the file was not checked.
        for s in skipped {
            prepared.documents.append(AnalyzedDocument(path: s.relativePath, format: .unsupported, sha256: "",
                                                       status: .unreadable("未读取：\(Self.describeSkipped(s.reason))")))
        }
        return prepared
    }

    /// Checks an applicant whose pending attachments have all been read (`read`: their outcomes, by document
    /// index): stores the new extractions in the page cache, classifies, runs the rules, makes the evidence
    /// and writes the report. `started` is when the applicant's check began, for the report's timing.
    ///
    /// `worker` makes the evidence pictures (a `_worker` child in a real scan); without one they are made here.
    func finish(_ prepared: Prepared, read: [Int: ExtractionOutcome], started: ContinuousClock.Instant,
                worker: (any PageWorker)? = nil) throws(ScanError) -> Outcome {
        let pipeline = options.pipeline
        var documents = prepared.documents
        var ocrPages = 0
        var sources: [String: EvidenceMaker.Source] = [:]
        for p in prepared.pending {
            // Outcomes of the moment (a crash, a timeout) are not kept: the next check tries the file again.
            if let cache, let outcome = read[p.document], outcome.cacheable { try cache.store(p.key, outcome) }
        }
        let outcomes = prepared.extracted.merging(read) { cached, _ in cached }
        for index in outcomes.keys.sorted() {
            guard let outcome = outcomes[index], documents.indices.contains(index) else { continue }
            if let reason = outcome.problem {
                documents[index].status = .unreadable(reason)
                continue
            }
            documents[index].pages = outcome.pages
            documents[index].notices = Self.notices(outcome)
            ocrPages += outcome.ocrPages
            documents[index].segments = DocumentClassifier.segment(pages: outcome.pages.map(Self.classificationText))
            if let data = prepared.bytes[index] {
                sources[documents[index].path] = EvidenceMaker.Source(
                    data: data, format: documents[index].format,
                    drawsText: outcome.pages.contains { $0.textLayer != nil })
            }
        }
        SealReading.readWhereNeeded(&documents)
        let context = RuleContext(manifest: prepared.manifest, manifestProblem: prepared.manifestProblem,
                                  documents: documents, pipeline: pipeline)
        TextDump.write(folder: prepared.folder.name, documents: documents)
        let findings = RuleRegistry.run(context)
        let evidence = EvidenceMaker(limits: pipeline.limits).pictures(for: findings, sources: sources, worker: worker)
        let seconds = ContinuousClock.now - started
        let report = ReportBuilder.build(folder: prepared.folder, manifest: prepared.manifest, pipeline: pipeline,
                                         documents: documents, findings: findings, evidence: evidence.names,
                                         ocrPages: ocrPages,
                                         seconds: Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18)
        do {
            try writer.writeApplicant(report, evidence: evidence.files,
                                      extras: ReportBuilder.extras(findings: findings, pipeline: pipeline))
        } catch {
            throw ScanError(.run, "无法写入 \(prepared.folder.name) 的报告：\(error.message)；请检查报告目录的磁盘空间和权限 "
                + "(cannot write the report)")
        }
        return Outcome(entry: BatchEntry(report), pages: report.stats.pages, ocrPages: ocrPages,
                       flagged: findings.filter { $0.severity == .violation }.map { $0.rule.rawValue },
                       extracted: read.count, cached: prepared.extracted.count,
                       retry: read.values.contains { $0.notAboutTheFile == true } ? true : nil)
    }

    /// What was not read of a read attachment: pages cairo could not draw (a warning: their text was checked),
    /// and the pages past `max_pages_per_file` (a violation: nothing on them was checked; the file must be split).
    static func notices(_ outcome: ExtractionOutcome) -> [AnalyzedDocument.Notice] {
        var out = outcome.pages.compactMap { page in
            page.renderProblem.map { AnalyzedDocument.Notice(page: page.page, reason: $0, severity: .warning) }
        }
        if let total = outcome.totalPages, total > outcome.pages.count {
            let n = outcome.pages.count
            out.append(AnalyzedDocument.Notice(
                page: nil,
                reason: "共 \(total) 页，只读取并检查了前 \(n) 页（流程文件上限 max_pages_per_file），第 \(n + 1)–\(total) 页未检查，请拆分为较小的文件后上传 "
                    + "(only the first \(n) of \(total) pages were read and checked; split the file)",
                severity: .violation))
        }
        return out
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
        case .notAFile: return "不是普通文件（FIFO、设备或文件夹）(not a regular file)"
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
