import CPoppler

/// Why a PDF could not be read or rendered.
///
/// The message says what failed and what to do; it never quotes page text.
public struct PDFError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure, stable for callers that map it to findings.
    public enum Code: String, Sendable {
        /// A user password is set: the document cannot be opened without it.
        case encrypted
        /// Not a PDF, truncated, empty or otherwise unreadable.
        case damaged
        /// A page number outside `1...pageCount`.
        case pageOutOfRange
        /// Cairo or poppler failed while drawing the page.
        case renderFailed
        /// The requested bitmap would exceed the pixel limit.
        case tooLarge
    }

    /// The kind of failure.
    public let code: Code
    /// What failed and what to do, including poppler's own message where there is one.
    public let message: String

    /// Creates an error from a code and a message.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message, for logs and reports.
    public var description: String { "PDF \(code.rawValue): \(message)" }
}

extension PDFError {
    /// Converts a GError from poppler into a `PDFError`, freeing the GError.
    ///
    /// Poppler reports an encrypted document with `POPPLER_ERROR_ENCRYPTED`; older builds only
    /// say so in the message, so both are checked.
    static func consuming(_ error: UnsafeMutablePointer<GError>?, context: String) -> PDFError {
        guard let error else {
            return PDFError(code: .damaged, message: "\(context): poppler failed without saying why; the file is probably not a readable PDF")
        }
        defer { g_error_free(error) }
        let detail = error.pointee.message.map { String(cString: $0) } ?? "no message"
        let isPoppler = error.pointee.domain == poppler_error_quark()
        let encrypted = (isPoppler && error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue))
            || detail.localizedCaseInsensitiveContains("encrypted")
        if encrypted {
            return PDFError(
                code: .encrypted,
                message: "\(context): the PDF is password-protected (\(detail)); ask the applicant for an unprotected copy")
        }
        return PDFError(
            code: .damaged,
            message: "\(context): the PDF is damaged or not a PDF (\(detail)); ask the applicant to upload it again")
    }
}
