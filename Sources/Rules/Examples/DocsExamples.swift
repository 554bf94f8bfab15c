import PrescreenCore

enum DocsRuleExamples {
    static let complete = E.completeDocuments()

    static let education: [RuleExample] = [
        E.docsExample("complete", complete, count: 0),
        E.docsExample("no education report", E.without(.educationCHSI, in: complete), count: 1),
        E.docsExample("graduate form only: a warning", E.without(.educationCHSI, in: complete) + [E.document(.educationGraduateForm)], count: 1),
    ]
    static let appraisal: [RuleExample] = [
        E.docsExample("complete", complete, count: 0),
        E.docsExample("2022 missing", E.completeDocuments(years: [2021, 2023]), count: 1),
        E.docsExample("2020 instead of 2021", E.completeDocuments(years: [2020, 2022, 2023]), count: 1),
        E.docsExample("none", E.without(.appraisal, in: complete), count: 3),
    ]
    static let continuingEducation: [RuleExample] = [
        E.docsExample("complete", complete, count: 0),
        E.docsExample("2024 missing, both parts", E.completeDocuments(ceYears: [2021, 2022, 2023]), count: 2),
        E.docsExample("exempt with the form", E.without(.ceCertificate, in: complete) + [E.document(.ceExemption)],
                      manifest: E.manifest(ceExempt: true), count: 0),
        E.docsExample("exempt without the form", E.without(.ceCertificate, in: complete), manifest: E.manifest(ceExempt: true), count: 8),
        E.docsExample("one certificate covering both parts", E.without(.ceCertificate, in: complete)
                      + [2021, 2022, 2023, 2024].map { E.document(.ceCertificate, year: $0) }, count: 0),
    ]
    static let title: [RuleExample] = [
        E.docsExample("one of three, Xinjiang", complete, count: 0),
        E.docsExample("none", E.without(.titleCertificate, in: complete), count: 1),
        E.docsExample("elsewhere needs all three", complete, manifest: E.manifest(origin: .elsewhere), count: 2),
    ]
    static let mandarin: [RuleExample] = [
        E.docsExample("二级甲等", complete, count: 0),
        E.docsExample("missing", E.without(.mandarinCertificate, in: complete), count: 1),
        E.docsExample("no readable grade", E.without(.mandarinCertificate, in: complete) + [E.document(.mandarinCertificate)], count: 1),
        E.docsExample("enterprise staff need none", E.without(.mandarinCertificate, in: complete),
                      manifest: E.manifest(kind: .enterprise), count: 0),
        E.docsExample("no manifest: employer kind unknown, not decided", E.without(.mandarinCertificate, in: complete),
                      manifest: nil, count: 0),
        E.docsExample("manifest without employer_kind", E.without(.mandarinCertificate, in: complete),
                      manifest: E.manifest(kind: nil), count: 0),
    ]
    static let economicsExam: [RuleExample] = [
        E.docsExample("engineering needs none", complete, count: 0),
        E.docsExample("economics senior without result", complete, manifest: E.manifest(series: .economics), count: 1),
        E.docsExample("economics with a 2022 result", complete + [E.document(.economicsExam, year: 2022)],
                      manifest: E.manifest(series: .economics), count: 0),
        E.docsExample("economics with a 2018 result", complete + [E.document(.economicsExam, year: 2018)],
                      manifest: E.manifest(series: .economics), count: 1),
        E.docsExample("no manifest: series and level unknown, not decided", complete, manifest: nil, count: 0),
    ]
    static let other: [RuleExample] = [
        E.docsExample("complete", complete, count: 0),
        E.docsExample("no commitment, no recommendation",
                      E.without(.recommendation, in: E.without(.commitment, in: complete)), count: 2),
    ]
}

enum QualityRuleExamples {
    static func rotated(_ turns: Int) -> [AnalyzedDocument] {
        var d = E.document(.other)
        d.pages[0].rotationQuarterTurns = turns
        return [d]
    }
    static func scanned(dpi: Double, confidence: Double, text: String) -> [AnalyzedDocument] {
        var d = E.document(.other)
        var (t, _) = E.pageText(text, source: .ocr)
        t.meanConfidence = confidence
        d.pages[0].ocr = t
        d.pages[0].ocrDPI = dpi
        d.pages[0].rasterCoverage = 1
        return [d]
    }
    /// An image file of `width`×`height` pixels, without a resolution tag (the extractor's A4 guess as its
    /// dpi), whose characters are `characterHeight` of the page high.
    static func photo(width: Double, height: Double, characterHeight: Double, confidence: Double,
                      body: (text: String, height: Double)? = nil) -> [AnalyzedDocument] {
        var d = E.document(.other)
        var glyphs = Array("事业单位工作人员年度考核登记表").enumerated().map { i, c in
            Glyph(text: String(c), box: Box(x0: 0.05 + Double(i) * characterHeight, y0: 0.1,
                                            x1: 0.05 + Double(i + 1) * characterHeight, y1: 0.1 + characterHeight),
                  confidence: confidence)
        }
        if let body {
            glyphs += Array(body.text).enumerated().map { i, c in
                Glyph(text: String(c), box: Box(x0: 0.05 + Double(i) * body.height, y0: 0.5,
                                                x1: 0.05 + Double(i + 1) * body.height, y1: 0.5 + body.height), confidence: confidence)
            }
        }
        d.format = .jpeg
        d.pages[0] = PageContent(page: 1, width: width, height: height, ocr: PageText(source: .ocr, glyphs: glyphs, meanConfidence: confidence),
                                 rasterCoverage: 1, imageRegions: [Box(x0: 0, y0: 0, x1: 1, y1: 1)],
                                 ocrDPI: min(width, height) / (210.0 / 25.4))
        return [d]
    }

    static let orientation: [RuleExample] = [
        E.docsExample("upright", rotated(0), count: 0),
        E.docsExample("upside down", rotated(2), count: 1),
        E.docsExample("on its side", rotated(1), count: 1),
    ]
    static let legibility: [RuleExample] = [
        E.docsExample("clear scan", scanned(dpi: 200, confidence: 90, text: "事业单位工作人员年度考核登记表"), count: 0),
        E.docsExample("faint scan", scanned(dpi: 200, confidence: 40, text: "事业单位工作人员年度考核登记表"), count: 1),
        E.docsExample("tiny photo: characters 6 px high", photo(width: 270, height: 378, characterHeight: 0.016, confidence: 80), count: 1),
        E.docsExample("tiny photo: the title reads, the body reads as Latin junk 4 px high",
                      photo(width: 270, height: 378, characterHeight: 0.05, confidence: 70,
                            body: ("emgamersfeewenrhsarenemeeonceAumann", 0.011)), count: 1),
        E.docsExample("untagged sharp phone photo (taken as ~87 dpi): characters 29 px high",
                      photo(width: 720, height: 960, characterHeight: 0.03, confidence: 90), count: 0),
        E.docsExample("nothing readable", scanned(dpi: 200, confidence: 20, text: "~"), count: 1),
        E.docsExample("nothing read at all", scanned(dpi: 200, confidence: 0, text: ""), count: 1),
    ]
}

enum InputRuleExamples {
    static let manifest: [RuleExample] = [
        RuleExample("missing", context: RuleContext(manifest: nil, manifestProblem: "缺失 (missing)", documents: [],
                                                    pipeline: E.pipeline), expectedCount: 1),
        RuleExample("fine", context: RuleContext(manifest: E.manifest(), documents: [], pipeline: E.pipeline), expectedCount: 0),
        RuleExample("misspelt key, name then missing",
                    context: RuleContext(manifest: E.manifest(name: ""), manifestProblem: "未知的键 'Name'（第 1 行），应为 'name'？",
                                         documents: [], pipeline: E.pipeline), expectedCount: 1),
        RuleExample("no employer_kind: the Mandarin check could not run", context: RuleContext(
            manifest: E.manifest(kind: nil), documents: [], pipeline: E.pipeline), expectedCount: 1),
    ]
    static let unreadable: [RuleExample] = [
        RuleExample("encrypted", context: RuleContext(manifest: E.manifest(), documents: [
            AnalyzedDocument(path: "a.pdf", format: .pdf, sha256: "0", status: .unreadable("已加密 (encrypted)")),
        ], pipeline: E.pipeline), expectedCount: 1),
        E.docsExample("readable", [E.document(.other)], count: 0),
        E.docsExample("read in part: pages past the limit", [{
            var d = E.document(.other)
            d.notices = [.init(page: nil, reason: "只读取了前 300 页，共 352 页", severity: .violation)]
            return d
        }()], count: 1),
    ]
    static let unsupported: [RuleExample] = [
        RuleExample("a Word file", context: RuleContext(manifest: E.manifest(), documents: [
            AnalyzedDocument(path: "a.docx", format: .unsupported, sha256: "0", status: .unsupported("docx")),
        ], pipeline: E.pipeline), expectedCount: 1),
        E.docsExample("readable", [E.document(.other)], count: 0),
    ]
}
