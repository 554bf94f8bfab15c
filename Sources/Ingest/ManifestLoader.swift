import Foundation
import PrescreenCore
import Yams

/// Loads an applicant's `applicant.yml` into a ``Manifest``.
public enum ManifestLoader {
    /// What loading found.
    public enum Outcome: Sendable, Hashable {
        /// The manifest, and warnings (unknown keys) that do not stop the run.
        case loaded(Manifest, warnings: [String])
        /// There is no `applicant.yml` in the folder.
        case missing
        /// It is there but cannot be used; the message names the key and line, never its values.
        case malformed(String)
    }

    /// Files larger than this are refused: a manifest is a few hundred bytes of YAML.
    public static let maxBytes = 1 << 20

    /// Reads and parses `applicant.yml` at the top of the folder.
    ///
    /// Keys are snake_case as in CONTRACT.md; `id` defaults to the folder's name. Unknown keys give a
    /// warning. Invalid YAML, a top level that is not a mapping, a value of the wrong type or an unknown
    /// value of `series`, `level`, `employer_kind` or `title_obtained_in` make it `.malformed`.
    public static func load(folder: ApplicantFolder) -> Outcome {
        let path = RawFS.join(folder.rawPath, Array(Discovery.manifestName.utf8))
        guard RawFS.info(path, follow: true) != nil else { return .missing }
        let data: Data
        do {
            data = try readFollowing(path)
        } catch {
            switch error.code {
            case .tooLarge: return .malformed("applicant.yml is larger than \(maxBytes) bytes")
            default: return .malformed("applicant.yml cannot be read: \(error.message)")
            }
        }
        return parse(data, defaultID: folder.name)
    }

    /// Parses manifest bytes; `defaultID` is used when `id` is absent or empty.
    public static func parse(_ data: Data, defaultID: String) -> Outcome {
        guard data.count <= maxBytes else { return .malformed("applicant.yml is larger than \(maxBytes) bytes") }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .malformed("applicant.yml is not valid UTF-8; save it as UTF-8")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .malformed("applicant.yml is not valid YAML: \(describe(error))")
        } catch {
            return .malformed("applicant.yml is not valid YAML")
        }
        guard let root else { return .malformed("applicant.yml is empty") }
        guard case .mapping(let mapping) = root else {
            return .malformed("applicant.yml must be a mapping of keys (id, name, employer, ...)\(at(root.mark))")
        }
        do {
            var builder = Builder(defaultID: defaultID)
            try builder.read(mapping)
            return .loaded(builder.manifest, warnings: builder.warnings)
        } catch {
            return .malformed(error.message)
        }
    }

    // MARK: - Reading the mapping

    private struct Malformed: Error {
        let message: String
    }

    private struct Builder {
        var manifest: Manifest
        var warnings: [String] = []
        let defaultID: String

        init(defaultID: String) {
            self.defaultID = defaultID
            self.manifest = Manifest(id: defaultID)
        }

        mutating func read(_ mapping: Node.Mapping) throws(Malformed) {
            for (keyNode, value) in mapping {
                guard let key = keyNode.scalar?.string else {
                    throw Malformed(message: "applicant.yml has a key that is not text\(at(keyNode.mark))")
                }
                switch key {
                case "id": manifest.id = try string(value, key).flatMap { $0.isEmpty ? nil : $0 } ?? defaultID
                case "name": manifest.name = try string(value, key)
                case "former_names": manifest.formerNames = try strings(value, key)
                case "employer": manifest.employer = try string(value, key)
                case "employer_aliases": manifest.employerAliases = try strings(value, key)
                case "series": manifest.series = try choice(value, key)
                case "level": manifest.level = try choice(value, key)
                case "employer_kind": manifest.employerKind = try choice(value, key)
                case "title_obtained_in": manifest.titleObtainedIn = try choice(value, key)
                case "ce_exempt": manifest.ceExempt = try bool(value, key)
                case "texts": manifest.texts = try texts(value, key)
                default:
                    warnings.append("applicant.yml: unknown key '\(Self.safeKey(key))'\(at(keyNode.mark)), ignored")
                }
            }
        }

        /// Key names are echoed in messages; cut them short so a pasted value cannot ride along.
        static func safeKey(_ key: String) -> String {
            key.count > 40 ? String(key.prefix(40)) + "…" : key
        }

        private func isNull(_ node: Node) -> Bool {
            // Only plain `~`, `null` or nothing is null; a quoted 'null' is text.
            node.null != nil
        }

        private func string(_ node: Node, _ key: String) throws(Malformed) -> String? {
            if isNull(node) { return nil }
            // Any scalar is text here: an id like 0001 must stay "0001", not become a number.
            guard let scalar = node.scalar else {
                throw Malformed(message: "applicant.yml: '\(key)' must be text\(at(node.mark))")
            }
            return scalar.string
        }

        private func strings(_ node: Node, _ key: String) throws(Malformed) -> [String] {
            if isNull(node) { return [] }
            guard let sequence = node.sequence else {
                throw Malformed(message: "applicant.yml: '\(key)' must be a list, e.g. [a, b]\(at(node.mark))")
            }
            var out: [String] = []
            for item in sequence {
                if isNull(item) { continue }
                guard let scalar = item.scalar else {
                    throw Malformed(message: "applicant.yml: every entry of '\(key)' must be text\(at(item.mark))")
                }
                out.append(scalar.string)
            }
            return out
        }

        private func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ key: String) throws(Malformed) -> T?
        where T.RawValue == String {
            guard let raw = try string(node, key) else { return nil }
            guard let value = T(rawValue: raw) else {
                let allowed = T.allCases.map(\.rawValue).joined(separator: " | ")
                throw Malformed(message: "applicant.yml: '\(key)' must be one of \(allowed)\(at(node.mark))")
            }
            return value
        }

        private func bool(_ node: Node, _ key: String) throws(Malformed) -> Bool {
            if isNull(node) { return false }
            guard let value = node.bool else {
                throw Malformed(message: "applicant.yml: '\(key)' must be true or false\(at(node.mark))")
            }
            return value
        }

        private func texts(_ node: Node, _ key: String) throws(Malformed) -> [String: String] {
            if isNull(node) { return [:] }
            guard let mapping = node.mapping else {
                throw Malformed(message: "applicant.yml: '\(key)' must be a mapping (work_summary: ...)\(at(node.mark))")
            }
            var out: [String: String] = [:]
            for (k, v) in mapping {
                guard let name = k.scalar?.string else {
                    throw Malformed(message: "applicant.yml: a key under '\(key)' is not text\(at(k.mark))")
                }
                guard let text = try string(v, "\(key).\(Self.safeKey(name))") else { continue }
                out[name] = text
            }
            return out
        }
    }

    // MARK: - Messages

    /// " (line L, column C)" or nothing.
    private static func at(_ mark: Mark?) -> String {
        guard let mark else { return "" }
        return " (line \(mark.line), column \(mark.column))"
    }

    /// The problem and where, without the YAML text Yams puts in its own description.
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let ctx = context.map { "\($0.text), " } ?? ""
            return "\(ctx)\(problem)\(at(mark))"
        case let .reader(problem, _, _, _):
            return problem
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\(Builder.safeKey($0))'" }.joined(separator: ", ")
            return "duplicated keys \(keys)\(at(context.mark))"
        default:
            return "the YAML parser failed"
        }
    }

    private static func readFollowing(_ path: [UInt8]) throws(IngestError) -> Data {
        // applicant.yml may be a link (shared templates); the size and type checks still apply.
        let target = RawFS.realPath(path) ?? path
        return try FileReader.read(path: target, maxBytes: maxBytes, what: "applicant.yml")
    }
}
