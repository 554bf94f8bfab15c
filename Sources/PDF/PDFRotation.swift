import CPoppler

extension PDFPage {
    /// The page's `/Rotate` as clockwise quarter turns (0–3); sizes and boxes already include it.
    ///
    /// Poppler-glib has no getter for it, so this adds a probe annotation in the displayed
    /// bottom-left corner, reads back where poppler stored it on the unrotated page, and removes
    /// it. Only the in-memory document is touched. 0 when the probe fails.
    public var rotationQuarterTurns: Int {
        if let cachedQuarterTurns { return cachedQuarterTurns }
        let turns = probeQuarterTurns()
        cachedQuarterTurns = turns
        return turns
    }

    private func probeQuarterTurns() -> Int {
        var crop = PopplerRectangle()
        poppler_page_get_crop_box(handle, &crop)
        let cw = crop.x2 - crop.x1
        let ch = crop.y2 - crop.y1
        let (dw, dh) = (width, height)
        guard cw > 0, ch > 0, dw > 0, dh > 0 else { return 0 }
        // A probe in the displayed bottom-left corner. poppler_page_add_annot takes displayed
        // coordinates and stores them unrotated; poppler_annot_get_rectangle returns the stored
        // (unrotated, crop-relative) rectangle, so where the corner went tells the rotation.
        var probe = PopplerRectangle(x1: 0, y1: 0, x2: dw * 0.2, y2: dh * 0.1)
        guard let annot = poppler_annot_square_new(document.handle, &probe) else { return 0 }
        poppler_page_add_annot(handle, annot)
        var stored = PopplerRectangle()
        poppler_annot_get_rectangle(annot, &stored)
        poppler_page_remove_annot(handle, annot)
        g_object_unref(gpointer(annot))
        let right = (stored.x1 + stored.x2) / 2 > cw / 2
        let top = (stored.y1 + stored.y2) / 2 > ch / 2
        // Displayed bottom-left comes from the unrotated BL (0°), BR (90°), TR (180°), TL (270°).
        switch (right, top) {
        case (false, false): return 0
        case (true, false): return 1
        case (true, true): return 2
        case (false, true): return 3
        }
    }
}
