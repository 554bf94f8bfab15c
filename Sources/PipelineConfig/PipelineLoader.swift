import Foundation
import PrescreenCore
import Yams

/// Why a pipeline file was refused. Every case names the file and, where known, the key path and line, the
/// cause and what to write instead, in Chinese with the English beside it; never a Swift decoding error's text.
public struct PipelineConfigError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "流程文件 pipeline \(file)：\(message)" }
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
            let missing = !FileManager.default.fileExists(atPath: path)
            throw PipelineConfigError(file: path, message: missing
                ? "不存在：请检查 --pipeline 的路径；自带的流程文件在 Pipelines/，安装后在 PREFIX/share/prescreen/pipelines/ "
                    + "(the file does not exist; check the path)"
                : "无法读取：请检查文件权限 (cannot be read; check its permissions)")
        }
        return try parse(data, file: path)
    }

    /// Parses and validates a pipeline definition.
    public static func parse(_ data: Data, file: String) throws(PipelineConfigError) -> PipelineDefinition {
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw PipelineConfigError(file: file, message: "不是 UTF-8 文本：请用 UTF-8 编码另存 (not UTF-8 text)")
        }
        let node: Node
        do {
            guard let n = try Yams.compose(yaml: yaml) else {
                throw PipelineConfigError(file: file, message: "是空文件：请复制 Pipelines/aksu-2024.yml 再修改 (the file is empty)")
            }
            node = n
        } catch let e as PipelineConfigError {
            throw e
        } catch {
            throw PipelineConfigError(file: file, message: yamlProblem(error))
        }
        if let unknown = unknownKeys(in: node, schema: schema, path: []).first {
            throw PipelineConfigError(file: file, message: "第 \(unknown.line) 行：未知的键 '\(unknown.path)'，此处可用的键：\(unknown.known)；"
                + "请检查拼写 (unknown key at line \(unknown.line))")
        }
        let def: PipelineDefinition
        do {
            def = try YAMLDecoder().decode(PipelineDefinition.self, from: node)
        } catch let error as DecodingError {
            throw PipelineConfigError(file: file, message: describe(error, in: node))
        } catch {
            throw PipelineConfigError(file: file, message: "无法读取其内容：请对照 Pipelines/aksu-2024.yml 检查 (cannot be decoded)")
        }
        try validate(def, file: file, node: node)
        return def
    }

    private static func validate(_ d: PipelineDefinition, file: String, node: Node) throws(PipelineConfigError) {
        func fail(_ path: String, _ msg: String) -> PipelineConfigError {
            let line = locate(path.split(separator: ".").map(String.init), in: node).map { "第 \($0) 行，" } ?? ""
            return PipelineConfigError(file: file, message: "\(line)键 \(path)：\(msg)")
        }
        if d.version > PipelineDefinition.supportedVersion {
            throw fail("version", "版本 \(d.version) 比本程序能读的版本 \(PipelineDefinition.supportedVersion) 新：请升级 prescreen "
                + "(version \(d.version) is newer than this prescreen reads; upgrade prescreen)")
        }
        if d.version < 1 { throw fail("version", "必须是 1 或以上的整数 (must be 1 or more)") }
        if d.name.isEmpty { throw fail("name", "不能为空：请写上流程名，如 aksu-2025 (must not be empty)") }
        if !(1990...2100).contains(d.evaluationYear) { throw fail("evaluation_year", "\(d.evaluationYear) 不像是评审年度：请写四位数的年份，如 2025 (not a plausible year)") }
        let unknownRules = d.rules.keys.filter { !knownRuleIDs.contains($0) }.sorted()
        if !unknownRules.isEmpty {
            throw fail("rules", "未知的规则编号 \(unknownRules.joined(separator: ", "))：请对照 prescreen rules 列出的编号改正 "
                + "(unknown rule id(s); see `prescreen rules`)")
        }
        let e = d.extraction
        if !(50...600).contains(e.ocrDPI) { throw fail("extraction.ocr_dpi", "必须在 50 到 600 之间 (must be between 50 and 600)") }
        if e.maxDPI < e.ocrDPI { throw fail("extraction.max_dpi", "不能小于 ocr_dpi (must not be below ocr_dpi)") }
        if e.languages.isEmpty { throw fail("extraction.languages", "至少写一种 tesseract 语言，如 chi_sim+eng (must name at least one tesseract language)") }
        let l = d.limits
        if l.maxFileBytes <= 0 || l.maxPagesPerFile <= 0 || l.maxPixelsPerPage <= 0 || l.workerCPUSeconds <= 0
            || l.workerWallSeconds <= 0 || l.workerMaxFiles <= 0
        {
            throw fail("limits", "每个上限都必须是正整数 (every limit must be positive)")
        }
        // Below ~256 MiB the child cannot even load the tesseract models, so every attachment would fail.
        if l.workerMemoryMB < 256 { throw fail("limits.worker_memory_mb", "至少 256：小于此值时识别模型无法载入 (must be at least 256)") }
        let r = d.requirements
        if r.appraisal.years.isEmpty { throw fail("requirements.appraisal.years", "至少列出一个年度，如 [2021, 2022, 2023] (must list at least one year)") }
        if r.continuingEducation.years.isEmpty { throw fail("requirements.continuing_education.years", "至少列出一个年度 (must list at least one year)") }
        if r.continuingEducation.parts.isEmpty { throw fail("requirements.continuing_education.parts", "至少列出一类科目，如 [public, professional] (must list at least one part)") }
        for part in (r.continuingEducation.fromSystem ?? [:]).keys.sorted() where !r.continuingEducation.parts.contains(part) {
            throw fail("requirements.continuing_education.from_system", "'\(part)' 不在 parts 所列的科目中："
                + "可用的值：\(r.continuingEducation.parts.joined(separator: "、")) ('\(part)' is not one of the parts listed)")
        }
        if !r.mandarin.grades.contains(r.mandarin.minimum) {
            throw fail("requirements.mandarin.minimum", "'\(r.mandarin.minimum)' 不在 grades 所列的等级中："
                + "可用的值：\(r.mandarin.grades.joined(separator: "、")) ('\(r.mandarin.minimum)' is not one of the grades listed)")
        }
        if r.education.accepted.isEmpty {
            throw fail("requirements.education.accepted", "至少列出一种材料类型，如 [education-chsi] (must list at least one document type)")
        }
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

    /// A decoding error said as the user can act on it: the line, the key, what is there and what is allowed.
    /// Swift's own wording ("Cannot initialize Severity from invalid String value", "Expected to decode Int but
    /// found Scalar instead") is never shown: it names Swift types, not YAML.
    static func describe(_ error: DecodingError, in node: Node) -> String {
        func keys(_ p: [any CodingKey]) -> [String] { p.map { $0.intValue.map(String.init) ?? $0.stringValue } }
        func at(_ p: [any CodingKey]) -> String {
            let k = keys(p)
            let line = locate(k, in: node).map { "第 \($0) 行，" } ?? ""
            return k.isEmpty ? "\(line)顶层" : "\(line)键 \(shown(k))"
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let parent = keys(ctx.codingPath)
            let full = shown(parent + [key.stringValue])
            return "\(at(ctx.codingPath))：缺少必需的键 \(key.stringValue)，请补上 \(full)（可参照 Pipelines/aksu-2024.yml）"
                + " (missing required key '\(full)')"
        case .typeMismatch(let type, let ctx), .valueNotFound(let type, let ctx):
            let k = keys(ctx.codingPath)
            let found = value(at: k, in: node)
            let expected = expectation(for: type)
            return "\(at(ctx.codingPath))：值\(found.map { " '\($0)' " } ?? "")不是\(expected.zh)，请写\(expected.zh)\(expected.example) "
                + "(\(shown(k)) must be \(expected.en))"
        case .dataCorrupted(let ctx):
            let k = keys(ctx.codingPath)
            let found = value(at: k, in: node)
            if let allowed = allowedValues(for: k) {
                return "\(at(ctx.codingPath))：值\(found.map { " '\($0)' " } ?? "")无效，可用的值：\(allowed.joined(separator: "、")) "
                    + "(invalid value for \(shown(k)); allowed: \(allowed.joined(separator: ", ")))"
            }
            return "\(at(ctx.codingPath))：值\(found.map { " '\($0)' " } ?? "")无效，请对照 Pipelines/aksu-2024.yml 改正 "
                + "(invalid value for \(shown(k)))"
        @unknown default:
            return "内容无效，请对照 Pipelines/aksu-2024.yml 改正 (invalid content)"
        }
    }

    /// A key path as written in the YAML (`rules.blind/label.severity`, `requirements.other.items.2.type`).
    private static func shown(_ keys: [String]) -> String { keys.joined(separator: ".") }

    /// The scalar at a key path, as written (cut short), if there is one.
    private static func value(at keys: [String], in node: Node) -> String? {
        var current = node
        for key in keys {
            switch current {
            case .mapping(let map):
                guard let v = map[key] else { return nil }
                current = v
            case .sequence(let seq):
                guard let i = Int(key), i >= 0, i < seq.count else { return nil }
                current = seq[i]
            default:
                return nil
            }
        }
        guard let text = current.scalar?.string else { return nil }
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// What a Swift type is in YAML, in words and with an example.
    private static func expectation(for type: Any.Type) -> (zh: String, en: String, example: String) {
        switch type {
        case is Int.Type: return ("整数", "a whole number", "，如 2024")
        case is Double.Type: return ("数字", "a number", "，如 200 或 0.05")
        case is Bool.Type: return (" true 或 false", "true or false", "")
        case is String.Type: return ("文字", "text", "")
        case is [Int].Type: return ("整数列表", "a list of whole numbers", "，如 [2021, 2022, 2023]")
        case is [String].Type, is [DocumentType].Type, is Node.Sequence.Type: return ("列表", "a list", "，如 [a, b]")
        case is Node.Scalar.Type: return ("单个值", "a single value", "（不是列表或键值段）")
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") { return ("列表", "a list", "，如 [a, b]") }
            if name.hasPrefix("Optional<") { return ("值", "a value", "") }
            return ("键值段", "a mapping of keys", "（下一行缩进写 键: 值）")
        }
    }

    /// The values an enumerated key takes, by its key name.
    static func allowedValues(for keys: [String]) -> [String]? {
        let key = keys.last.flatMap { Int($0) == nil ? $0 : nil } ?? (keys.count >= 2 ? keys[keys.count - 2] : "")
        switch key {
        case "severity": return Severity.allCases.map(\.rawValue)
        case "engine": return PipelineDefinition.OCREngine.allCases.map(\.rawValue)
        case "series": return Manifest.Series.allCases.map(\.rawValue)
        case "levels": return Manifest.Level.allCases.map(\.rawValue)
        case "employer_kinds": return Manifest.EmployerKind.allCases.map(\.rawValue)
        case "accepted", "fallback", "any_of_when_xinjiang", "all_of_when_elsewhere", "type":
            return DocumentType.allCases.map(\.rawValue)
        default: return nil
        }
    }

    /// A YAML syntax error: its line and libyaml's problem (English, kept for the engineer).
    private static func yamlProblem(_ error: any Error) -> String {
        var line: Int?
        var problem = "\(error)"
        if let y = error as? YamlError {
            switch y {
            case .scanner(_, let p, let mark, _), .parser(_, let p, let mark, _), .composer(_, let p, let mark, _):
                line = mark.line
                problem = p
            case .duplicatedKeysInMapping(let duplicates, _):
                problem = "duplicated keys \(duplicates.joined(separator: ", "))"
            default:
                break
            }
        }
        return "\(line.map { "第 \($0) 行：" } ?? "")不是有效的 YAML：请检查该行及上一行的缩进、冒号和括号是否成对 "
            + "(not valid YAML\(line.map { " at line \($0)" } ?? ""): \(problem))"
    }
}

extension PipelineLoader {
    /// The default pipeline shipped with the package (Aksu 2024).
    public static func loadDefault() throws(PipelineConfigError) -> PipelineDefinition {
        try parse(Data(defaultPipelineYAML.utf8), file: "<built-in \(defaultPipelineName)>")
    }
}
