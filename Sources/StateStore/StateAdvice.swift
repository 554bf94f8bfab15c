#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GRDB

/// The one thing to do when the state cannot be used, by its real cause: a corrupted file is moved aside, a
/// read-only one made writable, a full disk freed. ("check the disk" was said for all three.)
enum StateAdvice {
    /// For an `open(2)` failure on the state or its lock file.
    static func forErrno(_ err: Int32, path: String) -> String {
        switch err {
        case EROFS:
            return "；文件系统只读，请换一个可写的 --out，或用 --state 指向可写的位置 "
                + "(read-only file system: choose a writable --out, or pass --state on a writable disk)"
        case EACCES, EPERM:
            return "；没有写权限，请让运行 prescreen 的用户可写 \(path) 及其目录，或用 --state 指向别处 "
                + "(no permission: make it and its folder writable for this user, or pass --state elsewhere)"
        case ENOSPC, EDQUOT: return "；磁盘已满，请释放空间 (disk full: free some space)"
        case ENOENT, ENOTDIR: return "；其所在的目录不存在 (its folder does not exist)"
        default: return ""
        }
    }

    /// For an SQLite error, or nil when there is nothing more specific to say.
    static func forDatabase(_ error: any Error, path: String?) -> String? {
        guard let e = error as? DatabaseError else { return nil }
        let file = path ?? "the state file"
        switch e.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "；状态文件已损坏，请将其移走（mv \(file) \(file).bad），下次运行会新建状态并重新检查所有申请人 "
                + "(the state file is corrupted: move it aside; the next run starts afresh and re-checks everyone)"
        case .SQLITE_READONLY:
            return "；状态文件只读，请让运行 prescreen 的用户可写 \(file) 及其目录，或用 --state 指向别处 "
                + "(the state file is read-only: make it and its folder writable, or pass --state elsewhere)"
        case .SQLITE_FULL: return "；磁盘已满，请释放空间 (disk full: free some space)"
        case .SQLITE_IOERR: return "；读写磁盘出错，请检查磁盘 (an I/O error: check the disk)"
        case .SQLITE_CANTOPEN:
            return "；无法打开，请检查 \(file) 的目录是否存在且可写 (cannot open: check that its folder exists and is writable)"
        default: return nil
        }
    }
}
