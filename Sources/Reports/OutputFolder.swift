#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension ReportWriter {
    /// Creates `--out` (and any missing parents) with mode 0750 whatever the umask, like every folder the
    /// writer makes: the reports inside quote personal data. An existing folder keeps its mode.
    public static func createOutputFolder(_ path: String) throws(ReportError) {
        try makeDirectories(path)
    }

    /// The one thing to do after a failed write, by errno: read-only, no permission, disk full.
    static func advice(_ code: Int32) -> String {
        switch code {
        case EROFS: return "；文件系统只读，请换一个可写的 --out (read-only file system: choose a writable --out)"
        case EACCES, EPERM:
            return "；没有写权限，请让运行 prescreen 的用户可写该目录，或换一个 --out (no permission: make it writable for this user, or choose another --out)"
        case ENOSPC, EDQUOT: return "；磁盘已满，请释放空间 (disk full: free some space)"
        case ENOTDIR, EEXIST: return "；路径上有同名的文件而不是目录 (a file is in the way of a folder)"
        default: return ""
        }
    }

    /// Leftover temporary files of an interrupted earlier run (`.index.html.tmp-<pid>-<n>`,
    /// `.report.json.tmp-…`, `evidence/.f7.png.tmp-…`), found anywhere in the output tree two levels deep.
    ///
    /// A temporary file is stale when the process that made it (the pid in its name) is gone; a run killed at
    /// a rename left it, and it may quote personal data. Removed at the start of the next run, which holds
    /// the state's lock. Files of a live process (another scan writing into the same `--out` under another
    /// state) are left alone.
    @discardableResult
    public func removeStaleTemporaries() -> [String] {
        var removed: [String] = []
        func sweep(_ dir: String, depth: Int) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
            for name in names {
                let path = dir + "/" + name
                if Self.isStaleTemporary(name) {
                    if unlink(path) == 0 { removed.append(path) }
                    continue
                }
                guard depth > 0, !name.hasPrefix(".") else { continue }
                var st = stat()
                if lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR { sweep(path, depth: depth - 1) }
            }
        }
        sweep(outputDirectory, depth: 2)
        return removed
    }

    /// `.<name>.tmp-<pid>-<n>` whose pid is not a running process (nor this one).
    static func isStaleTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), let r = name.range(of: ".tmp-", options: .backwards) else { return false }
        let rest = name[r.upperBound...]
        guard let pid = Int32(rest.prefix { $0.isNumber }), pid > 0 else { return false }
        if pid == getpid() { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
