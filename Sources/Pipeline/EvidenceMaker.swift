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

    /// One picture to make: a box on a page of one attachment, `id` naming it in the answer.
    struct Item: Codable, Sendable, Hashable {
        var id: Int
        var page: Int
        var box: Box
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
        for (i, f) in findings.enumerated() {
            guard let d = f.document, let p = f.page, let box = f.box, sources[d] != nil else { continue }
            byDocument[d, default: []].append(Item(id: i, page: p, box: box))
        }
        for (doc, items) in byDocument.sorted(by: { $0.key < $1.key }) {
            guard let source = sources[doc] else { continue }
            let pngs = worker?.evidence(EvidenceRequest(data: source.data, format: source.format, items: items,
                                                        drawsText: source.drawsText))
                ?? self.pngs(source.data, format: source.format, items: items)
            for item in items {
                guard let png = pngs[item.id] else { continue }
                let name = "f\(item.id + 1).png"
                out.files[name] = png
                out.names[item.id] = "evidence/\(name)"
            }
        }
        return out
    }

    /// The PNG of each item (by id), each page rendered or decoded once; items that cannot be made are missing.
    func pngs(_ data: Data, format: FileFormat, items: [Item]) -> [Int: Data] {
        let bitmaps = pageImages(data, format: format, pages: Set(items.map(\.page)))
        var out: [Int: Data] = [:]
        for item in items {
            guard let bitmap = bitmaps[item.page], let png = picture(of: item.box, on: bitmap) else { continue }
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

    /// The region around `box` (a margin of context on every side), with `box` outlined.
    func picture(of box: Box, on page: Bitmap) -> Data? {
        let region = box.expanded(dx: max(0.06, box.width * 0.3), dy: max(0.04, box.height * 1.5))
        guard let crop = page.cropped(to: region) else { return nil }
        // The box in the crop's own fractions.
        let inner = Box(x0: (box.x0 - region.x0) / region.width, y0: (box.y0 - region.y0) / region.height,
                        x1: (box.x1 - region.x0) / region.width, y1: (box.y1 - region.y0) / region.height)
        return try? ImageCodec.encodePNG(crop.outlined(inner, thickness: 2))
    }
}
