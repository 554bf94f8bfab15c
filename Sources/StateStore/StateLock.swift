#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PrescreenCore

/// An exclusive lock on a state file, held for the whole scan: `flock` on its `.lock` sibling.
///
/// A second scan on the same state (cron overlap) fails at once with ``StateError/Code/busy`` instead of
/// waiting or touching anything. The kernel drops the lock when the process dies, kill -9 included, so a
/// crashed scan never leaves a stale lock behind. The descriptor is close-on-exec: worker child processes
/// must not inherit (and so keep) the lock.
public final class StateLock: Sendable {
    /// The lock file's path: the state file's path + `.lock`.
    public let path: String
    private let fd: Int32

    /// Takes the lock without waiting, or throws `busy` when another process holds it.
    public init(statePath: String) throws(StateError) {
        let path = statePath + ".lock"
        let fd: Int32
        do {
            fd = try SystemCall.retrying("open") { open(path, O_RDWR | O_CREAT | O_CLOEXEC, StateStore.fileMode) }
        } catch {
            throw StateError(.unusable, "cannot open the lock file \(path): \(error.reason)"
                + StateAdvice.forErrno(error.errno, path: statePath), cause: error)
        }
        do {
            try SystemCall.retrying("flock") { flock(fd, LOCK_EX | LOCK_NB) }
        } catch {
            close(fd)
            if error.errno == EWOULDBLOCK {
                throw StateError(.busy, "另一个检查正在使用状态文件 \(statePath)，本次未做任何事；等它结束即可，下一次定时运行会照常检查（cron 重叠，退出码 75）"
                    + " (another prescreen scan is running on the state \(statePath); "
                    + "this run exits without touching anything: cron overlap)", cause: error)
            }
            throw StateError(.unusable, "cannot lock \(path): \(error.reason)", cause: error)
        }
        self.path = path
        self.fd = fd
    }

    deinit {
        // Closing the descriptor releases the flock.
        close(fd)
    }
}
