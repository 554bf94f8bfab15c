import Foundation

/// Page sizes of a TIFF read from its image file directories, without decoding any pixels.
///
/// leptonica's header reader only sees the first page; a multi-page TIFF needs every page checked
/// against the pixel budget before `pixaReadMemMultipageTiff` allocates them all.
enum TIFFDirectory {
    /// Above this many pages a TIFF is treated as unreadable (a loop or a hostile file, not a scan).
    static let maximumPages = 10_000

    /// Whether the bytes start with a classic (not Big) TIFF header.
    static func isTIFF(_ data: Data) -> Bool {
        data.count >= 8 && ((data[data.startIndex] == 0x49 && data[data.startIndex + 1] == 0x49
                             && data[data.startIndex + 2] == 42 && data[data.startIndex + 3] == 0)
                            || (data[data.startIndex] == 0x4D && data[data.startIndex + 1] == 0x4D
                                && data[data.startIndex + 2] == 0 && data[data.startIndex + 3] == 42))
    }

    /// Width and height of every page, in file order; nil when the directory chain is broken.
    static func pageSizes(_ data: Data) -> [(width: Int, height: Int)]? {
        guard isTIFF(data) else { return nil }
        // Read in place: a scanned TIFF can be large, and only a few bytes per page are needed.
        let base = data.startIndex
        let little = data[base] == 0x49
        func u16(_ o: Int) -> Int? {
            guard o >= 0, o + 2 <= data.count else { return nil }
            let a = Int(data[base + o]), b = Int(data[base + o + 1])
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ o: Int) -> Int? {
            guard let a = u16(o), let b = u16(o + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard var offset = u32(4) else { return nil }
        var seen = Set<Int>()
        var pages: [(width: Int, height: Int)] = []
        while offset != 0 {
            guard seen.insert(offset).inserted, pages.count < maximumPages, let count = u16(offset) else { return nil }
            var width: Int?, height: Int?
            for e in 0..<count {
                let entry = offset + 2 + 12 * e
                guard let tag = u16(entry), let type = u16(entry + 2) else { return nil }
                guard tag == 256 || tag == 257 else { continue }
                // ImageWidth / ImageLength are SHORT (3) or LONG (4), stored in the value field.
                let value: Int?
                switch type {
                case 3: value = u16(entry + 8)
                case 4: value = u32(entry + 8)
                default: value = nil
                }
                guard let v = value else { return nil }
                if tag == 256 { width = v } else { height = v }
            }
            guard let w = width, let h = height else { return nil }
            pages.append((w, h))
            guard let next = u32(offset + 2 + 12 * count) else { return nil }
            offset = next
        }
        return pages.isEmpty ? nil : pages
    }
}
