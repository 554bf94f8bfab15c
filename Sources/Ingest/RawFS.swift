#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls discovery and reading need, on raw path bytes.
///
/// File names on disk are bytes, not strings: names in GBK or broken UTF-8 must still be listed
/// and opened, so paths stay `[UInt8]` until they are shown to a person.
enum RawFS {
    /// The kind of a directory entry, from `lstat` (or `stat` after a symlink was resolved).
    enum Kind: Equatable {
        case regular, directory, symlink, other
    }

    /// What `lstat`/`stat` said about a path.
    struct Info {
        var kind: Kind
        var size: Int64
        var device: UInt64
        var inode: UInt64
    }

    /// Calls `body` with the path as a NUL-terminated C string.
    static func withCPath<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        var bytes = path
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                // A buffer made from a non-empty array always has a base address.
                guard let base = chars.baseAddress else { preconditionFailure("non-empty buffer") }
                return body(base)
            }
        }
    }

    /// `lstat` (or `stat` when `follow`), nil with errno set when it fails.
    static func info(_ path: [UInt8], follow: Bool = false) -> Info? {
        var st = stat()
        let rc = withCPath(path) { follow ? stat($0, &st) : lstat($0, &st) }
        guard rc == 0 else { return nil }
        let kind: Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        return Info(kind: kind, size: Int64(st.st_size), device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// The names in a directory (without `.` and `..`), or nil when it cannot be opened.
    static func list(_ path: [UInt8]) -> [[UInt8]]? {
        let dir = withCPath(path) { opendir($0) }
        guard let dir else { return nil }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                // readdir returns NULL at the end and on error; only errno tells them apart.
                if errno != 0 { return nil }
                break
            }
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names
    }

    /// The canonical absolute path (symlinks resolved), or nil when it does not resolve.
    static func realPath(_ path: [UInt8]) -> [UInt8]? {
        let resolved = withCPath(path) { realpath($0, nil) }
        guard let resolved else { return nil }
        defer { free(resolved) }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self),
                                         count: strlen(resolved)))
    }

    /// `base/name` as bytes.
    static func join(_ base: [UInt8], _ name: [UInt8]) -> [UInt8] {
        if base.last == 0x2F { return base + name }
        return base + [0x2F] + name
    }

    /// Whether `path` is `root` or lies beneath it (both canonical).
    static func isInside(_ path: [UInt8], root: [UInt8]) -> Bool {
        if path == root { return true }
        let prefix = root.last == 0x2F ? root : root + [0x2F]
        return path.starts(with: prefix)
    }

    /// The last path component.
    static func baseName(_ path: [UInt8]) -> [UInt8] {
        var p = path
        while p.count > 1, p.last == 0x2F { p.removeLast() }
        guard let slash = p.lastIndex(of: 0x2F) else { return p }
        let name = Array(p[(slash + 1)...])
        return name.isEmpty ? p : name
    }

    /// The text of the current errno, for messages.
    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// `open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)`; -1 with errno set on failure.
    ///
    /// `O_NONBLOCK`: opening a FIFO for reading otherwise waits for a writer for ever (a `mkfifo`
    /// applicant.yml hung the scan, lock held); it changes nothing for regular files, and callers refuse
    /// anything else after `fstat`.
    static func openNoFollow(_ path: [UInt8]) -> Int32 {
        withCPath(path) { open($0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
    }

    /// `read(2)`; named apart so callers with their own `read` reach the system call.
    static func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        read(fd, buffer, count)
    }
}
