import Foundation
import PrescreenCore

/// A round seal found on a bitmap: where it is and its ring, in the bitmap's pixels.
public struct SealCandidate: Sendable, Hashable {
    /// The seal's box as fractions of the bitmap.
    public var box: Box
    public var centerX: Double
    public var centerY: Double
    public var radius: Double
    /// Share of the ring's circumference that is inked (0–1).
    public var ringCoverage: Double
    /// Whether the bitmap it was found on has red ink (the ring was found in red, else in seal grey).
    public var redInk: Bool
}

/// Finds round official seals (公章) on page bitmaps: a ring of seal ink with text inside.
///
/// Seal ink is red on a colour page; on a grey scan it is the mid-grey a red ring turns into, lighter than
/// black print. Connected blobs of that ink whose pixels lie on a circle (inked all round) are seals; text,
/// table rules, QR codes, logos and mosaic blocks are not rings. A seal under a box or a mosaic leaves no ring.
public enum SealDetector {
    /// The mask is built at about this resolution: a 40-mm seal is then about 150 px across, ample for a ring.
    static let workingDPI = 75.0
    /// Seal diameters looked for, in inches (generated 1.0–1.2; real 公章 are 38–42 mm, about 1.6).
    static let minDiameterInches = 0.6
    static let maxDiameterInches = 2.2
    /// A ring must be inked along at least this share of its circumference.
    static let minCoverage = 0.72

    /// The seals on `bitmap` (`dpi` 0: from the bitmap, else guessed as A4).
    public static func seals(in bitmap: Bitmap, dpi: Double = 0) -> [SealCandidate] {
        var resolution = dpi > 0 ? dpi : bitmap.dpi
        if resolution <= 0 { resolution = Double(min(bitmap.width, bitmap.height)) / (210.0 / 25.4) }
        let step = max(1, Int((resolution / workingDPI).rounded()))
        let w = bitmap.width / step, h = bitmap.height / step
        guard w > 8, h > 8 else { return [] }
        let colour = bitmap.channels == 3 && hasRedInk(bitmap)
        var mask = [Bool](repeating: false, count: w * h)
        let n = step * step, channels = bitmap.channels, rowBytes = bitmap.width * channels
        // Block sums over raw row pointers, one loop per channel layout (a whole 200-dpi page per call: the
        // indexed, branch-per-pixel version was 2% of a worker's time on scans). At one pixel a block (text
        // pages are rendered at 100 dpi) the pixels are tested directly: no sums, no divisions.
        mask.withUnsafeMutableBufferPointer { m in
            bitmap.pixels.withUnsafeBufferPointer { px in
                guard let base = px.baseAddress, let out = m.baseAddress, px.count >= bitmap.height * rowBytes else { return }
                if step == 1 {
                    for y in 0..<h {
                        let row = base + y * rowBytes, o = out + y * w
                        if channels == 3 {
                            for x in 0..<w {
                                let r = Int(row[3 * x]), g = Int(row[3 * x + 1]), b = Int(row[3 * x + 2])
                                o[x] = colour ? isRed(r, g, b) : isSealGrey(r, g, b)
                            }
                        } else {
                            // Grey: isSealGrey(v, v, v) is exactly 70 <= v <= 165.
                            for x in 0..<w { o[x] = row[x] >= 70 && row[x] <= 165 }
                        }
                    }
                    return
                }
                for y in 0..<h {
                    for x in 0..<w {
                        var r = 0, g = 0, b = 0
                        for dy in 0..<step {
                            let row = base + (y * step + dy) * rowBytes + x * step * channels
                            if channels == 3 {
                                for dx in 0..<step {
                                    r += Int(row[3 * dx]); g += Int(row[3 * dx + 1]); b += Int(row[3 * dx + 2])
                                }
                            } else {
                                for dx in 0..<step { r += Int(row[dx]) }
                            }
                        }
                        if channels != 3 { g = r; b = r }
                        out[y * w + x] = colour ? isRed(r / n, g / n, b / n) : isSealGrey(r / n, g / n, b / n)
                    }
                }
            }
        }
        let workDPI = resolution / Double(step)
        let minD = minDiameterInches * workDPI, maxD = maxDiameterInches * workDPI
        var out: [SealCandidate] = []
        for blob in components(mask, width: w, height: h) {
            let bw = Double(blob.x1 - blob.x0 + 1), bh = Double(blob.y1 - blob.y0 + 1)
            guard bw >= minD, bw <= maxD, bh >= minD, bh <= maxD, bw / bh > 0.8, bw / bh < 1.25 else { continue }
            let cx = (Double(blob.x0) + Double(blob.x1)) / 2, cy = (Double(blob.y0) + Double(blob.y1)) / 2
            let r = (bw + bh) / 4
            guard let coverage = ringCoverage(blob.pixels, width: w, cx: cx, cy: cy, r: r) else { continue }
            guard coverage >= minCoverage else { continue }
            let s = Double(step)
            let box = Box(x: Double(blob.x0) * s, y: Double(blob.y0) * s, width: bw * s, height: bh * s,
                          pageWidth: Double(bitmap.width), pageHeight: Double(bitmap.height)).clamped
            out.append(SealCandidate(box: box, centerX: (cx + 0.5) * s, centerY: (cy + 0.5) * s, radius: r * s,
                                     ringCoverage: coverage, redInk: colour))
        }
        return out
    }

    /// Red seal ink: red clearly above green and blue (print is black or blue, paper white).
    @inline(__always) static func isRed(_ r: Int, _ g: Int, _ b: Int) -> Bool {
        r > 120 && r - g > 55 && r - b > 45
    }

    /// A red ring on a grey scan: darker than paper, lighter than black print (seal red at 88% ink measures
    /// about 95–120 grey; black text cores under 60).
    @inline(__always) static func isSealGrey(_ r: Int, _ g: Int, _ b: Int) -> Bool {
        let v = (r * 299 + g * 587 + b * 114) / 1000
        return v >= 70 && v <= 165
    }

    /// Whether the page has any red ink at all (else it is treated as a grey scan).
    static func hasRedInk(_ b: Bitmap) -> Bool {
        var count = 0
        let stride = 7
        var i = 0
        while i + 2 < b.pixels.count {
            if isRed(Int(b.pixels[i]), Int(b.pixels[i + 1]), Int(b.pixels[i + 2])) {
                count += 1
                if count >= 30 { return true }
            }
            i += 3 * stride
        }
        return false
    }

    struct Blob {
        var x0: Int, y0: Int, x1: Int, y1: Int
        var pixels: [Int]
    }

    /// 8-connected components of the mask.
    static func components(_ mask: [Bool], width w: Int, height h: Int) -> [Blob] {
        // `open[p]`: inked and not yet taken into a blob (one array for the mask and the visited marks).
        var open = mask
        var out: [Blob] = []
        var stack: [Int] = []
        open.withUnsafeMutableBufferPointer { o in
            for start in 0..<o.count where o[start] {
                var blob = Blob(x0: w, y0: h, x1: 0, y1: 0, pixels: [])
                stack.append(start)
                o[start] = false
                while let p = stack.popLast() {
                    blob.pixels.append(p)
                    let x = p % w, y = p / w
                    blob.x0 = min(blob.x0, x); blob.x1 = max(blob.x1, x)
                    blob.y0 = min(blob.y0, y); blob.y1 = max(blob.y1, y)
                    for dy in -1...1 {
                        let ny = y + dy
                        guard ny >= 0, ny < h else { continue }
                        for dx in -1...1 where dx != 0 || dy != 0 {
                            let nx = x + dx
                            guard nx >= 0, nx < w else { continue }
                            let q = ny * w + nx
                            if o[q] { o[q] = false; stack.append(q) }
                        }
                    }
                }
                // A ring at the smallest size has well over 40 pixels at the working resolution.
                if blob.pixels.count >= 40 { out.append(blob) }
            }
        }
        return out
    }

    /// The share of 72 directions in which the blob has ink near radius `r`; nil when the blob is not a ring
    /// (most of its pixels far from the circle: a filled disc, a block, a blot).
    static func ringCoverage(_ pixels: [Int], width w: Int, cx: Double, cy: Double, r: Double) -> Double? {
        let bins = 72
        var hit = [Bool](repeating: false, count: bins)
        var onRing = 0
        for p in pixels {
            let dx = Double(p % w) - cx, dy = Double(p / w) - cy
            let d = (dx * dx + dy * dy).squareRoot()
            guard d >= r * 0.82, d <= r * 1.15 else { continue }
            onRing += 1
            var a = atan2(dy, dx)
            if a < 0 { a += 2 * Double.pi }
            hit[min(bins - 1, Int(a / (2 * Double.pi) * Double(bins)))] = true
        }
        guard Double(onRing) >= Double(pixels.count) * 0.75 else { return nil }
        return Double(hit.filter { $0 }.count) / Double(bins)
    }

    /// The seal's ring text unrolled into a straight grey strip, characters upright, for OCR.
    ///
    /// Samples the band where ring text sits (0.52–0.9 of the radius, inside the ring's stroke) along the upper
    /// 270° of the ring, left to right, with bilinear interpolation; the ink is drawn dark on white in proportion
    /// to how seal-like it is (on a colour page only red counts, so black print crossing the seal drops out),
    /// with a white margin as tesseract prefers.
    ///
    /// `bitmap` is the one ``seals(in:dpi:)`` found `seal` on (its ``SealCandidate/redInk`` says how ink is told).
    public static func unwrapRing(_ bitmap: Bitmap, seal: SealCandidate, charHeight: Int = 44) -> Bitmap {
        let r = seal.radius
        let inner = r * 0.52, outer = r * 0.9
        let band = outer - inner
        let scale = Double(charHeight) / max(1, band * 0.75)
        let span = 1.5 * Double.pi
        let height = max(8, Int(band * scale))
        let width = max(8, Int(span * r * 0.72 * scale))
        let margin = charHeight / 2
        let colour = bitmap.channels == 3 && seal.redInk
        let ow = width + 2 * margin, oh = height + 2 * margin
        var out = [UInt8](repeating: 255, count: ow * oh)
        func ink(_ x: Int, _ y: Int) -> Double {
            guard x >= 0, y >= 0, x < bitmap.width, y < bitmap.height else { return 0 }
            let i = (y * bitmap.width + x) * bitmap.channels
            if bitmap.channels == 3 {
                let rr = Double(bitmap.pixels[i]), gg = Double(bitmap.pixels[i + 1]), bb = Double(bitmap.pixels[i + 2])
                if colour { return min(1, max(0, (rr - max(gg, bb) - 25) / 90)) }
                return min(1, max(0, (215 - (rr * 0.299 + gg * 0.587 + bb * 0.114)) / 110))
            }
            return min(1, max(0, (215 - Double(bitmap.pixels[i])) / 110))
        }
        // The ink of every pixel the samples can touch (the square around the ring), computed once: each sample
        // reads four pixels and neighbouring samples share them.
        let mx0 = Int((seal.centerX - outer).rounded(.down)) - 1, my0 = Int((seal.centerY - outer).rounded(.down)) - 1
        let mw = max(1, Int((seal.centerX + outer).rounded(.down)) + 3 - mx0)
        let mh = max(1, Int((seal.centerY + outer).rounded(.down)) + 3 - my0)
        var inkMap = [Double](repeating: 0, count: mw * mh)
        for y in 0..<mh { for x in 0..<mw { inkMap[y * mw + x] = ink(mx0 + x, my0 + y) } }
        func mapped(_ x: Int, _ y: Int) -> Double {
            let ix = x - mx0, iy = y - my0
            guard ix >= 0, iy >= 0, ix < mw, iy < mh else { return ink(x, y) }
            return inkMap[iy * mw + ix]
        }
        // Image y points down, so the top of the seal is at -π/2 and angles grow clockwise. One angle per column.
        let angles = (0..<width).map { u in -Double.pi / 2 - span / 2 + Double(u) / Double(width) * span }
        let cosines = angles.map { cos($0) }, sines = angles.map { sin($0) }
        for v in 0..<height {
            let radius = outer - Double(v) / Double(height) * band
            for u in 0..<width {
                let fx = seal.centerX + radius * cosines[u], fy = seal.centerY + radius * sines[u]
                let x0 = Int(fx.rounded(.down)), y0 = Int(fy.rounded(.down))
                let tx = fx - Double(x0), ty = fy - Double(y0)
                let value = mapped(x0, y0) * (1 - tx) * (1 - ty) + mapped(x0 + 1, y0) * tx * (1 - ty)
                    + mapped(x0, y0 + 1) * (1 - tx) * ty + mapped(x0 + 1, y0 + 1) * tx * ty
                out[(v + margin) * ow + u + margin] = UInt8(255 - min(255, value * 255))
            }
        }
        // A light 3×3 smoothing: sampled strokes are jagged, and tesseract reads smooth ones far better.
        var smooth = out
        for y in 1..<(oh - 1) {
            for x in 1..<(ow - 1) {
                var sum = 0
                for dy in -1...1 { for dx in -1...1 { sum += Int(out[(y + dy) * ow + x + dx]) } }
                smooth[y * ow + x] = UInt8(sum / 9)
            }
        }
        return Bitmap(width: ow, height: oh, channels: 1, dpi: 300, pixels: smooth)
    }
}
