import Foundation
import OCR
import PDF
import PrescreenCore

/// What extracting one attachment gave: its pages, or why it cannot be read.
///
/// Crosses the process boundary between a worker child and the scan (JSON), and is what the state store
/// caches per attachment content hash.
public struct ExtractionOutcome: Codable, Sendable, Hashable {
    /// The pages, 1-based in order; empty when `problem` is set.
    public var pages: [PageContent]
    /// How many pages were OCRed.
    public var ocrPages: Int
    /// Why the attachment is unreadable (Chinese with English), for `input/unreadable`; nil when read.
    public var problem: String?
    /// False for outcomes that depend on the moment (a crash, a timeout, a limit hit): never cached, so a
    /// later re-check of the applicant tries the file again.
    public var cacheable: Bool
    /// The file's real number of pages when only the first `pages.count` were read (`max_pages_per_file`).
    public var totalPages: Int?
    /// True when the problem is not about the file (a reader killed from outside, an OCR engine that could not
    /// start): the applicant is checked again on the next run. Never cached (`cacheable` is false then).
    public var notAboutTheFile: Bool?

    /// An outcome.
    public init(pages: [PageContent] = [], ocrPages: Int = 0, problem: String? = nil, cacheable: Bool = true,
                totalPages: Int? = nil) {
        self.pages = pages
        self.ocrPages = ocrPages
        self.problem = problem
        self.cacheable = cacheable
        self.totalPages = totalPages
    }

    /// An unreadable outcome with a reason.
    static func unreadable(_ reason: String, cacheable: Bool = true) -> ExtractionOutcome {
        ExtractionOutcome(problem: reason, cacheable: cacheable)
    }

    /// The outcome of a failed extraction: the error turned into a reviewer's reason.
    static func failure(_ error: any Error) -> ExtractionOutcome {
        switch error {
        case let e as PDFError: return .unreadable(reason(e))
        case let e as OCRError:
            // An engine that cannot start is not the file's fault: try again next time.
            let aboutTheFile = e.code == .decodeFailed || e.code == .tooLarge
            var outcome = ExtractionOutcome.unreadable(reason(e), cacheable: aboutTheFile)
            if !aboutTheFile { outcome.notAboutTheFile = true }
            return outcome
        case let e as ExtractionProblem: return .unreadable(e.description)
        default: return .unreadable("无法读取 (cannot be read: \(type(of: error)))", cacheable: false)
        }
    }

    static func reason(_ e: PDFError) -> String {
        switch e.code {
        case .encrypted: return "PDF 已加密，需要密码 (the PDF is encrypted)"
        case .damaged: return "PDF 已损坏或不完整 (the PDF is damaged or truncated)"
        case .tooLarge: return "页面尺寸过大 (page too large)"
        default: return "PDF 无法读取 (the PDF cannot be read)"
        }
    }

    static func reason(_ e: OCRError) -> String {
        switch e.code {
        case .decodeFailed: return "图像已损坏或无法解码 (the image is damaged or cannot be decoded)"
        case .tooLarge: return "图像尺寸过大 (image too large)"
        default: return "图像无法识别 (the image cannot be read)"
        }
    }
}
