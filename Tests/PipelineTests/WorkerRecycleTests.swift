import Foundation
@testable import Pipeline
import PipelineConfig
import PrescreenCore
import Testing
import TestSupport

/// A `_worker` child is replaced after `worker_max_files` attachments with a text layer (their fonts stay in
/// poppler's and cairo's caches); scans and photos leave nothing behind and never cost a replacement.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: BuiltExecutable.path("prescreen")),
                "build the prescreen binary first (swift build)"))
struct WorkerRecycleTests {
    static func worker(maxFiles: Int) -> WorkerProcess {
        var limits = PipelineDefinition.Limits()
        limits.workerMaxFiles = maxFiles
        return WorkerProcess(executable: BuiltExecutable.path("prescreen"), settings: PipelineDefinition.Extraction(),
                             limits: limits)
    }

    /// Reads page 1 of `data` and expects an answer without a problem.
    static func read(_ w: WorkerProcess, _ key: String, _ data: Data, _ format: FileFormat) {
        let reply = w.read(PageRequest(key: key, data: data, format: format, page: 1))
        #expect(reply.problem == nil, "\(key): \(reply.problem ?? "")")
        #expect(reply.pageCount == 1, "\(key)")
    }

    static func textPDF(_ n: Int) throws -> Data {
        try PDFFixtures.textPDF(lines: [("本人承诺所提交的全部申报材料真实有效，第\(n)份。", 60, 200, 12)])
    }

    /// A blank page-sized image, as an image-only PDF (a scan without a text layer).
    static func scanPDF() throws -> Data {
        let white = Bitmap(width: 120, height: 170, channels: 1, dpi: 20, filledWith: 255)
        return try PDFFixtures.imagePDF(bitmap: white, rect: (0, 0, 595, 842))
    }

    @Test func scansDoNotCountTowardsTheLimit() throws {
        let w = Self.worker(maxFiles: 1)
        let scan = try Self.scanPDF()
        for i in 0..<3 { Self.read(w, "scan-\(i)", scan, .pdf) }
        #expect(w.childrenStarted == 1)
        // One text PDF reaches the limit; the next attachment goes to a fresh child.
        Self.read(w, "text-0", try Self.textPDF(0), .pdf)
        #expect(w.childrenStarted == 1)
        Self.read(w, "text-1", try Self.textPDF(1), .pdf)
        #expect(w.childrenStarted == 2)
        // Pages of the attachment the child holds never make way for a fresh child.
        Self.read(w, "text-1", try Self.textPDF(1), .pdf)
        #expect(w.childrenStarted == 2)
    }

    @Test func textFilesAreCountedOncePerAttachment() throws {
        let w = Self.worker(maxFiles: 2)
        for i in 0..<4 { Self.read(w, "text-\(i)", try Self.textPDF(i), .pdf) }
        // Two per child: text-0 and text-1 in the first, text-2 and text-3 in the second.
        #expect(w.childrenStarted == 2)
    }
}
