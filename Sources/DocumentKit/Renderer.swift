import CPoppler
import Foundation
import PrescreenCore

/// Why drawing or encoding a document failed.
public enum DocumentKitError: Error, CustomStringConvertible, Sendable {
    /// A cairo call returned an error status (the call and cairo's status text).
    case cairo(String, String)
    /// A leptonica call failed (the function's name).
    case leptonica(String)
    /// A file could not be written or read.
    case io(String)

    public var description: String {
        switch self {
        case .cairo(let call, let status): return "\(call) failed: \(status)"
        case .leptonica(let call): return "\(call) failed"
        case .io(let what): return "i/o failed: \(what)"
        }
    }
}

/// A page drawn from a bitmap (a scan) with optional text beneath it, as OCR tools write.
public struct ScanPage: Sendable {
    /// The scan, drawn over the whole page.
    public var bitmap: Bitmap
    /// The page size in points.
    public var size: PageSize
    /// Text drawn under the scan (hidden by it but kept in the text layer); empty for an image-only page.
    public var hiddenText: [TextRun]
    /// JPEG bytes of `bitmap` to embed instead of a lossless copy (keeps files small); nil embeds losslessly.
    public var jpeg: Data?

    /// A scanned page.
    public init(bitmap: Bitmap, size: PageSize, hiddenText: [TextRun] = [], jpeg: Data? = nil) {
        self.bitmap = bitmap; self.size = size; self.hiddenText = hiddenText; self.jpeg = jpeg
    }
}

/// Draws pages with cairo: PDFs with a real text layer, image-only and OCR-style PDFs, and bitmaps.
public enum Renderer {
    /// The fixed creation date written into every PDF, so the same input gives the same bytes.
    static let fixedDate = "2024-07-01T09:00:00"

    /// A PDF of `pages` whose text runs form a real text layer.
    public static func pdf(_ pages: [Page]) throws -> Data {
        try makePDF(sizes: pages.map(\.size)) { cr, i in try draw(pages[i], on: cr) }
    }

    /// A PDF whose pages are scans, each optionally with a text layer hidden beneath the image.
    public static func scanPDF(_ pages: [ScanPage]) throws -> Data {
        try makePDF(sizes: pages.map(\.size)) { cr, i in
            let p = pages[i]
            // Text first, the image over it: the text stays in the layer but no reader sees it.
            for run in p.hiddenText { drawText(run, on: cr) }
            try drawBitmap(p.bitmap, jpeg: p.jpeg, x: 0, y: 0, width: p.size.width, height: p.size.height, on: cr)
        }
    }

    /// The page drawn to an RGB bitmap at `dpi`.
    public static func raster(_ page: Page, dpi: Double) throws -> Bitmap {
        let scale = dpi / 72
        let w = Int((page.size.width * scale).rounded(.up)), h = Int((page.size.height * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(w), Int32(h)) else {
            throw DocumentKitError.cairo("cairo_image_surface_create", "nil")
        }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface), "cairo_image_surface_create")
        guard let cr = cairo_create(surface) else { throw DocumentKitError.cairo("cairo_create", "nil") }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        try draw(page, on: cr)
        let status = cairo_status(cr)
        cairo_destroy(cr)
        try check(status, "raster drawing")
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw DocumentKitError.cairo("cairo_image_surface_get_data", "nil")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var out = [UInt8](repeating: 255, count: w * h * 3)
        out.withUnsafeMutableBufferPointer { dst in
            for y in 0..<h {
                let row = UnsafeRawPointer(data + y * stride)
                var o = y * w * 3
                for x in 0..<w {
                    // RGB24 is a native-endian 0x00RRGGBB word.
                    let v = row.loadUnaligned(fromByteOffset: 4 * x, as: UInt32.self)
                    dst[o] = UInt8(truncatingIfNeeded: v >> 16)
                    dst[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    dst[o + 2] = UInt8(truncatingIfNeeded: v)
                    o += 3
                }
            }
        }
        return Bitmap(width: w, height: h, channels: 3, dpi: dpi, pixels: out)
    }

    // MARK: - PDF plumbing

    private final class Sink: @unchecked Sendable {
        var data = Data()
    }

    private static func makePDF(sizes: [PageSize], drawPage: (OpaquePointer, Int) throws -> Void) throws -> Data {
        let sink = Sink()
        let first = sizes.first ?? .a4
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            let s = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            s.data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        guard let surface = cairo_pdf_surface_create_for_stream(write, unmanaged.toOpaque(), first.width, first.height)
        else { throw DocumentKitError.cairo("cairo_pdf_surface_create_for_stream", "nil") }
        try check(cairo_surface_status(surface), "cairo_pdf_surface_create_for_stream")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, fixedDate)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "prescreen-gen")
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw DocumentKitError.cairo("cairo_create", "nil")
        }
        var failure: Error?
        for (i, size) in sizes.enumerated() {
            cairo_pdf_surface_set_size(surface, size.width, size.height)
            do { try drawPage(cr, i) } catch { failure = error; break }
            cairo_show_page(cr)
        }
        let status = cairo_status(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let surfaceStatus = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        if let failure { throw failure }
        try check(status, "pdf drawing")
        try check(surfaceStatus, "cairo_surface_finish")
        return sink.data
    }

    static func check(_ status: cairo_status_t, _ call: String) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            let text = cairo_status_to_string(status).map { String(cString: $0) } ?? "unknown"
            throw DocumentKitError.cairo(call, text)
        }
    }

    // MARK: - Drawing

    static func draw(_ page: Page, on cr: OpaquePointer) throws {
        for element in page.elements {
            switch element {
            case .text(let run):
                drawText(run, on: cr)
            case let .line(x0, y0, x1, y1, width, color):
                cairo_set_source_rgb(cr, color.r, color.g, color.b)
                cairo_set_line_width(cr, width)
                cairo_move_to(cr, x0, y0)
                cairo_line_to(cr, x1, y1)
                cairo_stroke(cr)
            case let .rect(x, y, w, h, fill, stroke, lineWidth):
                cairo_rectangle(cr, x, y, w, h)
                if let fill {
                    cairo_set_source_rgb(cr, fill.r, fill.g, fill.b)
                    if stroke == nil { cairo_fill(cr) } else { cairo_fill_preserve(cr) }
                }
                if let stroke {
                    cairo_set_source_rgb(cr, stroke.r, stroke.g, stroke.b)
                    cairo_set_line_width(cr, lineWidth)
                    cairo_stroke(cr)
                }
            case let .mosaic(x, y, w, h, cell, seed):
                drawMosaic(x: x, y: y, width: w, height: h, cell: cell, seed: seed, on: cr)
            case let .seal(cx, cy, r, ring, center, color):
                drawSeal(cx: cx, cy: cy, radius: r, ring: ring, center: center, color: color, on: cr)
            case let .qrCode(x, y, size, seed):
                drawQR(x: x, y: y, size: size, seed: seed, on: cr)
            case let .photo(x, y, w, h, image):
                if let image {
                    // A JPEG copy keeps PDFs small; raster surfaces ignore it.
                    let jpeg = try? Imaging.encode(image, as: .jpeg(quality: 80))
                    try drawBitmap(image, jpeg: jpeg, x: x, y: y, width: w, height: h, on: cr)
                } else {
                    drawFigure(x: x, y: y, width: w, height: h, on: cr)
                }
            case let .signature(text, x, y, size, angle, color):
                drawSignature(text, x: x, y: y, size: size, angle: angle, color: color, on: cr)
            case let .image(bitmap, x, y, w, h):
                try drawBitmap(bitmap, jpeg: nil, x: x, y: y, width: w, height: h, on: cr)
            }
        }
    }

    private static func selectFont(_ family: FontFamily, bold: Bool, size: Double, on cr: OpaquePointer) {
        cairo_select_font_face(cr, family.rawValue, CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    private static func advance(_ text: String, on cr: OpaquePointer) -> Double {
        var ext = cairo_text_extents_t()
        cairo_text_extents(cr, text, &ext)
        return ext.x_advance
    }

    static func drawText(_ run: TextRun, on cr: OpaquePointer) {
        selectFont(run.font, bold: run.bold, size: run.size, on: cr)
        cairo_set_source_rgb(cr, run.color.r, run.color.g, run.color.b)
        var x = run.x
        switch run.align {
        case .left: break
        case .center: x -= advance(run.text, on: cr) / 2
        case .right: x -= advance(run.text, on: cr)
        }
        cairo_move_to(cr, x, run.y)
        cairo_show_text(cr, run.text)
        cairo_new_path(cr)
    }

    private static func drawMosaic(x: Double, y: Double, width: Double, height: Double, cell: Double, seed: UInt64,
                                   on cr: OpaquePointer) {
        var rng = SplitMix64(seed: seed)
        var cy = y
        while cy < y + height {
            var cx = x
            let ch = min(cell, y + height - cy)
            while cx < x + width {
                let cw = min(cell, x + width - cx)
                let g = rng.double(0.25...0.75)
                cairo_set_source_rgb(cr, g, g, g * 0.95)
                cairo_rectangle(cr, cx, cy, cw, ch)
                cairo_fill(cr)
                cx += cell
            }
            cy += cell
        }
    }

    private static func drawSeal(cx: Double, cy: Double, radius r: Double, ring: String, center: String?,
                                 color: RGBColor, on cr: OpaquePointer) {
        cairo_save(cr)
        cairo_set_source_rgba(cr, color.r, color.g, color.b, 0.88)
        cairo_set_line_width(cr, r * 0.06)
        cairo_arc(cr, cx, cy, r, 0, 2 * Double.pi)
        cairo_stroke(cr)
        // Five-pointed star in the middle.
        let outer = r * 0.28, inner = outer * 0.38
        for i in 0..<10 {
            let a = -Double.pi / 2 + Double(i) * Double.pi / 5
            let rr = i % 2 == 0 ? outer : inner
            let px = cx + rr * cos(a), py = cy + rr * sin(a)
            if i == 0 { cairo_move_to(cr, px, py) } else { cairo_line_to(cr, px, py) }
        }
        cairo_close_path(cr)
        cairo_fill(cr)
        // Ring text: each character placed on the upper arc, upright along the radius; drawn as paths.
        let chars = ring.map(String.init)
        let fontSize = r * 0.26
        selectFont(.serif, bold: true, size: fontSize, on: cr)
        let span = min(Double.pi * 1.35, Double(chars.count) * 0.3)
        for (i, ch) in chars.enumerated() {
            let t = chars.count > 1 ? Double(i) / Double(chars.count - 1) : 0.5
            let angle = -Double.pi / 2 - span / 2 + t * span
            cairo_save(cr)
            cairo_translate(cr, cx + (r * 0.74) * cos(angle), cy + (r * 0.74) * sin(angle))
            cairo_rotate(cr, angle + Double.pi / 2)
            let w = advance(ch, on: cr)
            cairo_move_to(cr, -w / 2, fontSize * 0.4)
            cairo_text_path(cr, ch)
            cairo_fill(cr)
            cairo_restore(cr)
        }
        if let center {
            let size = r * 0.2
            selectFont(.serif, bold: true, size: size, on: cr)
            let w = advance(center, on: cr)
            cairo_move_to(cr, cx - w / 2, cy + r * 0.55)
            cairo_text_path(cr, center)
            cairo_fill(cr)
        }
        cairo_restore(cr)
    }

    private static func drawQR(x: Double, y: Double, size: Double, seed: UInt64, on cr: OpaquePointer) {
        let n = 25
        let m = size / Double(n)
        var rng = SplitMix64(seed: seed)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(cr, x, y, size, size)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        func inFinder(_ i: Int, _ j: Int) -> Bool {
            (i < 8 && j < 8) || (i >= n - 8 && j < 8) || (i < 8 && j >= n - 8)
        }
        for j in 0..<n {
            for i in 0..<n where !inFinder(i, j) && rng.chance(0.5) {
                cairo_rectangle(cr, x + Double(i) * m, y + Double(j) * m, m, m)
            }
        }
        cairo_fill(cr)
        for (fi, fj) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            let fx = x + Double(fi) * m, fy = y + Double(fj) * m
            cairo_rectangle(cr, fx, fy, 7 * m, 7 * m)
            cairo_fill(cr)
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_rectangle(cr, fx + m, fy + m, 5 * m, 5 * m)
            cairo_fill(cr)
            cairo_set_source_rgb(cr, 0, 0, 0)
            cairo_rectangle(cr, fx + 2 * m, fy + 2 * m, 3 * m, 3 * m)
            cairo_fill(cr)
        }
    }

    private static func drawFigure(x: Double, y: Double, width w: Double, height h: Double, on cr: OpaquePointer) {
        cairo_save(cr)
        cairo_rectangle(cr, x, y, w, h)
        cairo_clip(cr)
        cairo_set_source_rgb(cr, 0.55, 0.72, 0.92)
        cairo_paint(cr)
        // Shoulders: a dark jacket ellipse; head: a skin-tone ellipse; hair on top.
        cairo_set_source_rgb(cr, 0.15, 0.17, 0.25)
        cairo_save(cr)
        cairo_translate(cr, x + w / 2, y + h * 1.02)
        cairo_scale(cr, w * 0.55, h * 0.32)
        cairo_arc(cr, 0, 0, 1, 0, 2 * Double.pi)
        cairo_restore(cr)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0.93, 0.78, 0.66)
        cairo_save(cr)
        cairo_translate(cr, x + w / 2, y + h * 0.42)
        cairo_scale(cr, w * 0.24, h * 0.21)
        cairo_arc(cr, 0, 0, 1, 0, 2 * Double.pi)
        cairo_restore(cr)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0.1, 0.08, 0.07)
        cairo_save(cr)
        cairo_translate(cr, x + w / 2, y + h * 0.3)
        cairo_scale(cr, w * 0.26, h * 0.12)
        cairo_arc(cr, 0, 0, 1, Double.pi, 2 * Double.pi)
        cairo_restore(cr)
        cairo_fill(cr)
        for ex in [-0.09, 0.09] {
            cairo_arc(cr, x + w * (0.5 + ex), y + h * 0.41, w * 0.02, 0, 2 * Double.pi)
            cairo_fill(cr)
        }
        cairo_restore(cr)
    }

    private static func drawSignature(_ text: String, x: Double, y: Double, size: Double, angle: Double,
                                      color: RGBColor, on cr: OpaquePointer) {
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_rotate(cr, angle * Double.pi / 180)
        // A shear gives the italic slant CJK fonts lack; paths keep it out of any text layer.
        var shear = cairo_matrix_t()
        cairo_matrix_init(&shear, 1, 0, -0.3, 1, 0, 0)
        cairo_transform(cr, &shear)
        selectFont(.zenHei, bold: false, size: size, on: cr)
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        var pen = 0.0
        for (i, ch) in text.map(String.init).enumerated() {
            cairo_move_to(cr, pen, Double(i % 2) * size * 0.12)
            cairo_text_path(cr, ch)
            pen += advance(ch, on: cr) * 0.92
        }
        cairo_fill(cr)
        cairo_restore(cr)
    }

    static func drawBitmap(_ bitmap: Bitmap, jpeg: Data?, x: Double, y: Double, width: Double, height: Double,
                           on cr: OpaquePointer) throws {
        guard bitmap.width > 0, bitmap.height > 0 else { return }
        guard let img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(bitmap.width), Int32(bitmap.height))
        else { throw DocumentKitError.cairo("cairo_image_surface_create", "nil") }
        defer { cairo_surface_destroy(img) }
        try check(cairo_surface_status(img), "cairo_image_surface_create")
        cairo_surface_flush(img)
        guard let data = cairo_image_surface_get_data(img) else {
            throw DocumentKitError.cairo("cairo_image_surface_get_data", "nil")
        }
        let stride = Int(cairo_image_surface_get_stride(img))
        let rgb = bitmap.rgb()
        rgb.pixels.withUnsafeBufferPointer { px in
            for yy in 0..<bitmap.height {
                let row = UnsafeMutableRawPointer(data + yy * stride)
                for xx in 0..<bitmap.width {
                    let i = (yy * bitmap.width + xx) * 3
                    let v = (UInt32(px[i]) << 16) | (UInt32(px[i + 1]) << 8) | UInt32(px[i + 2])
                    row.storeBytes(of: v, toByteOffset: 4 * xx, as: UInt32.self)
                }
            }
        }
        cairo_surface_mark_dirty(img)
        if let jpeg, !jpeg.isEmpty, let copy = malloc(jpeg.count) {
            // The PDF surface embeds these bytes as-is (DCTDecode); cairo frees them with the surface.
            jpeg.withUnsafeBytes { raw in
                if let base = raw.baseAddress { memcpy(copy, base, jpeg.count) }
            }
            let status = cairo_surface_set_mime_data(img, CAIRO_MIME_TYPE_JPEG, copy.assumingMemoryBound(to: UInt8.self),
                                                     UInt(jpeg.count), { free($0) }, copy)
            if status != CAIRO_STATUS_SUCCESS { free(copy) }
            try check(status, "cairo_surface_set_mime_data")
        }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_scale(cr, width / Double(bitmap.width), height / Double(bitmap.height))
        cairo_set_source_surface(cr, img, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}
