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

    /// Paths of the documents of a type whose year could not be read, without repeats, in path order.
    func undated(_ type: DocumentType, part: String? = nil) -> [String] {
        var seen = Set<String>()
        return items.filter {
            $0.classification.type == type && $0.classification.year == nil
                && (part == nil || $0.classification.part == nil || $0.classification.part == part)
        }.map(\.path).filter { seen.insert($0).inserted }
    }

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

/// The document checks that could not run because the manifest does not give a field they depend on.
enum UndecidedChecks {
    /// Each undecided check: its Chinese name and the `applicant.yml` keys it needs, in the catalogue's order.
    static func list(_ context: RuleContext) -> [(check: String, fields: [String])] {
        let r = context.pipeline.requirements
        let all: [(String, PipelineDefinition.Applicability?)] = [
            ("学历证明", r.education.appliesTo), ("年度考核", r.appraisal.appliesTo),
            ("继续教育证书", r.continuingEducation.appliesTo), ("现任职称证明", r.title.appliesTo),
            ("普通话证书", r.mandarin.appliesTo), ("经济专业技术资格考试成绩", r.economicsExam.appliesTo),
            ("其他材料", r.other.appliesTo),
        ]
        return all.compactMap { name, a in
            guard case .unknown(let fields)? = a?.decide(for: context.manifest) else { return nil }
            return (name, fields)
        }
    }

    /// "普通话证书（需 employer_kind）、…" for a message; empty when every check could run.
    static func sentence(_ context: RuleContext) -> String {
        list(context).map { "\($0.check)（需 \($0.fields.joined(separator: "、"))）" }.joined(separator: "、")
    }
}
