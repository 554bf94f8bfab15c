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

    func pictures(for findings: [Finding], sources: [String: (Data, FileFormat)]) -> Pictures {
        var out = Pictures()
        // Group by attachment and page, so that each page is rendered once.
        var byPage: [String: [Int: [Int]]] = [:]
        for (i, f) in findings.enumerated() {
            guard let d = f.document, let p = f.page, f.box != nil, sources[d] != nil else { continue }
            byPage[d, default: [:]][p, default: []].append(i)
        }
        for (doc, pages) in byPage {
            guard let (data, format) = sources[doc] else { continue }
            let bitmaps = pageImages(data, format: format, pages: Set(pages.keys))
            for (page, indices) in pages {
                guard let bitmap = bitmaps[page] else { continue }
                for i in indices {
                    guard let box = findings[i].box, let png = picture(of: box, on: bitmap) else { continue }
                    let name = "f\(i + 1).png"
                    out.files[name] = png
                    out.names[i] = "evidence/\(name)"
                }
            }
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
