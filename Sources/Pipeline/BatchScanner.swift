import Foundation
import Ingest
import OCR
import PrescreenCore
import Reports
import StateStore
import Synchronization

/// Runs a scan: discovers applicants, checks the new and changed ones on a bounded pool of workers, re-uses
/// the reports of unchanged ones, writes every report and the batch index.
///
/// Pages, not files, are scheduled (``PageSchedule``): `jobs` workers take the next page of any admitted
/// applicant's attachments, so one long file or one large applicant does not leave the other workers idle.
/// Each worker owns one page reader for the whole run: a `_worker` child process under the pipeline's
/// limits (the CLI), or an in-process ``PageExtractor`` with its own recogniser (tests); either keeps one
/// tesseract engine. At most `jobs` pages are read at once; tesseract's own OpenMP threads are capped by
/// `OMP_THREAD_LIMIT`, set before the process starts. The worker whose page completes an applicant runs its
/// rules and writes its report.
///
/// Nothing is lost to a kill -9: a report is renamed into place before its state record is written, so
/// an applicant without a current record is simply checked again by the next run, and one with a record has
/// its complete report.
public final class BatchScanner: Sendable {
    /// Makes one recogniser; called once per worker, inside the worker.
    public typealias RecognizerFactory = @Sendable () throws -> any TextRecognizer

    let options: ScanOptions
    let policy: ScanPolicy
    let makeRecognizer: RecognizerFactory
    let progress: @Sendable (ProgressEvent) -> Void

    /// A scanner; `policy` says whether state is kept and where attachments are parsed.
    public init(options: ScanOptions, policy: ScanPolicy = ScanPolicy(),
                makeRecognizer: @escaping RecognizerFactory,
                progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in }) {
        self.options = options
        self.policy = policy
        self.makeRecognizer = makeRecognizer
        self.progress = progress
    }

    /// The outcome of a run, for the summary on stdout and the exit code.
    public struct Summary: Sendable {
        /// Every applicant present in ROOT (checked now or unchanged since an earlier run).
        public var entries: [BatchEntry]
        public var pages: Int
        public var ocrPages: Int
        public var seconds: Double
        /// Folder -> the violated rule ids, for flagged applicants.
        public var flagged: [String: [String]]
        /// Folders checked in this run (new, changed, forced, or without state).
        public var checked: Set<String> = []
        /// Applicants of earlier runs whose folder is gone (reports kept).
        public var removed: [BatchEntry] = []
        /// Attachments parsed (PDF/OCR) in this run, and attachments whose pages came from the page cache.
        public var extracted = 0
        public var cachedAttachments = 0

        public var flaggedCount: Int { entries.filter { $0.status == .flagged }.count }
        public var errorCount: Int { entries.filter { $0.status == .error }.count }
        public var passedCount: Int { entries.filter { $0.status == .pass }.count }
        /// Applicants whose unchanged earlier report was kept.
        public var reusedCount: Int { entries.count - checked.count }
        /// Flagged or failed applicants checked in this run: what cron mode reports.
        public var news: [BatchEntry] {
            entries.filter { $0.status != .pass && checked.contains($0.folder) }
        }
    }

    /// Runs the scan. Usage problems (ROOT missing, state locked by another scan) are `.usage`; disk and
    /// state failures are `.run`; a bad attachment is never an error.
    public func run() throws(ScanError) -> Summary {
        let start = ContinuousClock.now
        do {
            try ReportWriter.createOutputFolder(options.output)
        } catch {
            throw ScanError(.run, "无法创建报告目录 \(options.output)：\(error.message)；请检查其上级目录的权限和磁盘空间 "
                + "(cannot create the output folder)")
        }
        // The lock first: a second scan must leave at once, before it reads or writes anything else.
        var lock = policy.lock
        var openedStore: StateStore?
        if policy.incremental {
            let stateFile = policy.stateFile(output: options.output)
            do {
                try ReportWriter.createOutputFolder((stateFile as NSString).deletingLastPathComponent)
            } catch {
                throw ScanError(.run, "无法创建状态文件 \(stateFile) 所在的目录：\(error.message)；请检查 --state 的路径和权限 "
                    + "(cannot create the folder of the state file)")
            }
            if lock == nil {
                do {
                    lock = try StateLock(statePath: stateFile)
                } catch {
                    throw ScanError(error.code == .busy ? .usage : .run, error.message)
                }
            }
            do {
                openedStore = try StateStore(path: stateFile)
            } catch {
                throw ScanError(.run, error.message)
            }
        }
        let store = openedStore
        // Held to the end of the run (released when it goes out of scope).
        defer { withExtendedLifetime(lock) {} }
        let present: [ApplicantFolder]
        do {
            let found = try Discovery.applicants(root: options.root)
            present = options.shard?.select(found) ?? found
        } catch {
            // A layout mistake is one sentence saying what was found and what ROOT should be.
            throw ScanError(.usage, error.code == .layout || error.code == .rootMissing || error.code == .notADirectory
                ? error.message : "ROOT \(options.root)：\(error.message)")
        }
        // `--only`: the named applicants are checked (forced), the others keep their last outcome untouched.
        var selected = present
        var kept: [ApplicantProcessor.Outcome] = []
        if !options.only.isEmpty {
            let chosen = try Self.select(options.only, among: present, root: options.root)
            selected = present.filter { chosen.contains($0.name) }
            let output = self.options.output
            kept = present.filter { !chosen.contains($0.name) }.compactMap { Self.kept($0, store: store, output: output) }
        }
        let applicants = selected
        let writer = ReportWriter(outputDirectory: options.output)
        // Under the lock: temporary files a killed run left at a rename are removed (they may quote personal data).
        writer.removeStaleTemporaries()
        progress(.started(applicants: applicants.count))
        let pipelineDigest = Fingerprint.pipelineDigest(options.pipeline)
        var cache: PageCache?
        if let store {
            do {
                let run = try store.beginRun()
                cache = PageCache(store: store, extractionDigest: Fingerprint.extractionDigest(options.pipeline), run: run)
            } catch {
                throw ScanError(.run, error.message)
            }
        }
        let processor = ApplicantProcessor(options: options, writer: writer, cache: cache)
        let state = Mutex(RunState(outcomes: Array(repeating: nil, count: applicants.count)))
        let workers = max(1, options.jobs)
        let schedule = PageSchedule(applicants: applicants.count, workers: workers,
                                    wallSeconds: options.pipeline.limits.workerWallSeconds)
        let makeWorker = workerFactory()
        let progress = self.progress
        let options = self.options
        let force = policy.force || !options.only.isEmpty
        // Records a checked or unchanged applicant and lets another in.
        let settle: @Sendable (Int, ApplicantProcessor.Outcome, _ checked: Bool, _ started: ContinuousClock.Instant) -> Void = {
            i, outcome, checked, started in
            let done = state.withLock { s in
                s.outcomes[i] = outcome
                if checked {
                    s.checked.insert(applicants[i].name)
                    s.extracted += outcome.extracted
                    s.cached += outcome.cached
                }
                s.done += 1
                return s.done
            }
            schedule.settled()
            let d = ContinuousClock.now - started
            progress(.applicantDone(index: done, total: applicants.count, folder: applicants[i].name,
                                    status: outcome.entry.status.rawValue + (checked ? "" : " (unchanged)"),
                                    seconds: checked ? Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 : 0))
        }
        let body: @Sendable () -> Void = {
            // This worker's page reader (a child process, or an engine), made on first need, ended with the worker.
            var worker: (any PageWorker)?
            // Evidence pictures are made by the same worker, after its pages.
            let ownWorker: () -> any PageWorker = {
                if let existing = worker { return existing }
                let made = makeWorker()
                worker = made
                return made
            }
            while let action = schedule.next() {
                do throws(ScanError) {
                    switch action {
                    case .admit(let i):
                        let folder = applicants[i]
                        let started = ContinuousClock.now
                        state.withLock { $0.admitted += 1 }
                        let (attachments, skipped) = Discovery.attachments(of: folder, root: options.root)
                        var digest = ""
                        if let store {
                            digest = Fingerprint(folder: folder, attachments: attachments, skipped: skipped,
                                                 pipelineDigest: pipelineDigest,
                                                 maxFileBytes: options.pipeline.limits.maxFileBytes,
                                                 root: options.root).digest
                            if !force, let kept = try Self.unchanged(folder, digest: digest, store: store, options: options) {
                                settle(i, kept, false, started)
                                continue
                            }
                        }
                        let prepared = try processor.prepare(folder, attachments: attachments, skipped: skipped)
                        state.withLock { $0.pagesKnown += prepared.pending.count }
                        let work = ApplicantWork(index: i, digest: digest, started: started, prepared: prepared)
                        if prepared.pending.isEmpty {
                            try Self.finish(work, processor: processor, store: store, settle: settle, worker: ownWorker())
                        } else {
                            schedule.admitted(work)
                        }
                    case .page(let task, let request):
                        let reply = ownWorker().read(request)
                        let pages = state.withLock { s in
                            s.pagesDone += 1
                            if task.page == 1, reply.problem == nil, reply.pageCount > 1 { s.pagesKnown += reply.pageCount - 1 }
                            return (s.pagesDone, s.pagesKnown, s.admitted)
                        }
                        progress(.pages(done: pages.0, known: pages.1, admitted: pages.2))
                        if let work = schedule.answered(task, reply) {
                            try Self.finish(work, processor: processor, store: store, settle: settle, worker: ownWorker())
                        }
                    case .finish(let work):
                        try Self.finish(work, processor: processor, store: store, settle: settle, worker: ownWorker())
                    }
                } catch {
                    schedule.fail(error)
                }
            }
        }
        // Plain threads, not a dispatch pool: a worker mostly waits on its child process, and `--jobs` above
        // the core count must still mean that many readers.
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                body()
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
        let (outcomes, checked) = state.withLock { ($0.outcomes, $0.checked) }
        let (extracted, cachedAttachments) = state.withLock { ($0.extracted, $0.cached) }
        if let failure = schedule.recordedFailure { throw failure }
        let done = outcomes.compactMap { $0 }
        let entries = (done + kept).map(\.entry)
        var removed: [BatchEntry] = []
        if let store {
            do {
                let gone = try store.markRemoved(keeping: Set(present.map(\.name)))
                // A shard's state may hold applicants of another shard (state carried over from another N).
                removed = gone.filter { options.shard?.contains(folder: $0.folder) ?? true }.compactMap { r in
                    guard var e = try? JSONDecoder().decode(ApplicantProcessor.Outcome.self, from: r.outcome).entry
                    else { return nil }
                    e.status = .removed
                    e.reportPath = nil
                    return e
                }
                if let cache { try store.pruneExtractions(olderThan: cache.run, keepRuns: Self.cacheRuns) }
            } catch {
                throw ScanError(.run, error.message)
            }
        }
        // A shard sees only its part of the batch: `prescreen index` writes the batch files from every report.
        if options.shard == nil {
            try BatchIndex.write(entries + removed, writer: writer)
        }
        let d = ContinuousClock.now - start
        var flagged: [String: [String]] = [:]
        for o in done + kept where !o.flagged.isEmpty { flagged[o.entry.folder] = Array(Set(o.flagged)).sorted() }
        return Summary(entries: entries, pages: done.reduce(0) { $0 + $1.pages },
                       ocrPages: done.reduce(0) { $0 + $1.ocrPages },
                       seconds: Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18,
                       flagged: flagged, checked: checked, removed: removed, extracted: extracted,
                       cachedAttachments: cachedAttachments)
    }

    /// Page-cache entries unused for this many runs are dropped (attachments replaced long ago).
    static let cacheRuns: Int64 = 50

    /// Makes one worker's page reader, per the policy's isolation.
    private func workerFactory() -> @Sendable () -> any PageWorker {
        let settings = options.pipeline.extraction
        let limits = options.pipeline.limits
        let factory = makeRecognizer
        switch policy.isolation {
        case .inProcess:
            return { InProcessPageWorker(settings: settings, limits: limits, makeRecognizer: factory) }
        case .workerProcesses(let executable):
            return { WorkerProcess(executable: executable, settings: settings, limits: limits) }
        }
    }

    /// Finishes an applicant whose pages are all read: report, then its state record, then the tally.
    static func finish(_ work: ApplicantWork, processor: ApplicantProcessor, store: StateStore?,
                       settle: (Int, ApplicantProcessor.Outcome, Bool, ContinuousClock.Instant) -> Void,
                       worker: (any PageWorker)? = nil) throws(ScanError) {
        let outcome = try processor.finish(work.prepared, read: work.outcomes, started: work.started, worker: worker)
        if let store {
            // After the report is in place: a record always stands for a complete report.
            try record(outcome, folder: work.prepared.folder, digest: work.digest, store: store)
        }
        settle(work.index, outcome, true, work.started)
        // The applicant's files, pages and evidence are gone: give their memory back (see releaseFreedMemory).
        releaseFreedMemory()
    }

    /// The stored outcome of `folder` when its digest is unchanged and its report is still there.
    static func unchanged(_ folder: ApplicantFolder, digest: String, store: StateStore,
                          options: ScanOptions) throws(ScanError) -> ApplicantProcessor.Outcome? {
        let record: ApplicantRecord?
        do {
            record = try store.applicant(folder.name)
        } catch {
            throw ScanError(.run, error.message)
        }
        // An outcome stored before the entries carried their findings is checked again (from the page cache),
        // so that every row of the index lists its rules.
        guard let record, record.digest == digest,
              let outcome = try? JSONDecoder().decode(ApplicantProcessor.Outcome.self, from: record.outcome),
              outcome.entry.findings != nil
        else { return nil }
        // A report deleted by hand (or an output folder emptied) is rewritten; so is a report.html lost beside
        // its report.json. An outcome that was not about the file (a killed reader) is tried again.
        let dir = ReportWriter(outputDirectory: options.output).applicantDirectory(folder.name)
        guard outcome.retry != true, FileManager.default.fileExists(atPath: dir + "/report.json"),
              FileManager.default.fileExists(atPath: dir + "/report.html") else { return nil }
        if record.removed {
            // The folder came back unchanged: it is present again.
            try Self.record(outcome, folder: folder, digest: digest, store: store)
        }
        return outcome
    }

    /// The folder names `--only` selects: each value is an applicant id (applicant.yml's `id:`, else the folder's
    /// name) or a folder name; a value that names nobody is a usage error listing it and some that exist.
    static func select(_ values: [String], among folders: [ApplicantFolder], root: String) throws(ScanError) -> Set<String> {
        var ids: [String: [String]] = [:]
        for folder in folders {
            if case .loaded(let m, _) = ManifestLoader.load(folder: folder, root: root) {
                ids[m.id, default: []].append(folder.name)
            }
        }
        let names = Set(folders.map(\.name))
        var chosen: Set<String> = []
        var unknown: [String] = []
        for value in values {
            let byID = ids[value] ?? []
            if names.contains(value) || !byID.isEmpty {
                if names.contains(value) { chosen.insert(value) }
                chosen.formUnion(byID)
            } else {
                unknown.append(value)
            }
        }
        guard unknown.isEmpty else {
            let some = folders.prefix(5).map(\.name).joined(separator: "、") + (folders.count > 5 ? "……" : "")
            let listed = unknown.map { "'\($0)'" }.joined(separator: "、")
            throw ScanError(.usage, "--only \(listed)：ROOT \(root) 中没有这个申请人编号或文件夹名（现有：\(some.isEmpty ? "无" : some)）；"
                + "请检查拼写，编号即 applicant.yml 的 id，未填写时为文件夹名 "
                + "(no applicant with this id or folder name under ROOT; check the spelling)")
        }
        return chosen
    }

    /// The last outcome of an applicant `--only` leaves alone: its state record, whatever its digest, else its
    /// report.json in DIR; nil when it was never checked into DIR (it has no row yet and gets none).
    static func kept(_ folder: ApplicantFolder, store: StateStore?, output: String) -> ApplicantProcessor.Outcome? {
        if let record = try? store?.applicant(folder.name), !record.removed,
           let outcome = try? JSONDecoder().decode(ApplicantProcessor.Outcome.self, from: record.outcome),
           outcome.entry.findings != nil {
            return outcome
        }
        let path = ReportWriter(outputDirectory: output).applicantDirectory(folder.name) + "/report.json"
        guard let data = FileManager.default.contents(atPath: path),
              let report = try? JSONDecoder().decode(Report.self, from: data), report.applicant.folder == folder.name
        else { return nil }
        return ApplicantProcessor.Outcome(entry: BatchEntry(report), pages: report.stats.pages,
                                          ocrPages: report.stats.ocrPages,
                                          flagged: report.findings.filter { $0.severity == .violation }.map(\.rule.rawValue))
    }

    static func record(_ outcome: ApplicantProcessor.Outcome, folder: ApplicantFolder, digest: String,
                       store: StateStore) throws(ScanError) {
        do {
            let data = try JSONEncoder().encode(outcome)
            try store.save(ApplicantRecord(folder: folder.name, digest: digest, outcome: data))
        } catch let e as StateError {
            throw ScanError(.run, e.message)
        } catch {
            throw ScanError(.run, "无法保存 \(folder.name) 的检查状态 (cannot encode the state of an applicant)")
        }
    }
}

/// The shared bookkeeping of a run's workers, behind one lock.
struct RunState: Sendable {
    var done = 0
    /// For the progress display: applicants taken up, pages read, pages known to be read.
    var admitted = 0
    var pagesDone = 0
    var pagesKnown = 0
    var outcomes: [ApplicantProcessor.Outcome?]
    var checked: Set<String> = []
    var extracted = 0
    var cached = 0
}
