import Foundation
import OCR
import PDF
import PipelineConfig
import PrescreenCore

/// Evidence pictures: for each finding with a page and a box, a crop of the page around the box with the box
/// outlined in red. Each page is rendered or decoded once, however many findings it has.
struct EvidenceMaker {
    let limits: PipelineDefinition.Limits

    /// Resolution of evidence renders: enough to read a name, small enough for a report page.
    static let dpi = 110.0

    struct Pictures {
        /// Finding index -> "evidence/fN.png".
        var names: [Int: String] = [:]
        /// "fN.png" -> PNG bytes.
        var files: [String: Data] = [:]
    }

    /// One picture to make: a box on a page of one attachment, `id` naming it in the answer; `whole` for the
    /// picture of the whole page (reduced) with the box drawn, instead of the crop around it.
    struct Item: Codable, Sendable, Hashable {
        var id: Int
        var page: Int
        var box: Box
        var whole = false
    }

    /// An attachment's bytes, and whether its pages have a text layer (rendering it loads fonts).
    struct Source {
        var data: Data
        var format: FileFormat
        var drawsText: Bool
    }

    /// The pictures for `findings`, made by `worker` (a `_worker` child: poppler then renders untrusted files
    /// outside the scan, and its font caches go with the child; see `worker_max_files`), or in this process
    /// when there is none. A picture that cannot be made is left out; its finding keeps its text.
    func pictures(for findings: [Finding], sources: [String: Source],
                  worker: (any PageWorker)? = nil) -> Pictures {
        var out = Pictures()
        // Grouped by attachment, so that each attachment is sent and opened once and each page rendered once.
        var byDocument: [String: [Item]] = [:]
        // Finding i gives item 2i, the crop (evidence/f<i+1>.png), and item 2i+1, the whole page with the box
        // (evidence/f<i+1>-page.png) unless the box is most of the page already.
        for (i, f) in findings.enumerated() {
            guard let d = f.document, let p = f.page, let box = f.box, sources[d] != nil else { continue }
            byDocument[d, default: []].append(Item(id: 2 * i, page: p, box: box))
            if Self.wantsPagePicture(box) {
                byDocument[d, default: []].append(Item(id: 2 * i + 1, page: p, box: box, whole: true))
            }
        }
        for (doc, items) in byDocument.sorted(by: { $0.key < $1.key }) {
            guard let source = sources[doc] else { continue }
            let pngs = worker?.evidence(EvidenceRequest(data: source.data, format: source.format, items: items,
                                                        drawsText: source.drawsText))
                ?? self.pngs(source.data, format: source.format, items: items)
            for item in items {
                guard let png = pngs[item.id] else { continue }
                let finding = item.id / 2
                if item.whole {
                    out.files["f\(finding + 1)-page.png"] = png
                } else {
                    let name = "f\(finding + 1).png"
                    out.files[name] = png
                    out.names[finding] = "evidence/\(name)"
                }
            }
            // A page picture without its crop would be a picture no finding points at.
            for item in items where item.whole && out.names[item.id / 2] == nil {
                out.files["f\(item.id / 2 + 1)-page.png"] = nil
            }
        }
        return out
    }

    /// The PNG of each item (by id), each page rendered or decoded once; items that cannot be made are missing.
    func pngs(_ data: Data, format: FileFormat, items: [Item]) -> [Int: Data] {
        let bitmaps = pageImages(data, format: format, pages: Set(items.map(\.page)))
        var out: [Int: Data] = [:]
        for item in items {
            guard let bitmap = bitmaps[item.page],
                  let png = item.whole ? pagePicture(of: item.box, on: bitmap) : picture(of: item.box, on: bitmap)
            else { continue }
            out[item.id] = png
        }
        return out
    }

    private func pageImages(_ data: Data, format: FileFormat, pages: Set<Int>) -> [Int: Bitmap] {
        var out: [Int: Bitmap] = [:]
        switch format {
        case .pdf:
            guard let doc = try? PDFDocument(data: data) else { return [:] }
            for p in pages {
                if let page = try? doc.page(p), let b = try? page.render(dpi: Self.dpi, maxPixels: limits.maxPixelsPerPage) {
                    out[p] = b
                }
            }
        case .jpeg, .png, .tiff, .bmp:
            guard let all = try? ImageCodec.decode(data, maxPixels: limits.maxPixelsPerPage) else { return [:] }
            for p in pages where p >= 1 && p <= all.count { out[p] = all[p - 1] }
        case .empty, .unsupported:
            break
        }
        return out
    }

    /// The region around `box` with the context a reviewer needs, with `box` outlined.
    func picture(of box: Box, on page: Bitmap) -> Data? {
        let region = Self.context(around: box)
        guard let crop = page.cropped(to: region) else { return nil }
        // The box in the crop's own fractions.
        let inner = Box(x0: (box.x0 - region.x0) / region.width, y0: (box.y0 - region.y0) / region.height,
                        x1: (box.x1 - region.x0) / region.width, y1: (box.y1 - region.y0) / region.height)
        return try? ImageCodec.encodePNG(crop.outlined(inner, thickness: 2))
    }

    /// The crop around a finding's box: for a word or a line (a name, an employer, an ID number) the field's label
    /// to its left (a form's 姓名 / 工作单位 cell, up to a fifth of the page away) and at least one line above and
    /// below; for a larger region (a photo, a seal) a small margin. Clamped to the page, so the outline drawn in
    /// the crop's own fractions stays on the box.
    static func context(around box: Box) -> Box {
        let small = box.width < 0.4 && box.height < 0.12
        let left = small ? max(0.22, box.width) : max(0.03, box.width * 0.15)
        let right = small ? max(0.1, box.width * 0.5) : max(0.03, box.width * 0.15)
        let vertical = small ? max(0.045, box.height * 2.5) : max(0.03, box.height * 0.15)
        return Box(x0: max(0, box.x0 - left), y0: max(0, box.y0 - vertical),
                   x1: min(1, box.x1 + right), y1: min(1, box.y1 + vertical))
    }

    /// Whether a finding gets a picture of its whole page: not when its box is most of the page already.
    static func wantsPagePicture(_ box: Box) -> Bool { box.area < 0.5 }

    /// The whole page at half the evidence resolution with `box` outlined: where on the page the finding is.
    func pagePicture(of box: Box, on page: Bitmap) -> Data? {
        let small = Self.halved(page)
        return try? ImageCodec.encodePNG(small.outlined(box, thickness: 2))
    }

    /// The bitmap at half its width and height, each pixel the mean of a 2×2 block.
    static func halved(_ b: Bitmap) -> Bitmap {
        let w = max(1, b.width / 2), h = max(1, b.height / 2), c = b.channels
        guard b.width >= 2, b.height >= 2 else { return b }
        var out = [UInt8](repeating: 0, count: w * h * c)
        b.pixels.withUnsafeBufferPointer { src in
            for y in 0..<h {
                let r0 = (2 * y) * b.width * c, r1 = (2 * y + 1) * b.width * c
                for x in 0..<w {
                    for k in 0..<c {
                        let i = 2 * x * c + k
                        let sum = Int(src[r0 + i]) + Int(src[r0 + i + c]) + Int(src[r1 + i]) + Int(src[r1 + i + c])
                        out[(y * w + x) * c + k] = UInt8((sum + 2) / 4)
                    }
                }
            }
        }
        return Bitmap(width: w, height: h, channels: c, dpi: b.dpi / 2, pixels: out)
    }
}
