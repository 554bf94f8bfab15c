import PrescreenCore
@testable import Rules
import Testing

/// Document checks when the manifest or a document's year leaves something unknown: they say what could not be
/// decided instead of reporting a document missing.
struct UndecidedDocsTests {
    typealias E = ExampleBuilder

    @Test func missingManifestNamesTheChecksThatCouldNotRun() throws {
        let ctx = RuleContext(manifest: nil, manifestProblem: "缺失 (missing)", documents: E.completeDocuments(),
                              pipeline: E.pipeline)
        let f = try #require(ManifestRule().check(ctx).first)
        #expect(f.message.contains("普通话证书（需 employer_kind）"))
        #expect(f.message.contains("经济专业技术资格考试成绩（需 series、level）"))
        #expect(EconomicsExamRule().check(ctx).isEmpty)
        #expect(MandarinRule().check(RuleContext(manifest: nil, documents: E.without(.mandarinCertificate, in: E.completeDocuments()),
                                                 pipeline: E.pipeline)).isEmpty)
    }

    @Test func anUndatedAppraisalTurnsTheMissingYearIntoAWarningNamingIt() throws {
        let docs = E.completeDocuments(years: [2021, 2023]) + [E.document(.appraisal, path: "考核/扫描件.jpg")]
        let f = try #require(AppraisalRule().check(RuleContext(manifest: E.manifest(), documents: docs, pipeline: E.pipeline)).first)
        #expect(f.year == 2022)
        #expect(f.severity == .warning)
        #expect(f.message.contains("考核/扫描件.jpg"))
    }

    @Test func anUndatedCertificateOfThePartTurnsTheMissingYearIntoAWarning() {
        let docs = E.completeDocuments(ceYears: [2021, 2022, 2023])
            + [E.document(.ceCertificate, part: "public", path: "继续教育/微信图片.jpg")]
        let fs = ContinuingEducationRule().check(RuleContext(manifest: E.manifest(), documents: docs, pipeline: E.pipeline))
        #expect(fs.count == 2)
        #expect(fs.first { $0.part == "public" }?.severity == .warning)
        // The undated certificate is a 公需 one: the 专业 year is still missing.
        #expect(fs.first { $0.part == "professional" }?.severity == .violation)
    }

    static func unreadPart(_ year: Int) -> AnalyzedDocument {
        var d = E.document(.ceCertificate, year: year, path: "继续教育/扫描\(year).jpg")
        d.segments[0].classification.partUnread = true
        return d
    }

    @Test func aCertificateWhosePartCouldNotBeReadIsTheYearsMissingPart() {
        let docs = E.completeDocuments(ceYears: [2021, 2023, 2024]) + [E.document(.ceCertificate, year: 2022, part: "professional"),
                                                                      Self.unreadPart(2022)]
        #expect(ContinuingEducationRule().check(RuleContext(manifest: E.manifest(), documents: docs, pipeline: E.pipeline)).isEmpty)
    }

    @Test func oneCertificateWithoutAReadablePartCannotCoverBothParts() {
        let docs = E.completeDocuments(ceYears: [2021, 2023, 2024]) + [Self.unreadPart(2022)]
        let fs = ContinuingEducationRule().check(RuleContext(manifest: E.manifest(), documents: docs, pipeline: E.pipeline))
        #expect(fs.count == 2)
        #expect(fs.allSatisfy { $0.year == 2022 && $0.severity == .warning && $0.message.contains("继续教育/扫描2022.jpg") })
    }
}
