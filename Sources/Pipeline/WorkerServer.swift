#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import OCR
import PipelineConfig
import PrescreenCore

/// The child side of crash isolation: `prescreen _worker` reads pages until its stdin closes.
///
/// poppler, tesseract and leptonica run here on untrusted uploads, under `setrlimit` limits from the
/// pipeline's `limits:` (address space once per job, CPU time per page on top of what the child used so far).
/// A crash or a limit kills only this process; the scan turns that into `input/unreadable` and starts a new
/// child. The tesseract engine is made once per child and re-used across pages; the attachment opened last
/// stays open for its next pages.
public enum WorkerServer {
    /// Serves jobs on stdin/stdout; returns the exit status (0 when the parent closed the channel).
    ///
    /// `parentPID` is the scan's process id: the child also dies with it (`PR_SET_PDEATHSIG`), so a kill -9
    /// of the scan leaves no orphan burning CPU.
    /// `makeRecognizer` gets the job's extraction settings (engine, tesseract languages).
    public static func serve(parentPID: Int32,
                             makeRecognizer: @escaping @Sendable (PipelineDefinition.Extraction) throws -> any TextRecognizer)
        -> Int32 {
        #if os(Linux)
        setParentDeathSignal(SIGKILL)
        #endif
        // The parent may already have died before the death signal was armed.
        guard getppid() == parentPID else { return 0 }
        closeInheritedDescriptors()
        // Ignored or blocked signals survive exec: whoever started the scan (a test runner, a cron wrapper)
        // may have ignored SIGXCPU, and then the CPU limit would never end a runaway parse.
        signal(SIGXCPU, SIG_DFL)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGXCPU)
        sigaddset(&unblock, SIGKILL)
        _ = sigprocmask(SIG_UNBLOCK, &unblock, nil)
        // The protocol owns the original stdout; anything else printing to fd 1 (a library's chatter) goes
        // to /dev/null instead of corrupting a frame.
        let channel = dup(1)
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard channel >= 0, null >= 0, dup2(null, 1) >= 0 else { return 70 }
        close(null)
        let faults = ProcessInfo.processInfo.environment["PRESCREEN_TEST_FAULTS"] == "1"
        var worker: InProcessPageWorker?
        var trim = TrimPolicy()
        while true {
            let header: Data
            do {
                header = try WorkerProtocol.readFrame(0)
            } catch .closed {
                return 0
            } catch {
                return 65
            }
            guard let job = try? JSONDecoder().decode(WorkerJob.self, from: header) else {
                // Whether bytes follow is unknown: the channel cannot be trusted any more.
                return 65
            }
            var data: Data?
            if job.bytesFollow {
                do {
                    data = try WorkerProtocol.readFrame(0)
                } catch .closed {
                    return 0
                } catch {
                    return 65
                }
            }
            applyLimits(job.limits)
            if faults, let data { injectFault(data, evidenceJob: job.evidence != nil) }
            let settings = job.settings
            let w = worker ?? InProcessPageWorker(settings: job.settings, limits: job.limits,
                                                  makeRecognizer: { try makeRecognizer(settings) })
            worker = w
            let answer: Data
            if let items = job.evidence {
                guard let data else { return 65 }
                let pictures = w.evidence(EvidenceRequest(data: data, format: job.format, items: items))
                guard let encoded = try? JSONEncoder().encode(EvidenceReply(pictures: pictures)) else { return 70 }
                answer = encoded
            } else {
                let reply = w.read(PageRequest(key: job.key, data: data, format: job.format, page: job.page))
                guard let encoded = try? JSONEncoder().encode(reply) else { return 70 }
                answer = encoded
            }
            do {
                try WorkerProtocol.writeFrame(channel, answer)
            } catch {
                return 0
            }
            trim.afterJob()
        }
    }

    /// When a child hands its free heap back: after a job only once its RSS has grown ``slackMB`` past what it
    /// was after the last trim. Trimming after every page made the next page fault its buffers in again
    /// (perf: kernel 4.4% of a scan run against 2.7% without), while a child replaced after `worker_max_files`
    /// text attachments and trimmed at this slack peaks only a little higher (3 vs 26 applicants: 480/580 MB in
    /// all with every page trimmed; see the README's Performance for the figures with this policy).
    struct TrimPolicy {
        /// Growth (MiB) of the resident set since the last trim that triggers the next.
        static let slackMB = 48
        private var trimmedAtMB: Int?

        mutating func afterJob() {
            guard let now = residentMB() else {
                releaseFreedMemory()
                return
            }
            if let last = trimmedAtMB, now < last + Self.slackMB { return }
            releaseFreedMemory()
            trimmedAtMB = residentMB() ?? now
        }

        /// This process's resident set in MiB, from /proc/self/statm (nil where there is none).
        private func residentMB() -> Int? {
            guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
            let fields = statm.split(separator: " ")
            guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE))) >> 20
        }
    }

    /// Closes every descriptor above stderr: ones the scan inherited from whoever started it (a pipe of a
    /// cron wrapper or a test) must not be held open by a child that outlives a job.
    static func closeInheritedDescriptors() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        // Listing /proc/self/fd opens one descriptor of its own; closing it after the listing is harmless.
        for fd in names.compactMap(Int32.init) where fd > 2 { close(fd) }
    }

    /// Address space for the whole child; CPU time for this job on top of what the child already used (the
    /// limit counts from process start, and a child serves many jobs).
    static func applyLimits(_ limits: PipelineDefinition.Limits) {
        let bytes = rlim_t(max(256, limits.workerMemoryMB)) << 20
        setSoftLimit(RLIMIT_AS_RESOURCE, bytes)
        var usage = rusage()
        #if os(Linux)
        _ = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        _ = getrusage(RUSAGE_SELF, &usage)
        #endif
        let used = rlim_t(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1
        // The soft limit sends SIGXCPU, which ends the process: the parent reports it as the CPU limit.
        setSoftLimit(RLIMIT_CPU_RESOURCE, used + rlim_t(limits.workerCPUSeconds))
    }

    /// Sets a soft limit, never above the hard one (which an unprivileged process cannot raise).
    private static func setSoftLimit(_ resource: RlimitResource, _ value: rlim_t) {
        var l = rlimit()
        guard getrlimit(resource, &l) == 0 else { return }
        l.rlim_cur = min(value, l.rlim_max)
        _ = setrlimit(resource, &l)
    }

    /// Test hook (only with `PRESCREEN_TEST_FAULTS=1` in the environment): an attachment whose first 64 bytes
    /// hold `PRESCREEN-FAULT:<kind>` makes this child crash, hang, spin, or allocate without end, so tests can
    /// prove each becomes a finding while the batch goes on; `evcrash` crashes only in an evidence job.
    static func injectFault(_ data: Data, evidenceJob: Bool = false) {
        let marker = Data("PRESCREEN-FAULT:".utf8)
        guard let range = data.prefix(64).range(of: marker) else { return }
        let kind = String(decoding: data[range.upperBound...].prefix(8).prefix { $0 != 0x0A }, as: UTF8.self)
        switch kind {
        case "evcrash":
            // Crashes only while making evidence pictures: the file's pages read normally.
            if evidenceJob, let p = UnsafeMutablePointer<Int>(bitPattern: 8) { p.pointee = 1 }
        case "crash":
            // A real invalid write, as a parser bug would make (a raised signal returns through the Swift
            // runtime's crash handler instead).
            if let p = UnsafeMutablePointer<Int>(bitPattern: 8) { p.pointee = 1 }
        case "hang":
            while true { sleep(60) }
        case "spin":
            var x: UInt64 = 1
            while x != 0 { x = x &* 6364136223846793005 &+ 1442695040888963407 }
        case "memory":
            // Leaks on purpose until the address-space limit makes malloc fail.
            while let p = malloc(64 << 20) { memset(p, 1, 64 << 20) }
            // What a C++ library does when `new` fails: std::terminate, i.e. abort.
            abort()
        default:
            return
        }
    }
}

#if os(Linux)
/// `prctl(PR_SET_PDEATHSIG, signal)`: prctl is variadic, so Swift cannot call it directly; it is looked up
/// and called with its fixed-argument form (integer arguments pass the same way on Linux ABIs).
private func setParentDeathSignal(_ signal: Int32) {
    typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    guard let symbol = dlsym(nil, "prctl") else { return }
    let prctl = unsafeBitCast(symbol, to: Prctl.self)
    let PR_SET_PDEATHSIG: Int32 = 1
    _ = prctl(PR_SET_PDEATHSIG, UInt(signal), 0, 0, 0)
}

/// `malloc_trim(0)`: hands the heap's free pages back to the system. glibc keeps what a page's bitmaps and
/// tesseract's per-page structures freed, so without it a process's RSS creeps up with the pages it has read
/// (measured: worker children 180 -> 320 MB over 500 pages); with it, memory follows the page in hand, not
/// the batch. Not in Glibc's Swift module, so looked up like `prctl`. The call costs about a millisecond; the
/// pages it returns are faulted in again when next needed, so children call it through ``WorkerServer/TrimPolicy``.
public func releaseFreedMemory() {
    typealias MallocTrim = @convention(c) (Int) -> Int32
    guard let symbol = dlsym(nil, "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
}

private typealias RlimitResource = __rlimit_resource_t
private let RLIMIT_AS_RESOURCE = __rlimit_resource_t(RLIMIT_AS.rawValue)
private let RLIMIT_CPU_RESOURCE = __rlimit_resource_t(RLIMIT_CPU.rawValue)
#else
/// No-op where glibc's `malloc_trim` does not exist.
public func releaseFreedMemory() {}

private typealias RlimitResource = Int32
private let RLIMIT_AS_RESOURCE = RLIMIT_AS
private let RLIMIT_CPU_RESOURCE = RLIMIT_CPU
#endif
