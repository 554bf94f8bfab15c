/// A decoded or rendered page image: 8-bit grey (1 channel) or RGB (3 channels), rows top to bottom.
///
/// The value that crosses module boundaries in place of a cairo surface or a leptonica `PIX`.
public struct Bitmap: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// 1 (grey) or 3 (RGB, bytes in R, G, B order).
    public let channels: Int
    /// The resolution it was rendered or scanned at; 0 where unknown.
    public var dpi: Double
    /// `width * height * channels` bytes, rows without padding.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, dpi: Double = 0, pixels: [UInt8]) {
        precondition(channels == 1 || channels == 3, "a bitmap has 1 or 3 channels")
        precondition(pixels.count == width * height * channels, "pixel count must match the size")
        self.width = width
        self.height = height
        self.channels = channels
        self.dpi = dpi
        self.pixels = pixels
    }

    /// A bitmap of one value everywhere.
    public init(width: Int, height: Int, channels: Int, dpi: Double = 0, filledWith value: UInt8) {
        self.init(width: width, height: height, channels: channels, dpi: dpi,
                  pixels: [UInt8](repeating: value, count: width * height * channels))
    }

    /// The grey value of a pixel (the luma of an RGB pixel).
    @inlinable
    public func luma(x: Int, y: Int) -> UInt8 {
        let i = (y * width + x) * channels
        if channels == 1 { return pixels[i] }
        let r = Int(pixels[i]), g = Int(pixels[i + 1]), b = Int(pixels[i + 2])
        return UInt8((r * 299 + g * 587 + b * 114) / 1000)
    }

    /// This bitmap in 8-bit grey.
    public func grayscale() -> Bitmap {
        if channels == 1 { return self }
        let count = width * height
        // Straight into uninitialised storage, without per-pixel bounds checks: a whole 200-dpi page per call.
        let out = [UInt8](unsafeUninitializedCapacity: count) { dst, initialized in
            pixels.withUnsafeBufferPointer { src in
                guard let s = src.baseAddress, let d = dst.baseAddress, src.count >= 3 * count else {
                    initialized = 0
                    return
                }
                for i in 0..<count {
                    let r = Int(s[3 * i]), g = Int(s[3 * i + 1]), b = Int(s[3 * i + 2])
                    d[i] = UInt8(truncatingIfNeeded: (r * 299 + g * 587 + b * 114) / 1000)
                }
                initialized = count
            }
        }
        guard out.count == count else { return Bitmap(width: width, height: height, channels: 1, dpi: dpi, filledWith: 255) }
        return Bitmap(width: width, height: height, channels: 1, dpi: dpi, pixels: out)
    }

    /// This bitmap in RGB.
    public func rgb() -> Bitmap {
        if channels == 3 { return self }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            let v = pixels[i]
            out[3 * i] = v; out[3 * i + 1] = v; out[3 * i + 2] = v
        }
        return Bitmap(width: width, height: height, channels: 3, dpi: dpi, pixels: out)
    }

    /// The pixel rectangle a page-fraction box covers, clamped to the bitmap; nil when empty.
    public func pixelRect(_ box: Box) -> (x: Int, y: Int, width: Int, height: Int)? {
        let x0 = max(0, min(width, Int((box.x0 * Double(width)).rounded(.down))))
        let y0 = max(0, min(height, Int((box.y0 * Double(height)).rounded(.down))))
        let x1 = max(0, min(width, Int((box.x1 * Double(width)).rounded(.up))))
        let y1 = max(0, min(height, Int((box.y1 * Double(height)).rounded(.up))))
        guard x1 > x0, y1 > y0 else { return nil }
        return (x0, y0, x1 - x0, y1 - y0)
    }

    /// The part of the bitmap under a page-fraction box; nil when the box is empty.
    public func cropped(to box: Box) -> Bitmap? {
        guard let r = pixelRect(box) else { return nil }
        // The whole bitmap: the same pixels, shared (a page-sized face search region would copy ~4 MB).
        if r.x == 0, r.y == 0, r.width == width, r.height == height { return self }
        var out = [UInt8]()
        out.reserveCapacity(r.width * r.height * channels)
        for y in r.y..<(r.y + r.height) {
            let start = (y * width + r.x) * channels
            out.append(contentsOf: pixels[start..<(start + r.width * channels)])
        }
        return Bitmap(width: r.width, height: r.height, channels: channels, dpi: dpi, pixels: out)
    }

    /// The bitmap turned clockwise by `quarterTurns` × 90°.
    public func rotatedClockwise(quarterTurns: Int) -> Bitmap {
        let q = ((quarterTurns % 4) + 4) % 4
        if q == 0 { return self }
        let (nw, nh) = q == 2 ? (width, height) : (height, width)
        var out = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<height {
            for x in 0..<width {
                let (nx, ny): (Int, Int)
                switch q {
                case 1: (nx, ny) = (height - 1 - y, x)
                case 2: (nx, ny) = (width - 1 - x, height - 1 - y)
                default: (nx, ny) = (y, width - 1 - x)
                }
                let s = (y * width + x) * channels, d = (ny * nw + nx) * channels
                for c in 0..<channels { out[d + c] = pixels[s + c] }
            }
        }
        return Bitmap(width: nw, height: nh, channels: channels, dpi: dpi, pixels: out)
    }

    /// A copy with the outline of `box` drawn in red, `thickness` pixels wide (for evidence pictures).
    public func outlined(_ box: Box, thickness: Int = 3) -> Bitmap {
        var out = rgb()
        guard let r = pixelRect(box) else { return out }
        let x0 = max(0, r.x - thickness), y0 = max(0, r.y - thickness)
        let x1 = min(width - 1, r.x + r.width + thickness - 1), y1 = min(height - 1, r.y + r.height + thickness - 1)
        guard x1 >= x0, y1 >= y0 else { return out }
        func paint(_ x: Int, _ y: Int) {
            let i = (y * width + x) * 3
            out.pixels[i] = 230; out.pixels[i + 1] = 20; out.pixels[i + 2] = 20
        }
        for t in 0..<thickness {
            for x in x0...x1 {
                if y0 + t <= y1 { paint(x, y0 + t) }
                if y1 - t >= y0 { paint(x, y1 - t) }
            }
            for y in y0...y1 {
                if x0 + t <= x1 { paint(x0 + t, y) }
                if x1 - t >= x0 { paint(x1 - t, y) }
            }
        }
        return out
    }
}

extension Bitmap {
    /// How many pixels under a box are light (grey 128 or more), of how many; nil when the box is empty.
    public func lightCount(_ box: Box) -> (light: Int, total: Int)? {
        guard let r = pixelRect(box), r.width > 0, r.height > 0 else { return nil }
        var light = 0
        for y in r.y..<(r.y + r.height) {
            for x in r.x..<(r.x + r.width) where luma(x: x, y: y) >= 128 { light += 1 }
        }
        return (light, r.width * r.height)
    }

    /// Mean and standard deviation of the grey values under a box; nil when the box is empty.
    ///
    /// A glyph a reader can see has ink and paper under its box (a high deviation); a glyph under a
    /// mask, or drawn invisibly, sits on a uniform block.
    public func regionStatistics(_ box: Box) -> (mean: Double, deviation: Double)? {
        guard let r = pixelRect(box) else { return nil }
        var sum = 0.0, sq = 0.0
        for y in r.y..<(r.y + r.height) {
            for x in r.x..<(r.x + r.width) {
                let v = Double(luma(x: x, y: y))
                sum += v
                sq += v * v
            }
        }
        let n = Double(r.width * r.height)
        let mean = sum / n
        return (mean, max(0, sq / n - mean * mean).squareRoot())
    }
}
