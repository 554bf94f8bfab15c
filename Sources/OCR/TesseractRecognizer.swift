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
    /// Measured here (tesseract 5.3.0, osd 4.1.0, Noto Sans CJK SC renders): correct answers on A4 pages
    /// came with confidence 11–15 and on 3–4-line 1200-px crops with about 5-19 at 0/90/180/270; a blank page
    /// makes OSD fail, and noise alone gave 0–1.5. 2.0 keeps every correct answer seen and drops the noise.
    public static let minimumOrientationConfidence = 2.0

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
        recognitionSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard rc == 0 else {
            throw OCRError(.recognitionFailed, "TessBaseAPIRecognize returned \(rc)")
        }
        let lines = lineTexts()
        let glyphs = symbolGlyphs(lineTexts: lines, width: bitmap.width, height: bitmap.height)
        guard glyphs.contains(where: { !$0.text.allSatisfy(\.isWhitespace) }) else { return empty }
        return PageText(source: .ocr, glyphs: glyphs, meanConfidence: Double(TessBaseAPIMeanTextConf(api)))
    }

    /// OSD: clockwise quarter turns needed to make the page upright, or nil when OSD is unsure or finds no text.
    ///
    /// Runs on its own instance initialised with "osd" (on the recognition instance OSD returns bogus
    /// values) in PSM_OSD_ONLY. nil when confidence is below ``minimumOrientationConfidence``.
    public func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation? {
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
        let ok = TessBaseAPIDetectOrientationScript(osd, &degrees, &confidence, &script, &scriptConfidence)
        // Failure here means no usable text (blank or too little), which is "unsure", not an error.
        guard ok != 0 else { return nil }
        guard confidence.isFinite, Double(confidence) >= Self.minimumOrientationConfidence else { return nil }
        // orient_deg is the page's counter-clockwise rotation; turning it clockwise by the same angle undoes it.
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

    /// One glyph per symbol, plus " " where tesseract's own line text has a gap and "\n" at line ends.
    ///
    /// Gaps come from the line text rather than from word boundaries: chi_sim splits Chinese into
    /// dictionary words with no space between them, and preserve_interword_spaces decides which word
    /// boundaries are real gaps. Where a line's symbols cannot be aligned with its text, every word
    /// boundary becomes a space.
    private func symbolGlyphs(lineTexts: [String], width: Int, height: Int) -> [Glyph] {
        guard let ri = TessBaseAPIGetIterator(api) else { return [] }
        defer { TessResultIteratorDelete(ri) }
        guard let pit = TessResultIteratorGetPageIterator(ri) else { return [] }
        var glyphs: [Glyph] = []
        var lineIndex = -1
        var lineScalars: [Unicode.Scalar] = []
        var cursor = 0
        var aligned = true
        var previousBox: PrescreenCore.Box?
        repeat {
            if TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE) != 0 {
                lineIndex += 1
                lineScalars = lineIndex < lineTexts.count ? Array(lineTexts[lineIndex].unicodeScalars) : []
                cursor = 0
                aligned = !lineScalars.isEmpty
            }
            guard let c = TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL) else { continue }
            let text = String(cString: c)
            TessDeleteText(c)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard !text.isEmpty, TessPageIteratorBoundingBox(pit, RIL_SYMBOL, &left, &top, &right, &bottom) != 0
            else { continue }
            let box = PrescreenCore.Box(x: Double(left), y: Double(top), width: Double(right - left), height: Double(bottom - top),
                          pageWidth: Double(width), pageHeight: Double(height))
            let atLineStart = TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE) != 0
            let atWordStart = TessPageIteratorIsAtBeginningOf(pit, RIL_WORD) != 0
            var gap = false
            if aligned {
                let symbol = Array(text.unicodeScalars)
                var k = cursor
                while k < lineScalars.count, lineScalars[k].properties.isWhitespace { k += 1 }
                if k + symbol.count <= lineScalars.count, Array(lineScalars[k..<(k + symbol.count)]) == symbol {
                    gap = k > cursor
                    cursor = k + symbol.count
                } else {
                    aligned = false
                }
            }
            if !aligned { gap = atWordStart }
            if gap, !atLineStart, let previousBox {
                glyphs.append(Glyph(text: " ", box: previousBox, confidence: nil))
            }
            let confidence = Double(TessResultIteratorConfidence(ri, RIL_SYMBOL))
            glyphs.append(Glyph(text: text, box: box, confidence: confidence))
            previousBox = box
            if TessPageIteratorIsAtFinalElement(pit, RIL_TEXTLINE, RIL_SYMBOL) != 0 {
                glyphs.append(Glyph(text: "\n", box: box, confidence: nil))
            }
        } while TessResultIteratorNext(ri, RIL_SYMBOL) != 0
        return glyphs
    }
}
