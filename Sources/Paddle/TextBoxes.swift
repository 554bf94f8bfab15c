/// A point in pixel coordinates.
struct Point: Hashable, Sendable {
    var x: Double
    var y: Double
}

/// A text line found by the detector: four corners in page pixels, clockwise from the top left as read.
struct Quad: Hashable, Sendable {
    var topLeft: Point
    var topRight: Point
    var bottomRight: Point
    var bottomLeft: Point
    /// The detector's mean probability inside the line before unclipping (0–1).
    var score: Double

    /// Length of the top edge (the reading direction).
    var width: Double { distance(topLeft, topRight) }
    /// Length of the left edge.
    var height: Double { distance(topLeft, bottomLeft) }
    var minY: Double { min(topLeft.y, topRight.y, bottomRight.y, bottomLeft.y) }
    var maxY: Double { max(topLeft.y, topRight.y, bottomRight.y, bottomLeft.y) }
    var minX: Double { min(topLeft.x, topRight.x, bottomRight.x, bottomLeft.x) }
    var maxX: Double { max(topLeft.x, topRight.x, bottomRight.x, bottomLeft.x) }

    /// The point at fractions (u along the top edge, v down the left edge) of the quad (bilinear).
    func point(u: Double, v: Double) -> Point {
        let top = Point(x: topLeft.x + (topRight.x - topLeft.x) * u, y: topLeft.y + (topRight.y - topLeft.y) * u)
        let bottom = Point(x: bottomLeft.x + (bottomRight.x - bottomLeft.x) * u,
                           y: bottomLeft.y + (bottomRight.y - bottomLeft.y) * u)
        return Point(x: top.x + (bottom.x - top.x) * v, y: top.y + (bottom.y - top.y) * v)
    }

    /// The same quad turned a quarter counter-clockwise in reading terms: for a line that runs down the page,
    /// whose crop is read turned so that its top end comes first.
    var turnedForReading: Quad {
        Quad(topLeft: topRight, topRight: bottomRight, bottomRight: bottomLeft, bottomLeft: topLeft, score: score)
    }

    /// The same quad read upside down (for a line the classifier finds turned 180°).
    var turnedHalf: Quad {
        Quad(topLeft: bottomRight, topRight: bottomLeft, bottomRight: topLeft, bottomLeft: topRight, score: score)
    }
}

func distance(_ a: Point, _ b: Point) -> Double {
    ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
}

/// DB (differentiable binarisation) post-processing: the detector's probability map into text-line quads.
///
/// As PP-OCR does it: pixels above ``threshold`` are text, the mask is dilated by one pixel (2×2), each
/// connected region becomes its minimum-area rectangle, regions whose mean probability is below
/// ``boxThreshold`` are dropped, and each rectangle is grown ("unclipped") by area × ``unclipRatio`` / perimeter
/// on every side, because the detector is trained on text regions shrunk by that much.
struct TextBoxes {
    var threshold: Float = 0.3
    var boxThreshold = 0.5
    var unclipRatio = 1.6
    /// Rectangles whose short side is below this (map pixels) are noise.
    var minimumSide = 3.0
    /// At most this many regions are kept (the largest), as PP-OCR's max_candidates.
    var maximumCandidates = 1000

    /// Quads in the map's pixels (multiply by the image/map scale to place them on the image).
    func quads(probabilities p: [Float], width w: Int, height h: Int) -> [Quad] {
        precondition(p.count == w * h, "probability map size")
        guard w > 0, h > 0 else { return [] }
        // Threshold, then 2×2 dilation (a pixel is set when it or its left, upper or upper-left neighbour is).
        var raw = [Bool](repeating: false, count: w * h)
        for i in 0..<(w * h) where p[i] > threshold { raw[i] = true }
        var mask = raw
        for y in 0..<h {
            for x in 0..<w where !raw[y * w + x] {
                if (x > 0 && raw[y * w + x - 1]) || (y > 0 && raw[(y - 1) * w + x])
                    || (x > 0 && y > 0 && raw[(y - 1) * w + x - 1]) {
                    mask[y * w + x] = true
                }
            }
        }
        // Connected regions (8-connectivity, as contours are traced), each as its leftmost and rightmost pixel
        // per row: enough for the convex hull.
        var label = [Int32](repeating: -1, count: w * h)
        var regions: [[(y: Int, x0: Int, x1: Int)]] = []
        var stack: [Int] = []
        for start in 0..<(w * h) where mask[start] && label[start] < 0 {
            let id = Int32(regions.count)
            var rows: [Int: (Int, Int)] = [:]
            label[start] = id
            stack.append(start)
            while let i = stack.popLast() {
                let x = i % w, y = i / w
                if let r = rows[y] { rows[y] = (min(r.0, x), max(r.1, x)) } else { rows[y] = (x, x) }
                for dy in -1...1 {
                    let ny = y + dy
                    guard ny >= 0, ny < h else { continue }
                    for dx in -1...1 {
                        let nx = x + dx
                        guard nx >= 0, nx < w, dx != 0 || dy != 0 else { continue }
                        let j = ny * w + nx
                        if mask[j] && label[j] < 0 {
                            label[j] = id
                            stack.append(j)
                        }
                    }
                }
            }
            regions.append(rows.map { (y: $0.key, x0: $0.value.0, x1: $0.value.1) })
        }
        if regions.count > maximumCandidates {
            regions.sort { $0.count > $1.count }
            regions.removeLast(regions.count - maximumCandidates)
        }
        var out: [Quad] = []
        for rows in regions {
            var points: [Point] = []
            points.reserveCapacity(rows.count * 2)
            for r in rows {
                points.append(Point(x: Double(r.x0), y: Double(r.y)))
                if r.x1 != r.x0 { points.append(Point(x: Double(r.x1), y: Double(r.y))) }
            }
            guard let rect = MinimumAreaRectangle(points: points), min(rect.width, rect.height) >= minimumSide
            else { continue }
            let score = meanProbability(p, width: w, height: h, inside: rect)
            guard score >= boxThreshold else { continue }
            let area = rect.width * rect.height
            let perimeter = 2 * (rect.width + rect.height)
            guard perimeter > 0 else { continue }
            let d = area * unclipRatio / perimeter
            let grown = MinimumAreaRectangle(center: rect.center, axis: rect.axis,
                                             width: rect.width + 2 * d, height: rect.height + 2 * d)
            guard min(grown.width, grown.height) >= minimumSide + 2 else { continue }
            out.append(grown.quad(score: score))
        }
        return out
    }

    /// Mean probability of the map pixels whose centres fall inside the rectangle.
    private func meanProbability(_ p: [Float], width w: Int, height h: Int, inside r: MinimumAreaRectangle) -> Double {
        let corners = r.corners
        let x0 = max(0, Int(corners.map(\.x).min() ?? 0)), x1 = min(w - 1, Int((corners.map(\.x).max() ?? 0).rounded(.up)))
        let y0 = max(0, Int(corners.map(\.y).min() ?? 0)), y1 = min(h - 1, Int((corners.map(\.y).max() ?? 0).rounded(.up)))
        guard x1 >= x0, y1 >= y0 else { return 0 }
        var sum = 0.0
        var n = 0
        let ux = r.axis.x, uy = r.axis.y
        let hw = r.width / 2 + 0.5, hh = r.height / 2 + 0.5
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x) - r.center.x, dy = Double(y) - r.center.y
                let along = dx * ux + dy * uy, across = -dx * uy + dy * ux
                guard abs(along) <= hw, abs(across) <= hh else { continue }
                sum += Double(p[y * w + x])
                n += 1
            }
        }
        return n > 0 ? sum / Double(n) : 0
    }
}

/// A rotated rectangle: centre, unit axis of its `width` side, and its two side lengths.
struct MinimumAreaRectangle {
    var center: Point
    /// Unit vector along the `width` side, pointing right (x ≥ 0).
    var axis: Point
    var width: Double
    var height: Double

    init(center: Point, axis: Point, width: Double, height: Double) {
        self.center = center
        self.axis = axis
        self.width = width
        self.height = height
    }

    /// The smallest-area rectangle holding every point (rotating calipers over the convex hull); nil for none.
    init?(points: [Point]) {
        let hull = Self.convexHull(points)
        guard let first = hull.first else { return nil }
        guard hull.count > 2 else {
            let last = hull.last ?? first
            let len = distance(first, last)
            var axis = len > 0 ? Point(x: (last.x - first.x) / len, y: (last.y - first.y) / len) : Point(x: 1, y: 0)
            if axis.x < 0 { axis = Point(x: -axis.x, y: -axis.y) }
            self.init(center: Point(x: (first.x + last.x) / 2, y: (first.y + last.y) / 2), axis: axis,
                      width: len, height: 0)
            return
        }
        var best: (area: Double, rect: MinimumAreaRectangle)?
        for i in hull.indices {
            let a = hull[i], b = hull[(i + 1) % hull.count]
            let len = distance(a, b)
            guard len > 0 else { continue }
            let ux = (b.x - a.x) / len, uy = (b.y - a.y) / len
            var minU = Double.infinity, maxU = -Double.infinity, minV = Double.infinity, maxV = -Double.infinity
            for p in hull {
                let u = p.x * ux + p.y * uy, v = -p.x * uy + p.y * ux
                minU = min(minU, u); maxU = max(maxU, u)
                minV = min(minV, v); maxV = max(maxV, v)
            }
            let area = (maxU - minU) * (maxV - minV)
            if best == nil || area < (best?.area ?? .infinity) {
                let cu = (minU + maxU) / 2, cv = (minV + maxV) / 2
                let center = Point(x: cu * ux - cv * uy, y: cu * uy + cv * ux)
                best = (area, MinimumAreaRectangle(center: center, axis: Point(x: ux, y: uy),
                                                   width: maxU - minU, height: maxV - minV))
            }
        }
        guard var rect = best?.rect else { return nil }
        rect.normalize()
        self = rect
    }

    /// Puts the axis on the side nearest the horizontal, pointing right, so `width` runs along a line of text.
    private mutating func normalize() {
        if abs(axis.y) > abs(axis.x) {
            // Swap sides: the other side is the more horizontal one.
            axis = Point(x: -axis.y, y: axis.x)
            swap(&width, &height)
        }
        if axis.x < 0 { axis = Point(x: -axis.x, y: -axis.y) }
    }

    /// The four corners, in no particular order.
    var corners: [Point] {
        let ux = axis.x * width / 2, uy = axis.y * width / 2
        let vx = -axis.y * height / 2, vy = axis.x * height / 2
        return [
            Point(x: center.x - ux - vx, y: center.y - uy - vy), Point(x: center.x + ux - vx, y: center.y + uy - vy),
            Point(x: center.x + ux + vx, y: center.y + uy + vy), Point(x: center.x - ux + vx, y: center.y - uy + vy),
        ]
    }

    /// The rectangle as a quad: the top edge runs along `axis` (left to right), the left edge down.
    func quad(score: Double) -> Quad {
        let c = corners
        // c[0]: −u −v (top left, since v points down when axis.x > 0), c[1]: +u −v, c[2]: +u +v, c[3]: −u +v.
        return Quad(topLeft: c[0], topRight: c[1], bottomRight: c[2], bottomLeft: c[3], score: score)
    }

    /// Andrew's monotone chain; collinear points dropped.
    static func convexHull(_ input: [Point]) -> [Point] {
        let pts = Array(Set(input)).sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
        guard pts.count > 2 else { return pts }
        func cross(_ o: Point, _ a: Point, _ b: Point) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [Point] = []
        for p in pts {
            while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        var upper: [Point] = []
        for p in pts.reversed() {
            while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }
}
