import Foundation
import Ingest
import Rules
import OCR
@testable import Pipeline
import PipelineConfig
import PrescreenCore
import Testing
import TestSupport

/// The page scheduler: pages across files and applicants, in an order that finishes applicants early, with
/// failures that end an attachment and a run that ends when everything is settled.
struct PageScheduleTests {
    /// An applicant with `files` attachments still to read (document indices 0..<files).
    static func work(_ index: Int, files: Int) -> ApplicantWork {
        var prepared = ApplicantProcessor.Prepared(folder: ApplicantFolder(rawPath: Array("/in/A\(index)".utf8)))
        for f in 0..<files {
            prepared.documents.append(AnalyzedDocument(path: "f\(f).pdf", format: .pdf, sha256: "\(index)-\(f)"))
            prepared.pending.append(ApplicantProcessor.Pending(document: f, key: "\(index)-\(f):pdf", data: Data([UInt8(f)]),
                                                               format: .pdf))
        }
        return ApplicantWork(index: index, digest: "", started: .now, prepared: prepared)
    }

    static func page(_ n: Int, of count: Int) -> PageReply {
        PageReply(pageCount: count, content: PageContent(page: n, width: 595, height: 842), recognized: n % 2 == 0)
    }

    /// Takes the next action, which must be a page; returns its task and request.
    static func nextPage(_ s: PageSchedule) throws -> (PageTask, PageRequest) {
        guard case .page(let task, let request)? = s.next() else {
            Issue.record("expected a page")
            throw CancellationError()
        }
        return (task, request)
    }

    @Test func pagesOfAnOpenedFileComeFirstThenOtherFilesThenTheNextApplicant() throws {
        let s = PageSchedule(applicants: 2, workers: 1, wallSeconds: 60)
        guard case .admit(0)? = s.next() else { Issue.record("first the first applicant"); return }
        let a = Self.work(0, files: 2)
        s.admitted(a)
        var order: [String] = []
        var done: ApplicantWork?
        // File 0 has 3 pages: once its page 1 says so, its pages 2 and 3 go before file 1.
        let counts = [3, 2]
        while done == nil {
            let (task, request) = try Self.nextPage(s)
            order.append("\(task.attachment)/\(request.page)")
            #expect(request.key == "0-\(task.attachment):pdf")
            done = s.answered(task, Self.page(task.page, of: counts[task.attachment]))
        }
        #expect(order == ["0/1", "0/2", "0/3", "1/1", "1/2"])
        let outcomes = try #require(done).outcomes
        #expect(outcomes[0]?.pages.map(\.page) == [1, 2, 3])
        #expect(outcomes[0]?.ocrPages == 1)
        #expect(outcomes[1]?.pages.map(\.page) == [1, 2])
        #expect(outcomes[0]?.problem == nil)
        s.settled()
        // With nothing queued, the second applicant is admitted; with it settled, the run is over.
        guard case .admit(1)? = s.next() else { Issue.record("then the second applicant"); return }
        s.settled()
        #expect(s.next() == nil)
    }

    /// Files start largest first (bytes follow images, images are what is OCRed), so the cheap files fill the end
    /// of an applicant and of the batch; equal sizes keep the folder's order.
    @Test func largerFilesStartFirst() throws {
        let s = PageSchedule(applicants: 1, workers: 1, wallSeconds: 60)
        guard case .admit(0)? = s.next() else { Issue.record("admit"); return }
        let a = Self.work(0, files: 4)
        for (i, size) in [10, 5_000, 10, 300].enumerated() {
            let pending = ApplicantProcessor.Pending(document: i, key: "0-\(i):pdf", data: Data(repeating: 0, count: size),
                                                     format: .pdf)
            a.attachments[i] = AttachmentWork(pending: pending)
        }
        s.admitted(a)
        var order: [Int] = []
        var done: ApplicantWork?
        while done == nil {
            let (task, _) = try Self.nextPage(s)
            order.append(task.attachment)
            done = s.answered(task, Self.page(1, of: 1))
        }
        #expect(order == [1, 3, 0, 2])
    }

    @Test func aFailedPageMakesTheFileUnreadableAndItsOtherPagesAreNotRead() throws {
        let s = PageSchedule(applicants: 1, workers: 1, wallSeconds: 60)
        guard case .admit(0)? = s.next() else { Issue.record("admit"); return }
        let a = Self.work(0, files: 1)
        s.admitted(a)
        let (t1, r1) = try Self.nextPage(s)
        #expect(r1.page == 1)
        #expect(s.answered(t1, Self.page(1, of: 4)) == nil)
        let (t2, _) = try Self.nextPage(s)
        #expect(t2.page == 2)
        // A crash on page 2: pages 3 and 4 are dropped without being handed out, and the applicant completes.
        #expect(s.answered(t2, .failure("读取时崩溃 (crash)", cacheable: false)) == nil)
        guard case .finish(let w)? = s.next() else { Issue.record("the applicant should be ready to finish"); return }
        let outcome = try #require(w.outcomes[0])
        #expect(outcome.problem == "读取时崩溃 (crash)")
        #expect(outcome.cacheable == false)
        #expect(outcome.pages.isEmpty)
        s.settled()
        #expect(s.next() == nil)
    }

    @Test func aFilesPagesShareOneDeadlineFromItsFirstPage() throws {
        let s = PageSchedule(applicants: 1, workers: 2, wallSeconds: 900)
        guard case .admit(0)? = s.next() else { Issue.record("admit"); return }
        s.admitted(Self.work(0, files: 1))
        let (t1, r1) = try Self.nextPage(s)
        _ = s.answered(t1, Self.page(1, of: 2))
        let (_, r2) = try Self.nextPage(s)
        let d1 = try #require(r1.deadline), d2 = try #require(r2.deadline)
        #expect(d1 == d2)
        #expect(d1 - ContinuousClock.now <= .seconds(900))
    }

    @Test func noMoreApplicantsThanWorkersPlusOneAreInProgress() throws {
        let s = PageSchedule(applicants: 5, workers: 2, wallSeconds: 60)
        var tasks: [PageTask] = []
        // Each admitted applicant's page comes out before the next is admitted (pages first), up to three.
        for i in 0..<3 {
            guard case .admit(let admitted)? = s.next() else { Issue.record("admit"); return }
            #expect(admitted == i)
            s.admitted(Self.work(i, files: 1))
            let (task, _) = try Self.nextPage(s)
            #expect(task.work.index == i)
            tasks.append(task)
        }
        #expect(s.inProgress == 3)
        #expect(s.maxInFlight == 3)
        // The fourth is admitted only once one of the three is settled.
        let first = try #require(s.answered(tasks[0], Self.page(1, of: 1)))
        #expect(first.index == 0)
        s.settled()
        guard case .admit(3)? = s.next() else { Issue.record("admit the fourth"); return }
        #expect(s.inProgress == 3)
    }

    @Test func aRunErrorEndsEveryWorker() {
        let s = PageSchedule(applicants: 3, workers: 2, wallSeconds: 60)
        guard case .admit? = s.next() else { Issue.record("admit"); return }
        s.fail(ScanError(.run, "disk full"))
        #expect(s.next() == nil)
        #expect(s.recordedFailure?.message == "disk full")
    }

    /// A recogniser that takes a moment per page and records which engine read how many pages.
    final class CountingRecognizer: TextRecognizer {
        let id: Int
        let tally: Tally
        init(id: Int, tally: Tally) {
            self.id = id
            self.tally = tally
        }
        func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText {
            tally.add(id)
            // Long enough for the other worker to wake and take the next page of the same file.
            usleep(40_000)
            // Three confident lines: a page read as clearly upright, so the orientation fallback (which reads a
            // doubtful page turned, PageJob.uprightTurns) adds no recognitions to the tally.
            let text = "本人承诺所提交的全部申报材料真实有效"
            var glyphs: [Glyph] = []
            for row in 0..<3 {
                let y0 = 0.1 + Double(row) * 0.04
                for (i, c) in text.enumerated() {
                    let x0 = 0.1 + Double(i) * 0.03
                    glyphs.append(Glyph(text: String(c), box: Box(x0: x0, y0: y0, x1: x0 + 0.02, y1: y0 + 0.02), confidence: 95))
                }
                glyphs.append(Glyph(text: "\n", box: Box(x0: 0.61, y0: y0, x1: 0.63, y1: y0 + 0.02)))
            }
            return PageText(source: .ocr, glyphs: glyphs, meanConfidence: 95)
        }
        func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation? { nil }
    }

    /// Which engine read how many pages, across worker threads.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]
        private var made = 0
        func add(_ id: Int) { lock.withLock { counts[id, default: 0] += 1 } }
        func nextID() -> Int { lock.withLock { made += 1; return made } }
        var snapshot: [Int: Int] { lock.withLock { counts } }
    }

    @Test func oneLongScanIsReadByEveryWorker() throws {
        let t = try TempTree("pages")
        defer { t.remove() }
        // One applicant, one scanned PDF of 8 pages: with files as the unit, one worker would read all eight.
        let pages = (1...8).map { _ in
            PDFFixtures.Page(images: [PDFFixtures.ImageRun(bitmap: PDFFixtures.gradientBitmap(width: 300, height: 424),
                                                           x: 0, y: 0, width: PDFFixtures.a4.width, height: PDFFixtures.a4.height)])
        }
        _ = try t.file("in/A/applicant.yml", IngestFixtures.manifest(id: "AKS-A"))
        _ = try t.file("in/A/scan.pdf", PDFFixtures.pdf(pages: pages))
        let tally = Tally()
        let options = ScanOptions(root: t.path("in"), output: t.path("out"), pipeline: try PipelineLoader.loadDefault(), jobs: 2)
        let summary = try BatchScanner(options: options, makeRecognizer: {
            CountingRecognizer(id: tally.nextID(), tally: tally)
        }).run()
        #expect(summary.pages == 8)
        #expect(summary.ocrPages == 8)
        let counts = tally.snapshot
        #expect(counts.values.reduce(0, +) == 8)
        #expect(counts.count == 2, "both workers' engines read pages of the one file: \(counts)")
        #expect(counts.values.allSatisfy { $0 >= 2 }, "\(counts)")
    }
}
