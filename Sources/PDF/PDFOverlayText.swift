import Foundation
import CPoppler
import PrescreenCore

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
                guard Self.drawsItsContents(poppler_annot_get_annot_type(annot)) else { continue }
                if let s = take(poppler_annot_get_contents(annot)) { out.append(PDFOverlayText(text: s, box: box(mapping.area))) }
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

    /// Whether an annotation of `type` shows its contents on the page: FreeText, stamps, and the types poppler-glib
    /// has no name for here (watermarks among them). Shapes, markup, links, notes, popups and widgets do not (a
    /// widget's value is read from the form-field mapping instead).
    private static func drawsItsContents(_ type: PopplerAnnotType) -> Bool {
        switch type {
        case POPPLER_ANNOT_FREE_TEXT, POPPLER_ANNOT_STAMP:
            return true
        case POPPLER_ANNOT_SQUARE, POPPLER_ANNOT_CIRCLE, POPPLER_ANNOT_POLYGON, POPPLER_ANNOT_HIGHLIGHT,
             POPPLER_ANNOT_INK, POPPLER_ANNOT_TEXT, POPPLER_ANNOT_LINK, POPPLER_ANNOT_POPUP, POPPLER_ANNOT_WIDGET,
             POPPLER_ANNOT_STRIKE_OUT, POPPLER_ANNOT_UNDERLINE, POPPLER_ANNOT_SQUIGGLY, POPPLER_ANNOT_LINE,
             POPPLER_ANNOT_POLY_LINE, POPPLER_ANNOT_CARET, POPPLER_ANNOT_FILE_ATTACHMENT:
            return false
        default:
            return true
        }
    }
}
