import Foundation

/// Why an OCR or image operation failed; never carries page text or applicant data.
public struct OCRError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it was.
    public enum Code: String, Sendable {
        /// Tesseract could not be set up (missing traineddata, bad data path).
        case initFailed
        /// Tesseract failed on a page.
        case recognitionFailed
        /// The bytes are not a readable JPEG, PNG, TIFF or BMP image (corrupt, truncated, other format).
        case decodeFailed
        /// An image could not be encoded.
        case encodeFailed
        /// The image is larger than the pixel budget (a decompression bomb guard).
        case tooLarge
    }

    /// What kind of failure it was.
    public let code: Code
    /// What failed and what to do about it.
    public let message: String

    /// An error of `code` with a message saying what failed.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message, for logs.
    public var description: String { "OCR \(code.rawValue): \(message)" }
}
