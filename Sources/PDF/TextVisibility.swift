import PrescreenCore

/// Finds text-layer glyphs that a reader cannot see on the rendered page.
///
/// A visible glyph renders as strokes on a background, so its box holds both dark and light
/// pixels. A glyph under a filled rectangle (a black box drawn over a name, a white-out, an
/// opaque annotation, a flat picture) or drawn in the background colour renders as one flat
/// colour. Invisible OCR text over a scan is not reported: the scan shows the characters. The
/// same reasoning misses text under a busy picture (a photo pasted over a name); catching that
/// needs OCR of the region compared with the layer. Pure: no poppler.
public enum TextVisibility {
    /// The indices into `text.glyphs` of non-whitespace glyphs whose rendered box is flat.
    ///
    /// `bitmap` is the page rendered in the same orientation as `text` (e.g. `renderGray`).
    /// A glyph box is inset by 15% on each side so neighbours' strokes do not count, and is
    /// judged only when at least 3 pixels remain each way; smaller glyphs are never reported.
    /// `contrast` is the least luma range (max − min) a visible glyph shows.
    public static func hiddenGlyphs(_ text: PageText, in bitmap: Bitmap, contrast: Int = 48) -> [Int] {
        var hidden: [Int] = []
        for (index, glyph) in text.glyphs.enumerated() {
            guard !glyph.text.allSatisfy(\.isWhitespace), glyph.box.area > 0 else { continue }
            let insetX = glyph.box.width * 0.15
            let insetY = glyph.box.height * 0.15
            let inner = Box(x0: glyph.box.x0 + insetX, y0: glyph.box.y0 + insetY,
                            x1: glyph.box.x1 - insetX, y1: glyph.box.y1 - insetY).clamped
            guard let r = bitmap.pixelRect(inner), r.width >= 3, r.height >= 3 else { continue }
            var low = 255
            var high = 0
            scan: for y in r.y..<(r.y + r.height) {
                for x in r.x..<(r.x + r.width) {
                    let v = Int(bitmap.luma(x: x, y: y))
                    low = min(low, v)
                    high = max(high, v)
                    if high - low >= contrast { break scan }
                }
            }
            if high - low < contrast { hidden.append(index) }
        }
        return hidden
    }

    /// The boxes of hidden glyphs, merged per line run: one box per consecutive run of hidden glyphs.
    public static func hiddenRuns(_ text: PageText, in bitmap: Bitmap, contrast: Int = 48) -> [Box] {
        var runs: [Box] = []
        var previous = -2
        for index in hiddenGlyphs(text, in: bitmap, contrast: contrast) {
            let box = text.glyphs[index].box
            if index == previous + 1, let last = runs.last {
                runs[runs.count - 1] = last.union(box)
            } else {
                runs.append(box)
            }
            previous = index
        }
        return runs
    }
}
