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
        #expect(e.message.contains("第 \(try #require(Self.line(of: "  ocr_dpi: 200"))) 行：未知的键"), "\(e.message)")
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
        #expect(e.message.contains("请升级 prescreen") && e.message.contains("newer"))
    }

    @Test func badYAMLIsRefused() {
        #expect(Self.parse("name: [unclosed") != nil)
        #expect(Self.parse("") != nil)
    }

    @Test func minimumMustBeAGrade() throws {
        let e = try #require(Self.parse(Self.base.replacingOccurrences(of: "minimum: 三级乙等", with: "minimum: 四级")))
        #expect(e.message.contains("requirements.mandarin.minimum"))
    }

    /// The line of the default pipeline that holds `text` (1-based), where a mistake put into it is reported.
    static func line(of text: String) -> Int? {
        base.components(separatedBy: "\n").firstIndex { $0.contains(text) }.map { $0 + 1 }
    }

    /// What the decoder is never allowed to show: Swift's own wording names Swift types, not YAML keys.
    static let swiftWording = ["Cannot initialize", "Expected to decode", "but found", "Scalar", "DecodingError",
                               "codingPath", "debugDescription"]

    @Test func aMisspeltSeverityNamesTheKeyTheLineAndTheAllowedValues() throws {
        let line = try #require(Self.line(of: "blind/label: {severity: warning}"))
        let e = try #require(Self.parse(Self.base.replacingOccurrences(
            of: "blind/label: {severity: warning}", with: "blind/label: {severity: warnig}")))
        #expect(e.message == "第 \(line) 行，键 rules.blind/label.severity：值 'warnig' 无效，可用的值：violation、warning "
            + "(invalid value for rules.blind/label.severity; allowed: violation, warning)")
        for w in Self.swiftWording { #expect(!e.description.contains(w), "\(w): \(e.description)") }
        #expect(e.description.hasPrefix("流程文件 pipeline t.yml："))
    }

    @Test func aWordWhereANumberBelongsSaysSoInChinese() throws {
        let line = try #require(Self.line(of: "evaluation_year: 2024"))
        let e = try #require(Self.parse(Self.base.replacingOccurrences(of: "evaluation_year: 2024", with: "evaluation_year: soon")))
        #expect(e.message == "第 \(line) 行，键 evaluation_year：值 'soon' 不是整数，请写整数，如 2024 (evaluation_year must be a whole number)")
        for w in Self.swiftWording { #expect(!e.description.contains(w), "\(w): \(e.description)") }
    }

    @Test func aNumberWhereAListBelongsAndAnUnknownEngineAndDocumentType() throws {
        let years = try #require(Self.parse(Self.base.replacingOccurrences(of: "years: [2021, 2022, 2023]\n", with: "years: 2021\n")))
        #expect(years.message.contains("键 requirements.appraisal.years：值 '2021' 不是列表，请写列表，如 [a, b]"), "\(years.message)")
        #expect(years.message.contains("第 \(try #require(Self.line(of: "years: [2021, 2022, 2023]"))) 行"))
        let engine = try #require(Self.parse(Self.base.replacingOccurrences(of: "  engine: paddle", with: "  engine: padle")))
        #expect(engine.message.contains("'padle' 无效，可用的值：paddle、tesseract"), "\(engine.message)")
        let type = try #require(Self.parse(Self.base.replacingOccurrences(of: "accepted: [education-chsi]", with: "accepted: [chsi]")))
        #expect(type.message.contains("键 requirements.education.accepted.0：值 'chsi' 无效，可用的值：education-chsi、"), "\(type.message)")
        for e in [years, engine, type] {
            for w in Self.swiftWording { #expect(!e.description.contains(w), "\(w): \(e.description)") }
        }
    }

    @Test func syntaxErrorsMissingKeysAndMissingFilesAreChinese() throws {
        let broken = try #require(Self.parse("name: [unclosed\nversion: 1\n"))
        #expect(broken.message.contains("不是有效的 YAML") && broken.message.contains("行"), "\(broken.message)")
        let missing = try #require(Self.parse(Self.base.replacingOccurrences(of: "evaluation_year: 2024\n", with: "")))
        #expect(missing.message.contains("缺少必需的键 evaluation_year"), "\(missing.message)")
        do {
            _ = try PipelineLoader.load(path: "/nonexistent/aksu-2026.yml")
            Issue.record("a missing file must be refused")
        } catch {
            #expect(error.message.hasPrefix("不存在：请检查 --pipeline 的路径"), "\(error.message)")
        }
        let empty = try #require(Self.parse(""))
        #expect(empty.message.contains("空文件"))
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
