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
    /// value of `series`, `level`, `employer_kind` or `title_obtained_in` make it `.malformed`, and so does
    /// an `applicant.yml` that is not a regular file or a link out of `root` (see ``bytes(folder:root:)``).
    public static func load(folder: ApplicantFolder, root: String? = nil) -> Outcome {
        switch bytes(folder: folder, root: root) {
        case .missing: return .missing
        case .failed(let why): return .malformed(why)
        case .read(let data): return parse(data, defaultID: folder.name)
        }
    }

    /// What reading `applicant.yml`'s bytes gave.
    public enum Bytes: Sendable, Hashable {
        case missing
        case read(Data)
        /// Why it cannot be used (English, no file contents).
        case failed(String)
    }

    /// The bytes of the folder's `applicant.yml`, bounded like every read of the input tree.
    ///
    /// The type is checked before it is opened (`lstat`): a FIFO, socket, device or folder is refused, and
    /// the open itself is non-blocking. A symbolic link is followed only when it resolves inside `root`
    /// (canonical or not; nil: anywhere), exactly as for attachments; a link out of ROOT (`/etc/shadow`) is
    /// refused without reading it.
    public static func bytes(folder: ApplicantFolder, root: String?) -> Bytes {
        let path = RawFS.join(folder.rawPath, Array(Discovery.manifestName.utf8))
        guard let info = RawFS.info(path) else { return .missing }
        var target = path
        switch info.kind {
        case .regular: break
        case .symlink:
            guard let resolved = RawFS.realPath(path) else {
                return .failed("applicant.yml is a symbolic link that does not resolve")
            }
            if let root {
                let rootRaw = RawFS.realPath(Array(root.utf8)) ?? Array(root.utf8)
                guard RawFS.isInside(resolved, root: rootRaw) else {
                    return .failed("applicant.yml is a symbolic link that leads outside ROOT; it was not read")
                }
            }
            guard RawFS.info(resolved)?.kind == .regular else {
                return .failed("applicant.yml is a symbolic link to something that is not a regular file")
            }
            target = resolved
        case .directory, .other:
            return .failed("applicant.yml is not a regular file (a FIFO, device or folder); it was not read")
        }
        do {
            return .read(try FileReader.read(path: target, maxBytes: maxBytes, what: "applicant.yml"))
        } catch {
            switch error.code {
            case .tooLarge: return .failed("applicant.yml is larger than \(maxBytes) bytes")
            default: return .failed("applicant.yml cannot be read: \(error.message)")
            }
        }
    }

    /// Parses manifest bytes; `defaultID` is used when `id` is absent or empty.
    public static func parse(_ data: Data, defaultID: String) -> Outcome {
        guard data.count <= maxBytes else { return .malformed(say("文件超过 \(maxBytes) 字节，不像是申请人信息表：请只写 CONTRACT 所列的键",
                                                                           "is larger than \(maxBytes) bytes", nil)) }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .malformed(say("不是 UTF-8 编码：请用 UTF-8 另存（记事本：另存为 → 编码 UTF-8）",
                                  "is not valid UTF-8; save it as UTF-8", nil))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .malformed(say("不是有效的 YAML：请检查该行的缩进、冒号和括号是否成对",
                                  "is not valid YAML: \(describe(error).text)", describe(error).mark))
        } catch {
            return .malformed(say("不是有效的 YAML：请检查缩进和冒号", "is not valid YAML", nil))
        }
        guard let root else { return .malformed(say("是空文件：请按 README 的样例填写", "is empty", nil)) }
        guard case .mapping(let mapping) = root else {
            return .malformed(say("应为“键: 值”的形式，如 name: 张三（每行一个键）",
                                  "must be a mapping of keys (id, name, employer, ...)", root.mark))
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
                    throw Malformed(message: ManifestLoader.say("有一个键不是文字：键应为 name、employer 等",
                                                                   "has a key that is not text", keyNode.mark))
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
                    warnings.append(Self.unknownKey(key, mark: keyNode.mark))
                }
            }
        }

        /// The keys of CONTRACT.md's applicant.yml.
        static let knownKeys = ["id", "name", "former_names", "employer", "employer_aliases", "series", "level",
                                "employer_kind", "title_obtained_in", "ce_exempt", "texts"]

        /// "未知的键 'Name'（第 2 行），应为 'name'？(unknown key 'Name' at line 2, ignored; did you mean 'name'?)".
        static func unknownKey(_ key: String, mark: Mark?) -> String {
            let shown = safeKey(key)
            let line = mark.map { "（第 \($0.line) 行）" } ?? ""
            let lineEN = mark.map { " at line \($0.line)" } ?? ""
            guard let meant = probablyMeant(key) else {
                return "未知的键 '\(shown)'\(line)，已忽略 (unknown key '\(shown)'\(lineEN), ignored)"
            }
            return "未知的键 '\(shown)'\(line)，应为 '\(meant)'？(unknown key '\(shown)'\(lineEN), ignored; did you mean '\(meant)'?)"
        }

        /// The known key a misspelt one most likely stands for: the same letters in another case or with `-`
        /// or a space for `_`, or within two edits (Levenshtein) of a key at least four letters long.
        static func probablyMeant(_ key: String) -> String? {
            let folded = key.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
                .trimmingCharacters(in: .whitespaces)
            if knownKeys.contains(folded) { return folded }
            guard folded.count <= 40 else { return nil }
            var best: (key: String, distance: Int)?
            for k in knownKeys {
                let d = editDistance(Array(folded), Array(k))
                let allowed = k.count >= 8 ? 2 : (k.count >= 4 ? 1 : 0)
                if d <= allowed, d < (best?.distance ?? Int.max) { best = (k, d) }
            }
            return best?.key
        }

        static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
            if a.isEmpty { return b.count }
            if b.isEmpty { return a.count }
            var previous = Array(0...b.count)
            for i in 1...a.count {
                var current = [i] + Array(repeating: 0, count: b.count)
                for j in 1...b.count {
                    current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                previous = current
            }
            return previous[b.count]
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
                throw Malformed(message: ManifestLoader.say("'\(key)' 的值应为文字，不能是列表或键值段", "'\(key)' must be text", node.mark))
            }
            return scalar.string
        }

        private func strings(_ node: Node, _ key: String) throws(Malformed) -> [String] {
            if isNull(node) { return [] }
            guard let sequence = node.sequence else {
                throw Malformed(message: ManifestLoader.say("'\(key)' 的值应为列表，如 [甲, 乙]", "'\(key)' must be a list, e.g. [a, b]", node.mark))
            }
            var out: [String] = []
            for item in sequence {
                if isNull(item) { continue }
                guard let scalar = item.scalar else {
                    throw Malformed(message: ManifestLoader.say("'\(key)' 的每一项都应为文字", "every entry of '\(key)' must be text", item.mark))
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
                throw Malformed(message: ManifestLoader.say("'\(key)' 的值无效，可用的值：\(allowed)", "'\(key)' must be one of \(allowed)", node.mark))
            }
            return value
        }

        private func bool(_ node: Node, _ key: String) throws(Malformed) -> Bool {
            if isNull(node) { return false }
            guard let value = node.bool else {
                throw Malformed(message: ManifestLoader.say("'\(key)' 的值应为 true 或 false", "'\(key)' must be true or false", node.mark))
            }
            return value
        }

        private func texts(_ node: Node, _ key: String) throws(Malformed) -> [String: String] {
            if isNull(node) { return [:] }
            guard let mapping = node.mapping else {
                throw Malformed(message: ManifestLoader.say("'\(key)' 应为键值段，如下一行缩进写 work_summary: ……",
                                                      "'\(key)' must be a mapping (work_summary: ...)", node.mark))
            }
            var out: [String: String] = [:]
            for (k, v) in mapping {
                guard let name = k.scalar?.string else {
                    throw Malformed(message: ManifestLoader.say("'\(key)' 下有一个键不是文字", "a key under '\(key)' is not text", k.mark))
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

    /// A problem of applicant.yml in Chinese with the English beside it: `applicant.yml 第 2 行：… (applicant.yml:
    /// … (line 2, column 1))`. Never the value itself (it may be the applicant's name).
    static func say(_ chinese: String, _ english: String, _ mark: Mark?) -> String {
        let line = mark.map { " 第 \($0.line) 行" } ?? ""
        return "applicant.yml\(line)：\(chinese) (applicant.yml: \(english)\(at(mark)))"
    }

    /// The problem and where, without the YAML text Yams puts in its own description.
    private static func describe(_ error: YamlError) -> (text: String, mark: Mark?) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let ctx = context.map { "\($0.text), " } ?? ""
            return ("\(ctx)\(problem)", mark)
        case let .reader(problem, _, _, _):
            return (problem, nil)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\(Builder.safeKey($0))'" }.joined(separator: ", ")
            return ("duplicated keys \(keys)", context.mark)
        default:
            return ("the YAML parser failed", nil)
        }
    }

}
