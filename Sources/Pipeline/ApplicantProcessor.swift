import Classify
import Foundation
import Ingest
import OCR
import PDF
import PipelineConfig
import PrescreenCore
import Reports
import Rules

/// Checks one applicant end to end: manifest, attachments, extraction, classification, rules, evidence, report.
///
/// Runs inside one worker; the recogniser it is given belongs to that worker. Every attachment's failure is
/// captured as a finding, so one bad file never stops the rest.
struct ApplicantProcessor {
    let options: ScanOptions
    let writer: ReportWriter

    /// The result of one applicant, for the batch index.
    struct Outcome: Sendable {
        var entry: BatchEntry
        var pages: Int
        var ocrPages: Int
        var flagged: [String]
    }

    func process(_ folder: ApplicantFolder, recognizer: () throws -> any TextRecognizer) throws(ScanError) -> Outcome {
        let clock = ContinuousClock.now
        let pipeline = options.pipeline
        var manifest: Manifest?
        var problem: String?
        switch ManifestLoader.load(folder: folder) {
        case .loaded(let m, _): manifest = m
        case .missing: problem = "缺失 (missing)"
        case .malformed(let why): problem = "格式错误：\(why) (malformed)"
        }
        let (attachments, _) = Discovery.attachments(of: folder, root: options.root)
        let extractor = PageExtractor(settings: pipeline.extraction, limits: pipeline.limits)
        var documents: [AnalyzedDocument] = []
        var ocrPages = 0
        var sources: [String: (Data, FileFormat)] = [:]
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
                    let ex = try extractor.extract(data: data, format: doc.format, recognizer: recognizer)
                    doc.pages = ex.pages
                    ocrPages += ex.ocrPages
                    doc.segments = DocumentClassifier.segment(pages: ex.pages.map(Self.classificationText))
                    sources[a.relativePath] = (data, doc.format)
                }
            } catch let e as IngestError {
                doc.status = .unreadable(Self.reason(e))
            } catch let e as PDFError {
                doc.status = .unreadable(Self.reason(e))
            } catch let e as OCRError {
                doc.status = .unreadable(Self.reason(e))
            } catch {
                doc.status = .unreadable("\(error)")
            }
            documents.append(doc)
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
                       flagged: findings.filter { $0.severity == .violation }.map { $0.rule.rawValue })
    }

    /// A page's text for the classifier: the text layer, then the OCR, normalised.
    static func classificationText(_ page: PageContent) -> [Unicode.Scalar] {
        page.normalizedTexts.flatMap(\.scalars)
    }

    static func describeUnsupported(_ path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext.isEmpty ? "未知格式 (unknown format)" : "\(ext) 文件 (.\(ext) file)"
    }

    static func reason(_ e: IngestError) -> String {
        switch e.code {
        case .tooLarge: return "文件过大 (file too large)"
        default: return "无法打开文件 (cannot open the file)"
        }
    }

    static func reason(_ e: PDFError) -> String {
        switch e.code {
        case .encrypted: return "PDF 已加密，需要密码 (the PDF is encrypted)"
        case .damaged: return "PDF 已损坏或不完整 (the PDF is damaged or truncated)"
        case .tooLarge: return "页面尺寸过大 (page too large)"
        default: return "PDF 无法读取 (the PDF cannot be read)"
        }
    }

    static func reason(_ e: OCRError) -> String {
        switch e.code {
        case .decodeFailed: return "图像已损坏或无法解码 (the image is damaged or cannot be decoded)"
        case .tooLarge: return "图像尺寸过大 (image too large)"
        default: return "图像无法识别 (the image cannot be read)"
        }
    }
}
