import Foundation
import PrescreenCore

/// The work queue of a scan: applicants are admitted a few at a time, and their attachments' pages go to
/// whichever worker is free, across attachments and applicants.
///
/// Order: pages of admitted applicants come before admitting another one, an applicant's files are started
/// largest first (``admitted(_:)``), and the pages of an attachment whose first page has answered go to the
/// front of the queue, so applicants finish in about the order they
/// started and the worker that opened a file usually reads its next page too. At most ``maxInFlight``
/// applicants are in progress: what the scan holds in memory (their files' bytes and read pages) follows the
/// pool, not the batch.
///
/// Every piece of mutable state is guarded by `condition`; workers block in ``next()`` until there is
/// something to do, and leave when the batch is done or a run error was recorded.
final class PageSchedule: @unchecked Sendable {
    /// One thing for a worker to do.
    enum Action {
        /// Check applicant `index`: digest, unchanged test, prepare; then ``admitted(_:)`` or ``settled(_:_:)``.
        case admit(Int)
        /// Read one page, then ``answered(_:_:)``.
        case page(PageTask, PageRequest)
        /// Every page of an applicant is in: finish it, then ``settled(_:_:)``.
        case finish(ApplicantWork)
    }

    let applicantCount: Int
    let maxInFlight: Int
    /// An attachment's wall-clock budget, from its first page.
    let wallBudget: Duration

    private let condition = NSCondition()
    private var nextApplicant = 0
    private var inFlight = 0
    private var queue: [PageTask] = []
    private var failure: ScanError?

    init(applicants: Int, workers: Int, wallSeconds: Int) {
        applicantCount = applicants
        // One applicant more than workers: while one is being finished or admitted, the others have pages.
        maxInFlight = workers + 1
        wallBudget = .seconds(wallSeconds)
    }

    /// The next thing to do, waiting while other workers may still produce pages; nil when the run is over.
    func next() -> Action? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if failure != nil { return nil }
            while !queue.isEmpty {
                let task = queue.removeFirst()
                let work = task.work
                if work.attachments[task.attachment].problem != nil {
                    // The attachment is already unreadable: its remaining pages are not read.
                    if work.settle() { return .finish(work) }
                    continue
                }
                return .page(task, request(for: task))
            }
            if inFlight < maxInFlight, nextApplicant < applicantCount {
                defer { nextApplicant += 1 }
                inFlight += 1
                return .admit(nextApplicant)
            }
            if inFlight == 0 && nextApplicant >= applicantCount { return nil }
            condition.wait()
        }
    }

    /// The request for a task (under the lock): the attachment's bytes and its deadline, set at its first page.
    private func request(for task: PageTask) -> PageRequest {
        let work = task.work
        let deadline: ContinuousClock.Instant
        if let d = work.attachments[task.attachment].deadline {
            deadline = d
        } else {
            deadline = ContinuousClock.now + wallBudget
            work.attachments[task.attachment].deadline = deadline
        }
        let pending = work.attachments[task.attachment].pending
        return PageRequest(key: pending.key, data: pending.data, format: pending.format, page: task.page,
                           deadline: deadline)
    }

    /// An admitted applicant with attachments to read: queues the first page of each, largest file first.
    ///
    /// A file's bytes follow the images it holds, and images are what is OCRed (a scan or photo page ~1 s, a
    /// text page ~40 ms): largest first is longest first, so the cheap files come last and the workers finish
    /// an applicant, and the batch, together (measured on a mostly-text batch: the last page, a scan, was read by
    /// one worker while the other sat idle for 2 s, 5% of the run). Equal sizes keep the folder's order.
    func admitted(_ work: ApplicantWork) {
        condition.lock()
        defer { condition.unlock() }
        let order = work.attachments.indices.sorted { a, b in
            let (x, y) = (work.attachments[a].pending.data.count, work.attachments[b].pending.data.count)
            return x != y ? x > y : a < b
        }
        for a in order { queue.append(PageTask(work: work, attachment: a, page: 1)) }
        work.outstanding = work.attachments.count
        condition.broadcast()
    }

    /// A page's answer. Page 1 says how many pages the attachment has: the others are queued at the front.
    /// Returns the applicant when this was its last outstanding page.
    func answered(_ task: PageTask, _ reply: PageReply) -> ApplicantWork? {
        condition.lock()
        defer { condition.unlock() }
        let work = task.work
        let a = task.attachment
        if let problem = reply.problem {
            if work.attachments[a].problem == nil { work.attachments[a].problem = problem }
            work.attachments[a].cacheable = work.attachments[a].cacheable && reply.cacheable
            work.attachments[a].notAboutTheFile = work.attachments[a].notAboutTheFile || reply.notAboutTheFile
        } else {
            if task.page == 1 {
                work.attachments[a].totalPages = reply.totalPages
                let count = max(1, reply.pageCount)
                work.attachments[a].pages = Array(repeating: nil, count: count)
                if count > 1 {
                    queue.insert(contentsOf: (2...count).map { PageTask(work: work, attachment: a, page: $0) }, at: 0)
                    work.outstanding += count - 1
                }
            }
            if work.attachments[a].pages.indices.contains(task.page - 1) {
                work.attachments[a].pages[task.page - 1] = reply.content
            }
            if reply.recognized { work.attachments[a].ocrPages += 1 }
        }
        condition.broadcast()
        return work.settle() ? work : nil
    }

    /// An applicant is done (checked, unchanged, or abandoned): another may be admitted.
    func settled() {
        condition.lock()
        defer { condition.unlock() }
        inFlight -= 1
        condition.broadcast()
    }

    /// A run error: every worker leaves at its next ``next()``; the first error is kept.
    func fail(_ error: ScanError) {
        condition.lock()
        defer { condition.unlock() }
        if failure == nil { failure = error }
        condition.broadcast()
    }

    /// Applicants admitted and not yet settled.
    var inProgress: Int {
        condition.lock()
        defer { condition.unlock() }
        return inFlight
    }

    /// The run error, if any (read after the workers have left).
    var recordedFailure: ScanError? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }
}

/// A page of an attachment of an applicant in progress.
struct PageTask {
    let work: ApplicantWork
    /// Index into ``ApplicantWork/attachments``.
    let attachment: Int
    /// From 1.
    let page: Int
}

/// An applicant whose pages are being read. Its mutable state is guarded by the ``PageSchedule``'s lock;
/// once ``settle()`` has reported it complete, only the finishing worker touches it.
final class ApplicantWork: @unchecked Sendable {
    let index: Int
    let digest: String
    let started: ContinuousClock.Instant
    let prepared: ApplicantProcessor.Prepared
    var attachments: [AttachmentWork]
    /// Page tasks queued or being read.
    var outstanding = 0

    init(index: Int, digest: String, started: ContinuousClock.Instant, prepared: ApplicantProcessor.Prepared) {
        self.index = index
        self.digest = digest
        self.started = started
        self.prepared = prepared
        attachments = prepared.pending.map { AttachmentWork(pending: $0) }
    }

    /// One task less; true when it was the last.
    fileprivate func settle() -> Bool {
        outstanding -= 1
        return outstanding == 0
    }

    /// Each read attachment's outcome, by document index (for ``ApplicantProcessor/finish(_:read:started:)``).
    var outcomes: [Int: ExtractionOutcome] {
        var out: [Int: ExtractionOutcome] = [:]
        for a in attachments {
            if let problem = a.problem {
                var outcome = ExtractionOutcome(problem: problem, cacheable: a.cacheable)
                if a.notAboutTheFile { outcome.notAboutTheFile = true }
                out[a.pending.document] = outcome
            } else {
                let pages = a.pages.compactMap { $0 }
                out[a.pending.document] = pages.count == a.pages.count && !pages.isEmpty
                    ? ExtractionOutcome(pages: pages, ocrPages: a.ocrPages, totalPages: a.totalPages)
                    : ExtractionOutcome(problem: "内部错误 (internal error: pages missing)", cacheable: false)
            }
        }
        return out
    }
}

/// An attachment whose pages are being read.
struct AttachmentWork {
    let pending: ApplicantProcessor.Pending
    /// One slot per page once page 1 has answered.
    var pages: [PageContent?] = []
    var ocrPages = 0
    /// The first problem any of its pages met: the attachment is then unreadable.
    var problem: String?
    var cacheable = true
    /// Whether a page's problem was not about the file (see ``PageReply/notAboutTheFile``).
    var notAboutTheFile = false
    /// The file's real page count when it is read in part (from page 1's answer).
    var totalPages: Int?
    /// When its wall-clock budget runs out; set when its first page is handed out.
    var deadline: ContinuousClock.Instant?
}
