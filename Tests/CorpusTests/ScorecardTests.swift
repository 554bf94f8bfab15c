import Corpus
import PrescreenCore
import Testing

/// The scorer must itself be right: perfect reports score 1.0, and each removed or added finding moves the
/// numbers by exactly its share.
struct ScorecardTests {
    static let truth = CorpusTruth(seed: 1, evaluationYear: 2024, applicants: [
        ApplicantTruth(folder: "A", findings: [
            FindingKey(rule: .blindName, document: "a.pdf", page: 1),
            FindingKey(rule: .blindName, document: "b.jpg", page: 1),
            FindingKey(rule: .docsAppraisal, year: 2022),
            FindingKey(rule: .qualityOrientation, document: "b.jpg", page: 1),
        ], documents: [
            DocumentTruth(path: "a.pdf", type: .educationCHSI),
            DocumentTruth(path: "b.jpg", type: .appraisal, year: 2021),
            DocumentTruth(path: "m.pdf", type: .appraisal, segments: [
                SegmentTruth(firstPage: 1, lastPage: 2, type: .appraisal, year: 2021),
                SegmentTruth(firstPage: 3, lastPage: 4, type: .appraisal, year: 2023),
            ]),
        ]),
        ApplicantTruth(folder: "B", findings: [FindingKey(rule: .inputManifest)], documents: []),
    ])

    static func perfect() -> [String: ScoredReport] {
        var out: [String: ScoredReport] = [:]
        for a in truth.applicants {
            let findings = a.findings.map { ScoredReport.Finding(rule: $0.rule, document: $0.document, page: $0.page, year: $0.year, part: $0.part) }
            let docs = a.documents.map { d in
                ScoredReport.Document(path: d.path, type: d.type,
                                      segments: d.segments.map { .init(pages: [$0.firstPage, $0.lastPage], type: $0.type) })
            }
            out[a.folder] = ScoredReport(documents: docs, findings: findings)
        }
        return out
    }

    @Test func perfectReportsScoreOne() {
        let s = Scorecard.score(truth: Self.truth, reports: Self.perfect())
        for f in ["blind", "docs", "quality", "input"] {
            #expect(s.family(f).f1 == 1.0, "\(f)")
        }
        #expect(s.typingAccuracy == 1.0)
        #expect(s.typingTotal == 4)
        #expect(s.render(wallSeconds: 2).hasSuffix("typing_acc=1.000 pages_per_s=0.00"))
    }

    @Test func duplicateFindingsCountOnce() {
        var r = Self.perfect()
        r["A"]?.findings.append(.init(rule: .blindName, document: "a.pdf", page: 1))
        let s = Scorecard.score(truth: Self.truth, reports: r)
        #expect(s.rules[.blindName] == Scorecard.Counts(truePositives: 2, falsePositives: 0, falseNegatives: 0))
    }

    @Test func removedAndAddedFindingsLowerTheScoreByTheirShare() {
        var r = Self.perfect()
        // Remove one of the two true blind/name findings, add one false blind/name finding on another page.
        r["A"]?.findings.removeAll { $0.rule == .blindName && $0.document == "b.jpg" }
        r["A"]?.findings.append(.init(rule: .blindName, document: "a.pdf", page: 2))
        let s = Scorecard.score(truth: Self.truth, reports: r)
        let c = s.rules[.blindName]
        #expect(c == Scorecard.Counts(truePositives: 1, falsePositives: 1, falseNegatives: 1))
        #expect(c?.precision == 0.5)
        #expect(c?.recall == 0.5)
        #expect(s.family("blind").f1 == 0.5)
        // The other families are untouched.
        #expect(s.family("docs").f1 == 1.0)
        #expect(s.misses.map(\.key.document) == ["b.jpg"])
        #expect(s.falseAlarms.map(\.key.page) == [2])
    }

    @Test func wrongYearIsAMissAndAFalseAlarm() {
        var r = Self.perfect()
        r["A"]?.findings.removeAll { $0.rule == .docsAppraisal }
        r["A"]?.findings.append(.init(rule: .docsAppraisal, year: 2021))
        let s = Scorecard.score(truth: Self.truth, reports: r)
        #expect(s.rules[.docsAppraisal] == Scorecard.Counts(truePositives: 0, falsePositives: 1, falseNegatives: 1))
    }

    @Test func missingReportMissesEverything() {
        var r = Self.perfect()
        r["B"] = nil
        let s = Scorecard.score(truth: Self.truth, reports: r)
        #expect(s.rules[.inputManifest]?.recall == 0)
        #expect(s.missingReports == ["B"])
    }

    @Test func typingCountsSegments() {
        var r = Self.perfect()
        r["A"]?.documents[2].segments[1].type = .ceCertificate
        r["A"]?.documents[0].type = .other
        let s = Scorecard.score(truth: Self.truth, reports: r)
        #expect(s.typingCorrect == 2)
        #expect(s.typingAccuracy == 0.5)
    }
}
