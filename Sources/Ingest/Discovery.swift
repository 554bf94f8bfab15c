#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One applicant folder under ROOT.
///
/// CONTRACT.md: ROOT is one applicant folder (it holds `applicant.yml`) or a folder of applicant
/// folders (each direct child that holds `applicant.yml` or holds attachments).
public struct ApplicantFolder: Sendable, Hashable {
    /// The folder's name, readable (invalid UTF-8 bytes shown as U+FFFD).
    public let name: String
    /// The absolute, canonical path, readable.
    public let path: String
    /// The absolute, canonical path as bytes, to open the folder exactly.
    public let rawPath: [UInt8]

    /// A folder at the given absolute path bytes.
    public init(rawPath: [UInt8]) {
        self.rawPath = rawPath
        self.path = String(decoding: rawPath, as: UTF8.self)
        self.name = String(decoding: RawFS.baseName(rawPath), as: UTF8.self)
    }
}

/// One file of an applicant, found by ``Discovery/attachments(of:root:)``.
public struct Attachment: Sendable, Hashable {
    /// The path relative to the applicant folder, `/`-separated, readable: invalid UTF-8 bytes are
    /// decoded as U+FFFD (`String(decoding:as: UTF8.self)`), the same rule the corpus generator uses.
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
    public static func applicants(root: String) throws(IngestError) -> [ApplicantFolder] {
        let rootRaw = try canonicalRoot(root)
        let single = ApplicantFolder(rawPath: rootRaw)
        if hasManifest(rootRaw) { return [single] }
        guard let names = RawFS.list(rootRaw) else {
            throw IngestError(code: .readFailed,
                              message: "cannot list ROOT \(root): \(RawFS.errnoText()); check its permissions")
        }
        var found: [ApplicantFolder] = []
        for name in names where !isIgnored(name) {
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
            let folder = ApplicantFolder(rawPath: child)
            if hasManifest(dir) || !attachments(ofRaw: dir, root: rootRaw).attachments.isEmpty {
                found.append(folder)
            }
        }
        if found.isEmpty, !attachments(of: single, root: root).attachments.isEmpty { return [single] }
        return found.sorted { $0.rawPath.lexicographicallyPrecedes($1.rawPath) }
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
        walker.walk(dir: folder, relative: [])
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

        mutating func walk(dir: [UInt8], relative: [UInt8]) {
            guard let names = RawFS.list(dir) else {
                skipped.append(SkippedEntry(relativePath: readable(relative),
                                            reason: "directory cannot be listed: \(RawFS.errnoText())"))
                return
            }
            for name in names where !isIgnored(name) {
                if relative.isEmpty, name == Array(Discovery.manifestName.utf8) { continue }
                let path = RawFS.join(dir, name)
                let rel = relative.isEmpty ? name : relative + [0x2F] + name
                guard let info = RawFS.info(path) else {
                    skipped.append(SkippedEntry(relativePath: readable(rel),
                                                reason: "cannot be examined: \(RawFS.errnoText())"))
                    continue
                }
                switch info.kind {
                case .regular:
                    found.append(Attachment(relativePath: readable(rel), rawPath: path, size: info.size))
                case .directory:
                    enter(path, info: info, relative: rel)
                case .symlink:
                    follow(path, relative: rel)
                case .other:
                    skipped.append(SkippedEntry(relativePath: readable(rel),
                                                reason: "special file (FIFO, socket or device), not a document"))
                }
            }
        }

        mutating func enter(_ path: [UInt8], info: RawFS.Info, relative: [UInt8]) {
            guard visited.insert(DirID(info)).inserted else {
                skipped.append(SkippedEntry(relativePath: readable(relative),
                                            reason: "directory already listed (a symbolic link loop or repeat)"))
                return
            }
            walk(dir: path, relative: relative)
        }

        mutating func follow(_ link: [UInt8], relative: [UInt8]) {
            guard let target = RawFS.realPath(link) else {
                skipped.append(SkippedEntry(relativePath: readable(relative),
                                            reason: "symbolic link does not resolve: \(RawFS.errnoText())"))
                return
            }
            guard RawFS.isInside(target, root: root) else {
                skipped.append(SkippedEntry(relativePath: readable(relative), reason: "symbolic link leads outside ROOT"))
                return
            }
            guard let info = RawFS.info(target, follow: true) else {
                skipped.append(SkippedEntry(relativePath: readable(relative),
                                            reason: "symbolic link target cannot be examined: \(RawFS.errnoText())"))
                return
            }
            switch info.kind {
            case .regular:
                // The target's own path, so the reader can open it with O_NOFOLLOW.
                found.append(Attachment(relativePath: readable(relative), rawPath: target, size: info.size))
            case .directory:
                enter(target, info: info, relative: relative)
            case .symlink, .other:
                skipped.append(SkippedEntry(relativePath: readable(relative),
                                            reason: "symbolic link to a special file, not a document"))
            }
        }

        private func readable(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
    }

    // MARK: - Helpers

    /// Hidden entries (leading `.`) and Office lock files (leading `~$`) are never attachments.
    private static func isIgnored(_ name: [UInt8]) -> Bool {
        name.first == 0x2E || name.starts(with: [0x7E, 0x24])
    }

    private static func hasManifest(_ dir: [UInt8]) -> Bool {
        RawFS.info(RawFS.join(dir, Array(manifestName.utf8)), follow: true)?.kind == .regular
    }

    private static func canonicalRoot(_ root: String) throws(IngestError) -> [UInt8] {
        let raw = Array(root.utf8)
        guard let info = RawFS.info(raw, follow: true) else {
            let err = errno
            if err == ENOENT || err == ENOTDIR {
                throw IngestError(code: .rootMissing, message: "ROOT \(root) does not exist; check the path")
            }
            throw IngestError(code: .readFailed, message: "cannot examine ROOT \(root): \(RawFS.errnoText(err))")
        }
        guard info.kind == .directory else {
            throw IngestError(code: .notADirectory,
                              message: "ROOT \(root) is not a directory; pass an applicant folder or a folder of them")
        }
        guard let canonical = RawFS.realPath(raw) else {
            throw IngestError(code: .readFailed, message: "cannot resolve ROOT \(root): \(RawFS.errnoText())")
        }
        return canonical
    }
}
