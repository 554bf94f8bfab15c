import CFaceDetect
import Foundation
import PrescreenCore

/// Finds people's faces on page bitmaps with OpenCV's LBP frontal-face cascades (Debian's opencv-data).
///
/// Owns the loaded cascades. OpenCV's classifier is not safe to share between threads, so calls are
/// serialised by a lock; create one detector per worker for parallel use.
///
/// The rule (issue 19): a face that a person can recognise is a finding, whatever the photo's quality; a photo is
/// masked when no face can be found in it. Candidates come from two LBP cascades (the classic and the "improved"
/// one, which find different low-quality faces) at three working resolutions, each confirmed by the Haar `alt2`
/// cascade (seals, QR codes and print rarely fool two models) and by its mid-tones (bold print fooled both).
public final class FaceDetector: @unchecked Sendable {
    /// Where Debian's opencv-data puts the cascades, first match wins.
    public static let cascadeSearchPaths = [
        "/usr/share/opencv4/lbpcascades/lbpcascade_frontalface.xml",
        "/usr/share/opencv/lbpcascades/lbpcascade_frontalface.xml",
    ]
    /// The second LBP cascade, trained on other faces: on the blurred, greyscale ID photos of scans it finds most
    /// of what the first misses, and the other way round.
    public static let improvedSearchPaths = [
        "/usr/share/opencv4/lbpcascades/lbpcascade_frontalface_improved.xml",
        "/usr/share/opencv/lbpcascades/lbpcascade_frontalface_improved.xml",
    ]
    /// A Haar cascade, alt2, that confirms each LBP hit (two independent models rarely agree on a seal or a QR
    /// code).
    public static let confirmSearchPaths = [
        "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml",
        "/usr/share/opencv/haarcascades/haarcascade_frontalface_alt2.xml",
    ]

    /// Working resolutions (dpi) the cascades run at, every one of them: an image pyramid built with area
    /// averaging. A cascade finds a given blurred or low-resolution face at some scales and not at others (measured
    /// on greyscale ID photos of 150–300-dpi scans: each of 150, 100 and 70 alone missed 2–5 of 19, together none),
    /// and the classifier's own downscaling does not average, so a big sharp face is best found on an averaged
    /// copy. 200 dpi is for the smallest ID photos (0.6 inch, a face of 0.3 inch: missed at 150 in a 150-dpi scan).
    public static let workingDPIs = [200.0, 150.0, 100.0, 70.0]
    /// The smallest face looked for, in inches (a 0.6-inch ID photo's face is about 0.3 inch wide).
    public static let minFaceInches = 0.2
    /// Raw LBP windows that must agree.
    static let minNeighbors = 4
    /// Tilts tried when the upright pass finds nothing (a photo pasted or photographed crooked).
    public static let tilts: [Double] = [-15, 15]
    /// The image's border is repeated outward by this share of its shorter side before detection, so that a face
    /// cut by the edge of a photo or a page still fills a detection window.
    static let padFraction = 0.12

    private let cascades: [OpaquePointer]
    private let confirm: OpaquePointer
    private let lock = NSLock()

    /// Loads the cascades: `cascadePath` (or the first of ``cascadeSearchPaths``), the improved LBP cascade and the
    /// Haar confirmation. Throws, with what to install, when any of them is missing: without them every photo
    /// would silently read as "no face".
    public init(cascadePath: String? = nil) throws(VisionError) {
        func load(_ paths: [String]) -> (String, OpaquePointer?) {
            let path = paths.first { FileManager.default.fileExists(atPath: $0) } ?? paths[0]
            return (path, fd_cascade_load(path))
        }
        let main = load(cascadePath.map { [$0] } ?? Self.cascadeSearchPaths)
        let improved = load(Self.improvedSearchPaths)
        let haar = load(Self.confirmSearchPaths)
        var loaded: [OpaquePointer] = []
        var missing: [String] = []
        for (path, c) in [main, improved, haar] {
            if let c { loaded.append(c) } else { missing.append(path) }
        }
        guard missing.isEmpty else {
            loaded.forEach { fd_cascade_free($0) }
            throw VisionError("人脸检测模型缺失，请安装 opencv-data (face cascades missing, install the Debian package opencv-data): "
                + missing.joined(separator: ", "))
        }
        cascades = Array(loaded.prefix(2))
        confirm = loaded[2]
    }

    deinit {
        cascades.forEach { fd_cascade_free($0) }
        fd_cascade_free(confirm)
    }

    /// The faces on `bitmap`, boxes as fractions of the bitmap; each is checked for a mask on the same pixels.
    ///
    /// `dpi` is the bitmap's resolution (0: taken from `bitmap.dpi`, else guessed as an A4 page).
    /// `excluding`: boxes (fractions of the bitmap) known to hold something else, the seals found on the page:
    /// a photo-like region that lies within one (a grey scan turns a red ring into mid-tones) is not searched.
    /// `text`: boxes (fractions of the bitmap) of characters OCR read confidently; their pixels are print, not a
    /// photo, and do not make a region photo-like (``photoRegions(_:dpi:text:)``).
    public func faces(in bitmap: Bitmap, dpi: Double = 0, excluding: [Box] = [],
                      text: [Box] = []) throws(VisionError) -> [DetectedRegion] {
        let gray = bitmap.grayscale()
        var resolution = dpi > 0 ? dpi : bitmap.dpi
        if resolution <= 0 { resolution = Double(min(bitmap.width, bitmap.height)) / (210.0 / 25.4) }
        var found: [(Box, Int)] = []
        // Only where the page has photo-like content: the cascades cost ~0.6–1.9 s on a whole 200-dpi page, the
        // regions of a text page cost nothing.
        for region in Self.searchRegions(gray, dpi: resolution, excluding: excluding, text: text) {
            guard let crop = gray.cropped(to: region) else { continue }
            for (box, n) in try detectAnyTilt(crop, resolution: resolution) {
                found.append((Box(x0: region.x0 + box.x0 * region.width, y0: region.y0 + box.y0 * region.height,
                                  x1: region.x0 + box.x1 * region.width, y1: region.y0 + box.y1 * region.height), n))
            }
        }
        // Photos are mostly mid-tones; print is paper and ink. Big bold characters can fool both cascades.
        found = found.filter { Self.midtoneShare(gray, box: $0.0) >= Self.minMidtoneShare }
        return Self.merge(found).map { box, neighbors in
            DetectedRegion(box: box, confidence: min(1, Double(neighbors) / 20),
                           masked: MaskTest.isMasked(bitmap, box: box))
        }
    }

    /// Confirmed detections on `gray`, upright or, when upright finds nothing, at one of the tilts.
    ///
    /// Tilts are tried only on a region shaped like a photo (``mayHoldTiltedPhoto(width:height:)``): most regions
    /// of a scanned page are lines of bold print, and the two tilted passes were two thirds of the cost there.
    private func detectAnyTilt(_ gray: Bitmap, resolution: Double) throws(VisionError) -> [(Box, Int)] {
        // Upright as it stands; upright with the border repeated outward (a face cut by the edge: padding
        // first made a small blurred photo in a 150-dpi scan go unfound, so it is a second try); then tilted.
        let tilted = Self.mayHoldTiltedPhoto(width: gray.width, height: gray.height) ? Self.tilts.map { ($0, 0.0) } : []
        for (angle, pad) in [(0.0, 0.0), (0.0, Self.padFraction)] + tilted {
            var kept: [(Box, Int)] = []
            for working in Self.workingDPIs {
                // Enlarging more than twice invents no detail (and a wrong resolution guess must not blow it up).
                let resize = min(2, working / resolution)
                let minSize = max(24, Int(Self.minFaceInches * resolution * resize))
                for cascade in cascades {
                    let hits = try detect(gray, cascade: cascade, resize: resize, angle: angle, pad: pad,
                                          minNeighbors: Self.minNeighbors, minSize: minSize)
                    kept += hits.filter { h in confirmed(gray, box: h.0, resize: resize, angle: angle, pad: pad) }
                }
            }
            if !kept.isEmpty { return kept }
        }
        return []
    }

    /// Whether a region of this size (pixels) may hold a photo pasted crooked: not a band of print. A photo's region
    /// (the photo grown by 0.25 inch) runs 0.6–1.6 times as wide as high; a tilted one, a little more either way;
    /// the whole page of a phone photo, 0.7 or 1.4.
    static func mayHoldTiltedPhoto(width: Int, height: Int) -> Bool {
        guard width > 0, height > 0 else { return false }
        let aspect = Double(width) / Double(height)
        return aspect >= 0.4 && aspect <= 2.5
    }

    /// The photo-like regions (``photoRegions(_:dpi:)``) that do not lie within an excluded box.
    ///
    /// A region is a block of mid-tone cells grown by 0.25 inch; one within an excluded box grown by 0.35 inch
    /// holds nothing else. A photo that a seal overlaps makes a larger region and is still searched.
    static func searchRegions(_ gray: Bitmap, dpi: Double, excluding: [Box], text: [Box] = []) -> [Box] {
        let grow = (x: 0.35 * dpi / Double(max(1, gray.width)), y: 0.35 * dpi / Double(max(1, gray.height)))
        let excluded = excluding.map { $0.expanded(dx: grow.x, dy: grow.y) }
        return photoRegions(gray, dpi: dpi, text: text).filter { region in !excluded.contains { $0.contains(region) } }
    }

    /// Regions of the page (fractions) that hold photo-like content: blocks of 0.05-inch cells that are mostly
    /// mid-tones, at least 0.3 inch a side, grown by 0.25 inch; the whole page when they cover most of it.
    ///
    /// Cells whose centre lies in a `text` box (grown by half a cell) are print whatever their tones: on a grey
    /// scan, blurred bold print is mid-tone and made most regions, and each region costs cascade passes.
    static func photoRegions(_ gray: Bitmap, dpi: Double, text: [Box] = []) -> [Box] {
        let whole = [Box(x0: 0, y0: 0, x1: 1, y1: 1)]
        let cell = max(2, Int(dpi / 20))
        let gw = gray.width / cell, gh = gray.height / cell
        guard gw >= 3, gh >= 3 else { return whole }
        let printed = textCells(text, cell: cell, gridWidth: gw, gridHeight: gh, width: gray.width, height: gray.height)
        var mark = [Bool](repeating: false, count: gw * gh)
        let needed = Double(cell * cell) * 0.45
        gray.pixels.withUnsafeBufferPointer { px in
            for j in 0..<gh {
                for i in 0..<gw where !printed[j * gw + i] {
                    var mid = 0
                    // Row by row, stopping once the cell is decided either way (most cells are paper: decided
                    // after about half their rows).
                    for (k, y) in ((j * cell)..<((j + 1) * cell)).enumerated() {
                        let row = y * gray.width
                        for x in (i * cell)..<((i + 1) * cell) {
                            let v = px[row + x]
                            if v >= 50 && v <= 205 { mid += 1 }
                        }
                        if Double(mid) >= needed || Double(mid + (cell - 1 - k) * cell) < needed { break }
                    }
                    mark[j * gw + i] = Double(mid) >= needed
                }
            }
        }
        // Grow marks by one cell so a face's light and dark parts join into one block.
        var grown = mark
        for j in 0..<gh {
            for i in 0..<gw where mark[j * gw + i] {
                for dj in -1...1 {
                    for di in -1...1 {
                        let x = i + di, y = j + dj
                        if x >= 0, y >= 0, x < gw, y < gh { grown[y * gw + x] = true }
                    }
                }
            }
        }
        var regions: [Box] = []
        var seen = [Bool](repeating: false, count: gw * gh)
        var stack: [Int] = []
        let minCells = 0.3 * dpi / Double(cell)
        for start in 0..<grown.count where grown[start] && !seen[start] {
            var x0 = gw, y0 = gh, x1 = 0, y1 = 0
            stack.append(start)
            seen[start] = true
            while let p = stack.popLast() {
                let x = p % gw, y = p / gw
                x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
                for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0, ny >= 0, nx < gw, ny < gh else { continue }
                    let q = ny * gw + nx
                    if grown[q] && !seen[q] { seen[q] = true; stack.append(q) }
                }
            }
            guard Double(x1 - x0 + 1) >= minCells, Double(y1 - y0 + 1) >= minCells else { continue }
            let margin = 0.25 * dpi
            let box = Box(x: Double(x0 * cell) - margin, y: Double(y0 * cell) - margin,
                          width: Double((x1 - x0 + 1) * cell) + 2 * margin, height: Double((y1 - y0 + 1) * cell) + 2 * margin,
                          pageWidth: Double(gray.width), pageHeight: Double(gray.height)).clamped
            regions.append(box)
        }
        // Overlapping regions merged; when they cover most of the page, one pass over all of it is cheaper.
        var merged: [Box] = []
        for r in regions {
            var r = r
            while let i = merged.firstIndex(where: { $0.intersection(r) != nil }) { r = r.union(merged.remove(at: i)) }
            merged.append(r)
        }
        return merged.reduce(0) { $0 + $1.area } > 0.6 ? whole : merged
    }

    /// The grid cells (``photoRegions(_:dpi:text:)``) whose centre lies in one of `boxes` grown by half a cell.
    static func textCells(_ boxes: [Box], cell: Int, gridWidth gw: Int, gridHeight gh: Int, width: Int,
                          height: Int) -> [Bool] {
        var printed = [Bool](repeating: false, count: gw * gh)
        let w = Double(width), h = Double(height), c = Double(cell)
        // Boxes outside the bitmap (text beside a cropped region) mark nothing; the rest are clamped to it.
        for b in boxes where b.x1 > 0 && b.x0 < 1 && b.y1 > 0 && b.y0 < 1 {
            let b = b.clamped
            // Cell i's centre is at (i + 0.5) * cell pixels.
            let i0 = max(0, Int(((b.x0 * w - c / 2) / c - 0.5).rounded(.up)))
            let i1 = min(gw - 1, Int(((b.x1 * w + c / 2) / c - 0.5).rounded(.down)))
            let j0 = max(0, Int(((b.y0 * h - c / 2) / c - 0.5).rounded(.up)))
            let j1 = min(gh - 1, Int(((b.y1 * h + c / 2) / c - 0.5).rounded(.down)))
            guard i0 <= i1, j0 <= j1 else { continue }
            for j in j0...j1 {
                for i in i0...i1 { printed[j * gw + i] = true }
            }
        }
        return printed
    }

    /// Raw detections as boxes of the input (tilted detections are mapped back through the rotation; a face cut by
    /// the edge may reach past it, and is clamped to it).
    private func detect(_ gray: Bitmap, cascade: OpaquePointer, resize: Double, angle: Double, pad: Double,
                        minNeighbors: Int, minSize: Int) throws(VisionError) -> [(Box, Int)] {
        var rects = [fd_rect](repeating: fd_rect(), count: 64)
        var ww: Int32 = 0, wh: Int32 = 0
        let n = gray.pixels.withUnsafeBufferPointer { px in
            rects.withUnsafeMutableBufferPointer { out in
                lock.withLock {
                    fd_detect_pyramid(cascade, px.baseAddress, Int32(gray.width), Int32(gray.height), Int32(gray.width),
                                      resize, angle, pad, 0, 1.1, Int32(minNeighbors), Int32(minSize),
                                      out.baseAddress, Int32(out.count), &ww, &wh)
                }
            }
        }
        guard n >= 0 else { throw VisionError("face detection failed in OpenCV") }
        guard ww > 0, wh > 0 else { return [] }
        let w = Double(ww), h = Double(wh)
        return rects.prefix(Int(n)).compactMap { r in
            var box = Box(x0: Double(r.x) / w, y0: Double(r.y) / h, x1: Double(r.x + r.width) / w,
                          y1: Double(r.y + r.height) / h)
            if angle != 0 { box = Self.unrotate(box, degrees: angle, width: w, height: h) }
            let clamped = box.clamped
            // Mostly outside the image: a pattern of the repeated border, not a face.
            guard clamped.area >= 0.5 * box.area, clamped.width > 0, clamped.height > 0 else { return nil }
            return (clamped, Int(r.neighbors))
        }
    }

    /// Whether the Haar cascade also sees a face around `box`.
    private func confirmed(_ gray: Bitmap, box: Box, resize: Double, angle: Double, pad: Double) -> Bool {
        let grown = box.expanded(dx: box.width * 0.5, dy: box.height * 0.5)
        guard let crop = gray.cropped(to: grown) else { return false }
        let faceSide = box.width * Double(gray.width) * resize
        let minSize = max(20, Int(faceSide * 0.6))
        let hits = (try? detect(crop, cascade: confirm, resize: resize, angle: angle, pad: pad,
                                minNeighbors: 2, minSize: minSize)) ?? []
        return !hits.isEmpty
    }

    /// Below this share of mid-tone pixels a candidate is print, not a photo (measured: the ID photo 0.70; the
    /// bold title characters 证书 in two 150-dpi JPEG scans that fooled both cascades, 0.19 and 0.22).
    static let minMidtoneShare = 0.4

    /// The share of pixels under `box` that are neither paper nor ink (grey 50–205).
    static func midtoneShare(_ gray: Bitmap, box: Box) -> Double {
        guard let r = gray.pixelRect(box) else { return 0 }
        var mid = 0
        for y in r.y..<(r.y + r.height) {
            for x in r.x..<(r.x + r.width) {
                let v = gray.luma(x: x, y: y)
                if v >= 50 && v <= 205 { mid += 1 }
            }
        }
        return Double(mid) / Double(r.width * r.height)
    }

    /// Maps a box found on the image turned counter-clockwise by `degrees` back to the unturned image.
    static func unrotate(_ box: Box, degrees: Double, width w: Double, height h: Double) -> Box {
        let cx = box.midX * w - w / 2, cy = box.midY * h - h / 2
        // OpenCV's positive angle turns the image counter-clockwise; undo it by turning the centre clockwise back.
        let a = -degrees * Double.pi / 180
        let x = cx * cos(a) + cy * sin(a), y = -cx * sin(a) + cy * cos(a)
        let bw = box.width * w, bh = box.height * h
        return Box(x: x + w / 2 - bw / 2, y: y + h / 2 - bh / 2, width: bw, height: bh, pageWidth: w, pageHeight: h)
    }

    /// Overlapping detections (from several passes) merged, keeping the most supported.
    static func merge(_ hits: [(Box, Int)]) -> [(Box, Int)] {
        var out: [(Box, Int)] = []
        for h in hits.sorted(by: { $0.1 > $1.1 }) {
            if out.contains(where: { $0.0.intersection(h.0) != nil }) { continue }
            out.append(h)
        }
        return out
    }
}
