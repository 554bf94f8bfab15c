import CLeptonica
import PrescreenCore

/// Owns one leptonica `PIX` reference and destroys it on deinit. Never leaves this module.
final class LeptonicaImage {
    private(set) var pix: UnsafeMutablePointer<PIX>

    /// Takes ownership of a `PIX` reference (one `pixDestroy` will be due).
    init(owning pix: UnsafeMutablePointer<PIX>) {
        self.pix = pix
    }

    deinit {
        var p: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&p)
    }

    var width: Int { Int(pixGetWidth(pix)) }
    var height: Int { Int(pixGetHeight(pix)) }

    /// An 8-bpp (grey) or 32-bpp (RGB) `PIX` holding the bitmap's pixels; nil when leptonica cannot allocate.
    ///
    /// `forceGray` converts RGB to grey first (tesseract is ~20% faster on grey input: TOOLCHAIN.md).
    convenience init?(_ bitmap: Bitmap, forceGray: Bool = false) {
        let source = forceGray ? bitmap.grayscale() : bitmap
        guard source.width > 0, source.height > 0,
              source.width <= Int(Int32.max), source.height <= Int(Int32.max)
        else { return nil }
        let depth: Int32 = source.channels == 1 ? 8 : 32
        guard let pix = pixCreate(Int32(source.width), Int32(source.height), depth) else { return nil }
        self.init(owning: pix)
        guard let data = pixGetData(pix) else { return nil }
        let wpl = Int(pixGetWpl(pix))
        let w = source.width
        source.pixels.withUnsafeBufferPointer { src in
            if source.channels == 1 {
                // 8-bpp pixels sit big-endian inside 32-bit words: copy rows bytewise, then swap once.
                let bytes = UnsafeMutableRawPointer(data)
                for y in 0..<source.height {
                    guard let rowStart = src.baseAddress?.advanced(by: y * w) else { continue }
                    (bytes + y * wpl * 4).copyMemory(from: rowStart, byteCount: w)
                }
            } else {
                pixSetSpp(pix, 3)
                for y in 0..<source.height {
                    let row = data + y * wpl
                    for x in 0..<w {
                        let i = (y * w + x) * 3
                        // leptonica RGB words are 0xRRGGBBAA.
                        row[x] = (UInt32(src[i]) << 24) | (UInt32(src[i + 1]) << 16) | (UInt32(src[i + 2]) << 8) | 0xff
                    }
                }
            }
        }
        if source.channels == 1 {
            // pixEndianByteSwap returns 0 on success; it cannot fail on a freshly created 8-bpp PIX.
            guard pixEndianByteSwap(pix) == 0 else { return nil }
        }
        let dpi = Int32(max(0, min(Double(Int32.max), bitmap.dpi.rounded())))
        pixSetResolution(pix, dpi, dpi)
    }

    /// The image as an 8-bit grey or RGB bitmap: palettes removed, 1/2/4/16-bpp converted, alpha dropped.
    func bitmap() -> Bitmap? {
        guard let normal = normalized() else { return nil }
        let p = normal.pix
        let w = Int(pixGetWidth(p)), h = Int(pixGetHeight(p)), depth = pixGetDepth(p)
        guard w > 0, h > 0, let data = pixGetData(p) else { return nil }
        let wpl = Int(pixGetWpl(p))
        let dpi = Double(max(0, pixGetXRes(p)))
        if depth == 8 {
            var out = [UInt8](repeating: 0, count: w * h)
            let bytes = UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    let row = bytes + y * wpl * 4
                    // Index x ^ 3 undoes the big-endian byte order inside each little-endian word.
                    for x in 0..<w { dst[y * w + x] = row[x ^ 3] }
                }
            }
            return Bitmap(width: w, height: h, channels: 1, dpi: dpi, pixels: out)
        }
        var out = [UInt8](repeating: 0, count: w * h * 3)
        out.withUnsafeMutableBufferPointer { dst in
            for y in 0..<h {
                let row = data + y * wpl
                for x in 0..<w {
                    let v = row[x], i = (y * w + x) * 3
                    dst[i] = UInt8(truncatingIfNeeded: v >> 24)
                    dst[i + 1] = UInt8(truncatingIfNeeded: v >> 16)
                    dst[i + 2] = UInt8(truncatingIfNeeded: v >> 8)
                }
            }
        }
        return Bitmap(width: w, height: h, channels: 3, dpi: dpi, pixels: out)
    }

    /// This image as 8 bpp without a colormap or 32 bpp with 3 samples; nil when conversion fails.
    private func normalized() -> LeptonicaImage? {
        var current: LeptonicaImage = self
        if pixGetColormap(current.pix) != nil {
            // A grey palette becomes 8 bpp grey, a colour one 32 bpp RGB.
            guard let p = pixRemoveColormap(current.pix, Int32(REMOVE_CMAP_BASED_ON_SRC)) else { return nil }
            current = LeptonicaImage(owning: p)
        }
        switch pixGetDepth(current.pix) {
        case 8:
            return current
        case 32:
            if pixGetSpp(current.pix) == 4 {
                // Alpha is blended onto white: a transparent background reads as paper.
                guard let p = pixRemoveAlpha(current.pix) else { return nil }
                current = LeptonicaImage(owning: p)
            }
            return current
        case 16:
            guard let p = pixConvert16To8(current.pix, Int32(L_MS_BYTE)) else { return nil }
            return LeptonicaImage(owning: p)
        case 1, 2, 4:
            guard let p = pixConvertTo8(current.pix, 0) else { return nil }
            return LeptonicaImage(owning: p)
        default:
            // 24 bpp and others: leptonica's generic converter to RGB.
            guard let p = pixConvertTo32(current.pix) else { return nil }
            return LeptonicaImage(owning: p)
        }
    }
}
