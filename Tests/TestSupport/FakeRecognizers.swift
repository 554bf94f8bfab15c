import OCR
import PrescreenCore

/// A recogniser that reads nothing and never turns a page (the null engine).
public final class NullRecognizer: TextRecognizer {
    public init() {}
    public func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText { PageText(source: .ocr, glyphs: []) }
    public func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation? { nil }
}

/// A recogniser that fails every page, as a crashed or broken engine would.
public final class FailingRecognizer: TextRecognizer {
    public init() {}
    public func recognize(_ bitmap: Bitmap) throws(OCRError) -> PageText {
        throw OCRError(.recognitionFailed, "injected failure")
    }
    public func orientation(of bitmap: Bitmap) throws(OCRError) -> Orientation? {
        throw OCRError(.recognitionFailed, "injected failure")
    }
}
