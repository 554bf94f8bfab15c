import PrescreenCore

/// Page orientation: how many clockwise quarter turns make the page upright.
public struct Orientation: Sendable, Hashable {
    /// Clockwise quarter turns (0...3) that make the page upright.
    public var quarterTurnsClockwise: Int
    /// Tesseract OSD's orientation confidence (higher is surer; see ``TesseractRecognizer/minimumOrientationConfidence``).
    public var confidence: Double

    /// An orientation of `quarterTurnsClockwise` (taken modulo 4) with its confidence.
    public init(quarterTurnsClockwise: Int, confidence: Double) {
        self.quarterTurnsClockwise = ((quarterTurnsClockwise % 4) + 4) % 4
        self.confidence = confidence
    }
}

/// A recogniser that pipeline workers own one each of (not Sendable; created inside the worker).
public protocol TextRecognizer: AnyObject {
    /// OCR an upright page image into glyphs with page-fraction boxes.
    ///
    /// Glyphs: one per recognised symbol (RIL_SYMBOL text + box + confidence), in reading order, with a
    /// " " glyph between words and a "\n" glyph at the end of each text line (boxes of those separators:
    /// the previous symbol's box). Source `.ocr`; meanConfidence from TessBaseAPIMeanTextConf.
    func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText
    /// OSD: clockwise quarter turns needed to make the page upright, or nil when OSD is unsure / finds no text.
    func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation?
}
