import Foundation

/// The one normalised representation of a page's text that every detector shares.
///
/// Built from a ``PageText``: each glyph is NFKC-normalised (full-width letters, digits and
/// punctuation fold to ASCII), all whitespace is dropped (tesseract puts spaces between CJK
/// characters; line breaks inside a name or employer must not hide it), and lines are joined.
/// Every scalar of ``scalars`` keeps the box of the glyph it came from, so a match anywhere maps
/// back to a region of the page.
public struct NormalizedText: Hashable, Sendable {
    public let source: TextSource
    /// The normalised text, one entry per Unicode scalar.
    public let scalars: [Unicode.Scalar]
    /// The box of each scalar's source glyph.
    public let boxes: [Box]
    /// The source line (0-based) of each scalar.
    public let lines: [Int]
    /// The OCR confidence of each scalar's glyph (100 for the text layer).
    public let confidences: [Double]
    /// Whether a reader sees each scalar on the page (see ``PageContent/textLayerVisible``); all true when unknown.
    public let visible: [Bool]
    /// Whether whitespace or a line break followed each scalar in the source: the separator between two
    /// names in a list ("邱峰  崔娥瑶"), which dropping whitespace would otherwise erase.
    public let gapAfter: [Bool]

    /// Normalises a page text; `visibility` gives, per glyph of `text`, whether it is seen on the page.
    public init(_ text: PageText, visibility: [Bool]? = nil) {
        var scalars: [Unicode.Scalar] = []
        var boxes: [Box] = []
        var lines: [Int] = []
        var confs: [Double] = []
        var seen: [Bool] = []
        var gaps: [Bool] = []
        var line = 0
        let vis = visibility.flatMap { $0.count == text.glyphs.count ? $0 : nil }
        for (gi, glyph) in text.glyphs.enumerated() {
            if glyph.text.contains(where: \.isNewline) { line += 1 }
            if glyph.text.contains(where: \.isWhitespace), !gaps.isEmpty { gaps[gaps.count - 1] = true }
            for s in Self.normalize(glyph.text) {
                gaps.append(false)
                scalars.append(s)
                boxes.append(glyph.box)
                lines.append(line)
                confs.append(glyph.confidence ?? 100)
                seen.append(vis?[gi] ?? true)
            }
        }
        self.visible = seen
        self.gapAfter = gaps
        self.source = text.source
        self.scalars = scalars
        self.boxes = boxes
        self.lines = lines
        self.confidences = confs
    }

    /// The normalised text as a string.
    public var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    public var count: Int { scalars.count }

    /// The normal form of a fragment of text, as used for the page text: NFKC, no whitespace.
    ///
    /// Apply it to anything matched against page text (names, employers, cues).
    public static func normalize(_ s: String) -> [Unicode.Scalar] {
        let folded = s.precomposedStringWithCompatibilityMapping
        return folded.unicodeScalars.filter { !$0.properties.isWhitespace && !Self.invisible.contains($0.value) }
    }

    /// The normal form as a string.
    public static func normalized(_ s: String) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: normalize(s))
        return String(v)
    }

    // Zero-width and format characters that PDF producers and OCR insert between characters.
    private static let invisible: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD]

    /// Every occurrence of `needle` (normalised first), as scalar ranges, left to right, non-overlapping.
    public func ranges(of needle: String) -> [Range<Int>] {
        let n = Self.normalize(needle)
        guard !n.isEmpty, n.count <= scalars.count else { return [] }
        var out: [Range<Int>] = []
        var i = 0
        while i + n.count <= scalars.count {
            var hit = true
            for j in 0..<n.count where scalars[i + j] != n[j] {
                hit = false
                break
            }
            if hit {
                out.append(i..<(i + n.count))
                i += n.count
            } else {
                i += 1
            }
        }
        return out
    }

    /// The box enclosing a range of scalars. A range split over two lines gets the box of both.
    public func box(for range: Range<Int>) -> Box? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= boxes.count else { return nil }
        return boxes[range].dropFirst().reduce(boxes[range.lowerBound]) { $0.union($1) }
    }

    /// The normalised text of a range of scalars.
    public func substring(_ range: Range<Int>) -> String {
        let lo = max(0, range.lowerBound), hi = min(scalars.count, range.upperBound)
        guard lo < hi else { return "" }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars[lo..<hi])
        return String(v)
    }

    /// Whether a scalar is a CJK ideograph (the characters of Chinese names and employers).
    public static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0xF900...0xFAFF, 0x3007: return true
        default: return false
        }
    }
}
