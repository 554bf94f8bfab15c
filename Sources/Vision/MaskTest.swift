import PrescreenCore

/// Whether a face the detector found is covered so that nothing can be recognised in it.
///
/// The rule (issue 19): a photo is masked when no face can be found in it — a blur so strong that the detector
/// finds nothing never reaches this test. What is left to test here are masks that a detector can still take for
/// a face, judged by what a mask looks like, never by the photo's quality (a small, blurred, greyscale, blocky or
/// low-contrast ID photo is still a face): one flat value (a box, a sticker), or a mosaic of a few large cells.
public enum MaskTest {
    /// Side of the square the region is reduced to before measuring its deviation (averages away scan noise).
    static let side = 32
    /// Below this grey deviation the region is one flat colour (measured: solid masks under 4, faces 20–60).
    static let flatDeviation = 12.0

    /// True when the region under `box` (fractions of the bitmap) is masked: flat, or a mosaic of large cells.
    public static func isMasked(_ bitmap: Bitmap, box: Box) -> Bool {
        guard let m = measure(bitmap, box: box) else { return true }
        if m.deviation < flatDeviation { return true }
        return isMosaic(bitmap, box: box)
    }

    /// Grey deviation and fine detail of the region, or nil when the box is empty.
    public static func measure(_ bitmap: Bitmap, box: Box) -> (deviation: Double, detail: Double)? {
        guard let r = bitmap.pixelRect(box), r.width >= 4, r.height >= 4 else { return nil }
        // Never more cells than pixels: repeated pixels would read as flat (a 0.3-inch face at 100 dpi is 30 px).
        let n = max(8, min(side, min(r.width, r.height)))
        var cells = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            let y0 = r.y + j * r.height / n, y1 = max(y0 + 1, r.y + (j + 1) * r.height / n)
            for i in 0..<n {
                let x0 = r.x + i * r.width / n, x1 = max(x0 + 1, r.x + (i + 1) * r.width / n)
                var sum = 0
                for y in y0..<y1 { for x in x0..<x1 { sum += Int(bitmap.luma(x: x, y: y)) } }
                cells[j * n + i] = Double(sum) / Double((y1 - y0) * (x1 - x0))
            }
        }
        let mean = cells.reduce(0, +) / Double(cells.count)
        let dev = (cells.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(cells.count)).squareRoot()
        var detail = 0.0
        var count = 0
        for j in 1..<(n - 1) {
            for i in 1..<(n - 1) {
                let c = cells[j * n + i]
                let dx = abs(cells[j * n + i - 1] + cells[j * n + i + 1] - 2 * c)
                let dy = abs(cells[(j - 1) * n + i] + cells[(j + 1) * n + i] - 2 * c)
                detail += min(dx, dy)
                count += 1
            }
        }
        return (dev, count > 0 ? detail / Double(count) : 0)
    }
}

extension MaskTest {
    /// A mosaic has at most this many cells across the face (a mask of a few large cells; finer "mosaics" leave
    /// the face recognisable, and JPEG's 8-pixel blocks make a fine grid on real photos).
    static let maxCellsAcross = 16.0
    /// The smallest mosaic cell measured, in pixels.
    static let minCellPixels = 5.0
    /// Share of the edge energy (above the median column) that a mosaic's cell borders must carry (a pixelated
    /// photo's edges are all cell borders; a face's straight hair, glasses, border and JPEG blocks are a part of
    /// its edges; the threshold is checked by the Vision tests, not measured on a corpus).
    static let minBorderShare = 0.6

    /// Whether the region under `box` is a mosaic: along both axes its edges lie on a regular grid of cells at
    /// least ``minCellPixels`` wide and at most ``maxCellsAcross`` across, and carry most of its edge energy.
    ///
    /// The cell size is measured, not the number of straight lines: a face has straight edges too (hair, glasses,
    /// the photo's border), but not at every border of a regular grid with nothing in between.
    public static func isMosaic(_ bitmap: Bitmap, box: Box) -> Bool {
        guard let c = cellSize(bitmap, box: box) else { return false }
        return c.columns != nil && c.rows != nil
    }

    /// The measured mosaic cell size across and down (pixels), nil along an axis that shows no grid.
    public static func cellSize(_ bitmap: Bitmap, box: Box) -> (columns: Double?, rows: Double?)? {
        guard let r = bitmap.pixelRect(box), r.width >= 16, r.height >= 16 else { return nil }
        var cols = [Double](repeating: 0, count: r.width - 1)
        var rows = [Double](repeating: 0, count: r.height - 1)
        for y in r.y..<(r.y + r.height) {
            for x in r.x..<(r.x + r.width) {
                let v = Int(bitmap.luma(x: x, y: y))
                if x + 1 < r.x + r.width { cols[x - r.x] += Double(abs(Int(bitmap.luma(x: x + 1, y: y)) - v)) }
                if y + 1 < r.y + r.height { rows[y - r.y] += Double(abs(Int(bitmap.luma(x: x, y: y + 1)) - v)) }
            }
        }
        return (gridPitch(cols) ?? partGridPitch(cols), gridPitch(rows) ?? partGridPitch(rows))
    }

    /// The share of a profile that a mosaic must fill when the box reaches past it (``partGridPitch(_:)``).
    static let minMosaicPart = 0.6

    /// The grid pitch of a mosaic that fills only part of the profile: on a scan, the box a cascade finds on a
    /// mosaic reaches past its edge, over a table's ruling line or the print stamped across it, whose edges outweigh
    /// the cell borders over the whole box. A window of at least ``minMosaicPart`` of the profile, slid a tenth at
    /// a time, must show the grid by itself, with the same tests as the whole.
    static func partGridPitch(_ profile: [Double]) -> Double? {
        let m = profile.count
        let length = Int((minMosaicPart * Double(m)).rounded(.up))
        guard length >= 12, length < m else { return nil }
        let step = max(1, m / 10)
        for start in stride(from: 0, through: m - length, by: step) {
            if let pitch = gridPitch(Array(profile[start..<(start + length)])) { return pitch }
        }
        return nil
    }

    /// The pitch of a regular grid of edges in a gradient profile, or nil when none carries ``minBorderShare``.
    ///
    /// The profile's median (noise, texture) is taken off; a grid of pitch `c` and phase `φ` is scored by the share
    /// of what is left that lies within a pixel of its lines, and must have an edge at nearly every line.
    static func gridPitch(_ profile: [Double]) -> Double? {
        let m = profile.count
        guard m >= 12 else { return nil }
        let median = profile.sorted()[m / 2]
        let p = profile.map { max(0, $0 - median) }
        let total = p.reduce(0, +)
        guard total > 0 else { return nil }
        let strong = (p.max() ?? 0) * 0.15
        let smallest = max(minCellPixels, Double(m) / maxCellsAcross)
        var pitch = smallest
        while pitch <= Double(m) / 3 {
            // JPEG's 8-pixel blocks (16 for subsampled colour) make a grid on any compressed photo.
            if abs(pitch - 8) < 0.6 || abs(pitch - 16) < 0.6 {
                pitch += 0.25
                continue
            }
            var phase = 0.0
            while phase < pitch {
                var sum = 0.0
                var lines = 0, hit = 0
                var taken = Set<Int>()
                var k = 0.0
                while phase + k * pitch < Double(m) {
                    let centre = Int((phase + k * pitch).rounded())
                    lines += 1
                    var best = 0.0
                    for x in (centre - 1)...(centre + 1) where x >= 0 && x < m && !taken.contains(x) {
                        taken.insert(x)
                        sum += p[x]
                        best = max(best, p[x])
                    }
                    if best >= strong { hit += 1 }
                    k += 1
                }
                // Three pixels a line: a fine grid covers much of any profile by itself.
                let needed = max(minBorderShare, 3 / pitch + 0.35)
                if lines >= 3, Double(hit) >= 0.8 * Double(lines), sum >= needed * total { return pitch }
                phase += 0.5
            }
            pitch += 0.25
        }
        return nil
    }
}
