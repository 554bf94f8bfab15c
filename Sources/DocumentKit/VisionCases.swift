import Foundation
import PrescreenCore

/// Photo and seal cases the face and seal detectors must get right (issue 5), built by restyling drafted
/// documents: photos masked by blur or a sticker, small and crooked photos, a phone photo of the paper, and
/// look-alikes (QR codes, charts, signatures) that are not faces.
public enum VisionCases {
    /// How an ID photo is restyled.
    public enum PhotoStyle: String, Sendable, CaseIterable {
        /// Heavily blurred (masked).
        case blurred
        /// Covered by an opaque paper sticker with a word on it (masked).
        case sticker
        /// Shrunk to 0.6 inch wide (visible).
        case small
        /// Pasted crooked, turned 10° (visible).
        case tilted
    }

    /// The draft with every ID photo restyled, and its truth updated.
    public static func restyle(_ draft: DocumentDraft, photo style: PhotoStyle) throws -> DocumentDraft {
        var d = draft
        for p in d.pages.indices {
            var elements: [PageElement] = []
            for e in d.pages[p].elements {
                guard case let .photo(x, y, w, h, image) = e, let image else { elements.append(e); continue }
                switch style {
                case .blurred:
                    let blurred = try Imaging.apply(.blur(radius: max(4, image.width / 22)), to: image)
                    elements.append(.photo(x: x, y: y, width: w, height: h, image: blurred))
                case .sticker:
                    elements.append(e)
                    elements.append(.rect(x: x - 3, y: y - 3, width: w + 6, height: h + 6, fill: RGBColor(0.97, 0.9, 0.35),
                                          stroke: RGBColor(0.7, 0.6, 0.2), lineWidth: 0.8))
                    elements.append(.text(TextRun("已遮盖", x: x + w / 2, y: y + h / 2, size: 9, color: .grey, align: .center)))
                case .small:
                    let sw = 43.2, sh = 60.5
                    elements.append(.photo(x: x + w - sw, y: y, width: sw, height: sh, image: image))
                    d.exposures = d.exposures.map { ex in
                        guard ex.kind == .photo, ex.page == p else { return ex }
                        var ex = ex
                        ex.box = d.pages[p].box(x: x + w - sw, y: y, width: sw, height: sh)
                        return ex
                    }
                case .tilted:
                    let turned = try Imaging.apply(.skew(degrees: 10), to: image)
                    elements.append(.photo(x: x, y: y, width: w, height: h, image: turned))
                }
            }
            d.pages[p].elements = elements
        }
        if style == .blurred || style == .sticker {
            d.exposures = d.exposures.map { ex in
                guard ex.kind == .photo, ex.shown == .visible else { return ex }
                var ex = ex
                ex.shown = .masked
                return ex
            }
        }
        return d
    }

    /// The draft with look-alikes added to its first page's bottom margin: a QR code, a bar chart and a round
    /// red logo-like badge without a ring of text (none is a face or a seal).
    public static func addLookAlikes(_ draft: DocumentDraft, seed: UInt64) -> DocumentDraft {
        var d = draft
        guard var page = d.pages.first else { return d }
        let y = page.size.height - 110
        page.add(.qrCode(x: 40, y: y, size: 70, seed: seed))
        for i in 0..<6 {
            let h = Double(Int((seed >> UInt64(i * 4)) & 15) + 8) * 3
            page.add(.rect(x: 130 + Double(i) * 14, y: y + 70 - h, width: 10, height: h, fill: RGBColor(0.2, 0.35, 0.7),
                           stroke: nil, lineWidth: 0))
        }
        page.add(.line(x0: 126, y0: y + 70, x1: 216, y1: y + 70, width: 0.8, color: .black))
        // A filled red disc with a white star: a logo, not a ring of text.
        page.add(.rect(x: 240, y: y + 10, width: 50, height: 50, fill: RGBColor(0.85, 0.1, 0.1), stroke: nil, lineWidth: 0))
        page.add(.text(TextRun("★", x: 265, y: y + 45, size: 26, color: .white, align: .center)))
        d.pages[0] = page
        return d
    }

    /// A phone photo of the printed page: colour, turned a few degrees, smaller, with uneven light and noise.
    public static func phonePhoto(_ page: Page, seed: UInt64) throws -> Data {
        var rng = SplitMix64(seed: seed)
        let degrees = rng.double(3...7) * (rng.chance(0.5) ? 1 : -1)
        var b = try DocumentWriter.scan(page, dpi: 200, effects: [.skew(degrees: degrees), .downscale(factor: 0.8)])
        b = shaded(b, strength: rng.double(0.15...0.3))
        b = try Imaging.apply([.noise(sigma: 5, seed: rng.next())], to: b)
        return try Imaging.encode(b, as: .jpeg(quality: 75))
    }

    /// Lighting that falls off from one corner, with a warm cast (paper under a desk lamp).
    static func shaded(_ b: Bitmap, strength: Double) -> Bitmap {
        let rgb = b.rgb()
        var px = rgb.pixels
        for y in 0..<rgb.height {
            for x in 0..<rgb.width {
                let f = 1 - strength * (Double(x) / Double(rgb.width) + Double(y) / Double(rgb.height)) / 2
                let i = (y * rgb.width + x) * 3
                px[i] = UInt8(min(255, Double(px[i]) * f * 1.0))
                px[i + 1] = UInt8(min(255, Double(px[i + 1]) * f * 0.97))
                px[i + 2] = UInt8(min(255, Double(px[i + 2]) * f * 0.9))
            }
        }
        return Bitmap(width: rgb.width, height: rgb.height, channels: 3, dpi: rgb.dpi, pixels: px)
    }
}
