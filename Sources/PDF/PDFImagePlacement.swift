import PrescreenCore

/// A raster image placed on a page.
public struct PDFImagePlacement: Sendable, Hashable {
    /// Where the image is drawn, as page fractions (origin top-left).
    public var box: Box
    /// The image's native width in pixels (0 when unknown).
    public var pixelWidth: Int
    /// The image's native height in pixels (0 when unknown).
    public var pixelHeight: Int
    /// Native pixels per inch along the page: `pixelWidth / (box.width * pageWidthPoints / 72)`; 0 when unknown.
    public var effectiveDPI: Double
    /// Poppler's id of the image on its page, for `PDFPage.imageBitmap(_:)`.
    public var imageID: Int

    /// Creates a placement, computing the effective DPI from the page width in points.
    public init(box: Box, pixelWidth: Int, pixelHeight: Int, pageWidthPoints: Double, imageID: Int = -1) {
        self.box = box
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
        self.imageID = imageID
        let inches = box.width * pageWidthPoints / 72
        self.effectiveDPI = pixelWidth > 0 && inches > 0 && inches.isFinite ? Double(pixelWidth) / inches : 0
    }

    /// Creates a placement with a known effective DPI (e.g. measured along a rotated page's height).
    public init(box: Box, pixelWidth: Int, pixelHeight: Int, effectiveDPI: Double, imageID: Int = -1) {
        self.box = box
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
        self.effectiveDPI = effectiveDPI
        self.imageID = imageID
    }

    /// The fraction of the page the image covers (clamped to the page).
    public var coverage: Double { box.clamped.area }
}
