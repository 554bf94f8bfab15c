import Foundation
import PrescreenCore
import Yams

/// Why a pipeline file was refused. Every case names the file and, where known, the key path and line.
public struct PipelineConfigError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "pipeline \(file): \(message)" }
}

/// Loads and validates pipeline files.
public enum PipelineLoader {
    /// The rule ids of CONTRACT.md; a pipeline naming another id is refused.
    public static let knownRuleIDs: Set<String> = [
        "blind/name", "blind/employer", "blind/photo", "blind/hidden-text", "blind/text-field", "blind/label",
        "blind/seal", "blind/id-number", "docs/education", "docs/appraisal", "docs/continuing-education",
        "docs/title", "docs/mandarin", "docs/economics-exam", "docs/other", "quality/orientation",
        "quality/legibility", "input/manifest", "input/unreadable", "input/unsupported",
    ]

    /// Loads a pipeline file from disk.
    public static func load(path: String) throws(PipelineConfigError) -> PipelineDefinition {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PipelineConfigError(file: path, message: "cannot be read (\(error.localizedDescription)); check the path")
        }
        return try parse(data, file: path)
    }

    /// Parses and validates a pipeline definition.
    public static func parse(_ data: Data, file: String) throws(PipelineConfigError) -> PipelineDefinition {
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw PipelineConfigError(file: file, message: "is not UTF-8 text")
        }
        let node: Node
        do {
            guard let n = try Yams.compose(yaml: yaml) else {
                throw PipelineConfigError(file: file, message: "is empty")
            }
            node = n
        } catch let e as PipelineConfigError {
            throw e
        } catch {
            throw PipelineConfigError(file: file, message: "is not valid YAML: \(error)")
        }
        if let unknown = unknownKeys(in: node, schema: schema, path: []).first {
            throw PipelineConfigError(file: file, message: "unknown key '\(unknown.path)' at line \(unknown.line); known keys there: \(unknown.known)")
        }
        let def: PipelineDefinition
        do {
            def = try YAMLDecoder().decode(PipelineDefinition.self, from: node)
        } catch let error as DecodingError {
            throw PipelineConfigError(file: file, message: describe(error, in: node))
        } catch {
            throw PipelineConfigError(file: file, message: "cannot be decoded: \(error)")
        }
        try validate(def, file: file, node: node)
        return def
    }

    private static func validate(_ d: PipelineDefinition, file: String, node: Node) throws(PipelineConfigError) {
        func fail(_ path: String, _ msg: String) -> PipelineConfigError {
            let line = locate(path.split(separator: ".").map(String.init), in: node).map { " (line \($0))" } ?? ""
            return PipelineConfigError(file: file, message: "\(path)\(line): \(msg)")
        }
        if d.version > PipelineDefinition.supportedVersion {
            throw fail("version", "version \(d.version) is newer than this prescreen reads (\(PipelineDefinition.supportedVersion)); upgrade prescreen")
        }
        if d.version < 1 { throw fail("version", "must be 1 or more") }
        if d.name.isEmpty { throw fail("name", "must not be empty") }
        if !(1990...2100).contains(d.evaluationYear) { throw fail("evaluation_year", "\(d.evaluationYear) is not a plausible year") }
        let unknownRules = d.rules.keys.filter { !knownRuleIDs.contains($0) }.sorted()
        if !unknownRules.isEmpty {
            throw fail("rules", "unknown rule id(s) \(unknownRules.joined(separator: ", ")); see `prescreen rules`")
        }
        let e = d.extraction
        if !(50...600).contains(e.ocrDPI) { throw fail("extraction.ocr_dpi", "must be between 50 and 600") }
        if e.maxDPI < e.ocrDPI { throw fail("extraction.max_dpi", "must not be below ocr_dpi") }
        if e.languages.isEmpty { throw fail("extraction.languages", "must name at least one tesseract language") }
        let l = d.limits
        if l.maxFileBytes <= 0 || l.maxPagesPerFile <= 0 || l.maxPixelsPerPage <= 0 || l.workerCPUSeconds <= 0
            || l.workerWallSeconds <= 0 || l.workerMaxFiles <= 0
        {
            throw fail("limits", "every limit must be positive")
        }
        // Below ~256 MiB the child cannot even load the tesseract models, so every attachment would fail.
        if l.workerMemoryMB < 256 { throw fail("limits.worker_memory_mb", "must be at least 256") }
        let r = d.requirements
        if r.appraisal.years.isEmpty { throw fail("requirements.appraisal.years", "must list at least one year") }
        if r.continuingEducation.years.isEmpty { throw fail("requirements.continuing_education.years", "must list at least one year") }
        if r.continuingEducation.parts.isEmpty { throw fail("requirements.continuing_education.parts", "must list at least one part") }
        for part in (r.continuingEducation.fromSystem ?? [:]).keys.sorted() where !r.continuingEducation.parts.contains(part) {
            throw fail("requirements.continuing_education.from_system", "'\(part)' is not one of the parts listed")
        }
        if !r.mandarin.grades.contains(r.mandarin.minimum) {
            throw fail("requirements.mandarin.minimum", "'\(r.mandarin.minimum)' is not one of the grades listed")
        }
        if r.education.accepted.isEmpty { throw fail("requirements.education.accepted", "must list at least one document type") }
    }

    // MARK: - Locating keys and lines in the YAML

    /// The schema of known keys, for the unknown-key check. `*` means any key (a map by id).
    private indirect enum Schema: Sendable {
        case map([String: Schema])
        case anyKeys(Schema)
        case leaf
    }

    private static let applies: Schema = .map(["series": .leaf, "levels": .leaf, "employer_kinds": .leaf])
    private static let schema: Schema = .map([
        "version": .leaf, "name": .leaf, "title": .leaf, "evaluation_year": .leaf,
        "extraction": .map([
            "languages": .leaf, "ocr_dpi": .leaf, "max_dpi": .leaf, "min_text_layer_chars": .leaf,
            "min_raster_coverage": .leaf, "detect_orientation": .leaf,
        ]),
        "ocr": .map(["engine": .leaf]),
        "limits": .map([
            "max_file_bytes": .leaf, "max_pages_per_file": .leaf, "max_pixels_per_page": .leaf,
            "worker_memory_mb": .leaf, "worker_cpu_seconds": .leaf, "worker_wall_seconds": .leaf,
            "worker_max_files": .leaf,
        ]),
        "rules": .anyKeys(.map(["enabled": .leaf, "severity": .leaf])),
        "requirements": .map([
            "education": .map(["accepted": .leaf, "fallback": .leaf, "applies_to": applies]),
            "appraisal": .map(["years": .leaf, "applies_to": applies]),
            "continuing_education": .map([
                "years": .leaf, "parts": .leaf, "exemption_accepted": .leaf, "from_system": .anyKeys(.leaf),
                "applies_to": applies,
            ]),
            "title": .map(["any_of_when_xinjiang": .leaf, "all_of_when_elsewhere": .leaf, "applies_to": applies]),
            "mandarin": .map(["grades": .leaf, "minimum": .leaf, "applies_to": applies]),
            "economics_exam": .map(["valid_years": .leaf, "applies_to": applies]),
            "other": .map(["items": .leaf, "applies_to": applies]),
        ]),
    ])

    private struct UnknownKey {
        let path: String
        let line: Int
        let known: String
    }

    private static func unknownKeys(in node: Node, schema: Schema, path: [String]) -> [UnknownKey] {
        guard case .mapping(let map) = node else { return [] }
        var out: [UnknownKey] = []
        for (k, v) in map {
            let key = k.string ?? "?"
            switch schema {
            case .map(let known):
                if let sub = known[key] {
                    out += unknownKeys(in: v, schema: sub, path: path + [key])
                } else {
                    out.append(UnknownKey(path: (path + [key]).joined(separator: "."), line: k.mark?.line ?? 0,
                                          known: known.keys.sorted().joined(separator: ", ")))
                }
            case .anyKeys(let sub):
                out += unknownKeys(in: v, schema: sub, path: path + [key])
            case .leaf:
                break
            }
        }
        return out
    }

    /// The line of the node at a key path, if it exists.
    static func locate(_ path: [String], in node: Node) -> Int? {
        var current = node
        for key in path {
            switch current {
            case .mapping(let map):
                guard let v = map[key] else { return current.mark?.line }
                current = v
            case .sequence(let seq):
                guard let i = Int(key.replacingOccurrences(of: "Index ", with: "")), i >= 0, i < seq.count else {
                    return current.mark?.line
                }
                current = seq[i]
            default:
                return current.mark?.line
            }
        }
        return current.mark?.line
    }

    private static func describe(_ error: DecodingError, in node: Node) -> String {
        func path(_ p: [any CodingKey]) -> [String] { p.map { $0.intValue.map(String.init) ?? $0.stringValue } }
        func at(_ p: [any CodingKey]) -> String {
            let keys = path(p)
            let line = locate(keys, in: node).map { " (line \($0))" } ?? ""
            return (keys.isEmpty ? "top level" : keys.joined(separator: ".")) + line
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return "\(at(ctx.codingPath)): missing required key '\(key.stringValue)'"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return "\(at(ctx.codingPath)): \(ctx.debugDescription)"
        case .dataCorrupted(let ctx):
            return "\(at(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

extension PipelineLoader {
    /// The default pipeline shipped with the package (Aksu 2024).
    public static func loadDefault() throws(PipelineConfigError) -> PipelineDefinition {
        try parse(Data(defaultPipelineYAML.utf8), file: "<built-in \(defaultPipelineName)>")
    }
}
