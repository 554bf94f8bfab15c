import Foundation

/// An opt-in record of the time tesseract spends on each page, for the benchmark (`make bench`).
///
/// When the environment variable `PRESCREEN_RECOGNITION_LOG` names a file, every recognition, every
/// orientation detection and every re-read of a word appends one line `recognize <seconds>`, `osd <seconds>` or
/// `reread <seconds>` to it, every page's face search `faces <seconds>`, and every page a worker reads a line `page <seconds>` (its whole cost, recognition
/// included). Each line is one `write` to a file opened with `O_APPEND` (atomic for lines this short), so worker
/// threads and worker processes can share the file without a lock. The lines carry no page text, file name or
/// applicant.
/// Without the variable nothing is written and the cost is one optional check.
public enum RecognitionLog {
    /// The file named by `PRESCREEN_RECOGNITION_LOG`, read once (the variable is inherited by worker processes).
    public static let path: String? = {
        guard let p = ProcessInfo.processInfo.environment["PRESCREEN_RECOGNITION_LOG"], !p.isEmpty else { return nil }
        return p
    }()

    /// What a line measures.
    public enum Kind: String, Sendable {
        /// Inside `TessBaseAPIRecognize`.
        case recognize
        /// Inside `TessBaseAPIDetectOrientationScript`.
        case osd
        /// One whole page in a worker: opening the file (first page), preparing, vision and recognition.
        case page
        /// Inside `TessBaseAPIRecognize` on the chi_sim instance, re-reading one Latin word among Han text.
        case reread
        /// A page that ``InvertedText/mayHold(_:)`` let tesseract read inverted too (seconds: the test's own time;
        /// the recognition is on its `recognize` line).
        case inverted
        /// The face search of one page (the cascades, their confirmation and the mask tests).
        case faces
    }

    /// Appends one line when logging is on; a failure to write is ignored (the benchmark then under-counts,
    /// which its report shows as a low share, never as a failed scan).
    public static func record(_ kind: Kind, seconds: Double) {
        guard let path else { return }
        let line = Self.line(kind, seconds: seconds)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The line for one measurement, with a locale-independent decimal point (microsecond precision).
    static func line(_ kind: Kind, seconds: Double) -> String {
        let micros = Int((max(0, seconds) * 1e6).rounded())
        let fraction = String(micros % 1_000_000)
        return "\(kind.rawValue) \(micros / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)\n"
    }
}
