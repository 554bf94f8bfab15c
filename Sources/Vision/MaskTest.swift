import PrescreenCore

/// Whether a region of a page (a photo, a seal) is covered so that nothing can be recognised in it.
///
/// Masks people use: a solid or near-solid box (black, white, a sticker), a mosaic (large flat cells), heavy
/// blur. All three leave the region with little fine detail once it is reduced to a fixed size that averages
/// away scanner noise; a visible face keeps its eyes, nose and mouth edges.
public enum MaskTest {
    /// Side of the square the region is reduced to before measuring (averages away scan noise and JPEG blocks).
    static let side = 32
    /// Below this grey deviation the region is one flat colour (measured: solid masks under 4, faces 35–60).
    static let flatDeviation = 12.0
    /// Below this mean |second difference| at 32×32 the region has no fine detail: blurred or a mosaic's flat
    /// cells (measured in the Vision tests: faces 6–14, radius-6 blur and 9-pt mosaic cells under 2.5).
    static let minDetail = 3.5

    /// A mosaic over a face-sized region shows at least this many straight cell borders each way (measured:
    /// 9-pt cells 7 and 10, a face 2 and 5).
    static let minGridLines = 4

    /// True when the region under `box` (fractions of the bitmap) is masked.
    public static func isMasked(_ bitmap: Bitmap, box: Box) -> Bool {
        guard let m = measure(bitmap, box: box) else { return true }
        if m.deviation < flatDeviation || m.detail < minDetail { return true }
        let grid = gridLines(bitmap, box: box)
        return grid.columns >= minGridLines && grid.rows >= minGridLines
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
        // The second difference answers to fine structure (edges of features) but not to smooth shading, and the
        // flat interior of mosaic cells gives zero.
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
    /// Straight edges spanning the whole region, across and down: (columns, rows).
    ///
    /// A mosaic's cell borders run straight through the region at a regular pitch, so summing the gradient
    /// along each column (row) makes them stand out as spikes over the noise floor; a face's edges are curves.
    public static func gridLines(_ bitmap: Bitmap, box: Box) -> (columns: Int, rows: Int) {
        guard let r = bitmap.pixelRect(box), r.width >= 8, r.height >= 8 else { return (0, 0) }
        var cols = [Double](repeating: 0, count: r.width - 1)
        var rows = [Double](repeating: 0, count: r.height - 1)
        for y in r.y..<(r.y + r.height) {
            for x in r.x..<(r.x + r.width) {
                let v = Int(bitmap.luma(x: x, y: y))
                if x + 1 < r.x + r.width { cols[x - r.x] += Double(abs(Int(bitmap.luma(x: x + 1, y: y)) - v)) }
                if y + 1 < r.y + r.height { rows[y - r.y] += Double(abs(Int(bitmap.luma(x: x, y: y + 1)) - v)) }
            }
        }
        return (spikes(cols), spikes(rows))
    }

    /// Local maxima standing at least `gridSpike` times over the profile's median.
    static func spikes(_ p: [Double]) -> Int {
        guard p.count >= 3 else { return 0 }
        let median = p.sorted()[p.count / 2]
        guard median > 0 else { return 0 }
        var n = 0
        for i in 1..<(p.count - 1) where p[i] >= p[i - 1] && p[i] > p[i + 1] && p[i] > gridSpike * median { n += 1 }
        return n
    }

    /// How far a cell border's summed gradient stands over the median column (measured in the Vision tests).
    static let gridSpike = 2.0
}
