import CLeptonica
import CPoppler
import Foundation
import PrescreenCore

/// Builders of page images and image files for OCR and codec tests, made in code (no binary fixtures).
///
/// Text is drawn with cairo's toy font API in "Noto Sans CJK SC" (package fonts-noto-cjk); files are
/// written with leptonica directly, independently of the OCR module's own conversion code.
public enum OCRFixtures {
    /// A rendered text page and where each line's ink was drawn.
    public struct TextPage: Sendable {
        /// The page, 8-bit grey, black text on white.
        public var bitmap: Bitmap
        /// The ink extents of each line as page fractions, in the order of the lines given.
        public var lineBoxes: [PrescreenCore.Box]
    }

    /// The font the fixtures draw with.
    public static let fontFamily = "Noto Sans CJK SC"

    /// Whether the CJK font is installed (fontconfig falls back silently to a font without Chinese glyphs).
    public static var cjkFontAvailable: Bool {
        let dirs = ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto-cjk"]
        return dirs.contains { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.contains("CJK") }
        }
    }

    /// Lines of text rendered black on white at `fontSize` points and `dpi`, with a margin of one em.
    public static func textBitmap(lines: [String], fontSize: Double = 12, dpi: Double = 300) -> Bitmap {
        textPage(lines: lines, fontSize: fontSize, dpi: dpi).bitmap
    }

    /// Lines of text rendered as in ``textBitmap(lines:fontSize:dpi:)``, with each line's ink box.
    ///
    /// `minWidth`/`minHeight` pad the page (in pixels) so several renders can share one size.
    public static func textPage(lines: [String], fontSize: Double = 12, dpi: Double = 300,
                                minWidth: Int = 0, minHeight: Int = 0) -> TextPage {
        let px = fontSize * dpi / 72
        let lineHeight = px * 1.8
        // Measure first on a scratch surface: the page is sized to the widest line.
        var widths: [Double] = []
        withContext(width: 1, height: 1) { cr in
            setFont(cr, px)
            for line in lines {
                var ext = cairo_text_extents_t()
                cairo_text_extents(cr, line, &ext)
                widths.append(ext.x_advance)
            }
        }
        let width = max(minWidth, Int((2 * px + (widths.max() ?? 0)).rounded(.up)))
        let height = max(minHeight, Int((2 * px + lineHeight * Double(max(1, lines.count))).rounded(.up)))
        var boxes: [PrescreenCore.Box] = []
        let bitmap = withContext(width: width, height: height) { cr in
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_paint(cr)
            cairo_set_source_rgb(cr, 0, 0, 0)
            setFont(cr, px)
            for (i, line) in lines.enumerated() {
                let x = px, baseline = px + lineHeight * Double(i) + px
                var ext = cairo_text_extents_t()
                cairo_text_extents(cr, line, &ext)
                boxes.append(PrescreenCore.Box(x: x + ext.x_bearing, y: baseline + ext.y_bearing, width: ext.width,
                                 height: ext.height, pageWidth: Double(width), pageHeight: Double(height)))
                cairo_move_to(cr, x, baseline)
                cairo_show_text(cr, line)
            }
        }
        var out = bitmap
        out.dpi = dpi
        return TextPage(bitmap: out, lineBoxes: boxes)
    }

    /// An RGB copy of a grey bitmap with the ink drawn in `ink` (R, G, B) instead of black.
    public static func colored(_ bitmap: Bitmap, ink: (UInt8, UInt8, UInt8)) -> Bitmap {
        let grey = bitmap.grayscale()
        var px = [UInt8](repeating: 0, count: grey.width * grey.height * 3)
        for i in 0..<(grey.width * grey.height) {
            let t = Double(grey.pixels[i]) / 255 // 1 = paper, 0 = full ink
            px[3 * i] = UInt8((t * 255 + (1 - t) * Double(ink.0)).rounded())
            px[3 * i + 1] = UInt8((t * 255 + (1 - t) * Double(ink.1)).rounded())
            px[3 * i + 2] = UInt8((t * 255 + (1 - t) * Double(ink.2)).rounded())
        }
        return Bitmap(width: grey.width, height: grey.height, channels: 3, dpi: bitmap.dpi, pixels: px)
    }

    /// How ``encode(_:as:variant:)`` stores the pixels.
    public enum Variant: Sendable {
        /// 8-bit grey or 32-bit RGB, as the bitmap is.
        case native
        /// Thresholded to 1 bit per pixel.
        case binary
        /// A colour palette (colormapped 8-bit).
        case palette
        /// 16 bits per grey sample (PNG only).
        case sixteenBit
    }

    /// The bitmap as a file in `format` ("png", "jpeg", "tiff" or "bmp"), written by leptonica.
    public static func encode(_ bitmap: Bitmap, as format: String, variant: Variant = .native) -> Data {
        let iff: Int32
        switch format {
        case "png": iff = Int32(IFF_PNG)
        case "jpeg", "jpg": iff = Int32(IFF_JFIF_JPEG)
        case "tiff", "tif": iff = Int32(IFF_TIFF_ZIP)
        case "bmp": iff = Int32(IFF_BMP)
        default: preconditionFailure("unknown fixture format \(format)")
        }
        var pix: UnsafeMutablePointer<PIX>? = makeVariant(bitmap, variant)
        defer { pixDestroy(&pix) }
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        let rc = pixWriteMem(&out, &size, pix, iff)
        guard rc == 0, let out else { preconditionFailure("leptonica could not write the fixture") }
        defer { lept_free(out) }
        return Data(bytes: out, count: size)
    }

    /// A multi-page TIFF holding the bitmaps as its pages, in order.
    public static func multipageTIFF(_ bitmaps: [Bitmap]) -> Data {
        var pixa: UnsafeMutablePointer<PIXA>? = pixaCreate(Int32(bitmaps.count))
        defer { pixaDestroy(&pixa) }
        for b in bitmaps {
            // L_INSERT hands the PIX to the PIXA, which destroys it.
            precondition(pixaAddPix(pixa, makePix(b), Int32(L_INSERT)) == 0, "pixaAddPix failed")
        }
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        let rc = pixaWriteMemMultipageTiff(&out, &size, pixa)
        guard rc == 0, let out else { preconditionFailure("leptonica could not write the multi-page TIFF") }
        defer { lept_free(out) }
        return Data(bytes: out, count: size)
    }

    /// A PNG with a valid signature and IHDR chunk claiming `width`×`height`, and no pixel data.
    ///
    /// A decompression-bomb stand-in: decoding it for real would need width × height bytes.
    public static func pngHeaderOnly(width: UInt32, height: UInt32) -> Data {
        var d = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func chunk(_ type: String, _ body: [UInt8]) {
            let typeBytes = Array(type.utf8)
            d.append(contentsOf: be32(UInt32(body.count)))
            d.append(contentsOf: typeBytes)
            d.append(contentsOf: body)
            d.append(contentsOf: be32(crc32(typeBytes + body)))
        }
        // 8-bit greyscale, deflate, adaptive filtering, no interlace.
        chunk("IHDR", be32(width) + be32(height) + [8, 0, 0, 0, 0])
        chunk("IEND", [])
        return d
    }

    // MARK: - Internals

    private static func setFont(_ cr: OpaquePointer?, _ px: Double) {
        cairo_select_font_face(cr, fontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, px)
    }

    /// Runs `draw` on an RGB24 cairo context of the given size and returns the surface as grey.
    @discardableResult
    private static func withContext(width: Int, height: Int, _ draw: (OpaquePointer?) -> Void) -> Bitmap {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        precondition(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, "cairo surface failed")
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        draw(cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { preconditionFailure("no cairo pixels") }
        var px = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let v = row[x] // native-endian 0x00RRGGBB
                let r = Int((v >> 16) & 0xff), g = Int((v >> 8) & 0xff), b = Int(v & 0xff)
                px[y * width + x] = UInt8((r * 299 + g * 587 + b * 114) / 1000)
            }
        }
        return Bitmap(width: width, height: height, channels: 1, pixels: px)
    }

    /// A PIX made pixel by pixel with leptonica's setters (deliberately not the OCR module's fast path).
    private static func makePix(_ b: Bitmap) -> UnsafeMutablePointer<PIX> {
        guard let pix = pixCreate(Int32(b.width), Int32(b.height), b.channels == 1 ? 8 : 32) else {
            preconditionFailure("pixCreate failed")
        }
        for y in 0..<b.height {
            for x in 0..<b.width {
                let i = (y * b.width + x) * b.channels
                if b.channels == 1 {
                    pixSetPixel(pix, Int32(x), Int32(y), UInt32(b.pixels[i]))
                } else {
                    pixSetRGBPixel(pix, Int32(x), Int32(y), Int32(b.pixels[i]), Int32(b.pixels[i + 1]),
                                   Int32(b.pixels[i + 2]))
                }
            }
        }
        let dpi = Int32(b.dpi.rounded())
        pixSetResolution(pix, dpi, dpi)
        return pix
    }

    private static func makeVariant(_ b: Bitmap, _ variant: Variant) -> UnsafeMutablePointer<PIX> {
        let base = makePix(b)
        var owned: UnsafeMutablePointer<PIX>? = base
        let converted: UnsafeMutablePointer<PIX>?
        switch variant {
        case .native:
            return base
        case .binary:
            let grey = b.channels == 1 ? base : pixConvertRGBToLuminance(base)
            converted = pixThresholdToBinary(grey, 128)
            if grey != base { var g: UnsafeMutablePointer<PIX>? = grey; pixDestroy(&g) }
        case .palette:
            converted = b.channels == 1 ? pixConvertGrayToColormap(base) : pixOctreeColorQuant(base, 128, 0)
        case .sixteenBit:
            let grey = b.channels == 1 ? base : pixConvertRGBToLuminance(base)
            converted = pixConvert8To16(grey, 8)
            if grey != base { var g: UnsafeMutablePointer<PIX>? = grey; pixDestroy(&g) }
        }
        pixDestroy(&owned)
        guard let converted else { preconditionFailure("leptonica could not convert the fixture") }
        pixSetResolution(converted, Int32(b.dpi.rounded()), Int32(b.dpi.rounded()))
        return converted
    }

    private static func be32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

extension OCRFixtures {
    /// The bitmap rotated by `degrees` (clockwise positive) about its centre, white brought in, same size.
    public static func rotated(_ bitmap: Bitmap, degrees: Double) -> Bitmap {
        var pix: UnsafeMutablePointer<PIX>? = makePixForRotation(bitmap)
        defer { pixDestroy(&pix) }
        var out: UnsafeMutablePointer<PIX>? = pixRotate(pix, Float(degrees * .pi / 180), Int32(L_ROTATE_AREA_MAP),
                                                        Int32(L_BRING_IN_WHITE), 0, 0)
        defer { pixDestroy(&out) }
        guard let out, pixGetDepth(out) == 8, let data = pixGetData(out) else {
            preconditionFailure("pixRotate failed")
        }
        let w = Int(pixGetWidth(out)), h = Int(pixGetHeight(out)), wpl = Int(pixGetWpl(out))
        var px = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                px[y * w + x] = UInt8(truncatingIfNeeded: pixGetPixelValue(data + y * wpl, x))
            }
        }
        return Bitmap(width: w, height: h, channels: 1, dpi: bitmap.dpi, pixels: px)
    }

    private static func makePixForRotation(_ b: Bitmap) -> UnsafeMutablePointer<PIX> {
        let grey = b.grayscale()
        guard let pix = pixCreate(Int32(grey.width), Int32(grey.height), 8) else { preconditionFailure("pixCreate failed") }
        for y in 0..<grey.height {
            for x in 0..<grey.width { pixSetPixel(pix, Int32(x), Int32(y), UInt32(grey.pixels[y * grey.width + x])) }
        }
        return pix
    }

    /// Byte `x` of an 8-bpp leptonica row (bytes are big-endian within each 32-bit word).
    private static func pixGetPixelValue(_ row: UnsafeMutablePointer<UInt32>, _ x: Int) -> UInt32 {
        (row[x / 4] >> UInt32(24 - 8 * (x % 4))) & 0xff
    }
}
