import CLeptonica
import Foundation
import PrescreenCore

/// Image decoding and encoding with leptonica.
public enum ImageCodec {
    /// Decode JPEG/PNG/TIFF (every page)/BMP into 8-bit grey or RGB bitmaps.
    ///
    /// Colour stays RGB; palette, 1/2/4-bpp and 16-bit images are converted, alpha is blended onto
    /// white. Bitmap.dpi comes from the file (0 when absent). Throws `.tooLarge`, before decoding,
    /// when any page's width × height exceeds `maxPixels`; `.decodeFailed` for anything else unreadable
    /// (other formats, corrupt or truncated data).
    public static func decode(_ data: Data, maxPixels: Int = 60_000_000) throws(OCRError) -> [Bitmap] {
        if TIFFDirectory.isTIFF(data) {
            guard let sizes = TIFFDirectory.pageSizes(data) else {
                throw OCRError(.decodeFailed, "the TIFF's page directory is unreadable")
            }
            for (i, s) in sizes.enumerated() where exceeds(s.width, s.height, maxPixels) {
                throw OCRError(.tooLarge, "TIFF page \(i + 1) is \(s.width)×\(s.height) pixels, over the limit of \(maxPixels)")
            }
            return try decodeTIFF(data, expectedPages: sizes.count)
        }
        guard let header = readHeader(data) else {
            throw OCRError(.decodeFailed, "not a readable JPEG, PNG, TIFF or BMP image")
        }
        guard !exceeds(header.width, header.height, maxPixels) else {
            throw OCRError(.tooLarge, "the image is \(header.width)×\(header.height) pixels, over the limit of \(maxPixels)")
        }
        let pix: UnsafeMutablePointer<PIX>? = data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
            switch header.format {
            case Int32(IFF_JFIF_JPEG):
                var warnings: Int32 = 0
                // hint 0: fail on corrupt or truncated data instead of returning a half-grey page.
                return pixReadMemJpeg(base, raw.count, 0, 1, &warnings, 0)
            case Int32(IFF_PNG):
                return pixReadMemPng(base, raw.count)
            case Int32(IFF_BMP):
                return pixReadMemBmp(base, raw.count)
            default:
                return nil
            }
        }
        guard let pix else { throw OCRError(.decodeFailed, "the image data is corrupt or truncated") }
        guard let bitmap = LeptonicaImage(owning: pix).bitmap() else {
            throw OCRError(.decodeFailed, "the image's pixel format could not be converted")
        }
        return [bitmap]
    }

    /// PNG bytes of a Bitmap (for evidence pictures); the resolution is kept when known.
    ///
    /// `fast`: zlib's fastest level instead of its default, for pictures that only cross a pipe (seal ring strips):
    /// a little larger, several times quicker to write.
    public static func encodePNG(_ bitmap: Bitmap, fast: Bool = false) throws(OCRError) -> Data {
        guard let image = LeptonicaImage(bitmap) else {
            throw OCRError(.encodeFailed, "an empty or oversized bitmap cannot be encoded")
        }
        if fast { pixSetZlibCompression(image.pix, 1) }
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        let rc = pixWriteMemPng(&out, &size, image.pix, 0)
        guard rc == 0, let out else { throw OCRError(.encodeFailed, "leptonica could not write PNG data") }
        defer { lept_free(out) }
        return Data(bytes: out, count: size)
    }

    // MARK: - Internals

    private static func exceeds(_ width: Int, _ height: Int, _ maxPixels: Int) -> Bool {
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        return overflow || product > maxPixels || width <= 0 || height <= 0
    }

    /// Format and size from the header of a JPEG, PNG or BMP; nil for anything else.
    private static func readHeader(_ data: Data) -> (format: Int32, width: Int, height: Int)? {
        guard data.count >= 12 else { return nil }
        return data.withUnsafeBytes { raw -> (Int32, Int, Int)? in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
            var format: Int32 = 0
            guard findFileFormatBuffer(base, &format) == 0 else { return nil }
            let accepted = [IFF_JFIF_JPEG, IFF_PNG, IFF_BMP].map { Int32($0) }
            guard accepted.contains(format) else { return nil }
            var w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0, f: Int32 = 0
            guard pixReadHeaderMem(base, raw.count, &f, &w, &h, &bps, &spp, &cmap) == 0 else { return nil }
            guard w > 0, h > 0 else { return nil }
            return (format, Int(w), Int(h))
        }
    }

    private static func decodeTIFF(_ data: Data, expectedPages: Int) throws(OCRError) -> [Bitmap] {
        let pixa: UnsafeMutablePointer<PIXA>? = data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
            return pixaReadMemMultipageTiff(base, raw.count)
        }
        guard var pixa = Optional(pixa), let list = pixa else {
            throw OCRError(.decodeFailed, "the TIFF data is corrupt or truncated")
        }
        defer { pixaDestroy(&pixa) }
        let count = Int(pixaGetCount(list))
        // Fewer pages than the directory lists means a page failed to decode (truncation).
        guard count == expectedPages else {
            throw OCRError(.decodeFailed, "only \(count) of the TIFF's \(expectedPages) pages could be read")
        }
        var out: [Bitmap] = []
        for i in 0..<count {
            guard let p = pixaGetPix(list, Int32(i), Int32(L_CLONE)) else {
                throw OCRError(.decodeFailed, "TIFF page \(i + 1) could not be read")
            }
            guard let bitmap = LeptonicaImage(owning: p).bitmap() else {
                throw OCRError(.decodeFailed, "TIFF page \(i + 1)'s pixel format could not be converted")
            }
            out.append(bitmap)
        }
        return out
    }
}
