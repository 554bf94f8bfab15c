import Foundation
import OCR
import PipelineConfig
import PrescreenCore

/// One page to read: which attachment, which page.
///
/// The scan schedules pages, not files: the pages of one attachment may go to different workers, and a
/// worker keeps the attachment it opened last, so consecutive pages of one file are not parsed again.
struct PageRequest: Sendable {
    /// The attachment's identity: its content hash and format. A worker that holds an attachment opened under
    /// this key re-uses it.
    var key: String
    /// The attachment's bytes; nil when the worker is known to hold this attachment open already.
    var data: Data?
    var format: FileFormat
    /// The page, from 1. Page 1 is always asked first: its answer says how many pages there are.
    var page: Int
    /// When the attachment's wall-clock budget (`worker_wall_seconds`, counted from its first page) runs out;
    /// a child still busy then is killed. In-process workers cannot be stopped and ignore it.
    var deadline: ContinuousClock.Instant?
}

/// What reading one page gave: the page, or why the attachment cannot be read.
///
/// Crosses the process boundary between a `_worker` child and the scan (JSON).
struct PageReply: Codable, Sendable {
    /// The attachment's number of pages (0 when it could not be opened).
    var pageCount = 0
    var content: PageContent?
    /// Whether the page went through OCR.
    var recognized = false
    /// Why the attachment is unreadable (Chinese with English), for `input/unreadable`.
    var problem: String?
    /// False when the problem depends on the moment (a crash, a timeout, a limit): never cached.
    var cacheable = true
    /// The attachment's real number of pages when only the first `pageCount` are read (`max_pages_per_file`).
    var totalPages: Int? = nil
    /// The problem is not about the file (its reader was killed from outside, could not start, or had no OCR
    /// engine): the applicant is checked again on the next run even when nothing changed. A timeout or a crash
    /// is about the file and waits for a change (a bomb must not cost every cron run its full wall budget).
    var notAboutTheFile = false

    /// A problem that makes the whole attachment unreadable.
    static func failure(_ reason: String, cacheable: Bool) -> PageReply {
        PageReply(problem: reason, cacheable: cacheable)
    }

    /// The reply for an error thrown while opening or reading.
    static func failure(_ error: any Error) -> PageReply {
        let outcome = ExtractionOutcome.failure(error)
        return PageReply(problem: outcome.problem, cacheable: outcome.cacheable,
                         notAboutTheFile: outcome.notAboutTheFile == true)
    }
}

/// Evidence pictures to make from one attachment (``EvidenceMaker``).
struct EvidenceRequest: Sendable {
    var data: Data
    var format: FileFormat
    var items: [EvidenceMaker.Item]
    /// Whether the attachment's pages have a text layer: rendering them loads fonts (see `worker_max_files`).
    var drawsText = true
}

/// The answer to an evidence job from a `_worker` child: PNG bytes by item id.
struct EvidenceReply: Codable, Sendable {
    var pictures: [Int: Data]
}

/// Reads pages for one pool worker: in this process, or in an isolated child process.
///
/// Not Sendable on purpose: each worker thread owns one and uses it alone.
protocol PageWorker: AnyObject {
    /// Reads one page; never throws: every failure is a reply with a problem.
    func read(_ request: PageRequest) -> PageReply
    /// Makes evidence pictures (PNG by item id); never throws: a picture that cannot be made is missing.
    func evidence(_ request: EvidenceRequest) -> [Int: Data]
}

/// Reads pages with ``PageExtractor`` in this process, with the worker's own recogniser (tests with fake
/// engines, and each `_worker` child itself).
///
/// Keeps the attachment it opened last (the poppler document or the decoded images) until a request names
/// another one: the scheduler hands a worker consecutive pages of one file whenever it can.
final class InProcessPageWorker: PageWorker {
    let extractor: PageExtractor
    let makeRecognizer: BatchScanner.RecognizerFactory
    private var engine: (any TextRecognizer)?
    private var opened: (key: String, pages: PageExtractor.AttachmentPages)?

    init(settings: PipelineDefinition.Extraction, limits: PipelineDefinition.Limits,
         makeRecognizer: @escaping BatchScanner.RecognizerFactory) {
        extractor = PageExtractor(settings: settings, limits: limits)
        self.makeRecognizer = makeRecognizer
    }

    func read(_ request: PageRequest) -> PageReply {
        let started = ContinuousClock.now
        defer {
            let d = ContinuousClock.now - started
            RecognitionLog.record(.page, seconds: Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        do {
            let pages: PageExtractor.AttachmentPages
            if let o = opened, o.key == request.key {
                pages = o.pages
            } else {
                // Let go of the previous attachment before parsing the next (memory follows one file).
                opened = nil
                guard let data = request.data else {
                    return .failure("内部错误 (internal error: page asked of an attachment not held)", cacheable: false)
                }
                pages = try extractor.open(data: data, format: request.format)
                opened = (request.key, pages)
            }
            guard request.page >= 1, request.page <= pages.count else {
                return .failure("内部错误 (internal error: page \(request.page) of \(pages.count))", cacheable: false)
            }
            let job = try pages.prepare(request.page)
            let content = try job.run(recognizer: recognizer)
            return PageReply(pageCount: pages.count, content: content, recognized: job.needsRecognition,
                             totalPages: pages.total > pages.count ? pages.total : nil)
        } catch {
            opened = nil
            return .failure(error)
        }
    }

    /// Renders here; the attachment held open for pages stays open.
    func evidence(_ request: EvidenceRequest) -> [Int: Data] {
        EvidenceMaker(limits: extractor.limits).pngs(request.data, format: request.format, items: request.items)
    }

    /// This worker's engine: made on first OCR (tesseract init costs ~130 ms), then re-used.
    private func recognizer() throws -> any TextRecognizer {
        if let engine { return engine }
        let e = try makeRecognizer()
        engine = e
        return e
    }
}
