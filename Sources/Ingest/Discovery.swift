#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PrescreenCore

/// One applicant folder under ROOT.
///
/// CONTRACT.md: ROOT is one applicant folder (it holds `applicant.yml`) or a folder of applicant
/// folders (each direct child that holds `applicant.yml` or holds attachments).
public struct ApplicantFolder: Sendable, Hashable {
    /// The folder's name, readable and distinct from its siblings' (``RawName``: UTF-8, else GB 18030, else
    /// `%XX` escapes): also its output folder and its key in the state.
    public let name: String
    /// The absolute, canonical path, readable.
    public let path: String
    /// The absolute, canonical path as bytes, to open the folder exactly.
    public let rawPath: [UInt8]

    /// A folder at the given absolute path bytes, named by ``RawName/readable(_:)`` of its last component.
    public init(rawPath: [UInt8]) {
        self.init(rawPath: rawPath, name: RawName.readable(RawFS.baseName(rawPath)))
    }

    /// A folder at the given absolute path bytes with the readable name discovery chose for it.
    public init(rawPath: [UInt8], name: String) {
        self.rawPath = rawPath
        self.path = RawName.escaped(rawPath)
        self.name = name
    }
}

/// One file of an applicant, found by ``Discovery/attachments(of:root:)``.
public struct Attachment: Sendable, Hashable {
    /// The path relative to the applicant folder, `/`-separated, readable: each component named by
    /// ``RawName/distinct(_:)`` among its siblings, so two files never share a path (the corpus generator
    /// uses the same rule).
    public let relativePath: String
    /// The absolute path bytes of the file itself (a followed symlink's target), to open it exactly.
    public let rawPath: [UInt8]
    /// The size in bytes when it was listed.
    public let size: Int64

    /// An attachment with the given paths and size.
    public init(relativePath: String, rawPath: [UInt8], size: Int64) {
        self.relativePath = relativePath
        self.rawPath = rawPath
        self.size = size
    }
}

/// An entry under an applicant folder that is not an attachment, and why.
public struct SkippedEntry: Sendable, Hashable {
    /// The path relative to the applicant folder, readable.
    public let relativePath: String
    /// Why it was skipped, in English, e.g. "symbolic link leads outside ROOT".
    public let reason: String

    /// A skipped entry with its reason.
    public init(relativePath: String, reason: String) {
        self.relativePath = relativePath
        self.reason = reason
    }
}

/// Finds applicant folders and their attachments, reading directories as raw bytes.
public enum Discovery {
    /// The manifest's file name at the top of an applicant folder.
    public static let manifestName = "applicant.yml"

    /// The applicant folders under `root`, sorted by name (byte order).
    ///
    /// ROOT holding `applicant.yml` is one applicant. Otherwise each direct child directory (or symlink
    /// to a directory inside ROOT) that holds `applicant.yml` or at least one attachment is one; hidden
    /// and `~$` children are ignored. A ROOT with no such child but with attachments of its own is one
    /// applicant whose manifest is missing (so the missing manifest becomes a finding, not silence).
    ///
    /// Layout mistakes are refused (``IngestError/Code/layout``, exit 2) rather than read as data, because
    /// each of them silently produces nonsense reports:
    /// - `applicant.yml` files one level (or more) below the applicant level while no child holds its own: ROOT
    ///   is too high (ROOT/批次/AKS-0001/applicant.yml would make 批次 one applicant with a stack of
    ///   `applicant.yml` attachments). The message names the folder ROOT should be.
    /// - no applicant at all (an empty ROOT, or one holding only hidden files or empty folders): a cron job
    ///   pointed at the wrong folder must not report success.
    /// - sub-folders with documents but no `applicant.yml` anywhere (neither in ROOT nor in any child): that
    ///   is one applicant's folder whose manifest is missing (学历/, 考核/ … would each become an
    ///   "applicant" with a dozen violations), or a batch where every manifest is missing; both need a person.
    ///
    /// Decision (CONTRACT.md lets a direct child "that holds attachments" be an applicant): a child without
    /// `applicant.yml` is still an applicant whenever at least one other child, or ROOT's layout, shows the
    /// batch is a batch, i.e. some child holds `applicant.yml`; in such a batch a child whose `applicant.yml`
    /// sits in a sub-folder is an applicant with a missing manifest, not a reason to stop the batch. Only a
    /// batch in which no `applicant.yml` exists at the applicant level is refused. ROOT with attachments only at its top and no sub-folder
    /// with documents stays one applicant with a missing manifest, as before.
    public static func applicants(root: String) throws(IngestError) -> [ApplicantFolder] {
        let rootRaw = try canonicalRoot(root)
        let single = ApplicantFolder(rawPath: rootRaw)
        if hasManifest(rootRaw) { return [single] }
        guard let listed = RawFS.list(rootRaw) else {
            throw IngestError(code: .readFailed,
                              message: "无法列出 ROOT \(root) 的内容：\(RawFS.errnoText())；请检查其权限 (cannot list ROOT; check its permissions)")
        }
        let names = listed.filter { !isIgnored($0) }.sorted { $0.lexicographicallyPrecedes($1) }
        let shown = RawName.distinct(names)
        var found: [ApplicantFolder] = []
        var withManifest = 0
        var tooDeep: (child: String, manifest: String)?
        for (name, display) in zip(names, shown) {
            let child = RawFS.join(rootRaw, name)
            guard let info = RawFS.info(child) else { continue }
            var dir = child
            if info.kind == .symlink {
                // A child symlink counts only when it stays inside ROOT, like any followed link.
                guard let target = RawFS.realPath(child), RawFS.isInside(target, root: rootRaw), target != rootRaw,
                      RawFS.info(target)?.kind == .directory else { continue }
                dir = target
            } else if info.kind != .directory {
                continue
            }
            // The folder keeps the child's own name and path, so a linked folder reports under its link name.
            let folder = ApplicantFolder(rawPath: child, name: display)
            if hasManifest(dir) {
                withManifest += 1
                found.append(folder)
                continue
            }
            let files = attachments(ofRaw: dir, root: rootRaw).attachments
            guard !files.isEmpty else { continue }
            found.append(folder)
            if tooDeep == nil, let nested = files.first(where: { isManifestPath($0.relativePath) }) {
                tooDeep = (display, nested.relativePath)
            }
        }
        if withManifest == 0, let tooDeep {
            // ROOT/批次/AKS-0001/applicant.yml: the folder holding the applicant folders is ROOT/批次.
            var parts = tooDeep.manifest.split(separator: "/").map(String.init)
            parts.removeLast(min(2, parts.count))
            let suggested = ([root, tooDeep.child] + parts).joined(separator: "/")
            throw IngestError(
                code: .layout,
                message: "在 \(tooDeep.child)/\(tooDeep.manifest) 发现 applicant.yml，比申请人文件夹深一层：ROOT 高了一层，"
                    + "应为 \(suggested) (applicant.yml found below an applicant's own level; ROOT should be \(suggested))")
        }
        if found.isEmpty {
            if !attachments(of: single, root: root).attachments.isEmpty { return [single] }
            throw IngestError(
                code: .layout,
                message: "ROOT \(root) 中没有任何申请人文件夹或附件：ROOT 应为含 applicant.yml 的申请人文件夹，或其上级目录 "
                    + "(no applicant found in ROOT; ROOT should be an applicant folder with applicant.yml, or the folder of such folders)")
        }
        if withManifest == 0 {
            throw IngestError(
                code: .layout,
                message: "ROOT \(root) 及其子文件夹中都没有 applicant.yml，却有 \(found.count) 个子文件夹含附件：ROOT 像是一位申请人的文件夹"
                    + "（缺 applicant.yml），请为其补上 applicant.yml；或 ROOT 应为各自含 applicant.yml 的申请人文件夹的上级目录 "
                    + "(no applicant.yml in ROOT or any sub-folder: ROOT looks like one applicant's folder without its "
                    + "applicant.yml; add it, or point ROOT at the folder of applicant folders)")
        }
        return found.sorted { $0.rawPath.lexicographicallyPrecedes($1.rawPath) }
    }

    /// Whether an attachment's relative path names an `applicant.yml` (below the folder's top, where it is
    /// an attachment).
    private static func isManifestPath(_ relative: String) -> Bool {
        relative.split(separator: "/").last.map(String.init) == manifestName
    }

    /// Every file under the folder, recursively, sorted by `relativePath` (byte order), and what was skipped.
    ///
    /// Left out: `applicant.yml` at the folder's top, hidden files and folders (leading `.`), `~$` temp
    /// files. Symlinks are followed only when they resolve inside ROOT, and each directory is entered at
    /// most once, so loops end; a link leaving ROOT, a dangling link, a special file (FIFO, socket,
    /// device) or a directory that cannot be listed is a ``SkippedEntry``.
    public static func attachments(of folder: ApplicantFolder, root: String)
        -> (attachments: [Attachment], skipped: [SkippedEntry])
    {
        let rootRaw = RawFS.realPath(Array(root.utf8)) ?? Array(root.utf8)
        let start = RawFS.realPath(folder.rawPath) ?? folder.rawPath
        return attachments(ofRaw: start, root: rootRaw)
    }

    // MARK: - Walking

    private static func attachments(ofRaw folder: [UInt8], root: [UInt8])
        -> (attachments: [Attachment], skipped: [SkippedEntry])
    {
        var walker = Walker(root: root)
        if let info = RawFS.info(folder, follow: true) { walker.visited.insert(DirID(info)) }
        walker.walk(dir: folder, relative: [], shown: "")
        let byPath: (Attachment, Attachment) -> Bool = {
            $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8)
        }
        return (walker.found.sorted(by: byPath),
                walker.skipped.sorted { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) })
    }

    /// A directory's identity, to enter each directory once whatever links lead to it.
    private struct DirID: Hashable {
        let device: UInt64
        let inode: UInt64
        init(_ info: RawFS.Info) {
            device = info.device
            inode = info.inode
        }
    }

    private struct Walker {
        let root: [UInt8]
        var visited: Set<DirID> = []
        var found: [Attachment] = []
        var skipped: [SkippedEntry] = []

        init(root: [UInt8]) { self.root = root }

        /// `relative`: the directory's path bytes under the applicant folder; `shown`: its readable form.
        mutating func walk(dir: [UInt8], relative: [UInt8], shown: String) {
            guard let listed = RawFS.list(dir) else {
                skipped.append(SkippedEntry(relativePath: shown,
                                            reason: "directory cannot be listed: \(RawFS.errnoText())"))
                return
            }
            let names = listed.filter { !isIgnored($0) }
            // Named together so that two byte names never read alike (``RawName``).
            let display = RawName.distinct(names)
            for (name, text) in zip(names, display) {
                if relative.isEmpty, name == Array(Discovery.manifestName.utf8) { continue }
                let path = RawFS.join(dir, name)
                let rel = relative.isEmpty ? name : relative + [0x2F] + name
                let relShown = shown.isEmpty ? text : shown + "/" + text
                guard let info = RawFS.info(path) else {
                    skipped.append(SkippedEntry(relativePath: relShown,
                                                reason: "cannot be examined: \(RawFS.errnoText())"))
                    continue
                }
                switch info.kind {
                case .regular:
                    found.append(Attachment(relativePath: relShown, rawPath: path, size: info.size))
                case .directory:
                    enter(path, info: info, relative: rel, shown: relShown)
                case .symlink:
                    follow(path, relative: rel, shown: relShown)
                case .other:
                    skipped.append(SkippedEntry(relativePath: relShown,
                                                reason: "special file (FIFO, socket or device), not a document"))
                }
            }
        }

        mutating func enter(_ path: [UInt8], info: RawFS.Info, relative: [UInt8], shown: String) {
            guard visited.insert(DirID(info)).inserted else {
                skipped.append(SkippedEntry(relativePath: shown,
                                            reason: "directory already listed (a symbolic link loop or repeat)"))
                return
            }
            walk(dir: path, relative: relative, shown: shown)
        }

        mutating func follow(_ link: [UInt8], relative: [UInt8], shown: String) {
            guard let target = RawFS.realPath(link) else {
                skipped.append(SkippedEntry(relativePath: shown,
                                            reason: "symbolic link does not resolve: \(RawFS.errnoText())"))
                return
            }
            guard RawFS.isInside(target, root: root) else {
                skipped.append(SkippedEntry(relativePath: shown, reason: "symbolic link leads outside ROOT"))
                return
            }
            guard let info = RawFS.info(target, follow: true) else {
                skipped.append(SkippedEntry(relativePath: shown,
                                            reason: "symbolic link target cannot be examined: \(RawFS.errnoText())"))
                return
            }
            switch info.kind {
            case .regular:
                // The target's own path, so the reader can open it with O_NOFOLLOW.
                found.append(Attachment(relativePath: shown, rawPath: target, size: info.size))
            case .directory:
                enter(target, info: info, relative: relative, shown: shown)
            case .symlink, .other:
                skipped.append(SkippedEntry(relativePath: shown,
                                            reason: "symbolic link to a special file, not a document"))
            }
        }
    }

    // MARK: - Helpers

    /// Hidden entries (leading `.`) and Office lock files (leading `~$`) are never attachments.
    private static func isIgnored(_ name: [UInt8]) -> Bool {
        name.first == 0x2E || name.starts(with: [0x7E, 0x24])
    }

    /// Whether the folder has an entry named `applicant.yml` of any kind (`lstat`): a FIFO or a link out of
    /// ROOT in its place is still the applicant's manifest, reported as unusable by the loader, never opened
    /// here.
    private static func hasManifest(_ dir: [UInt8]) -> Bool {
        RawFS.info(RawFS.join(dir, Array(manifestName.utf8))) != nil
    }

    private static func canonicalRoot(_ root: String) throws(IngestError) -> [UInt8] {
        let raw = Array(root.utf8)
        guard let info = RawFS.info(raw, follow: true) else {
            let err = errno
            if err == ENOENT || err == ENOTDIR {
                throw IngestError(code: .rootMissing,
                                  message: "ROOT '\(root)' 不存在：请检查路径是否写对 (ROOT does not exist; check the path)")
            }
            throw IngestError(code: .readFailed,
                              message: "ROOT '\(root)' 无法访问：\(RawFS.errnoText(err))；请检查其权限 (cannot examine ROOT)")
        }
        guard info.kind == .directory else {
            throw IngestError(code: .notADirectory,
                              message: "ROOT '\(root)' 不是文件夹：请给出申请人文件夹（含 applicant.yml）或其上级目录 "
                                  + "(ROOT is not a folder; pass an applicant folder or a folder of them)")
        }
        guard let canonical = RawFS.realPath(raw) else {
            throw IngestError(code: .readFailed,
                              message: "ROOT '\(root)' 的真实路径无法确定：\(RawFS.errnoText())；请检查路径中的链接 (cannot resolve ROOT)")
        }
        return canonical
    }
}
