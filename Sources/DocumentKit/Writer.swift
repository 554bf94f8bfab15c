import Foundation
import PrescreenCore

/// How a drafted document becomes a file.
public enum Route: Sendable, Hashable {
    /// A PDF with a real text layer.
    case textPDF
    /// Each page scanned at `dpi` with `effects` and embedded as a JPEG; `ocrLayer` puts the page's text beneath it.
    case scanPDF(dpi: Double, effects: [ScanEffect], ocrLayer: Bool)
    /// The first page scanned to a single image file.
    case image(ImageEncoding, dpi: Double, effects: [ScanEffect])
    /// Every page scanned into one multi-page TIFF.
    case tiff(dpi: Double, effects: [ScanEffect])

    /// True when the written file has a text layer at all.
    public var hasTextLayer: Bool {
        switch self {
        case .textPDF: return true
        case .scanPDF(_, _, let ocr): return ocr
        case .image, .tiff: return false
        }
    }

    /// True when the file is a PDF.
    public var isPDF: Bool {
        switch self {
        case .textPDF, .scanPDF: return true
        default: return false
        }
    }
}

/// Writes drafts (one, or several merged into one file) along a route.
public enum DocumentWriter {
    /// The file bytes for `pages` along `route`.
    public static func write(_ pages: [Page], route: Route) throws -> Data {
        switch route {
        case .textPDF:
            return try Renderer.pdf(pages)
        case let .scanPDF(dpi, effects, ocr):
            var scans: [ScanPage] = []
            for page in pages {
                let bitmap = try scan(page, dpi: dpi, effects: effects)
                let jpeg = try Imaging.encode(bitmap, as: .jpeg(quality: 55))
                // A quarter-turned scan gets a page of the turned shape.
                let turned = (bitmap.width > bitmap.height) != (page.size.width > page.size.height)
                let size = turned ? PageSize(width: page.size.height, height: page.size.width) : page.size
                scans.append(ScanPage(bitmap: bitmap, size: size, hiddenText: ocr ? page.textRuns : [], jpeg: jpeg))
            }
            return try Renderer.scanPDF(scans)
        case let .image(encoding, dpi, effects):
            guard let first = pages.first else { throw DocumentKitError.io("no page") }
            return try Imaging.encode(scan(first, dpi: dpi, effects: effects), as: encoding)
        case let .tiff(dpi, effects):
            return try Imaging.multipageTIFF(pages.map { try scan($0, dpi: dpi, effects: effects) })
        }
    }

    /// One page rendered at `dpi` with scan effects applied.
    public static func scan(_ page: Page, dpi: Double, effects: [ScanEffect]) throws -> Bitmap {
        try Imaging.apply(effects, to: Renderer.raster(page, dpi: dpi))
    }
}

/// The ID-photo face used for photos: skimage's astronaut, fetched once into a cache directory.
public enum FaceSource {
    /// The cached face crop (25 × 35 mm aspect), fetching it with python3 + scikit-image when missing; nil when
    /// neither the cache nor scikit-image is available (photos are then drawn figures).
    public static func load(cacheDirectory: URL) -> Bitmap? {
        let png = cacheDirectory.appendingPathComponent("astronaut.png")
        if !FileManager.default.fileExists(atPath: png.path) {
            try? FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let script = "import sys, skimage.data, skimage.io; skimage.io.imsave(sys.argv[1], skimage.data.astronaut())"
            p.arguments = ["python3", "-c", script, png.path]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            do { try p.run() } catch { return nil }
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { return nil }
        }
        guard let full = try? Imaging.load(path: png.path), full.width >= 400, full.height >= 400 else { return nil }
        // The astronaut's head and shoulders, cropped to the 25:35 ID-photo shape.
        let box = Box(x0: 110.0 / 512, y0: 0, x1: 360.0 / 512, y1: 350.0 / 512)
        guard var crop = full.cropped(to: box) else { return nil }
        crop.dpi = 0
        return crop.rgb()
    }
}
