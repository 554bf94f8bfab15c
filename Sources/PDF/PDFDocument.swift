import CPoppler
import Foundation
import PrescreenCore

/// An open PDF document; owns the PopplerDocument.
///
/// Not Sendable: poppler documents are not safe to share between threads, so create, use and
/// free one inside a single task.
public final class PDFDocument {
    /// The PopplerDocument*, owned (one reference).
    let handle: OpaquePointer

    /// Opens a PDF from its bytes (copied; `data` may be released afterwards).
    ///
    /// Throws `.damaged` for empty, truncated or non-PDF data and `.encrypted` when a user
    /// password is set.
    public init(data: Data) throws(PDFError) {
        guard !data.isEmpty else {
            throw PDFError(code: .damaged, message: "the file is empty (0 bytes); ask the applicant to upload it again")
        }
        // g_bytes_new copies, so poppler never points into Swift-managed memory.
        let bytes: OpaquePointer? = data.withUnsafeBytes { raw in
            g_bytes_new(raw.baseAddress, gsize(raw.count))
        }
        guard let bytes else {
            throw PDFError(code: .damaged, message: "could not copy the file into memory for poppler")
        }
        // The document takes its own reference to the bytes.
        defer { g_bytes_unref(bytes) }
        var error: UnsafeMutablePointer<GError>?
        let document = poppler_document_new_from_bytes(bytes, nil, &error)
        guard let document else {
            throw PDFError.consuming(error, context: "opening the document")
        }
        if let error { g_error_free(error) }
        handle = document
    }

    deinit {
        g_object_unref(gpointer(handle))
    }

    /// The number of pages (0 for a document poppler opened but found no pages in).
    public var pageCount: Int {
        Int(max(0, poppler_document_get_n_pages(handle)))
    }

    /// One page, numbered from 1.
    public func page(_ number: Int) throws(PDFError) -> PDFPage {
        let count = pageCount
        guard number >= 1, number <= count else {
            throw PDFError(code: .pageOutOfRange, message: "page \(number) requested but the document has \(count) page(s)")
        }
        guard let page = poppler_document_get_page(handle, Int32(number - 1)) else {
            throw PDFError(code: .damaged, message: "page \(number) could not be loaded; the PDF is damaged")
        }
        return PDFPage(document: self, handle: page, number: number)
    }

    /// Every page, in order; stops at the first page that cannot be loaded and throws.
    public func pages() throws(PDFError) -> [PDFPage] {
        var out: [PDFPage] = []
        out.reserveCapacity(pageCount)
        for n in stride(from: 1, through: pageCount, by: 1) { out.append(try page(n)) }
        return out
    }
}
