import CLeptonica
import CTesseract
import Foundation
import PrescreenCore

/// Tesseract with chi_sim+eng for recognition, a separate "osd" instance (created lazily) for orientation, and a
/// chi_sim-only instance (created lazily, on the first candidate) that re-reads short Latin words among Han text
/// (``HanReread``).
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
    private var han: OpaquePointer?
    /// Whether Latin words among Han text get a chi_sim-only second reading: only when the languages mix
    /// chi_sim with others (a chi_sim-only engine, like the seal-ring reader's, has nothing to add).
    private let rereadsLatinAmongHan: Bool

    /// Images recognised with tesseract's inverted second reading on (``InvertedText``).
    public private(set) var invertedPages = 0

    /// Latin words re-read by the chi_sim instance so far, and how many of those readings replaced them.
    public private(set) var rereads = (attempted: 0, replaced: 0)

    /// Initialises tesseract for `languages` (chi_sim first: its word-space setting then wins).
    ///
    /// `dataPath` is the tessdata directory itself (not its parent); nil uses the built-in default.
    public init(languages: String = "chi_sim+eng", dataPath: String? = nil) throws(OCRError) {
        self.dataPath = dataPath
        let parts = languages.split(separator: "+")
        self.rereadsLatinAmongHan = parts.contains("chi_sim") && parts.count > 1
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
        if let han {
            TessBaseAPIEnd(han)
            TessBaseAPIDelete(han)
        }
    }

    /// `TessBaseAPIRecognize` on an instance whose image is set, timed into ``recognitionSeconds`` and the
    /// recognition log as `kind`; returns its status.
    private func timedRecognize(_ instance: OpaquePointer, as kind: RecognitionLog.Kind) -> Int32 {
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = TessBaseAPIRecognize(instance, nil)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        recognitionSeconds += elapsed
        RecognitionLog.record(kind, seconds: elapsed)
        return rc
    }

    /// OCR an upright page image into symbol glyphs with word spaces and line ends (see ``TextRecognizer``).
    ///
    /// Boxes are fractions of the bitmap. Bitmap.dpi sets the source resolution (300 when 0). A blank page
    /// gives an empty PageText. When the languages mix chi_sim with others, a short Latin word among Han text
    /// (``HanReread/candidates(in:)``) is read again alone by a chi_sim-only instance, and a confident Han
    /// reading takes its place (``HanReread/accepts(_:)``); ``rereads`` counts them. Weak lines are read a second
    /// time inverted only on images that may hold light text on a dark ground (``InvertedText/mayHold(_:)``).
    public func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText {
        let empty = PageText(source: .ocr, glyphs: [], meanConfidence: nil)
        guard bitmap.width > 0, bitmap.height > 0 else { return empty }
        let image = try Self.pix(for: bitmap)
        TessBaseAPISetImage2(api, image.pix)
        TessBaseAPISetSourceResolution(api, Self.dpi(of: bitmap))
        // Drop tesseract's copy of the image and its results whatever happens below.
        defer { TessBaseAPIClear(api) }
        // The inverted second reading of weak lines only where light text on a dark ground may be (InvertedText).
        let testStart = DispatchTime.now().uptimeNanoseconds
        let inverted = InvertedText.mayHold(bitmap.channels == 1 ? bitmap : bitmap.grayscale())
        if inverted {
            RecognitionLog.record(.inverted, seconds: Double(DispatchTime.now().uptimeNanoseconds - testStart) / 1e9)
            invertedPages += 1
        }
        // 0 means tesseract does not know the variable (a build without it): then every page would silently read
        // with whatever the last page set, so refuse instead.
        guard TessBaseAPISetVariable(api, "tessedit_do_invert", inverted ? "1" : "0") != 0 else {
            throw OCRError(.recognitionFailed, "TessBaseAPISetVariable(tessedit_do_invert) was refused")
        }

        let rc = timedRecognize(api, as: .recognize)
        guard rc == 0 else {
            throw OCRError(.recognitionFailed, "TessBaseAPIRecognize returned \(rc)")
        }
        let meanConfidence = Double(TessBaseAPIMeanTextConf(api))
        var symbols = collectSymbols(lineTexts: lineTexts())
        Self.refineBoxes(&symbols, page: bitmap)
        if rereadsLatinAmongHan { try rereadLatinAmongHan(&symbols, page: bitmap) }
        let glyphs = Self.glyphs(of: symbols, page: bitmap)
        guard glyphs.contains(where: { !$0.text.allSatisfy(\.isWhitespace) }) else { return empty }
        return PageText(source: .ocr, glyphs: glyphs, meanConfidence: meanConfidence)
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
    private static func glyphs(of symbols: [Symbol], page: Bitmap) -> [Glyph] {
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

    // MARK: - Re-reading Latin words among Han text

    /// The chi_sim-only instance, made on the first candidate (init ~74 ms: TOOLCHAIN.md) and then re-used.
    private func hanAPI() throws(OCRError) -> OpaquePointer {
        if let han { return han }
        let made = try Self.makeAPI(languages: "chi_sim", dataPath: dataPath)
        // One line per crop: PSM_SINGLE_LINE keeps a two-character name together (single-word mode lets
        // chi_sim's dictionary split or drop characters).
        TessBaseAPISetPageSegMode(made, PSM_SINGLE_LINE)
        han = made
        return made
    }

    /// Re-reads each ``HanReread/candidates(in:)`` word with the chi_sim instance and puts its Han reading in
    /// place of the Latin symbols when ``HanReread/accepts(_:)`` takes it (one symbol per Han character, boxes
    /// in page pixels, the line's gap and end marks kept).
    private func rereadLatinAmongHan(_ symbols: inout [Symbol], page: Bitmap) throws(OCRError) {
        // Lines are runs of symbols with one line index; walk them from the end so replacements (which may
        // change the count) leave the indices still to visit valid.
        var end = symbols.count
        while end > 0 {
            var start = end - 1
            while start > 0, symbols[start - 1].line == symbols[end - 1].line { start -= 1 }
            let line = symbols[start..<end].map { HanReread.Symbol($0.text, gapBefore: $0.gapBefore) }
            let candidates = HanReread.candidates(in: line)
            if !candidates.isEmpty {
                let top = symbols[start..<end].map(\.top).min() ?? 0
                let bottom = symbols[start..<end].map(\.bottom).max() ?? 0
                for run in candidates.reversed() {
                    let r = (start + run.lowerBound)..<(start + run.upperBound)
                    guard let reading = try reread(symbols, run: r, lineTop: top, lineBottom: bottom, page: page)
                    else { continue }
                    symbols.replaceSubrange(r, with: reading)
                }
            }
            end = start
        }
    }

    /// The chi_sim reading of the symbols in `run`, as page-pixel symbols; nil when it is not taken.
    private func reread(_ symbols: [Symbol], run: Range<Int>, lineTop: Int, lineBottom: Int,
                        page: Bitmap) throws(OCRError) -> [Symbol]? {
        let first = symbols[run.lowerBound], last = symbols[run.upperBound - 1]
        let lineHeight = max(1, lineBottom - lineTop)
        // A little margin around the word, but never onto the symbols beside it on the line: a neighbour's
        // stroke in the crop would be read as a character.
        let margin = max(2, lineHeight / 4)
        var x0 = symbols[run].map(\.left).min() ?? first.left
        var x1 = symbols[run].map(\.right).max() ?? last.right
        if run.lowerBound > 0, symbols[run.lowerBound - 1].line == first.line {
            x0 = max(x0 - margin, min(x0, symbols[run.lowerBound - 1].right + 1))
        } else {
            x0 -= margin
        }
        if run.upperBound < symbols.count, symbols[run.upperBound].line == last.line {
            x1 = min(x1 + margin, max(x1, symbols[run.upperBound].left - 1))
        } else {
            x1 += margin
        }
        x0 = max(0, x0); x1 = min(page.width, x1)
        let y0 = max(0, lineTop - lineHeight / 8), y1 = min(page.height, lineBottom + lineHeight / 8)
        guard x1 > x0, y1 > y0 else { return nil }
        // Masks are not words: inside the word's ink box, printed text leaves most pixels paper-white, while a
        // filled box or a mosaic (grey blocks, which chi_sim+eng reads as "Wes" and chi_sim as confident Han)
        // leaves few. Measured on scans and a phone photo: text 0.44–0.63 of the box, a mosaic 0.19.
        let inkLeft = symbols[run].map(\.left).min() ?? x0, inkRight = symbols[run].map(\.right).max() ?? x1
        let inkTop = symbols[run].map(\.top).min() ?? y0, inkBottom = symbols[run].map(\.bottom).max() ?? y1
        guard Self.paperShare(page, x0: max(x0, inkLeft), y0: max(y0, inkTop), x1: min(x1, inkRight),
                              y1: min(y1, inkBottom), paper: Self.paperLevel(page, x0: x0, y0: y0, x1: x1, y1: y1))
                >= HanReread.minimumPaperShare
        else { return nil }
        // Small marks ("**" masks) are not Han text, whatever chi_sim would make of them: compare the word's ink
        // with the Han characters of its line (refined boxes hug the ink).
        let hanHeights = symbols.filter { $0.line == first.line && HanReread.isHan($0.text) }
            .map { $0.bottom - $0.top }.sorted()
        if !hanHeights.isEmpty {
            let median = hanHeights[hanHeights.count / 2]
            guard Double(inkBottom - inkTop) >= HanReread.minimumInkHeightShare * Double(median)
            else { return nil }
        }

        // A white border of half a line around the crop: tesseract reads text touching the image edge badly.
        let border = max(4, lineHeight / 2)
        let crop = Self.paddedGreyCrop(page, x0: x0, y0: y0, x1: x1, y1: y1, border: border)
        let han = try hanAPI()
        let image = try Self.pix(for: crop)
        TessBaseAPISetImage2(han, image.pix)
        TessBaseAPISetSourceResolution(han, Self.dpi(of: page))
        defer { TessBaseAPIClear(han) }
        let rc = timedRecognize(han, as: .reread)
        rereads.attempted += 1
        // A failed re-read leaves the first reading as it was: it is a second opinion, not the page's text.
        guard rc == 0, let ri = TessBaseAPIGetIterator(han) else { return nil }
        defer { TessResultIteratorDelete(ri) }
        guard let pit = TessResultIteratorGetPageIterator(ri) else { return nil }
        var read: [Symbol] = []
        repeat {
            guard let c = TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL) else { continue }
            let text = String(cString: c)
            TessDeleteText(c)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard TessPageIteratorBoundingBox(pit, RIL_SYMBOL, &left, &top, &right, &bottom) != 0 else { return nil }
            // Back from the padded crop to the page.
            let dx = x0 - border, dy = y0 - border
            read.append(Symbol(text: text, left: max(x0, Int(left) + dx), top: max(y0, Int(top) + dy),
                               right: min(x1, Int(right) + dx), bottom: min(y1, Int(bottom) + dy),
                               confidence: Double(TessResultIteratorConfidence(ri, RIL_SYMBOL)), line: first.line,
                               gapBefore: false, endsLine: false))
        } while TessResultIteratorNext(ri, RIL_SYMBOL) != 0
        read.removeAll { $0.text.allSatisfy(\.isWhitespace) }
        guard HanReread.accepts(read.map { ($0.text, $0.confidence) }), !read.isEmpty else { return nil }
        read[0].gapBefore = first.gapBefore
        read[read.count - 1].endsLine = last.endsLine
        // chi_sim's symbol boxes on a short crop can each span the whole word; Han characters are set in square
        // cells of one width, so the word's ink is split into equal columns, one per character, each then
        // shrunk to its own ink.
        var word = [read[0]]
        word[0].left = read.map(\.left).min() ?? x0
        word[0].right = read.map(\.right).max() ?? x1
        word[0].top = read.map(\.top).min() ?? y0
        word[0].bottom = read.map(\.bottom).max() ?? y1
        Self.refineBoxes(&word, page: page)
        let span = word[0].right - word[0].left
        for k in read.indices {
            read[k].left = word[0].left + span * k / read.count
            read[k].right = word[0].left + span * (k + 1) / read.count
            read[k].top = word[0].top
            read[k].bottom = word[0].bottom
        }
        Self.refineBoxes(&read, page: page)
        rereads.replaced += 1
        return read
    }

    /// The paper's grey level around a word: the 90th percentile of the rectangle (a word's ink covers well
    /// under half of it, and a photo's paper is not white).
    private static func paperLevel(_ page: Bitmap, x0: Int, y0: Int, x1: Int, y1: Int) -> Int {
        var histogram = [Int](repeating: 0, count: 256)
        for y in y0..<y1 {
            for x in x0..<x1 { histogram[Int(page.luma(x: x, y: y))] += 1 }
        }
        let wanted = (x1 - x0) * (y1 - y0) * 9 / 10
        var seen = 0
        for level in 0..<256 {
            seen += histogram[level]
            if seen > wanted { return level }
        }
        return 255
    }

    /// The share of a rectangle's pixels within 40 grey levels of `paper` (1 for an empty rectangle: no evidence
    /// of a mask).
    private static func paperShare(_ page: Bitmap, x0: Int, y0: Int, x1: Int, y1: Int, paper: Int) -> Double {
        guard x1 > x0, y1 > y0 else { return 1 }
        var light = 0
        for y in y0..<y1 {
            for x in x0..<x1 where Int(page.luma(x: x, y: y)) >= paper - 40 { light += 1 }
        }
        return Double(light) / Double((x1 - x0) * (y1 - y0))
    }

    /// The grey pixels of a rectangle of `page` on a white frame `border` pixels wide, at the page's dpi.
    private static func paddedGreyCrop(_ page: Bitmap, x0: Int, y0: Int, x1: Int, y1: Int, border: Int) -> Bitmap {
        let w = x1 - x0 + 2 * border, h = y1 - y0 + 2 * border
        var px = [UInt8](repeating: 255, count: w * h)
        for y in y0..<y1 {
            let row = (y - y0 + border) * w + border
            for x in x0..<x1 { px[row + x - x0] = page.luma(x: x, y: y) }
        }
        return Bitmap(width: w, height: h, channels: 1, dpi: page.dpi, pixels: px)
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
