/// A rectangle on a page as fractions of the page's width and height, origin top-left.
///
/// Encoded as `[x0, y0, x1, y1]`, as in `report.json`. Every module uses this one convention.
public struct Box: Hashable, Sendable, Codable {
    public var x0: Double
    public var y0: Double
    public var x1: Double
    public var y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = min(x0, x1)
        self.y0 = min(y0, y1)
        self.x1 = max(x0, x1)
        self.y1 = max(y0, y1)
    }

    /// A box from a pixel or point rectangle on a page of the given size.
    public init(x: Double, y: Double, width: Double, height: Double, pageWidth: Double, pageHeight: Double) {
        let pw = pageWidth > 0 ? pageWidth : 1
        let ph = pageHeight > 0 ? pageHeight : 1
        self.init(x0: x / pw, y0: y / ph, x1: (x + width) / pw, y1: (y + height) / ph)
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public var area: Double { max(0, width) * max(0, height) }
    public var midX: Double { (x0 + x1) / 2 }
    public var midY: Double { (y0 + y1) / 2 }

    /// The smallest box enclosing both.
    public func union(_ other: Box) -> Box {
        Box(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    /// The overlap of both, or nil where they do not overlap.
    public func intersection(_ other: Box) -> Box? {
        let a = max(x0, other.x0), b = max(y0, other.y0), c = min(x1, other.x1), d = min(y1, other.y1)
        guard a < c, b < d else { return nil }
        return Box(x0: a, y0: b, x1: c, y1: d)
    }

    /// Intersection over union, 0 where they do not overlap.
    public func iou(_ other: Box) -> Double {
        guard let i = intersection(other) else { return 0 }
        let u = area + other.area - i.area
        return u > 0 ? i.area / u : 0
    }

    /// Whether `other` lies entirely within this box.
    public func contains(_ other: Box) -> Bool {
        other.x0 >= x0 && other.y0 >= y0 && other.x1 <= x1 && other.y1 <= y1
    }

    /// The box grown by `dx`, `dy` on each side and clamped to the page.
    public func expanded(dx: Double, dy: Double) -> Box {
        Box(x0: max(0, x0 - dx), y0: max(0, y0 - dy), x1: min(1, x1 + dx), y1: min(1, y1 + dy))
    }

    /// The box clamped to the page.
    public var clamped: Box {
        Box(x0: min(max(0, x0), 1), y0: min(max(0, y0), 1), x1: min(max(0, x1), 1), y1: min(max(0, y1), 1))
    }

    /// The same region after the page is turned clockwise by `quarterTurns` × 90°.
    public func rotatedClockwise(quarterTurns: Int) -> Box {
        switch ((quarterTurns % 4) + 4) % 4 {
        case 1: return Box(x0: 1 - y1, y0: x0, x1: 1 - y0, y1: x1)
        case 2: return Box(x0: 1 - x1, y0: 1 - y1, x1: 1 - x0, y1: 1 - y0)
        case 3: return Box(x0: y0, y0: 1 - x1, x1: y1, y1: 1 - x0)
        default: return self
        }
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        let a = try c.decode(Double.self), b = try c.decode(Double.self)
        let d = try c.decode(Double.self), e = try c.decode(Double.self)
        self.init(x0: a, y0: b, x1: d, y1: e)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        for v in [x0, y0, x1, y1] { try c.encode((v * 10000).rounded() / 10000) }
    }
}
