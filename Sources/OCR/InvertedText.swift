import PrescreenCore

/// Whether a page may hold light text on a dark ground, the only case tesseract's inverted second reading
/// (`tessedit_do_invert`) is for.
///
/// Why: with `tessedit_do_invert` on (tesseract's default), every text line whose LSTM reading is weak is read a
/// second time inverted. On grey scans most lines are weak, so the second reading cost 8–17% of recognition
/// (measured on 12 generated scan pages at 200 dpi, chi_sim+eng: 12.0 s against 10.6–11.3 s, identical text)
/// and found nothing. A name printed white on a dark band, though, reads only inverted ("RES: KG CPt" instead
/// of 姓名：张伟). So the second reading stays on exactly for pages with a dark ground that has light strokes in it.
///
/// The test works on cells of 0.1 inch: a cell is "light on dark" when at least ``minimumDarkShare`` of its
/// pixels are dark and at least ``minimumLightShare`` are light pixels with dark on both sides along the row
/// (strokes). A band of white text fills a row of such cells; a mask (a filled box) has no light strokes, not
/// even along its edges, and print on paper is mostly paper. Bold characters and the dark parts of photos can
/// pass too: that only costs the second reading on their page. Measured on 12 generated 200-dpi scan pages with
/// masks: none passes (a plain count of light pixels passed 4 of them, at the masks' edges).
public enum InvertedText {
    /// Share of dark pixels (grey < 96) a cell needs to count as dark ground.
    public static let minimumDarkShare = 0.55
    /// Share of light pixels (grey > 160) between dark ones a dark cell needs to count as holding light strokes.
    public static let minimumLightShare = 0.06
    /// Horizontally adjacent light-on-dark cells needed: a word of white text, at least 0.3 inch long.
    public static let minimumRun = 3

    /// Whether `gray` (8-bit grey, `dpi` set or guessed as an A4 page) may hold light text on a dark ground.
    public static func mayHold(_ gray: Bitmap) -> Bool {
        guard gray.channels == 1, gray.width > 0, gray.height > 0,
              gray.pixels.count >= gray.width * gray.height else { return false }
        var dpi = gray.dpi
        if dpi <= 0 { dpi = Double(min(gray.width, gray.height)) / (210.0 / 25.4) }
        let cell = max(4, Int(dpi / 10))
        let columns = gray.width / cell, rows = gray.height / cell
        guard columns >= minimumRun, rows >= 1 else { return false }
        let n = cell * cell
        let darkNeeded = Int((Double(n) * minimumDarkShare).rounded(.up))
        let lightNeeded = Int((Double(n) * minimumLightShare).rounded(.up))
        return gray.pixels.withUnsafeBufferPointer { px in
            for row in 0..<rows {
                var run = 0
                for column in 0..<columns {
                    // Dark pixels first, in a plain loop: most cells of a page are mostly paper and stop here.
                    var dark = 0
                    for y in (row * cell)..<((row + 1) * cell) {
                        let start = y * gray.width + column * cell
                        for x in start..<(start + cell) where px[x] < 96 { dark += 1 }
                    }
                    guard dark >= darkNeeded else {
                        run = 0
                        continue
                    }
                    // Light pixels count only inside runs with dark on both sides within the cell's row: strokes
                    // on a dark ground. At a mask's edge the paper beside it is light on one side only (a scan's
                    // mask boxes passed a plain light-pixel count along their edges).
                    var light = 0
                    for y in (row * cell)..<((row + 1) * cell) {
                        let base = y * gray.width + column * cell
                        var afterDark = false, pending = 0
                        for x in base..<(base + cell) {
                            let v = px[x]
                            if v < 96 {
                                if afterDark { light += pending }
                                afterDark = true
                                pending = 0
                            } else if v > 160 {
                                pending += 1
                            }
                        }
                    }
                    run = dark >= darkNeeded && light >= lightNeeded ? run + 1 : 0
                    if run >= minimumRun { return true }
                }
            }
            return false
        }
    }
}
