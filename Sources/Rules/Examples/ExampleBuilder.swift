import Classify
import PipelineConfig
import PrescreenCore

/// Builds the contexts of rule examples: pages from marked text, documents from types.
///
/// In page text, `⟦` and `⟧` mark where a finding must land; they are removed and their boxes recorded.
/// Characters are laid out on a grid (one line per "\n"), so each has a distinct box.
public enum ExampleBuilder {
    /// The built-in default pipeline (a broken embedded pipeline is a programmer error, caught by its test).
    public static let pipeline: PipelineDefinition = {
        do {
            return try PipelineLoader.loadDefault()
        } catch {
            preconditionFailure("the embedded default pipeline is invalid: \(error)")
        }
    }()

    /// A manifest for examples.
    public static func manifest(name: String = "张伟", employer: String = "阿克苏地区第一人民医院",
                                aliases: [String] = ["地区一院"], kind: Manifest.EmployerKind? = .publicInstitution,
                                series: Manifest.Series = .engineering, origin: Manifest.TitleOrigin = .xinjiang,
                                ceExempt: Bool = false, texts: [String: String] = [:]) -> Manifest {
        Manifest(id: "EX-1", name: name, formerNames: [], employer: employer, employerAliases: aliases,
                 series: series, level: .senior, employerKind: kind, titleObtainedIn: origin, ceExempt: ceExempt,
                 texts: texts)
    }

    /// A page text from marked text and the boxes of the marked spans.
    public static func pageText(_ marked: String, source: TextSource = .textLayer) -> (PageText, [Box]) {
        var glyphs: [Glyph] = []
        var expected: [Box] = []
        var open: Int?
        var line = 0, col = 0
        for ch in marked {
            switch ch {
            case "⟦": open = glyphs.count
            case "⟧":
                if let o = open, o < glyphs.count {
                    let b = glyphs[o..<glyphs.count].dropFirst().reduce(glyphs[o].box) { $0.union($1.box) }
                    expected.append(b)
                }
                open = nil
            case "\n":
                glyphs.append(Glyph(text: "\n", box: cell(line, col)))
                line += 1
                col = 0
            default:
                glyphs.append(Glyph(text: String(ch), box: cell(line, col), confidence: source == .ocr ? 90 : nil))
                col += 1
            }
        }
        return (PageText(source: source, glyphs: glyphs, meanConfidence: source == .ocr ? 90 : nil), expected)
    }

    private static func cell(_ line: Int, _ col: Int) -> Box {
        Box(x0: 0.05 + Double(col) * 0.02, y0: 0.05 + Double(line) * 0.03,
            x1: 0.05 + Double(col + 1) * 0.02, y1: 0.05 + Double(line) * 0.03 + 0.025)
    }

    /// An example whose one page holds `marked` text; the number of marked spans is the expected count,
    /// unless `count` says otherwise. `hidden` marks every glyph of the text layer invisible on the page.
    public static func textExample(_ note: String, _ marked: String, source: TextSource = .textLayer,
                                   manifest: Manifest? = manifest(), hidden: Bool = false, count: Int? = nil,
                                   file: String = #filePath, line: Int = #line) -> RuleExample {
        let (text, boxes) = pageText(marked, source: source)
        var page = PageContent(page: 1, width: 595, height: 842)
        if source == .ocr {
            page.ocr = text
            page.rasterCoverage = 1
            page.ocrDPI = 200
        } else {
            page.textLayer = text
            if hidden { page.textLayerVisible = [Bool](repeating: false, count: text.glyphs.count) }
        }
        let doc = AnalyzedDocument(path: "附件.pdf", format: .pdf, sha256: "0", pages: [page],
                                   segments: [Segment(firstPage: 1, lastPage: 1, classification: Classification(type: .other))])
        let ctx = RuleContext(manifest: manifest, documents: [doc], pipeline: pipeline)
        return RuleExample(note, context: ctx, expectedCount: count ?? boxes.count, expectedBoxes: boxes, file: file, line: line)
    }

    /// A document of one type (one page, one segment) for `docs/*` examples.
    public static func document(_ type: DocumentType, year: Int? = nil, part: String? = nil, grade: String? = nil,
                                path: String? = nil) -> AnalyzedDocument {
        let c = Classification(type: type, year: year, part: part, mandarinGrade: grade, cues: [], score: 10)
        return AnalyzedDocument(path: path ?? "\(type.rawValue)-\(year ?? 0)-\(part ?? "").pdf", format: .pdf, sha256: "0",
                                pages: [PageContent(page: 1, width: 595, height: 842)],
                                segments: [Segment(firstPage: 1, lastPage: 1, classification: c)])
    }

    /// A complete submission under the default pipeline for a public-institution engineer.
    public static func completeDocuments(years: [Int] = [2021, 2022, 2023], ceYears: [Int] = [2021, 2022, 2023, 2024]) -> [AnalyzedDocument] {
        var docs: [AnalyzedDocument] = [document(.educationCHSI), document(.titleCertificate),
                                        document(.mandarinCertificate, grade: "二级甲等")]
        docs += years.map { document(.appraisal, year: $0) }
        for y in ceYears {
            docs.append(document(.ceCertificate, year: y, part: "public"))
            docs.append(document(.ceCertificate, year: y, part: "professional"))
        }
        docs += [document(.publicity), document(.publicityResult), document(.recommendation), document(.commitment)]
        return docs
    }

    /// An example over a set of documents.
    public static func docsExample(_ note: String, _ docs: [AnalyzedDocument], manifest: Manifest? = manifest(),
                                   count: Int, file: String = #filePath, line: Int = #line) -> RuleExample {
        RuleExample(note, context: RuleContext(manifest: manifest, documents: docs, pipeline: pipeline),
                    expectedCount: count, file: file, line: line)
    }

    /// Documents with one type removed (all of it) or replaced.
    public static func without(_ type: DocumentType, in docs: [AnalyzedDocument]) -> [AnalyzedDocument] {
        docs.filter { $0.segments.first?.classification.type != type }
    }
}
