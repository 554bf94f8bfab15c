import Foundation
import Ingest
import OCR
import PipelineConfig
import PrescreenCore
import Reports
import Synchronization

/// Runs a scan: discovers applicants, checks them on a bounded pool of workers, writes every report and the
/// batch index.
///
/// Each worker is a thread with its own recogniser (tesseract is not thread-safe per instance, and its init
/// costs ~130 ms, so it is created once per worker, on first need). At most `jobs` blocking C calls run at
/// once; tesseract's own OpenMP threads are capped by `OMP_THREAD_LIMIT`, set before the process starts.
public final class BatchScanner: Sendable {
    /// Makes one recogniser; called once per worker, inside the worker.
    public typealias RecognizerFactory = @Sendable () throws -> any TextRecognizer

    let options: ScanOptions
    let makeRecognizer: RecognizerFactory
    let progress: @Sendable (ProgressEvent) -> Void

    public init(options: ScanOptions, makeRecognizer: @escaping RecognizerFactory,
                progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in }) {
        self.options = options
        self.makeRecognizer = makeRecognizer
        self.progress = progress
    }

    /// The outcome of a run, for the summary on stdout and the exit code.
    public struct Summary: Sendable {
        public var entries: [BatchEntry]
        public var pages: Int
        public var ocrPages: Int
        public var seconds: Double
        /// Folder -> the violated rule ids, for flagged applicants.
        public var flagged: [String: [String]]

        public var flaggedCount: Int { entries.filter { $0.status == .flagged }.count }
        public var errorCount: Int { entries.filter { $0.status == .error }.count }
        public var passedCount: Int { entries.filter { $0.status == .pass }.count }
    }

    public func run() throws(ScanError) -> Summary {
        let start = ContinuousClock.now
        let applicants: [ApplicantFolder]
        do {
            applicants = try Discovery.applicants(root: options.root)
        } catch {
            throw ScanError(.usage, "ROOT \(options.root): \(error)")
        }
        let writer: ReportWriter
        do {
            try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
            writer = ReportWriter(outputDirectory: options.output)
        } catch {
            throw ScanError(.run, "cannot create the output folder \(options.output): \(error.localizedDescription)")
        }
        progress(.started(applicants: applicants.count))
        let processor = ApplicantProcessor(options: options, writer: writer)
        let state = Mutex(RunState(outcomes: Array(repeating: nil, count: applicants.count)))
        let workers = max(1, min(options.jobs, applicants.count))
        let factory = makeRecognizer
        let progress = self.progress
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            // This worker's engine: made on first OCR, used only by this thread, freed when the worker ends.
            var engine: (any TextRecognizer)?
            let recognizer: () throws -> any TextRecognizer = {
                if let e = engine { return e }
                let e = try factory()
                engine = e
                return e
            }
            while true {
                let next: Int? = state.withLock { s in
                    guard s.failure == nil, s.next < applicants.count else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }
                guard let i = next else { break }
                let t0 = ContinuousClock.now
                do {
                    let outcome = try processor.process(applicants[i], recognizer: recognizer)
                    let done = state.withLock { s in
                        s.outcomes[i] = outcome
                        s.done += 1
                        return s.done
                    }
                    let d = ContinuousClock.now - t0
                    progress(.applicantDone(index: done, total: applicants.count, folder: applicants[i].name,
                                            status: outcome.entry.status.rawValue,
                                            seconds: Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18))
                } catch {
                    let failure = error as? ScanError ?? ScanError(.run, "\(error)")
                    state.withLock { $0.failure = $0.failure ?? failure }
                }
            }
        }
        let (outcomes, failure) = state.withLock { ($0.outcomes, $0.failure) }
        if let failure { throw failure }
        let done = outcomes.compactMap { $0 }
        let entries = done.map(\.entry)
        do {
            try writer.writeBatch(entries)
        } catch {
            throw ScanError(.run, "cannot write the batch index: \(error)")
        }
        let d = ContinuousClock.now - start
        var flagged: [String: [String]] = [:]
        for o in done where !o.flagged.isEmpty { flagged[o.entry.folder] = Array(Set(o.flagged)).sorted() }
        return Summary(entries: entries, pages: done.reduce(0) { $0 + $1.pages },
                       ocrPages: done.reduce(0) { $0 + $1.ocrPages },
                       seconds: Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18,
                       flagged: flagged)
    }
}

/// The shared bookkeeping of a run's workers, behind one lock.
struct RunState: Sendable {
    var next = 0
    var done = 0
    var outcomes: [ApplicantProcessor.Outcome?]
    var failure: ScanError?
}
