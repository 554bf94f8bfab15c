import CPoppler
import Foundation
import PrescreenCore

/// One page of a `PDFDocument`; keeps its document alive.
///
/// Sizes, boxes and renderings are in the page's displayed orientation: poppler applies the
/// page's `/Rotate` to its size, text layout, image mapping and rendering alike.
public final class PDFPage {
    /// The page number, from 1.
    public let number: Int
    /// Keeps the PopplerDocument alive while this page is in use.
    let document: PDFDocument
    /// The PopplerPage*, owned (one reference).
    let handle: OpaquePointer
    /// `rotationQuarterTurns`, once probed.
    var cachedQuarterTurns: Int?

    init(document: PDFDocument, handle: OpaquePointer, number: Int) {
        self.document = document
        self.handle = handle
        self.number = number
    }

    deinit {
        g_object_unref(gpointer(handle))
    }

    /// The page size in points, (width, height).
    private var size: (width: Double, height: Double) {
        var w: Double = 0
        var h: Double = 0
        poppler_page_get_size(handle, &w, &h)
        return (w, h)
    }

    /// The page width in points (1/72 inch).
    public var width: Double { size.width }

    /// The page height in points (1/72 inch).
    public var height: Double { size.height }

    /// The text layer: one glyph per Unicode scalar, boxes as page fractions, source `.textLayer`.
    ///
    /// Built from `poppler_page_get_text` and `poppler_page_get_text_layout`, whose n-th rectangle
    /// belongs to the n-th character. Newlines and spaces stay as glyphs so line structure
    /// survives. Should the two disagree in length, the extra characters get an empty box at the
    /// last known position rather than a wrong one (and nothing is indexed out of range).
    public func text() -> PageText {
        let (pw, ph) = size
        guard let cText = poppler_page_get_text(handle) else {
            return PageText(source: .textLayer, glyphs: [])
        }
        let string = String(cString: cText)
        g_free(cText)

        var rects: UnsafeMutablePointer<PopplerRectangle>?
        var rectCount: guint = 0
        let hasLayout = poppler_page_get_text_layout(handle, &rects, &rectCount)
        // On failure poppler leaves the outputs untouched; treat as no layout.
        let layout: [PopplerRectangle]
        if hasLayout != 0, let rects, rectCount > 0 {
            layout = Array(UnsafeBufferPointer(start: rects, count: Int(rectCount)))
        } else {
            layout = []
        }
        if let rects { g_free(rects) }

        let boxes = layout.map { r in
            Box(x: r.x1, y: r.y1, width: r.x2 - r.x1, height: r.y2 - r.y1, pageWidth: pw, pageHeight: ph)
        }
        return PageText(source: .textLayer, glyphs: Self.glyphs(of: string, boxes: boxes))
    }

    /// Pairs the n-th Unicode scalar of `string` with the n-th box.
    ///
    /// Scalars without a box (poppler gave fewer rectangles than characters) get an empty box at
    /// the right edge of the last known one; surplus boxes are ignored.
    static func glyphs(of string: String, boxes: [Box]) -> [Glyph] {
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(string.unicodeScalars.count)
        var last = Box(x0: 0, y0: 0, x1: 0, y1: 0)
        for (i, scalar) in string.unicodeScalars.enumerated() {
            let box: Box
            if i < boxes.count {
                box = boxes[i]
                last = box
            } else {
                box = Box(x0: last.x1, y0: last.y0, x1: last.x1, y1: last.y1)
            }
            glyphs.append(Glyph(text: String(Character(scalar)), box: box))
        }
        return glyphs
    }

    /// Every raster image drawn on the page: its placement and native pixel size.
    ///
    /// The native size comes from decoding each image once (`poppler_page_get_image`, the only
    /// way poppler-glib exposes it): measured about 0.5 s for a flate-compressed 2480×3508 scan
    /// (release build), so pass `nativeSizes: false` when only the placement matters; the sizes
    /// and effective DPI are then 0. A page showing the same image twice lists it twice.
    public func images(nativeSizes: Bool = true) -> [PDFImagePlacement] {
        let (pw, ph) = size
        guard let list = poppler_page_get_image_mapping(handle) else { return [] }
        defer { poppler_page_free_image_mapping(list) }
        let turns = rotationQuarterTurns
        var out: [PDFImagePlacement] = []
        var node: UnsafeMutablePointer<GList>? = list
        while let current = node {
            defer { node = current.pointee.next }
            guard let data = current.pointee.data else { continue }
            let mapping = data.assumingMemoryBound(to: PopplerImageMapping.self).pointee
            let box = Self.displayedBox(of: mapping.area, quarterTurns: turns, pageWidth: pw, pageHeight: ph)
            var pixelWidth = 0
            var pixelHeight = 0
            if nativeSizes, let surface = poppler_page_get_image(handle, mapping.image_id) {
                if cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS {
                    pixelWidth = Int(max(0, cairo_image_surface_get_width(surface)))
                    pixelHeight = Int(max(0, cairo_image_surface_get_height(surface)))
                }
                cairo_surface_destroy(surface)
            }
            // On a page turned a quarter, the image's rows run down the displayed page.
            let alongWidth = turns % 2 == 0 ? box.width * pw : box.height * ph
            let inches = alongWidth / 72
            let dpi = pixelWidth > 0 && inches > 0 && inches.isFinite ? Double(pixelWidth) / inches : 0
            out.append(PDFImagePlacement(
                box: box, pixelWidth: pixelWidth, pixelHeight: pixelHeight, effectiveDPI: dpi,
                imageID: Int(mapping.image_id)))
        }
        return out
    }

    /// Corrects poppler's image rectangle (points, top-left origin) for the page's `/Rotate`.
    ///
    /// Poppler 22's CairoImageOutputDev::getBBox anchors the box at the displayed position of
    /// the image's first corner and extends it by the unrotated width and height, which is right
    /// for 0° and 180° but wrong for 90° and 270°. Measured with qpdf-rotated fixtures.
    static func displayedBox(
        of a: PopplerRectangle, quarterTurns: Int, pageWidth pw: Double, pageHeight ph: Double
    ) -> Box {
        let w = a.x2 - a.x1
        let h = a.y2 - a.y1
        switch quarterTurns {
        case 1: return Box(x: a.x1 - h, y: a.y1, width: h, height: w, pageWidth: pw, pageHeight: ph)
        case 3: return Box(x: a.x1, y: a.y1 - w, width: h, height: w, pageWidth: pw, pageHeight: ph)
        default: return Box(x: a.x1, y: a.y1, width: w, height: h, pageWidth: pw, pageHeight: ph)
        }
    }

    /// Decodes one embedded image (as listed by `images()`) to an RGB bitmap at its native size.
    ///
    /// Transparent parts are composited over white. `Bitmap.dpi` is the placement's effective DPI.
    /// The bitmap is turned with the page's `/Rotate`, so it is upright when the page displays it
    /// upright (a rotation in the image's own drawing matrix is not undone).
    public func imageBitmap(_ placement: PDFImagePlacement, maxPixels: Int = 60_000_000) throws(PDFError) -> Bitmap {
        guard let surface = poppler_page_get_image(handle, Int32(clamping: placement.imageID)) else {
            throw PDFError(code: .renderFailed, message: "image \(placement.imageID) on page \(number) could not be decoded")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw PDFError(code: .renderFailed, message: "image \(placement.imageID) on page \(number) could not be decoded (cairo status)")
        }
        let w = Int(cairo_image_surface_get_width(surface))
        let h = Int(cairo_image_surface_get_height(surface))
        guard w > 0, h > 0 else {
            throw PDFError(code: .renderFailed, message: "image \(placement.imageID) on page \(number) has no pixels")
        }
        guard w.multipliedReportingOverflow(by: h).partialValue <= maxPixels else {
            throw PDFError(code: .tooLarge, message: "image \(placement.imageID) on page \(number) has \(w)×\(h) pixels, over the limit of \(maxPixels)")
        }
        let format = cairo_image_surface_get_format(surface)
        guard format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_ARGB32 else {
            throw PDFError(code: .renderFailed, message: "image \(placement.imageID) on page \(number) has an unsupported pixel format")
        }
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw PDFError(code: .renderFailed, message: "image \(placement.imageID) on page \(number) has no pixel data")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let hasAlpha = format == CAIRO_FORMAT_ARGB32
        let pixels = Self.convert(data: data, width: w, height: h, stride: stride, gray: false, alphaOverWhite: hasAlpha)
        let native = Bitmap(width: w, height: h, channels: 3, dpi: placement.effectiveDPI, pixels: pixels)
        return native.rotatedClockwise(quarterTurns: rotationQuarterTurns)
    }

    /// Renders the page to an RGB bitmap at `dpi` on a white background; `Bitmap.dpi` is set.
    ///
    /// Throws `.tooLarge` when the bitmap would have more than `maxPixels` pixels, so a hostile
    /// page size cannot exhaust memory.
    public func render(dpi: Double, maxPixels: Int = 60_000_000) throws(PDFError) -> Bitmap {
        try render(dpi: dpi, maxPixels: maxPixels, gray: false)
    }

    /// Renders the page to an 8-bit grey bitmap at `dpi` on a white background (what OCR wants).
    ///
    /// Converts straight from cairo's pixels, without an RGB bitmap in between.
    public func renderGray(dpi: Double, maxPixels: Int = 60_000_000) throws(PDFError) -> Bitmap {
        try render(dpi: dpi, maxPixels: maxPixels, gray: true)
    }

    /// Renders the page in grey when every rendered pixel is grey (red = green = blue: black-and-white text, grey
    /// scans), else in RGB, so that colour is kept exactly where there is some (a red seal) and a grey page costs
    /// no RGB buffer and no grey conversion afterwards. The grey values equal ``Bitmap/grayscale()`` of the RGB
    /// render.
    public func renderGreyWhenColourless(dpi: Double, maxPixels: Int = 60_000_000) throws(PDFError) -> Bitmap {
        try render(dpi: dpi, maxPixels: maxPixels, gray: nil)
    }

    /// The pixel size a rendering at `dpi` would have, (width, height), rounded up.
    public func pixelSize(dpi: Double) -> (width: Int, height: Int) {
        let (pw, ph) = size
        let w = (pw * dpi / 72).rounded(.up)
        let h = (ph * dpi / 72).rounded(.up)
        guard w.isFinite, h.isFinite, w < 1e12, h < 1e12 else { return (Int.max, Int.max) }
        return (max(1, Int(w)), max(1, Int(h)))
    }

    /// Renders only `region` of the page (fractions of the displayed page) to an RGB bitmap at `dpi`: what a reader
    /// sees there, with everything drawn over an image (a box, a mosaic, a sticker), at a resolution the whole page
    /// would be too large for. `Bitmap.dpi` is set.
    public func render(dpi: Double, region: Box, maxPixels: Int = 60_000_000) throws(PDFError) -> Bitmap {
        try render(dpi: dpi, maxPixels: maxPixels, gray: false, region: region.clamped)
    }

    /// `gray` nil: grey when the rendered pixels hold no colour, else RGB. `region`: only that part of the page.
    private func render(dpi: Double, maxPixels: Int, gray wanted: Bool?, region: Box? = nil) throws(PDFError) -> Bitmap {
        guard dpi.isFinite, dpi > 0 else {
            throw PDFError(code: .renderFailed, message: "rendering page \(number) needs a positive resolution, got \(dpi) dpi")
        }
        let page = pixelSize(dpi: dpi)
        var (w, h) = page
        var origin = (x: 0.0, y: 0.0)
        if let region {
            guard page.width < Int.max, region.width > 0, region.height > 0 else {
                throw PDFError(code: .renderFailed, message: "rendering an empty region of page \(number)")
            }
            origin = (region.x0 * Double(page.width), region.y0 * Double(page.height))
            w = max(1, Int((region.width * Double(page.width)).rounded(.up)))
            h = max(1, Int((region.height * Double(page.height)).rounded(.up)))
        }
        let (pixels, overflow) = w.multipliedReportingOverflow(by: h)
        // Cairo refuses image surfaces wider or taller than 32767 pixels.
        guard !overflow, pixels <= maxPixels, w <= 32767, h <= 32767 else {
            throw PDFError(
                code: .tooLarge,
                message: "page \(number) at \(dpi) dpi would be \(w)×\(h) pixels, over the limit of \(maxPixels) (or cairo's 32767 per side); render at a lower resolution")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h)) else {
            throw PDFError(code: .renderFailed, message: "cairo could not create a \(w)×\(h) surface for page \(number)")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw PDFError(code: .renderFailed, message: "cairo could not create a \(w)×\(h) surface for page \(number) (out of memory?)")
        }
        guard let cr = cairo_create(surface) else {
            throw PDFError(code: .renderFailed, message: "cairo could not create a drawing context for page \(number)")
        }
        defer { cairo_destroy(cr) }
        guard cairo_status(cr) == CAIRO_STATUS_SUCCESS else {
            throw PDFError(code: .renderFailed, message: "cairo could not create a drawing context for page \(number)")
        }
        // An opaque white background makes every pixel opaque, so premultiplied = straight colour.
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_translate(cr, -origin.x, -origin.y)
        cairo_scale(cr, dpi / 72, dpi / 72)
        poppler_page_render(handle, cr)
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            let reason = cairo_status_to_string(status).map { String(cString: $0) } ?? "unknown"
            throw PDFError(code: .renderFailed, message: "drawing page \(number) failed (cairo: \(reason))")
        }
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw PDFError(code: .renderFailed, message: "cairo returned no pixels for page \(number)")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        if wanted == nil, let grey = Self.colourlessGrey(data: data, width: w, height: h, stride: stride) {
            return Bitmap(width: w, height: h, channels: 1, dpi: dpi, pixels: grey)
        }
        let gray = wanted ?? false
        let out = Self.convert(data: data, width: w, height: h, stride: stride, gray: gray, alphaOverWhite: false)
        return Bitmap(width: w, height: h, channels: gray ? 1 : 3, dpi: dpi, pixels: out)
    }

    /// The grey bytes of opaque cairo pixels (native-endian 0xAARRGGBB) when none has colour (red, green and
    /// blue all equal, so the grey value is the blue byte: exactly what ``convert`` computes); nil at the first
    /// coloured pixel. One pass for a grey page instead of a colour test and a conversion.
    private static func colourlessGrey(data: UnsafeMutablePointer<UInt8>, width: Int, height: Int, stride: Int) -> [UInt8]? {
        var colour = false
        let out = [UInt8](unsafeUninitializedCapacity: width * height) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                let o = base + y * width
                for x in 0..<width {
                    let v = row[x]
                    // Red, green and blue equal exactly when the word's low 24 bits are the blue byte three times.
                    if v & 0xFF_FFFF != (v & 0xFF) &* 0x01_0101 { colour = true; return }
                    o[x] = UInt8(truncatingIfNeeded: v)
                }
            }
            initialized = width * height
        }
        return colour ? nil : out
    }

    /// Converts cairo ARGB32/RGB24 pixels (native-endian 0xAARRGGBB words) to grey or RGB bytes.
    ///
    /// With `alphaOverWhite`, premultiplied pixels are composited over white (c + 255 − a).
    private static func convert(
        data: UnsafeMutablePointer<UInt8>, width: Int, height: Int, stride: Int, gray: Bool, alphaOverWhite: Bool
    ) -> [UInt8] {
        let channels = gray ? 1 : 3
        return [UInt8](unsafeUninitializedCapacity: width * height * channels) { buffer, initialized in
            for y in 0..<height {
                // Rows are 4-byte aligned (cairo strides are multiples of 4).
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                var o = y * width * channels
                for x in 0..<width {
                    let v = row[x]
                    var r = Int((v >> 16) & 0xFF)
                    var g = Int((v >> 8) & 0xFF)
                    var b = Int(v & 0xFF)
                    if alphaOverWhite {
                        let lift = 255 - Int(v >> 24)
                        r = min(255, r + lift)
                        g = min(255, g + lift)
                        b = min(255, b + lift)
                    }
                    if gray {
                        // Same weights as Bitmap.luma, so grey renders and RGB renders agree.
                        buffer[o] = UInt8((r * 299 + g * 587 + b * 114) / 1000)
                        o += 1
                    } else {
                        buffer[o] = UInt8(r)
                        buffer[o + 1] = UInt8(g)
                        buffer[o + 2] = UInt8(b)
                        o += 3
                    }
                }
            }
            initialized = width * height * channels
        }
    }
}
