import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure while building a test tree; names the operation and the errno text.
public struct IngestFixtureError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
}

/// A temporary directory tree for discovery, manifest and report tests; call ``remove()`` when done.
///
/// Paths given to its methods are relative to ``root`` and `/`-separated; parent folders are created.
public final class TempTree: Sendable {
    /// The tree's absolute, canonical path.
    public let root: String

    /// A new empty directory under the system temp directory.
    public init(_ label: String = "prescreen") throws {
        var template = Array((NSTemporaryDirectory() + "/\(label)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf in buf.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else { throw IngestFixtureError(description: "mkdtemp failed: \(String(cString: strerror(errno)))") }
        let path = String(cString: made)
        guard let real = realpath(path, nil) else { throw IngestFixtureError(description: "realpath failed") }
        defer { free(real) }
        root = String(cString: real)
    }

    /// The absolute path of `relative`.
    public func path(_ relative: String) -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    /// Creates a directory (and its parents).
    @discardableResult
    public func dir(_ relative: String) throws -> String {
        let p = path(relative)
        try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    /// Writes a file with the given bytes, creating its parent folders.
    @discardableResult
    public func file(_ relative: String, _ contents: Data) throws -> String {
        let p = path(relative)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try contents.write(to: URL(fileURLWithPath: p))
        return p
    }

    /// Writes a UTF-8 text file, creating its parent folders.
    @discardableResult
    public func file(_ relative: String, _ text: String) throws -> String {
        try file(relative, Data(text.utf8))
    }

    /// Creates a symbolic link at `relative` whose target is `target` (as given: absolute or relative).
    public func symlink(_ relative: String, to target: String) throws {
        let p = path(relative)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: p, withDestinationPath: target)
    }

    /// Writes a file whose name is the raw bytes `name` (e.g. GBK or broken UTF-8) in folder `relative`.
    @discardableResult
    public func rawFile(in relative: String, name: [UInt8], _ contents: Data) throws -> [UInt8] {
        let dirPath = try dir(relative)
        let full = Array(dirPath.utf8) + [0x2F] + name + [0]
        let fd = full.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars -> Int32 in
                guard let base = chars.baseAddress else { return -1 }
                return open(base, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
            }
        }
        guard fd >= 0 else { throw IngestFixtureError(description: "open failed: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == contents.count else { throw IngestFixtureError(description: "short write") }
        return Array(full.dropLast())
    }

    /// Creates an applicant folder `folder` with an `applicant.yml` (unless nil) and the given files
    /// (relative path -> bytes); returns the folder's absolute path.
    @discardableResult
    public func applicant(_ folder: String, manifest: String? = IngestFixtures.manifest(),
                          files: [String: Data] = [:]) throws -> String {
        let dirPath = try dir(folder)
        if let manifest { try file("\(folder)/applicant.yml", manifest) }
        for (relative, data) in files { try file("\(folder)/\(relative)", data) }
        return dirPath
    }

    /// Creates a named pipe (a special file discovery must skip).
    public func fifo(_ relative: String) throws {
        let p = path(relative)
        guard mkfifo(p, 0o644) == 0 else {
            throw IngestFixtureError(description: "mkfifo failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The mode bits (`st_mode & 0o777`) of a path, or nil when it does not exist.
    public func mode(_ relative: String) -> Int? {
        var st = stat()
        guard lstat(path(relative), &st) == 0 else { return nil }
        return Int(st.st_mode & 0o777)
    }

    /// Every entry name under `relative` (not recursive), sorted.
    public func list(_ relative: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []).sorted()
    }

    /// Removes the tree, making folders writable first so that permission tests clean up too.
    public func remove() {
        _ = try? FileManager.default.subpathsOfDirectory(atPath: root).forEach { sub in
            chmod(root + "/" + sub, 0o755)
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Byte samples and manifests for ingest tests, built in code (no committed binaries).
public enum IngestFixtures {
    /// The first bytes of a PNG.
    public static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    /// The first bytes of a JPEG (JFIF).
    public static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0])
    /// A tiny PDF header and trailer (not a renderable PDF; enough for sniffing).
    public static let pdf = Data("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
    /// The first bytes of a little-endian TIFF.
    public static let tiffLE = Data([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0])
    /// The first bytes of a big-endian TIFF.
    public static let tiffBE = Data([0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8])
    /// A BMP file header and the size field of a 40-byte BITMAPINFOHEADER.
    public static let bmp = Data([0x42, 0x4D, 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 1, 0, 0, 0])

    /// A valid `applicant.yml` with the given id (omitted when nil) and fictional personal data.
    public static func manifest(id: String? = "AKS-0001", extra: String = "") -> String {
        var lines: [String] = []
        if let id { lines.append("id: \(id)") }
        lines += [
            "name: 张伟",
            "former_names: [张小伟]",
            "employer: 阿克苏地区第一人民医院",
            "employer_aliases: [地区一院]",
            "series: engineering",
            "level: senior",
            "employer_kind: public-institution",
            "title_obtained_in: xinjiang",
            "ce_exempt: false",
            "texts:",
            "  work_summary: \"本人 XX XX 从事工程工作\"",
            "  resume: 简历",
        ]
        return lines.joined(separator: "\n") + "\n" + extra
    }
}
