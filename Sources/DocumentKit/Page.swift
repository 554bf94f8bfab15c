import Foundation
import PrescreenCore

/// An RGB colour with components in 0...1.
public struct RGBColor: Sendable, Hashable {
    public var r: Double, g: Double, b: Double
    /// A colour from its components.
    public init(_ r: Double, _ g: Double, _ b: Double) { self.r = r; self.g = g; self.b = b }
    public static let black = RGBColor(0, 0, 0)
    public static let white = RGBColor(1, 1, 1)
    public static let grey = RGBColor(0.55, 0.55, 0.55)
    public static let sealRed = RGBColor(0.86, 0.08, 0.1)
    public static let headerRed = RGBColor(0.8, 0.05, 0.05)
    public static let ink = RGBColor(0.08, 0.12, 0.45)
}

/// The installed font families the generator draws with (resolved by fontconfig).
public enum FontFamily: String, Sendable, Hashable, CaseIterable {
    case sans = "Noto Sans CJK SC"
    case serif = "Noto Serif CJK SC"
    case zenHei = "WenQuanYi Zen Hei"
}

/// How a text run is aligned on its anchor point.
public enum TextAlign: Sendable, Hashable { case left, center, right }

/// One line of text: font, size, colour and position (baseline anchor, points from the top-left).
public struct TextRun: Sendable, Hashable {
    public var text: String
    public var x: Double
    public var y: Double
    public var size: Double
    public var font: FontFamily
    public var bold: Bool
    public var color: RGBColor
    public var align: TextAlign

    /// A text run anchored at (`x`, `y`), the baseline, in points.
    public init(_ text: String, x: Double, y: Double, size: Double = 11, font: FontFamily = .sans,
                bold: Bool = false, color: RGBColor = .black, align: TextAlign = .left) {
        self.text = text; self.x = x; self.y = y; self.size = size; self.font = font
        self.bold = bold; self.color = color; self.align = align
    }

    /// The approximate extent of the run in points (CJK glyphs one em wide, others about half).
    public var approximateWidth: Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? size : size * 0.55) }
    }

    /// The approximate rectangle (x, y, width, height) the run covers, in points.
    public var approximateRect: (x: Double, y: Double, width: Double, height: Double) {
        let w = approximateWidth
        let x0: Double
        switch align {
        case .left: x0 = x
        case .center: x0 = x - w / 2
        case .right: x0 = x - w
        }
        return (x0, y - size * 0.9, w, size * 1.15)
    }
}

/// One thing drawn on a page.
public enum PageElement: Sendable, Hashable {
    /// Text in the page's text layer (when rendered to a PDF) and in its pixels.
    case text(TextRun)
    /// A straight line.
    case line(x0: Double, y0: Double, x1: Double, y1: Double, width: Double, color: RGBColor)
    /// A rectangle, filled and/or stroked (black, white or grey masks are filled rectangles).
    case rect(x: Double, y: Double, width: Double, height: Double, fill: RGBColor?, stroke: RGBColor?, lineWidth: Double)
    /// A pixelated mosaic block of grey cells, as redaction tools draw.
    case mosaic(x: Double, y: Double, width: Double, height: Double, cell: Double, seed: UInt64)
    /// A red round official seal with its ring text drawn character by character (as paths, no text layer).
    case seal(cx: Double, cy: Double, radius: Double, ringText: String, centerText: String?, color: RGBColor)
    /// A QR-code-like pattern of square modules with three finder squares.
    case qrCode(x: Double, y: Double, size: Double, seed: UInt64)
    /// An ID photo: a drawn head-and-shoulders figure, or `image` scaled into the box.
    case photo(x: Double, y: Double, width: Double, height: Double, image: Bitmap?)
    /// A handwriting-like signature (script-slanted, rotated, drawn as paths: never in a text layer).
    case signature(text: String, x: Double, y: Double, size: Double, angle: Double, color: RGBColor)
    /// A bitmap scaled into a rectangle.
    case image(Bitmap, x: Double, y: Double, width: Double, height: Double)
}

/// A page size in points.
public struct PageSize: Sendable, Hashable {
    public var width: Double
    public var height: Double
    /// A size in points.
    public init(width: Double, height: Double) { self.width = width; self.height = height }
    public static let a4 = PageSize(width: 595.28, height: 841.89)
    public static let b5 = PageSize(width: 498.9, height: 708.66)
    public static let a5Landscape = PageSize(width: 595.28, height: 419.53)
}

/// One page: its size in points and its elements, drawn in order (later ones on top).
public struct Page: Sendable, Hashable {
    public var size: PageSize
    public var elements: [PageElement]

    /// A page of `size` with `elements`.
    public init(size: PageSize = .a4, elements: [PageElement] = []) {
        self.size = size
        self.elements = elements
    }

    /// Appends an element.
    public mutating func add(_ element: PageElement) { elements.append(element) }

    /// Appends a text run.
    public mutating func text(_ s: String, x: Double, y: Double, size: Double = 11, font: FontFamily = .sans,
                              bold: Bool = false, color: RGBColor = .black, align: TextAlign = .left) {
        elements.append(.text(TextRun(s, x: x, y: y, size: size, font: font, bold: bold, color: color, align: align)))
    }

    /// A fraction-of-page box from a rectangle in points.
    public func box(x: Double, y: Double, width: Double, height: Double) -> Box {
        Box(x: x, y: y, width: width, height: height, pageWidth: size.width, pageHeight: size.height).clamped
    }

    /// Every text run whose text reaches a PDF text layer.
    public var textRuns: [TextRun] {
        elements.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
    }
}
