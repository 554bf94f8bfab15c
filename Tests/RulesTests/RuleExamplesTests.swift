import PipelineConfig
import PrescreenCore
import Rules
import Testing
import TestSupport

/// Every rule of the registry, with its examples (SwiftLint's generated-tests habit, as one parameterised test).
struct RuleExamplesTests {
    static let rules: [String] = RuleRegistry.all.map { $0.description.id.rawValue }

    static func rule(_ id: String) -> (any Rule.Type)? {
        RuleRegistry.all.first { $0.description.id.rawValue == id }
    }

    @Test func idsAreUniqueAndFromTheContract() {
        #expect(Set(Self.rules).count == Self.rules.count)
        // Every contract rule is implemented, in the contract's order, and no other id exists.
        #expect(Self.rules == ContractRules.ids)
        // The pipeline loader accepts exactly the contract's ids.
        #expect(PipelineLoader.knownRuleIDs == Set(ContractRules.ids))
        #expect(RuleRegistry.notImplemented.isEmpty)
    }

    @Test(arguments: ContractRules.ids)
    func defaultSeverityIsTheContracts(_ id: String) throws {
        let rule = try #require(Self.rule(id), "\(id) is not in the registry")
        let expected = try #require(ContractRules.table.first { $0.id == id }).severity
        #expect(rule.description.severity == expected, "\(id)")
    }

    @Test(arguments: rules)
    func hasTriggeringAndNonTriggeringExamples(_ id: String) throws {
        let rule = try #require(Self.rule(id))
        let ex = rule.description.examples
        #expect(ex.contains { $0.triggers }, "\(id) has no triggering example")
        #expect(ex.contains { !$0.triggers }, "\(id) has no non-triggering example")
    }

    @Test(arguments: rules)
    func examplesGiveTheirFindings(_ id: String) throws {
        let rule = try #require(Self.rule(id))
        for ex in rule.description.examples {
            let found = rule.init().check(ex.context)
            let where_ = SourceLocation(fileID: "Rules/\(ex.file.split(separator: "/").last ?? "")", filePath: ex.file, line: ex.line, column: 1)
            #expect(found.count == ex.expectedCount, "\(id): \(ex.note)", sourceLocation: where_)
            #expect(found.allSatisfy { $0.rule.rawValue == id }, sourceLocation: where_)
            for (f, expected) in zip(found, ex.expectedBoxes) {
                let box = try #require(f.box, "\(id): \(ex.note): finding without a box", sourceLocation: where_)
                #expect(box.intersection(expected) != nil, "\(id): \(ex.note): box \(box) misses \(expected)", sourceLocation: where_)
            }
        }
    }

    @Test func graduateFormFallbackIsAWarning() throws {
        let ex = try #require(DocsFallback.context)
        let f = EducationRule().check(ex)
        #expect(f.map(\.severity) == [.warning])
    }

    @Test func registryAppliesPipelineOverrides() {
        var p = ExampleBuilder.pipeline
        // No documents at all: every docs/* rule fires, so each override has a finding to act on.
        p.rules["docs/education"] = .init(enabled: true, severity: .warning)
        p.rules["docs/other"] = .init(enabled: false)
        let ctx = RuleContext(manifest: ExampleBuilder.manifest(), documents: [], pipeline: p)
        let f = RuleRegistry.run(ctx)
        #expect(!f.contains { $0.rule == .docsOther })
        let education = f.filter { $0.rule == .docsEducation }
        #expect(!education.isEmpty)
        #expect(education.allSatisfy { $0.severity == .warning }, "\(education.map(\.severity))")
        // A rule without an override keeps its default severity.
        let appraisal = f.filter { $0.rule == .docsAppraisal }
        #expect(!appraisal.isEmpty)
        #expect(appraisal.allSatisfy { $0.severity == .violation })
        // Without the override the same context gives docs/education as a violation: the override is what changed it.
        let plain = RuleRegistry.run(RuleContext(manifest: ExampleBuilder.manifest(), documents: [],
                                                 pipeline: ExampleBuilder.pipeline))
        #expect(plain.filter { $0.rule == .docsEducation }.map(\.severity) == [.violation])
    }
}

enum DocsFallback {
    static var context: RuleContext? {
        let docs = ExampleBuilder.without(.educationCHSI, in: ExampleBuilder.completeDocuments())
            + [ExampleBuilder.document(.educationGraduateForm)]
        return RuleContext(manifest: ExampleBuilder.manifest(), documents: docs, pipeline: ExampleBuilder.pipeline)
    }
}
