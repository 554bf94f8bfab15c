import Foundation
import PipelineConfig
import PrescreenCore
import Testing

struct PipelineConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let pipelineFiles: [String] = {
        let dir = root.appendingPathComponent("Pipelines")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
    }()

    @Test func everyPipelineFileIsFound() {
        #expect(Self.pipelineFiles.contains("aksu-2024.yml"))
        #expect(Self.pipelineFiles.contains("aksu-2025.yml"))
    }

    @Test(arguments: pipelineFiles)
    func everyPipelineFileLoads(_ name: String) throws {
        let def = try PipelineLoader.load(path: Self.root.appendingPathComponent("Pipelines/\(name)").path)
        #expect(name.hasPrefix(def.name))
        // Years move with the evaluation year (NOTICE.md): three appraisal years before it, four CE years up to it.
        #expect(def.requirements.appraisal.years == Array((def.evaluationYear - 3)...(def.evaluationYear - 1)))
        #expect(def.requirements.continuingEducation.years == Array((def.evaluationYear - 3)...def.evaluationYear))
    }

    @Test func embeddedDefaultMatchesTheFile() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("Pipelines/aksu-2024.yml"), encoding: .utf8)
        #expect(file == PipelineLoader.defaultPipelineYAML + "\n" || file == PipelineLoader.defaultPipelineYAML,
                "run scripts/embed-default-pipeline.sh")
        let def = try PipelineLoader.loadDefault()
        #expect(def.name == "aksu-2024")
        #expect(def.evaluationYear == 2024)
    }

    /// Pins the default pipeline's effective settings: a change here is a change of behaviour.
    @Test func defaultPipelineSnapshot() throws {
        let d = try PipelineLoader.loadDefault()
        #expect(d.extraction.languages == "chi_sim+eng")
        #expect(d.extraction.ocrDPI == 200)
        #expect(d.requirements.continuingEducation.parts == ["public", "professional"])
        #expect(d.requirements.mandarin.minimum == "三级乙等")
        #expect(d.requirements.mandarin.appliesTo?.employerKinds == [.publicInstitution])
        #expect(d.requirements.economicsExam.appliesTo?.series == [.economics])
        #expect(d.requirements.other.items.map(\.part) == ["publicity", "publicity-result", "recommendation", "commitment"])
        #expect(d.requirements.title.anyOfWhenXinjiang.count == 3)
        #expect(d.requirements.continuingEducation.fromSystem == ["professional": 2021, "public": 2022])
    }

    @Test func fromSystemNamesOnlyListedParts() throws {
        let e = try #require(Self.parse(Self.base.replacingOccurrences(
            of: "from_system: {professional: 2021, public: 2022}", with: "from_system: {professionel: 2021}")))
        #expect(e.message.contains("requirements.continuing_education.from_system"))
    }

    static func parse(_ yaml: String) -> PipelineConfigError? {
        do {
            _ = try PipelineLoader.parse(Data(yaml.utf8), file: "t.yml")
            return nil
        } catch {
            return error
        }
    }

    static let base = PipelineLoader.defaultPipelineYAML

    @Test func unknownKeyNamesKeyAndLine() throws {
        let e = try #require(Self.parse(Self.base.replacingOccurrences(of: "  ocr_dpi: 200", with: "  ocr_dpy: 200")))
        #expect(e.message.contains("extraction.ocr_dpy"))
        #expect(e.message.contains("line"))
    }

    @Test func unknownRuleIDIsRefused() throws {
        let e = try #require(Self.parse(Self.base.replacingOccurrences(of: "blind/label: {severity: warning}", with: "blind/lable: {severity: warning}")))
        #expect(e.message.contains("blind/lable"))
    }

    @Test func wrongTypeNamesTheKeyPath() throws {
        let e = try #require(Self.parse(Self.base.replacingOccurrences(of: "evaluation_year: 2024", with: "evaluation_year: soon")))
        #expect(e.message.contains("evaluation_year"))
    }

    @Test func newerVersionIsRefused() throws {
        let e = try #require(Self.parse(Self.base.replacingOccurrences(of: "version: 1", with: "version: 9")))
        #expect(e.message.contains("newer"))
    }

    @Test func badYAMLIsRefused() {
        #expect(Self.parse("name: [unclosed") != nil)
        #expect(Self.parse("") != nil)
    }

    @Test func minimumMustBeAGrade() throws {
        let e = try #require(Self.parse(Self.base.replacingOccurrences(of: "minimum: 三级乙等", with: "minimum: 四级")))
        #expect(e.message.contains("requirements.mandarin.minimum"))
    }

    @Test func applicabilityMatchesManifest() {
        let a = PipelineDefinition.Applicability(series: [.economics], levels: [.senior])
        #expect(a.applies(to: Manifest(id: "x", series: .economics, level: .senior)))
        #expect(!a.applies(to: Manifest(id: "x", series: .engineering, level: .senior)))
        #expect(!a.applies(to: nil))
    }

    @Test func applicabilityIsUnknownWithoutTheFieldsItReads() {
        let a = PipelineDefinition.Applicability(series: [.economics], levels: [.senior])
        #expect(a.decide(for: nil) == .unknown(["series", "level"]))
        #expect(a.decide(for: Manifest(id: "x", series: .economics)) == .unknown(["level"]))
        // A known field that excludes the applicant decides it, whatever else is unknown.
        #expect(a.decide(for: Manifest(id: "x", series: .engineering)) == .doesNotApply)
        #expect(PipelineDefinition.Applicability(employerKinds: [.publicInstitution]).decide(for: Manifest(id: "x", series: .economics))
                == .unknown(["employer_kind"]))
    }
}
