#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import PipelineConfig
import PrescreenCore
import Synchronization

/// The parent side of crash isolation: one `_worker` child process per pool worker, spawned on first use
/// and again after every crash, hang or limit hit.
///
/// A page that does not come back before its attachment's wall-clock budget (`worker_wall_seconds` from the
/// attachment's first page) gets the child killed (SIGKILL). A child that dies (crash, SIGXCPU from its
/// per-page CPU limit, an allocation failure under its address-space limit) makes the attachment
/// `input/unreadable` with the reason; the next page gets a fresh child.
final class WorkerProcess: PageWorker {
    /// The binary to run (`/proc/self/exe` for the CLI, the built `prescreen` for tests).
    let executable: String
    let settings: PipelineDefinition.Extraction
    let limits: PipelineDefinition.Limits
    private var child: Child?
    /// The key of the attachment the current child holds open (it was sent the bytes and read a page).
    private var held: String?
    /// Attachments with a text layer the current child has rendered (pages or evidence); at `worker_max_files` it
    /// is replaced before the next attachment. Only these count: poppler and cairo keep the fonts of every
    /// document drawn with text, while a scan or a photo leaves nothing behind (measured: a child's RSS grew
    /// ~0.9 MB per text PDF; once its engines were loaded it stayed within 224–249 MB, without a trend, over
    /// ~100 image-only PDFs), so a child reading scans is never
    /// replaced and pays tesseract's start-up once (each replacement cost ~0.4 s of a core).
    private var textFiles = 0
    /// Whether the attachment held by the child has been counted in ``textFiles``.
    private var heldCounted = false
    /// Children started so far (the first, replacements, and restarts after a failure).
    private(set) var childrenStarted = 0

    /// A running child: its pid, and the parent's ends of its stdin and stdout.
    private struct Child {
        let pid: pid_t
        let input: Int32
        let output: Int32
    }

    init(executable: String, settings: PipelineDefinition.Extraction, limits: PipelineDefinition.Limits) {
        self.executable = executable
        self.settings = settings
        self.limits = limits
        // A child that dies while we write its job must be an EPIPE for us, not a SIGPIPE that kills the scan.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        if let child { stop(child) }
    }

    /// The running child, or a fresh one; a child that has been sent its share of attachments first makes way
    /// for a fresh one (font caches: see `worker_max_files`), only before another attachment is sent.
    private func childFor(sending: Bool) -> Child? {
        if let c = self.child, sending, textFiles >= limits.workerMaxFiles {
            stop(c)
            self.child = nil
            held = nil
        }
        if let c = self.child { return c }
        guard let c = spawn() else { return nil }
        self.child = c
        textFiles = 0
        childrenStarted += 1
        return c
    }

    /// Reads a page; a failure that is not about the file (the child killed by a signal the scan did not
    /// send, as the OOM killer or an administrator does, or a child that could not be started) is tried once
    /// more on a fresh child, so a good file is not reported unreadable because of the moment.
    func read(_ request: PageRequest) -> PageReply {
        let first = readOnce(request)
        guard first.transient else { return first.reply }
        var second = readOnce(request)
        if second.transient { second.reply.notAboutTheFile = true }
        return second.reply
    }

    private func readOnce(_ request: PageRequest) -> (reply: PageReply, transient: Bool) {
        guard let child = childFor(sending: held != request.key) else {
            return (.failure("无法启动读取进程 (cannot start the reader process)", cacheable: false), true)
        }
        // The bytes cross the pipe once per child and attachment: later pages of it are asked by key.
        let send = held != request.key
        guard !send || request.data != nil else {
            return (.failure("内部错误 (internal error: page asked of an attachment not held)", cacheable: false), false)
        }
        if send { heldCounted = false }
        let job = WorkerJob(key: request.key, format: request.format, page: request.page, bytesFollow: send,
                            settings: settings, limits: limits)
        guard let header = try? JSONEncoder().encode(job) else {
            return (.failure("内部错误 (internal error: job)", cacheable: false), false)
        }
        let deadline = request.deadline ?? ContinuousClock.now + .seconds(limits.workerWallSeconds)
        do {
            try WorkerProtocol.writeFrame(child.input, header)
            if send, let data = request.data { try WorkerProtocol.writeFrame(child.input, data) }
            // Until the answer comes, the child's state is unknown.
            held = nil
            let answer = try WorkerProtocol.readFrame(child.output, deadline: deadline)
            guard let reply = try? JSONDecoder().decode(PageReply.self, from: answer) else {
                discard(child)
                return (.failure("读取进程返回了无效结果 (the reader process sent a broken answer)", cacheable: false), false)
            }
            // A child that could not read the attachment let go of it.
            held = reply.problem == nil ? request.key : nil
            if !heldCounted, reply.content?.textLayer != nil {
                textFiles += 1
                heldCounted = true
            }
            return (reply, false)
        } catch .timedOut {
            discard(child)
            return (.failure("读取超时，超过\(limits.workerWallSeconds)秒 (took longer than \(limits.workerWallSeconds) s)",
                             cacheable: false), false)
        } catch {
            let status = discard(child)
            return (.failure(Self.describe(status: status, limits: limits), cacheable: false),
                    Self.killedFromOutside(status: status))
        }
    }

    /// Evidence pictures made by the child (its attachment held for pages stays held); empty when the child
    /// fails, which also ends it (the next job gets a fresh one).
    func evidence(_ request: EvidenceRequest) -> [Int: Data] {
        guard !request.items.isEmpty, let child = childFor(sending: true) else { return [:] }
        if request.drawsText { textFiles += 1 }
        let job = WorkerJob(key: "", format: request.format, page: 0, bytesFollow: true, settings: settings,
                            limits: limits, evidence: request.items)
        guard let header = try? JSONEncoder().encode(job) else { return [:] }
        do {
            try WorkerProtocol.writeFrame(child.input, header)
            try WorkerProtocol.writeFrame(child.input, request.data)
            let answer = try WorkerProtocol.readFrame(child.output,
                                                      deadline: ContinuousClock.now + .seconds(limits.workerWallSeconds))
            guard let reply = try? JSONDecoder().decode(EvidenceReply.self, from: answer) else {
                discard(child)
                return [:]
            }
            return reply.pictures
        } catch {
            discard(child)
            return [:]
        }
    }

    /// Whether a child that ended by itself was killed by a signal nobody sends for the file's sake: SIGKILL
    /// (the OOM killer, `kill -9`; the scan's own SIGKILL after a timeout is never seen here), SIGTERM, SIGINT
    /// or SIGHUP. Crashes (SIGSEGV, SIGABRT, SIGBUS: a hostile file, or memory over `worker_memory_mb`) and
    /// SIGXCPU are about the file.
    static func killedFromOutside(status: Int32?) -> Bool {
        guard let status else { return false }
        let signal = status & 0x7f
        return signal == SIGKILL || signal == SIGTERM || signal == SIGINT || signal == SIGHUP
    }

    /// Why a child ended, for the finding (wait status as `waitpid` gives it).
    static func describe(status: Int32?, limits: PipelineDefinition.Limits) -> String {
        guard let status else { return "读取进程意外退出 (the reader process ended unexpectedly)" }
        let signal = status & 0x7f
        if signal == 0 {
            return "读取进程意外退出 (the reader process exited with status \((status >> 8) & 0xff))"
        }
        if killedFromOutside(status: status) {
            return "读取进程被外部终止（signal \(signal)，可能是系统内存不足），不是文件本身的问题，下次检查时会重试 "
                + "(the reader process was killed from outside, signal \(signal): not the file's fault; tried again next run)"
        }
        if signal == SIGXCPU {
            return "读取超出 CPU 时间上限\(limits.workerCPUSeconds)秒 (CPU time limit of \(limits.workerCPUSeconds) s hit)"
        }
        return "读取时崩溃或超出内存上限\(limits.workerMemoryMB) MB (the reader crashed or ran out of memory: signal \(signal))"
    }

    // MARK: - Process management

    /// Starts a child: `executable _worker --parent <pid>` with pipes on stdin/stdout and stderr on /dev/null
    /// (no page text or library chatter reaches the scan's logs).
    private func spawn() -> Child? {
        // One spawn at a time: between pipe() and FD_CLOEXEC another worker's spawn would copy these ends
        // into its child, which would then keep a dead sibling's channel open (pipe2 is not in Glibc's
        // Swift module).
        Self.spawnLock.withLock { _ in spawnLocked() }
    }

    private static let spawnLock = Mutex(())

    private func spawnLocked() -> Child? {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { return nil }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0])
            close(toChild[1])
            return nil
        }
        for fd in toChild + fromChild where fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 {
            for f in toChild + fromChild { close(f) }
            return nil
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 onto 0 and 1 clears close-on-exec on the copies only.
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let args = [executable, WorkerProtocol.subcommand, "--parent", String(getpid())]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard rc == 0 else {
            close(toChild[1])
            close(fromChild[0])
            return nil
        }
        return Child(pid: pid, input: toChild[1], output: fromChild[0])
    }

    /// Kills and reaps a child that failed; returns its wait status when it had already ended by itself.
    @discardableResult
    private func discard(_ child: Child) -> Int32? {
        self.child = nil
        held = nil
        close(child.input)
        close(child.output)
        var status: Int32 = 0
        // A child that died on its own is reaped with its real status (the reason); give it a moment to finish
        // dying (its pipe closes a little before the process is gone).
        for _ in 0..<50 {
            // A failure (ECHILD: nothing left to reap) means there is no status to report.
            guard let r = try? SystemCall.retrying("waitpid", { waitpid(child.pid, &status, WNOHANG) }) else {
                return nil
            }
            if r == child.pid { return status }
            usleep(10_000)
        }
        kill(child.pid, SIGKILL)
        reap(child.pid)
        return nil
    }

    /// Ends an idle child at the end of the run: closing its stdin ends its loop; reap it.
    private func stop(_ child: Child) {
        close(child.input)
        close(child.output)
        var status: Int32 = 0
        for _ in 0..<100 {
            // Reaped (its pid) or not ours to reap any more (a failure): done either way.
            if (try? SystemCall.retrying("waitpid", { waitpid(child.pid, &status, WNOHANG) })) != 0 { return }
            usleep(10_000)
        }
        kill(child.pid, SIGKILL)
        reap(child.pid)
    }

    /// Waits for a killed child to be gone. Its status is not wanted, and the only failure left once EINTR is
    /// retried is ECHILD (already reaped), after which there is nothing to wait for.
    private func reap(_ pid: pid_t) {
        var status: Int32 = 0
        _ = try? SystemCall.retrying("waitpid") { waitpid(pid, &status, 0) }
    }
}
