import Classify
import PipelineConfig
import PrescreenCore

/// What documents an applicant submitted, by type: the view every `docs/*` rule checks against the pipeline.
struct DocumentInventory {
    let items: [(path: String, classification: Classification)]

    init(_ context: RuleContext) {
        items = context.segments.map { ($0.document.path, $0.segment.classification) }
    }

    func of(_ type: DocumentType) -> [Classification] {
        items.filter { $0.classification.type == type }.map(\.classification)
    }

    func has(_ type: DocumentType) -> Bool { items.contains { $0.classification.type == type } }

    /// "2020年度、2019年度" for the years found of a type, for messages about the wrong year.
    func foundYears(_ type: DocumentType) -> String {
        let ys = Set(of(type).compactMap(\.year)).sorted()
        return ys.map { "\($0)年度" }.joined(separator: "、")
    }
}

extension PipelineDefinition.Applicability? {
    /// An absent applicability applies to everyone.
    func applies(to m: Manifest?) -> Bool { self?.applies(to: m) ?? true }
}

/// Chinese names of the continuing-education parts.
enum PartNames {
    static func chinese(_ part: String) -> String {
        switch part {
        case "public": return "公需科目"
        case "professional": return "专业科目"
        default: return part
        }
    }
}
