import Foundation
import CPoppler
import PrescreenCore

/// An annotation on a page: its kind, where it is, and whether it may hide text beneath it.
public struct PDFAnnotation: Sendable, Hashable {
    /// The annotation subtypes that matter to blind review; everything else is `.other`.
    public enum Kind: String, Sendable, Hashable {
        case square, circle, polygon, highlight, ink, stamp, freeText, text, link, popup, widget
        case strikeOut, underline, squiggly, line, polyLine, caret, fileAttachment
        /// A subtype poppler-glib does not name (Redact among them).
        case other
    }

    /// An RGB colour, each channel 0–1.
    public struct Color: Sendable, Hashable {
        public var red: Double
        public var green: Double
        public var blue: Double

        /// Creates a colour from channels in 0–1.
        public init(red: Double, green: Double, blue: Double) {
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    /// The annotation's subtype.
    public var kind: Kind
    /// Its rectangle as page fractions (origin top-left).
    public var box: Box
    /// The fill colour of a square or circle, nil when it has none (an outline only).
    public var interiorColor: Color?
    /// The opacity (`/CA`) of a markup annotation; 1 for others.
    public var opacity: Double
    /// Whether the annotation may cover text: filled shapes, opaque highlights, ink, stamps,
    /// free text and unknown subtypes (Redact); not links, popups, notes, form fields or outlines.
    public var mayHideText: Bool {
        switch kind {
        case .square, .circle, .polygon: return interiorColor != nil && opacity >= 0.5
        case .highlight: return opacity >= 0.9
        case .ink, .stamp, .freeText, .other: return opacity >= 0.5
        case .text, .link, .popup, .widget, .strikeOut, .underline, .squiggly, .line, .polyLine, .caret,
            .fileAttachment:
            return false
        }
    }

    /// Creates an annotation description.
    public init(kind: Kind, box: Box, interiorColor: Color? = nil, opacity: Double = 1) {
        self.kind = kind
        self.box = box
        self.interiorColor = interiorColor
        self.opacity = opacity
    }
}

extension PDFPage {
    /// Every annotation on the page, in poppler's order.
    public func annotations() -> [PDFAnnotation] {
        let (pw, ph) = (width, height)
        guard let list = poppler_page_get_annot_mapping(handle) else { return [] }
        defer { poppler_page_free_annot_mapping(list) }
        var out: [PDFAnnotation] = []
        var node: UnsafeMutablePointer<GList>? = list
        while let current = node {
            defer { node = current.pointee.next }
            guard let data = current.pointee.data else { continue }
            let mapping = data.assumingMemoryBound(to: PopplerAnnotMapping.self).pointee
            let a = mapping.area
            // The annotation mapping is in PDF space (origin bottom-left), unlike text and images.
            let box = Box(x0: a.x1 / pw, y0: (ph - a.y2) / ph, x1: a.x2 / pw, y1: (ph - a.y1) / ph)
            guard let annot = mapping.annot else { continue }
            let type = poppler_annot_get_annot_type(annot)
            let kind = Self.kind(of: type)
            var interior: PDFAnnotation.Color?
            var opacity = 1.0
            if Self.isMarkup(kind) {
                opacity = poppler_annot_markup_get_opacity(annot)
            }
            if kind == .square || kind == .circle {
                let color = kind == .square
                    ? poppler_annot_square_get_interior_color(annot)
                    : poppler_annot_circle_get_interior_color(annot)
                if let color {
                    interior = PDFAnnotation.Color(
                        red: Double(color.pointee.red) / 65535, green: Double(color.pointee.green) / 65535,
                        blue: Double(color.pointee.blue) / 65535)
                    g_free(color)
                }
            }
            out.append(PDFAnnotation(kind: kind, box: box, interiorColor: interior, opacity: opacity))
        }
        return out
    }

    /// Rectangles that may hide text: the boxes of annotations whose `mayHideText` holds.
    public func annotationBoxes() -> [Box] {
        annotations().filter(\.mayHideText).map(\.box)
    }

    private static func isMarkup(_ kind: PDFAnnotation.Kind) -> Bool {
        switch kind {
        case .link, .popup, .widget, .other: return false
        default: return true
        }
    }

    private static func kind(of type: PopplerAnnotType) -> PDFAnnotation.Kind {
        switch type {
        case POPPLER_ANNOT_SQUARE: return .square
        case POPPLER_ANNOT_CIRCLE: return .circle
        case POPPLER_ANNOT_POLYGON: return .polygon
        case POPPLER_ANNOT_HIGHLIGHT: return .highlight
        case POPPLER_ANNOT_INK: return .ink
        case POPPLER_ANNOT_STAMP: return .stamp
        case POPPLER_ANNOT_FREE_TEXT: return .freeText
        case POPPLER_ANNOT_TEXT: return .text
        case POPPLER_ANNOT_LINK: return .link
        case POPPLER_ANNOT_POPUP: return .popup
        case POPPLER_ANNOT_WIDGET: return .widget
        case POPPLER_ANNOT_STRIKE_OUT: return .strikeOut
        case POPPLER_ANNOT_UNDERLINE: return .underline
        case POPPLER_ANNOT_SQUIGGLY: return .squiggly
        case POPPLER_ANNOT_LINE: return .line
        case POPPLER_ANNOT_POLY_LINE: return .polyLine
        case POPPLER_ANNOT_CARET: return .caret
        case POPPLER_ANNOT_FILE_ATTACHMENT: return .fileAttachment
        default: return .other
        }
    }
}

/// Text a PDF shows on a page outside its content stream: what a reader's "add text" tool, a stamp or a
/// watermark annotation says, and what is typed into a form field. `poppler_page_get_text` returns none of it.
public struct PDFOverlayText: Sendable, Hashable {
    public var text: String
    /// Where it is drawn, as page fractions (origin top-left).
    public var box: Box

    public init(text: String, box: Box) {
        self.text = text
        self.box = box
    }
}

extension PDFPage {
    /// The text of the page's FreeText, stamp and unnamed (watermark) annotations, and of its filled-in text
    /// and choice form fields, with their rectangles. Sticky notes and popups are not drawn on the page and are
    /// left out.
    public func overlayTexts() -> [PDFOverlayText] {
        let (pw, ph) = (width, height)
        func box(_ a: PopplerRectangle) -> Box {
            // Annotation and form-field mappings are in PDF space (origin bottom-left).
            Box(x0: a.x1 / pw, y0: (ph - a.y2) / ph, x1: a.x2 / pw, y1: (ph - a.y1) / ph).clamped
        }
        func take(_ c: UnsafeMutablePointer<gchar>?) -> String? {
            guard let c else { return nil }
            defer { g_free(c) }
            let s = String(cString: c).trimmingCharacters(in: .whitespacesAndNewlines)
            return s.isEmpty ? nil : s
        }
        var out: [PDFOverlayText] = []
        if let list = poppler_page_get_annot_mapping(handle) {
            defer { poppler_page_free_annot_mapping(list) }
            var node: UnsafeMutablePointer<GList>? = list
            while let current = node {
                defer { node = current.pointee.next }
                guard let data = current.pointee.data else { continue }
                let mapping = data.assumingMemoryBound(to: PopplerAnnotMapping.self).pointee
                guard let annot = mapping.annot else { continue }
                switch Self.kind(of: poppler_annot_get_annot_type(annot)) {
                case .freeText, .stamp, .other:
                    if let s = take(poppler_annot_get_contents(annot)) { out.append(PDFOverlayText(text: s, box: box(mapping.area))) }
                default:
                    continue
                }
            }
        }
        if let list = poppler_page_get_form_field_mapping(handle) {
            defer { poppler_page_free_form_field_mapping(list) }
            var node: UnsafeMutablePointer<GList>? = list
            while let current = node {
                defer { node = current.pointee.next }
                guard let data = current.pointee.data else { continue }
                let mapping = data.assumingMemoryBound(to: PopplerFormFieldMapping.self).pointee
                guard let field = mapping.field else { continue }
                let value: String?
                switch poppler_form_field_get_field_type(field) {
                case POPPLER_FORM_FIELD_TEXT: value = take(poppler_form_field_text_get_text(field))
                case POPPLER_FORM_FIELD_CHOICE: value = take(poppler_form_field_choice_get_text(field))
                default: value = nil
                }
                if let value { out.append(PDFOverlayText(text: value, box: box(mapping.area))) }
            }
        }
        return out
    }
}
