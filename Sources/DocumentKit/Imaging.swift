import CLeptonica
import Foundation
import PrescreenCore

/// One degradation a scanner or phone camera adds to a page image.
public enum ScanEffect: Sendable, Hashable {
    /// Additive gaussian noise with this standard deviation (grey levels), from a seeded generator.
    case noise(sigma: Double, seed: UInt64)
    /// A box blur of this half-width in pixels.
    case blur(radius: Int)
    /// A small rotation (degrees, positive clockwise), the page slightly crooked on the glass.
    case skew(degrees: Double)
    /// A quarter-turn rotation clockwise (1, 2, 3 = 90°, 180°, 270°).
    case rotate(quarterTurns: Int)
    /// Low contrast: ink is pulled towards white, keeping `contrast` (0...1) of its darkness.
    case faint(contrast: Double)
    /// Downscaled by `factor` (0...1), a small low-resolution scan.
    case downscale(factor: Double)
    /// Converted to grey.
    case grey
}

/// Image encodings the generator writes.
public enum ImageEncoding: Sendable, Hashable {
    case png
    case jpeg(quality: Int)
    case bmp
    case tiff
}

/// Scan effects and image encoders over leptonica.
public enum Imaging {
    /// `bitmap` with `effects` applied in order.
    public static func apply(_ effects: [ScanEffect], to bitmap: Bitmap) throws -> Bitmap {
        var b = bitmap
        for e in effects { b = try apply(e, to: b) }
        return b
    }

    /// `bitmap` with one effect applied.
    public static func apply(_ effect: ScanEffect, to b: Bitmap) throws -> Bitmap {
        switch effect {
        case let .noise(sigma, seed):
            var rng = SplitMix64(seed: seed)
            var px = b.pixels
            px.withUnsafeMutableBufferPointer { buf in
                for i in 0..<buf.count {
                    let v = Double(buf[i]) + rng.gaussian() * sigma
                    buf[i] = UInt8(max(0, min(255, v.rounded())))
                }
            }
            return Bitmap(width: b.width, height: b.height, channels: b.channels, dpi: b.dpi, pixels: px)
        case let .faint(contrast):
            let k = max(0, min(1, contrast))
            let px = b.pixels.map { UInt8(255 - (255 - Double($0)) * k) }
            return Bitmap(width: b.width, height: b.height, channels: b.channels, dpi: b.dpi, pixels: px)
        case .grey:
            return b.grayscale()
        case .rotate(let q):
            return try withPix(b) { pix in pixRotateOrth(pix, Int32(((q % 4) + 4) % 4)) }
        case .blur(let radius):
            return try withPix(b) { pix in pixBlockconv(pix, Int32(radius), Int32(radius)) }
        case .skew(let degrees):
            return try withPix(b) { pix in
                pixRotate(pix, Float(degrees * Double.pi / 180), Int32(L_ROTATE_AREA_MAP),
                          Int32(L_BRING_IN_WHITE), 0, 0)
            }
        case .downscale(let factor):
            var out = try withPix(b) { pix in pixScale(pix, Float(factor), Float(factor)) }
            out.dpi = b.dpi * factor
            return out
        }
    }

    /// The bitmap encoded as a single-page image file.
    public static func encode(_ bitmap: Bitmap, as encoding: ImageEncoding) throws -> Data {
        if case .tiff = encoding { return try multipageTIFF([bitmap]) }
        let pix = try makePix(bitmap)
        var pixOpt: UnsafeMutablePointer<PIX>? = pix
        defer { pixDestroy(&pixOpt) }
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        let rc: Int32
        switch encoding {
        case .png: rc = pixWriteMem(&bytes, &size, pix, Int32(IFF_PNG))
        case .bmp: rc = pixWriteMem(&bytes, &size, pix, Int32(IFF_BMP))
        case .jpeg(let q): rc = pixWriteMemJpeg(&bytes, &size, pix, Int32(q), 0)
        case .tiff: rc = 1
        }
        guard rc == 0, let bytes, size > 0 else { throw DocumentKitError.leptonica("pixWriteMem") }
        defer { free(bytes) }
        return Data(bytes: bytes, count: size)
    }

    /// The bitmaps as one multi-page TIFF (zip-compressed), written through a temporary file.
    public static func multipageTIFF(_ bitmaps: [Bitmap]) throws -> Data {
        guard let pixa = pixaCreate(Int32(bitmaps.count)) else { throw DocumentKitError.leptonica("pixaCreate") }
        var pixaOpt: UnsafeMutablePointer<PIXA>? = pixa
        defer { pixaDestroy(&pixaOpt) }
        for b in bitmaps {
            let pix = try makePix(b)
            // L_INSERT hands the pix to the pixa, which frees it.
            guard pixaAddPix(pixa, pix, Int32(L_INSERT)) == 0 else {
                var p: UnsafeMutablePointer<PIX>? = pix
                pixDestroy(&p)
                throw DocumentKitError.leptonica("pixaAddPix")
            }
        }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("prescreen-gen-\(getpid())-\(UUID().uuidString).tif").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard pixaWriteMultipageTiff(path, pixa) == 0 else { throw DocumentKitError.leptonica("pixaWriteMultipageTiff") }
        guard let data = FileManager.default.contents(atPath: path) else { throw DocumentKitError.io("temporary tiff") }
        return data
    }

    /// Decodes an image file (any format leptonica reads; the first page of a TIFF) to a bitmap.
    public static func decode(_ data: Data) throws -> Bitmap {
        let pix: UnsafeMutablePointer<PIX>? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            return pixReadMem(base.assumingMemoryBound(to: UInt8.self), data.count)
        }
        guard let pix else { throw DocumentKitError.leptonica("pixReadMem") }
        var opt: UnsafeMutablePointer<PIX>? = pix
        defer { pixDestroy(&opt) }
        return try bitmap(from: pix)
    }

    /// The number of pages of a TIFF file (0 when it cannot be read).
    public static func tiffPageCount(_ data: Data) -> Int {
        let pixa: UnsafeMutablePointer<PIXA>? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            return pixaReadMemMultipageTiff(base.assumingMemoryBound(to: UInt8.self), data.count)
        }
        guard let pixa else { return 0 }
        var opt: UnsafeMutablePointer<PIXA>? = pixa
        defer { pixaDestroy(&opt) }
        return Int(pixaGetCount(pixa))
    }

    /// Loads an image file from disk (PNG, JPEG...) as a bitmap.
    public static func load(path: String) throws -> Bitmap {
        guard let data = FileManager.default.contents(atPath: path) else { throw DocumentKitError.io("read image") }
        return try decode(data)
    }

    // MARK: - Bitmap <-> PIX

    private static func withPix(_ b: Bitmap, _ op: (UnsafeMutablePointer<PIX>) -> UnsafeMutablePointer<PIX>?) throws
        -> Bitmap {
        let pix = try makePix(b)
        var opt: UnsafeMutablePointer<PIX>? = pix
        defer { pixDestroy(&opt) }
        guard let out = op(pix) else { throw DocumentKitError.leptonica("pix operation") }
        var outOpt: UnsafeMutablePointer<PIX>? = out
        defer { pixDestroy(&outOpt) }
        var result = try bitmap(from: out)
        result.dpi = b.dpi
        return result.channels == b.channels ? result : (b.channels == 1 ? result.grayscale() : result.rgb())
    }

    static func makePix(_ b: Bitmap) throws -> UnsafeMutablePointer<PIX> {
        let depth: Int32 = b.channels == 1 ? 8 : 32
        guard let pix = pixCreate(Int32(b.width), Int32(b.height), depth) else {
            throw DocumentKitError.leptonica("pixCreate")
        }
        guard let data = pixGetData(pix) else {
            var opt: UnsafeMutablePointer<PIX>? = pix
            pixDestroy(&opt)
            throw DocumentKitError.leptonica("pixGetData")
        }
        let wpl = Int(pixGetWpl(pix))
        b.pixels.withUnsafeBufferPointer { px in
            for y in 0..<b.height {
                let line = data + y * wpl
                if b.channels == 1 {
                    // 8-bpp pixels are big-endian bytes inside 32-bit words.
                    let rowStart = y * b.width
                    for wi in 0..<wpl {
                        let x = wi * 4
                        let a: UInt32 = x < b.width ? UInt32(px[rowStart + x]) : 255
                        let c: UInt32 = x + 1 < b.width ? UInt32(px[rowStart + x + 1]) : 255
                        let d: UInt32 = x + 2 < b.width ? UInt32(px[rowStart + x + 2]) : 255
                        let e: UInt32 = x + 3 < b.width ? UInt32(px[rowStart + x + 3]) : 255
                        line[wi] = (a << 24) | (c << 16) | (d << 8) | e
                    }
                } else {
                    for x in 0..<b.width {
                        let i = (y * b.width + x) * 3
                        line[x] = (UInt32(px[i]) << 24) | (UInt32(px[i + 1]) << 16) | (UInt32(px[i + 2]) << 8)
                    }
                }
            }
        }
        if b.dpi > 0 { pixSetResolution(pix, Int32(b.dpi.rounded()), Int32(b.dpi.rounded())) }
        return pix
    }

    static func bitmap(from source: UnsafeMutablePointer<PIX>) throws -> Bitmap {
        let d = pixGetDepth(source)
        // Normalise every depth (1, 2, 4, 8 with colormap, 16, 24) to 8-bit grey or 32-bit RGB.
        let converted: UnsafeMutablePointer<PIX>?
        if d == 32 {
            converted = pixClone(source)
        } else if d == 8, pixGetColormap(source) == nil {
            converted = pixClone(source)
        } else {
            converted = pixConvertTo32(source)
        }
        guard let pix = converted else { throw DocumentKitError.leptonica("pixConvertTo32") }
        var opt: UnsafeMutablePointer<PIX>? = pix
        defer { pixDestroy(&opt) }
        let w = Int(pixGetWidth(pix)), h = Int(pixGetHeight(pix)), wpl = Int(pixGetWpl(pix))
        guard let data = pixGetData(pix), w > 0, h > 0 else { throw DocumentKitError.leptonica("pixGetData") }
        let grey = pixGetDepth(pix) == 8
        var out = [UInt8](repeating: 0, count: w * h * (grey ? 1 : 3))
        out.withUnsafeMutableBufferPointer { dst in
            for y in 0..<h {
                let line = data + y * wpl
                for x in 0..<w {
                    if grey {
                        dst[y * w + x] = UInt8(truncatingIfNeeded: line[x >> 2] >> (24 - 8 * UInt32(x & 3)))
                    } else {
                        let v = line[x], o = (y * w + x) * 3
                        dst[o] = UInt8(truncatingIfNeeded: v >> 24)
                        dst[o + 1] = UInt8(truncatingIfNeeded: v >> 16)
                        dst[o + 2] = UInt8(truncatingIfNeeded: v >> 8)
                    }
                }
            }
        }
        let xres = Double(pixGetXRes(pix))
        return Bitmap(width: w, height: h, channels: grey ? 1 : 3, dpi: xres, pixels: out)
    }
}
