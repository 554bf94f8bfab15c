import PipelineConfig
import PrescreenCore
import Rules
import Testing

/// 修改方法: every rule says what the applicant does about its findings, beside the rule in the catalogue.
struct RuleAdviceTests {
    static let rules: [String] = RuleRegistry.all.map { $0.description.id.rawValue }

    @Test(arguments: rules)
    func everyRuleHasAFixInChinese(_ id: String) throws {
        let d = try #require(RuleRegistry.description(of: RuleID(id)))
        #expect(d.fix.unicodeScalars.filter { $0.properties.isIdeographic }.count >= 10, "\(id): \(d.fix)")
        // Plain text for a page that works offline: no links to click.
        #expect(!d.fix.contains("http"), "\(id)")
        let advice = RuleRegistry.advice(for: Finding(rule: RuleID(id), severity: d.severity, message: "x"),
                                         pipeline: try PipelineLoader.loadDefault())
        #expect(!advice.fix.isEmpty)
    }

    @Test func onlyTheManifestIsForTheReviewerAlone() {
        // (A key path on the rule metatypes crashes Swift 6.3.1's SILGen: closures.)
        let descriptions: [RuleDescription] = RuleRegistry.all.map { $0.description }
        let reviewerOnly = descriptions.filter { !$0.forApplicant }.map { $0.id }
        #expect(reviewerOnly == [.inputManifest])
    }

    /// The notice: 2021年之后的专业课 and 2022年之后的公需课 certificates come from the system, other years by hand.
    @Test func aMissingCertificateSaysWhichOneAndWhereItComesFrom() throws {
        let pipeline = try PipelineLoader.loadDefault()
        func fix(_ year: Int, _ part: String) -> String {
            RuleRegistry.advice(for: Finding(rule: .docsContinuingEducation, severity: .violation, year: year, part: part,
                                             message: "x"), pipeline: pipeline).fix
        }
        #expect(fix(2021, "professional").contains("2021年度专业科目"))
        #expect(fix(2021, "professional").contains("职称评审系统"))
        #expect(fix(2021, "public").contains("2021年度公需科目"))
        #expect(fix(2021, "public").contains("手动上传"))
        #expect(!fix(2021, "public").contains("获取，不必"))
        #expect(fix(2022, "public").contains("职称评审系统（aks.xjzcsq.com）获取"))
        #expect(fix(2024, "professional").contains("获取，不必自行扫描"))
        // The exemption form is in the rule's general advice (prescreen rules), not repeated on every year.
        #expect(RuleRegistry.description(of: .docsContinuingEducation)?.fix.contains("免学审批表") == true)
    }

    @Test func aMissingAppraisalOrOtherDocumentIsNamed() throws {
        let pipeline = try PipelineLoader.loadDefault()
        let appraisal = RuleRegistry.advice(for: Finding(rule: .docsAppraisal, severity: .violation, year: 2022, message: "x"),
                                            pipeline: pipeline).fix
        #expect(appraisal.contains("2022年度"))
        let other = RuleRegistry.advice(for: Finding(rule: .docsOther, severity: .warning, part: "recommendation", message: "x"),
                                        pipeline: pipeline).fix
        #expect(other.contains("推荐报告"))
        let title = RuleRegistry.advice(for: Finding(rule: .docsTitle, severity: .violation, part: "title-document", message: "x"),
                                        pipeline: pipeline).fix
        #expect(title.hasPrefix("请上传现任职称的任职资格文件"))
        let hidden = RuleRegistry.advice(for: Finding(rule: .blindHiddenText, severity: .violation, message: "x"),
                                         pipeline: pipeline).fix
        #expect(hidden.contains("打印后重新扫描") && hidden.contains("删除"))
    }
}
