#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GRDB

extension StateStore {
    /// Makes a new state file at `target` holding a copy of the state at `source` (SQLite's online backup, so
    /// the copy is consistent even if the source's last transactions are still in its WAL).
    ///
    /// Used when a batch is split differently (`--shard K/N` with a new N): shard K starts from the state of
    /// an earlier shard K, whose applicants mostly stay with it, instead of from nothing. The copy is written
    /// to a temporary file and renamed into place; an existing `target` is never overwritten. The caller holds
    /// the locks of both states.
    public static func seed(_ target: String, from source: String) throws(StateError) {
        let temp = target + ".seed-\(getpid())"
        let fd = open(temp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else {
            throw StateError(.unusable, "cannot create \(temp): \(String(cString: strerror(errno)))")
        }
        close(fd)
        var ok = false
        defer {
            if !ok { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temp + suffix) } }
        }
        do {
            var readOnly = Configuration()
            readOnly.readonly = true
            let from = try DatabaseQueue(path: source, configuration: readOnly)
            let to = try DatabaseQueue(path: temp)
            try from.backup(to: to)
            try to.close()
            try from.close()
        } catch {
            throw StateError(.unusable, "cannot copy the state \(source) (\(describe(error)))")
        }
        // link(2) fails when `target` exists: a state made meanwhile is kept.
        guard link(temp, target) == 0 else {
            throw StateError(.unusable, "cannot create the state file \(target): \(String(cString: strerror(errno)))")
        }
        unlink(temp)
        ok = true
    }
}
