import CPoppler
import Foundation
import PrescreenCore

/// Builds small PDFs in code (cairo's PDF surface), so no binary fixture is ever committed.
///
/// Text is drawn with "Noto Sans CJK SC" through cairo's toy font API, which embeds a subset
/// with a ToUnicode map: poppler reads the same text back. Coordinates are points, origin
/// top-left, `y` being the text baseline.
public enum PDFFixtures {
    /// Why a fixture could not be built (a broken test environment, not a test failure).
    public struct FixtureError: Error, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// A4 portrait in points.
    public static let a4 = (width: 595.276, height: 841.89)

    /// The font the fixtures draw with (installed by fonts-noto-cjk).
    public static let cjkFont = "Noto Sans CJK SC"

    /// One run of text: its baseline origin and font size, in points.
    public struct TextRun: Sendable, Hashable {
        public var text: String
        public var x: Double
        public var y: Double
        public var size: Double

        /// Creates a run drawn with its baseline starting at (x, y).
        public init(_ text: String, x: Double, y: Double, size: Double = 12) {
            self.text = text
            self.x = x
            self.y = y
            self.size = size
        }
    }

    /// An image painted into a rectangle of the page, in points.
    public struct ImageRun: Sendable, Hashable {
        public var bitmap: Bitmap
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double

        /// Creates an image run filling the rectangle (x, y, width, height).
        public init(bitmap: Bitmap, x: Double, y: Double, width: Double, height: Double) {
            self.bitmap = bitmap
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// A filled rectangle drawn into the page content (a mask painted over text).
    public struct RectRun: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        /// The fill's grey level: 0 black (a redaction bar), 1 white (a white-out).
        public var gray: Double

        /// Creates a filled rectangle, black by default.
        public init(x: Double, y: Double, width: Double, height: Double, gray: Double = 0) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
            self.gray = gray
        }
    }

    /// One page: its size and what is drawn on it, in this order: images, text, rectangles, overlays.
    public struct Page: Sendable, Hashable {
        public var width: Double
        public var height: Double
        public var texts: [TextRun]
        /// Images drawn beneath the text (photos, scans under an OCR layer).
        public var images: [ImageRun]
        public var rects: [RectRun]
        /// Images drawn over everything else (a pasted picture hiding text).
        public var overlays: [ImageRun]

        /// Creates a page description.
        public init(width: Double = PDFFixtures.a4.width, height: Double = PDFFixtures.a4.height,
                    texts: [TextRun] = [], images: [ImageRun] = [], rects: [RectRun] = [],
                    overlays: [ImageRun] = []) {
            self.width = width
            self.height = height
            self.texts = texts
            self.images = images
            self.rects = rects
            self.overlays = overlays
        }
    }

    /// A one-page PDF with the given text runs `(text, x, y, size)`.
    public static func textPDF(
        lines: [(String, Double, Double, Double)], pageSize: (width: Double, height: Double) = a4
    ) throws -> Data {
        let runs = lines.map { TextRun($0.0, x: $0.1, y: $0.2, size: $0.3) }
        return try pdf(pages: [Page(width: pageSize.width, height: pageSize.height, texts: runs)])
    }

    /// A one-page PDF showing `bitmap` in the rectangle `rect` (points), with optional text.
    public static func imagePDF(
        bitmap: Bitmap, rect: (x: Double, y: Double, width: Double, height: Double) = (72, 72, 200, 150),
        pageSize: (width: Double, height: Double) = a4, texts: [TextRun] = []
    ) throws -> Data {
        let image = ImageRun(bitmap: bitmap, x: rect.x, y: rect.y, width: rect.width, height: rect.height)
        return try pdf(pages: [Page(width: pageSize.width, height: pageSize.height, texts: texts, images: [image])])
    }

    /// A PDF with one page per description.
    public static func pdf(pages: [Page]) throws -> Data {
        guard let first = pages.first else { throw FixtureError(description: "a PDF needs at least one page") }
        let sink = Sink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.data.append(data, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        // Keep the sink alive until the surface is finished (the closure pointer is unretained).
        return try withExtendedLifetime(sink) {
            guard let surface = cairo_pdf_surface_create_for_stream(write, closure, first.width, first.height) else {
                throw FixtureError(description: "cairo_pdf_surface_create_for_stream returned NULL")
            }
            defer { cairo_surface_destroy(surface) }
            guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
                throw FixtureError(description: "cairo PDF surface status \(cairo_surface_status(surface).rawValue)")
            }
            guard let cr = cairo_create(surface) else { throw FixtureError(description: "cairo_create returned NULL") }
            defer { cairo_destroy(cr) }
            for page in pages {
                cairo_pdf_surface_set_size(surface, page.width, page.height)
                for image in page.images { try paint(image, on: cr) }
                cairo_set_source_rgb(cr, 0, 0, 0)
                cairo_select_font_face(cr, cjkFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
                for run in page.texts {
                    cairo_set_font_size(cr, run.size)
                    cairo_move_to(cr, run.x, run.y)
                    cairo_show_text(cr, run.text)
                }
                for rect in page.rects {
                    cairo_set_source_rgb(cr, rect.gray, rect.gray, rect.gray)
                    cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
                    cairo_fill(cr)
                }
                for image in page.overlays { try paint(image, on: cr) }
                cairo_show_page(cr)
            }
            guard cairo_status(cr) == CAIRO_STATUS_SUCCESS else {
                throw FixtureError(description: "cairo drawing status \(cairo_status(cr).rawValue)")
            }
            cairo_surface_finish(surface)
            guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
                throw FixtureError(description: "cairo PDF finish status \(cairo_surface_status(surface).rawValue)")
            }
            return sink.data
        }
    }

    /// Paints an image run (an RGB or grey bitmap) into its rectangle.
    private static func paint(_ image: ImageRun, on cr: OpaquePointer) throws {
        let bitmap = image.bitmap.rgb()
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(bitmap.width), Int32(bitmap.height)) else {
            throw FixtureError(description: "cairo_image_surface_create returned NULL")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
            throw FixtureError(description: "cairo image surface unusable")
        }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        for y in 0..<bitmap.height {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<bitmap.width {
                let i = (y * bitmap.width + x) * 3
                let r = UInt32(bitmap.pixels[i]), g = UInt32(bitmap.pixels[i + 1]), b = UInt32(bitmap.pixels[i + 2])
                row[x] = 0xFF00_0000 | (r << 16) | (g << 8) | b
            }
        }
        cairo_surface_mark_dirty(surface)
        cairo_save(cr)
        cairo_translate(cr, image.x, image.y)
        cairo_scale(cr, image.width / Double(bitmap.width), image.height / Double(bitmap.height))
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// A test image: a diagonal grey gradient with a black frame, distinct in every corner.
    public static func gradientBitmap(width: Int, height: Int) -> Bitmap {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                let frame = x < 2 || y < 2 || x >= width - 2 || y >= height - 2
                pixels[i] = frame ? 0 : UInt8(255 * x / max(1, width - 1))
                pixels[i + 1] = frame ? 0 : UInt8(255 * y / max(1, height - 1))
                pixels[i + 2] = frame ? 0 : 128
            }
        }
        return Bitmap(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// A filled square annotation to add to a page, in points (origin top-left).
    public struct SquareAnnotation: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        /// The fill (0–1 RGB); nil for an outline only.
        public var fill: (Double, Double, Double)?

        /// Creates a square annotation; black fill by default.
        public init(x: Double, y: Double, width: Double, height: Double, fill: (Double, Double, Double)? = (0, 0, 0)) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
            self.fill = fill
        }

        /// Equal when the rectangle and the fill are equal.
        public static func == (a: Self, b: Self) -> Bool {
            a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height
                && a.fill.map { [$0.0, $0.1, $0.2] } == b.fill.map { [$0.0, $0.1, $0.2] }
        }

        /// Hashes the rectangle and the fill.
        public func hash(into hasher: inout Hasher) {
            hasher.combine([x, y, width, height])
            hasher.combine(fill.map { [$0.0, $0.1, $0.2] })
        }
    }

    /// `pdf` with square annotations added to page 1 (through poppler, which saves a new file).
    public static func annotated(_ pdf: Data, squares: [SquareAnnotation]) throws -> Data {
        var error: UnsafeMutablePointer<GError>?
        let bytes: OpaquePointer? = pdf.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        guard let bytes else { throw FixtureError(description: "g_bytes_new failed") }
        defer { g_bytes_unref(bytes) }
        guard let doc = poppler_document_new_from_bytes(bytes, nil, &error) else {
            if let error { g_error_free(error) }
            throw FixtureError(description: "poppler could not open the base PDF")
        }
        defer { g_object_unref(gpointer(doc)) }
        guard let page = poppler_document_get_page(doc, 0) else { throw FixtureError(description: "no page 1") }
        defer { g_object_unref(gpointer(page)) }
        var pw = 0.0, ph = 0.0
        poppler_page_get_size(page, &pw, &ph)
        for square in squares {
            // Annotation rectangles are in PDF space: origin bottom-left.
            var rect = PopplerRectangle(
                x1: square.x, y1: ph - square.y - square.height, x2: square.x + square.width, y2: ph - square.y)
            guard let annot = poppler_annot_square_new(doc, &rect) else {
                throw FixtureError(description: "poppler_annot_square_new returned NULL")
            }
            if let fill = square.fill {
                var color = PopplerColor(
                    red: UInt16(fill.0 * 65535), green: UInt16(fill.1 * 65535), blue: UInt16(fill.2 * 65535))
                poppler_annot_square_set_interior_color(annot, &color)
            }
            poppler_page_add_annot(page, annot)
            g_object_unref(gpointer(annot))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prescreen-fixture-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: url) }
        guard poppler_document_save(doc, url.absoluteString, &error) != 0 else {
            if let error { g_error_free(error) }
            throw FixtureError(description: "poppler_document_save failed")
        }
        return try Data(contentsOf: url)
    }

    /// A one-page A4 PDF whose only text is a FreeText annotation (a reader's "add text") and a filled-in text
    /// form field: nothing in the content stream. Rectangles in PDF points from the bottom-left.
    public static func overlayTextPDF(freeText: String, field: String) -> Data {
        func hex(_ s: String) -> String {
            "<FEFF" + s.utf16.map { String(format: "%04X", $0) }.joined() + ">"
        }
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /DA (/Helv 12 Tf 0 g) >> >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R 5 0 R] >>",
            "<< /Type /Annot /Subtype /FreeText /Rect [100 700 300 730] /Contents \(hex(freeText)) /DA (/Helv 12 Tf 0 g) >>",
            "<< /Type /Annot /Subtype /Widget /FT /Tx /T (employer) /Rect [100 600 400 630] /V \(hex(field)) /P 3 0 R >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(format: "%010d 00000 n \n", o) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }

    /// The path of the `qpdf` tool, or nil when the qpdf package is not installed.
    public static var qpdfPath: String? {
        ["/usr/bin/qpdf", "/usr/local/bin/qpdf"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `pdf` encrypted with AES-256 and a user password (so it cannot be opened without it), via qpdf.
    public static func encrypted(_ pdf: Data, userPassword: String = "secret", ownerPassword: String = "owner") throws -> Data {
        try qpdf(pdf, arguments: ["--encrypt", userPassword, ownerPassword, "256", "--"])
    }

    /// `pdf` with every page's `/Rotate` turned by `degrees` (a multiple of 90), via qpdf.
    public static func rotated(_ pdf: Data, degrees: Int) throws -> Data {
        try qpdf(pdf, arguments: ["--rotate=+\(degrees)"])
    }

    /// Runs `qpdf ARGUMENTS in.pdf out.pdf` and returns out.pdf.
    private static func qpdf(_ pdf: Data, arguments: [String]) throws -> Data {
        guard let tool = qpdfPath else { throw FixtureError(description: "qpdf is not installed (apt-get install qpdf)") }
        let dir = FileManager.default.temporaryDirectory
        let input = dir.appendingPathComponent("prescreen-qpdf-in-\(UUID().uuidString).pdf")
        let output = dir.appendingPathComponent("prescreen-qpdf-out-\(UUID().uuidString).pdf")
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: output)
        }
        try pdf.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments + [input.path, output.path]
        try process.run()
        process.waitUntilExit()
        // qpdf exits 3 for "succeeded with warnings".
        guard process.terminationStatus == 0 || process.terminationStatus == 3 else {
            throw FixtureError(description: "qpdf exited with \(process.terminationStatus)")
        }
        return try Data(contentsOf: output)
    }

    /// Collects the bytes cairo writes.
    private final class Sink {
        var data = Data()
    }
}
