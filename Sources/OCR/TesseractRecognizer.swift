import CLeptonica
import CTesseract
import Foundation
import PrescreenCore

/// Tesseract with chi_sim+eng for recognition and a separate "osd" instance (created lazily) for orientation.
///
/// Owns C handles: create it inside the worker that uses it and never share it across tasks. Start the
/// process with `OMP_THREAD_LIMIT=1` (libgomp reads it at load time), or a page takes ~18 s instead of ~2 s.
public final class TesseractRecognizer: TextRecognizer {
    /// Below this OSD orientation confidence ``orientation(of:)`` answers nil.
    ///
    /// Measured here (tesseract 5.3.0, osd 4.1.0, 300-dpi Noto Sans CJK SC renders, 0/90/180/270): every
    /// answer on text was right, with confidence 7.7–11.5 on a full A4 page (TOOLCHAIN.md: 11–15), 5.5–9.4
    /// on 16 lines, 4.2–6.3 on 10 lines, 2.6–3.8 on 6 lines, 1.4–2.3 on 3 lines; OSD failed on 2 lines.
    /// Random dots (1200×800 to A4) gave wrong turns with confidence up to 3.87. 5.0 drops every wrong turn
    /// seen and keeps pages with a dozen or more lines of text; shorter snippets come back nil (unsure).
    public static let minimumOrientationConfidence = 5.0

    /// Seconds spent inside TessBaseAPIRecognize so far (for the benchmark's "share of time in recognition").
    public private(set) var recognitionSeconds: Double = 0

    private let api: OpaquePointer
    private let dataPath: String?
    private var osd: OpaquePointer?

    /// Initialises tesseract for `languages` (chi_sim first: its word-space setting then wins).
    ///
    /// `dataPath` is the tessdata directory itself (not its parent); nil uses the built-in default.
    public init(languages: String = "chi_sim+eng", dataPath: String? = nil) throws(OCRError) {
        self.dataPath = dataPath
        self.api = try Self.makeAPI(languages: languages, dataPath: dataPath)
        // chi_sim's traineddata sets this too, but only when it comes first: set it whatever the order, so
        // tesseract does not put a space between every Chinese word.
        guard TessBaseAPISetVariable(api, "preserve_interword_spaces", "1") != 0 else {
            TessBaseAPIEnd(api)
            TessBaseAPIDelete(api)
            throw OCRError(.initFailed, "tesseract rejected the variable preserve_interword_spaces")
        }
        TessBaseAPISetPageSegMode(api, PSM_AUTO)
    }

    /// Whether `OMP_THREAD_LIMIT` is in this process's environment (without it tesseract's OpenMP threads
    /// oversubscribe the cores and a page takes ~8× longer; libgomp reads it only at load time).
    public static var openMPThreadLimitIsSet: Bool {
        ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] != nil
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
        if let osd {
            TessBaseAPIEnd(osd)
            TessBaseAPIDelete(osd)
        }
    }

    /// OCR an upright page image into symbol glyphs with word spaces and line ends (see ``TextRecognizer``).
    ///
    /// Boxes are fractions of the bitmap. Bitmap.dpi sets the source resolution (300 when 0). A blank page
    /// gives an empty PageText.
    public func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText {
        let empty = PageText(source: .ocr, glyphs: [], meanConfidence: nil)
        guard bitmap.width > 0, bitmap.height > 0 else { return empty }
        let image = try Self.pix(for: bitmap)
        TessBaseAPISetImage2(api, image.pix)
        TessBaseAPISetSourceResolution(api, Self.dpi(of: bitmap))
        // Drop tesseract's copy of the image and its results whatever happens below.
        defer { TessBaseAPIClear(api) }

        let start = DispatchTime.now().uptimeNanoseconds
        let rc = TessBaseAPIRecognize(api, nil)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        recognitionSeconds += elapsed
        RecognitionLog.record(.recognize, seconds: elapsed)
        guard rc == 0 else {
            throw OCRError(.recognitionFailed, "TessBaseAPIRecognize returned \(rc)")
        }
        let lines = lineTexts()
        let glyphs = symbolGlyphs(lineTexts: lines, page: bitmap)
        guard glyphs.contains(where: { !$0.text.allSatisfy(\.isWhitespace) }) else { return empty }
        return PageText(source: .ocr, glyphs: glyphs, meanConfidence: Double(TessBaseAPIMeanTextConf(api)))
    }

    /// OSD: clockwise quarter turns needed to make the page upright, or nil when OSD is unsure or finds no text.
    ///
    /// Runs on its own instance initialised with "osd" (on the recognition instance OSD returns bogus
    /// values) in PSM_OSD_ONLY. nil when confidence is below ``minimumOrientationConfidence``.
    public func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation? {
        try orientation(of: bitmap, minimumConfidence: Self.minimumOrientationConfidence)
    }

    /// OSD as ``orientation(of:)``, with the confidence threshold chosen by the caller (0 takes any answer).
    public func orientation(of bitmap: Bitmap, minimumConfidence: Double) throws(OCRError) -> Orientation? {
        guard bitmap.width > 0, bitmap.height > 0 else { return nil }
        let osd = try osdAPI()
        let image = try Self.pix(for: bitmap)
        TessBaseAPISetImage2(osd, image.pix)
        TessBaseAPISetSourceResolution(osd, Self.dpi(of: bitmap))
        defer { TessBaseAPIClear(osd) }
        var degrees: Int32 = 0
        var confidence: Float = 0
        var script: UnsafePointer<CChar>?
        var scriptConfidence: Float = 0
        // script points into tesseract's own unicharset and is not freed (capi.h's comment is stale; the
        // official OSD example does not free it either).
        let osdStart = DispatchTime.now().uptimeNanoseconds
        let ok = TessBaseAPIDetectOrientationScript(osd, &degrees, &confidence, &script, &scriptConfidence)
        RecognitionLog.record(.osd, seconds: Double(DispatchTime.now().uptimeNanoseconds - osdStart) / 1e9)
        // Failure here means no usable text (blank or too little), which is "unsure", not an error.
        guard ok != 0 else { return nil }
        guard confidence.isFinite, Double(confidence) >= minimumConfidence else { return nil }
        // orient_deg is how far the page was turned clockwise (measured: a page turned 90° clockwise gives
        // 90), so (360 − orient_deg) more clockwise brings it back upright.
        let degreesValue = Int(degrees)
        guard degreesValue % 90 == 0 else { return nil }
        let turns = ((360 - degreesValue % 360) % 360) / 90
        return Orientation(quarterTurnsClockwise: turns, confidence: Double(confidence))
    }

    // MARK: - Internals

    private static func makeAPI(languages: String, dataPath: String?) throws(OCRError) -> OpaquePointer {
        guard let api = TessBaseAPICreate() else {
            throw OCRError(.initFailed, "TessBaseAPICreate returned NULL")
        }
        let rc = TessBaseAPIInit3(api, dataPath, languages)
        guard rc == 0 else {
            TessBaseAPIDelete(api)
            throw OCRError(.initFailed, "tesseract could not load the languages \(languages) from "
                + "\(dataPath ?? "its default tessdata directory") (install tesseract-ocr-chi-sim/-osd, or "
                + "pass the tessdata directory itself)")
        }
        // Tesseract's diagnostics ("Too few characters", resolution estimates) would interleave with the
        // progress output on stderr; they carry nothing the caller acts on (failures come back as codes).
        guard TessBaseAPISetVariable(api, "debug_file", "/dev/null") != 0 else {
            TessBaseAPIEnd(api)
            TessBaseAPIDelete(api)
            throw OCRError(.initFailed, "tesseract rejected the variable debug_file")
        }
        return api
    }

    private func osdAPI() throws(OCRError) -> OpaquePointer {
        if let osd { return osd }
        let made = try Self.makeAPI(languages: "osd", dataPath: dataPath)
        TessBaseAPISetPageSegMode(made, PSM_OSD_ONLY)
        osd = made
        return made
    }

    private static func dpi(of bitmap: Bitmap) -> Int32 {
        bitmap.dpi > 0 && bitmap.dpi < 10_000 ? Int32(bitmap.dpi.rounded()) : 300
    }

    /// An 8-bpp grey PIX with its resolution set (OSD ignores SetSourceResolution and reads the PIX's).
    private static func pix(for bitmap: Bitmap) throws(OCRError) -> LeptonicaImage {
        guard let image = LeptonicaImage(bitmap, forceGray: true) else {
            throw OCRError(.recognitionFailed, "leptonica could not allocate a \(bitmap.width)×\(bitmap.height) image")
        }
        let dpi = dpi(of: bitmap)
        pixSetResolution(image.pix, dpi, dpi)
        return image
    }

    /// The UTF-8 text of every text line, as tesseract writes it (its word spacing, ending "\n").
    private func lineTexts() -> [String] {
        guard let ri = TessBaseAPIGetIterator(api) else { return [] }
        defer { TessResultIteratorDelete(ri) }
        var lines: [String] = []
        repeat {
            guard let c = TessResultIteratorGetUTF8Text(ri, RIL_TEXTLINE) else {
                lines.append("")
                continue
            }
            lines.append(String(cString: c))
            TessDeleteText(c)
        } while TessResultIteratorNext(ri, RIL_TEXTLINE) != 0
        return lines
    }

    /// One recognised symbol before it becomes a glyph: pixel box, and where it sits in lines and words.
    private struct Symbol {
        var text: String
        var left: Int, top: Int, right: Int, bottom: Int
        var confidence: Double
        var line: Int
        var gapBefore: Bool
        var endsLine: Bool
    }

    /// One glyph per symbol, plus " " where tesseract's own line text has a gap and "\n" at line ends.
    ///
    /// Gaps come from the line text rather than from word boundaries: chi_sim splits Chinese into
    /// dictionary words with no space between them, and preserve_interword_spaces decides which word
    /// boundaries are real gaps. Where a line's symbols cannot be aligned with its text, every word
    /// boundary becomes a space.
    private func symbolGlyphs(lineTexts: [String], page: Bitmap) -> [Glyph] {
        var symbols = collectSymbols(lineTexts: lineTexts)
        Self.refineBoxes(&symbols, page: page)
        var glyphs: [Glyph] = []
        glyphs.reserveCapacity(symbols.count * 5 / 4)
        let w = Double(page.width), h = Double(page.height)
        var previous: PrescreenCore.Box?
        for s in symbols {
            let box = PrescreenCore.Box(x: Double(s.left), y: Double(s.top), width: Double(s.right - s.left),
                                        height: Double(s.bottom - s.top), pageWidth: w, pageHeight: h)
            if s.gapBefore, let previous { glyphs.append(Glyph(text: " ", box: previous, confidence: nil)) }
            glyphs.append(Glyph(text: s.text, box: box, confidence: s.confidence))
            if s.endsLine { glyphs.append(Glyph(text: "\n", box: box, confidence: nil)) }
            previous = box
        }
        return glyphs
    }

    private func collectSymbols(lineTexts: [String]) -> [Symbol] {
        guard let ri = TessBaseAPIGetIterator(api) else { return [] }
        defer { TessResultIteratorDelete(ri) }
        guard let pit = TessResultIteratorGetPageIterator(ri) else { return [] }
        var symbols: [Symbol] = []
        var lineIndex = -1
        var lineScalars: [Unicode.Scalar] = []
        var cursor = 0
        var aligned = true
        repeat {
            let atLineStart = TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE) != 0
            if atLineStart {
                lineIndex += 1
                lineScalars = lineIndex < lineTexts.count ? Array(lineTexts[lineIndex].unicodeScalars) : []
                cursor = 0
                aligned = !lineScalars.isEmpty
            }
            let endsLine = TessPageIteratorIsAtFinalElement(pit, RIL_TEXTLINE, RIL_SYMBOL) != 0
            guard let c = TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL) else {
                // A symbol without text still ends its line for the glyphs before it.
                if endsLine, !symbols.isEmpty, symbols[symbols.count - 1].line == lineIndex {
                    symbols[symbols.count - 1].endsLine = true
                }
                continue
            }
            let text = String(cString: c)
            TessDeleteText(c)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard !text.isEmpty, TessPageIteratorBoundingBox(pit, RIL_SYMBOL, &left, &top, &right, &bottom) != 0
            else { continue }
            var gap = false
            if aligned {
                let scalars = Array(text.unicodeScalars)
                var k = cursor
                while k < lineScalars.count, lineScalars[k].properties.isWhitespace { k += 1 }
                if k + scalars.count <= lineScalars.count, Array(lineScalars[k..<(k + scalars.count)]) == scalars {
                    gap = k > cursor
                    cursor = k + scalars.count
                } else {
                    aligned = false
                }
            }
            if !aligned { gap = TessPageIteratorIsAtBeginningOf(pit, RIL_WORD) != 0 }
            let firstOfLine = symbols.last.map { $0.line != lineIndex } ?? true
            symbols.append(Symbol(text: text, left: Int(left), top: Int(top), right: Int(right), bottom: Int(bottom),
                                  confidence: Double(TessResultIteratorConfidence(ri, RIL_SYMBOL)), line: lineIndex,
                                  gapBefore: gap && !firstOfLine, endsLine: endsLine))
        } while TessResultIteratorNext(ri, RIL_SYMBOL) != 0
        return symbols
    }

    /// Tightens LSTM symbol boxes, which can be far off for Chinese.
    ///
    /// Measured on clean renders: one symbol's box ran from its character to the end of the line, and
    /// boxes reached ~35% of a line height below the ink. A box that reaches past the end of the next
    /// symbol on its line is cut at that symbol's start; then each box shrinks to the ink (pixels
    /// darker than mid-grey) inside it, unless it holds none.
    private static func refineBoxes(_ symbols: inout [Symbol], page: Bitmap) {
        for i in symbols.indices {
            if i + 1 < symbols.count, symbols[i + 1].line == symbols[i].line,
               symbols[i].right >= symbols[i + 1].right, symbols[i + 1].left > symbols[i].left {
                symbols[i].right = symbols[i + 1].left
            }
            let x0 = max(0, symbols[i].left), x1 = min(page.width, symbols[i].right)
            let y0 = max(0, symbols[i].top), y1 = min(page.height, symbols[i].bottom)
            guard x1 > x0, y1 > y0 else { continue }
            var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
            for y in y0..<y1 {
                for x in x0..<x1 where page.luma(x: x, y: y) < 128 {
                    minX = min(minX, x); maxX = max(maxX, x)
                    minY = min(minY, y); maxY = max(maxY, y)
                }
            }
            guard maxX >= minX, maxY >= minY else { continue }
            symbols[i].left = minX; symbols[i].right = maxX + 1
            symbols[i].top = minY; symbols[i].bottom = maxY + 1
        }
    }
}
