import Foundation
import Ingest
import PipelineConfig
import PrescreenCore
import Reports
import Rules

/// Turns one applicant's analysed documents and findings into the `report.json` value of CONTRACT.md.
enum ReportBuilder {
    static func build(folder: ApplicantFolder, manifest: Manifest?, pipeline: PipelineDefinition,
                      documents: [AnalyzedDocument], findings: [Finding], evidence: [Int: String],
                      ocrPages: Int, seconds: Double) -> Report {
        let docs = documents.map(document)
        // `findings` come in report order from the rules (RuleRegistry.run); `evidence` is keyed by that index.
        let reportFindings = findings.enumerated().map { i, f in ReportFinding(f, id: "f\(i + 1)", evidence: evidence[i]) }
        let status = ApplicantStatus(findings: reportFindings)
        let pages = documents.reduce(0) { $0 + $1.pages.count }
        return Report(
            schemaVersion: ToolInfo.schemaVersion,
            tool: .init(name: ToolInfo.name, version: ToolInfo.version),
            pipeline: .init(name: pipeline.name, evaluationYear: pipeline.evaluationYear),
            applicant: .init(id: manifest?.id ?? folder.name, folder: folder.name),
            status: status, documents: docs, findings: reportFindings,
            stats: .init(pages: pages, ocrPages: ocrPages, seconds: (seconds * 10).rounded() / 10))
    }

    /// The 修改方法 of each finding (numbered as ``build`` numbers them) from the rule catalogue, which findings only
    /// the reviewer can act on, and the pipeline's title: what report.html and notice.html show beyond report.json.
    static func extras(findings: [Finding], pipeline: PipelineDefinition) -> ReportExtras {
        var out = ReportExtras(title: pipeline.title)
        for (i, f) in findings.enumerated() {
            let advice = RuleRegistry.advice(for: f, pipeline: pipeline)
            out.fixes["f\(i + 1)"] = advice.fix
            if !advice.forApplicant { out.reviewerOnly.insert("f\(i + 1)") }
        }
        return out
    }

    static func document(_ d: AnalyzedDocument) -> ReportDocument {
        let segments = d.segments.map { s in
            ReportSegment(firstPage: s.firstPage, lastPage: s.lastPage, type: s.classification.type,
                          year: s.classification.year, part: s.classification.part)
        }
        let first = d.segments.first?.classification
        let readable = d.status == .readable
        return ReportDocument(path: d.path, sha256: d.sha256, format: d.format, pages: d.pages.count,
                              type: readable ? (first?.type ?? .other) : nil, year: first?.year, part: first?.part,
                              textSource: textSource(d.pages), segments: segments,
                              cues: d.segments.flatMap(\.classification.cues))
    }

    /// A document's text source: the pages' sources combined.
    static func textSource(_ pages: [PageContent]) -> TextSource {
        let s = Set(pages.map(\.textSource)).subtracting([.none])
        if s.isEmpty { return .none }
        if s.count == 1, let only = s.first { return only }
        return .mixed
    }
}
