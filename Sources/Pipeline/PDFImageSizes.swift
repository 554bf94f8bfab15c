import Foundation

/// The pixel sizes of a PDF's images, read from their dictionaries (`/Subtype /Image … /Width … /Height …`)
/// without decoding anything.
///
/// Poppler-glib tells an image's size only by decoding it (~0.5 s for a big flate scan), just to learn the
/// scan's resolution before rendering the page, which decodes it again. Image XObjects are streams, and a
/// stream's dictionary is never inside a compressed object stream, so their dictionaries are plain bytes in
/// the file. A scanner writes every page at one size: when all images in the file share it, that size is
/// the answer for every full-page image (``uniformSize``); otherwise the caller decodes.
struct PDFImageSizes: Sendable {
    /// Every image dictionary's (width, height) found, in file order.
    let sizes: [(width: Int, height: Int)]

    /// The one size all images share, or nil when there are none, when they differ, or when a dictionary
    /// could not be read (an indirect /Width, say).
    var uniformSize: (width: Int, height: Int)? {
        guard !unreadable, let first = sizes.first else { return nil }
        return sizes.allSatisfy({ $0.width == first.width && $0.height == first.height }) ? first : nil
    }

    /// True when some image dictionary had no direct /Width or /Height.
    let unreadable: Bool

    /// Scans `data` for image dictionaries (linear in its size; no allocation per byte).
    init(_ data: Data) {
        var found: [(width: Int, height: Int)] = []
        var bad = false
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let marker = Array("/Image".utf8)
            var i = 0
            while let at = Self.find(marker, in: bytes, from: i) {
                i = at + marker.count
                // "/Image" must be the value of /Subtype and end there ("/ImageB" is a ProcSet name).
                guard i >= bytes.count || !Self.isNameChar(bytes[i]),
                      Self.precededBySubtype(bytes, at: at) else { continue }
                let (start, end) = Self.dictionaryBounds(bytes, around: at)
                let w = Self.integer(after: Array("/Width".utf8), in: bytes, start, end)
                let h = Self.integer(after: Array("/Height".utf8), in: bytes, start, end)
                if let w, let h, w > 0, h > 0 { found.append((w, h)) } else { bad = true }
            }
        }
        sizes = found
        unreadable = bad
    }

    private static func isNameChar(_ c: UInt8) -> Bool {
        // PDF delimiters and whitespace end a name.
        !(c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == 0x0C || c == 0x00
          || c == 0x2F || c == 0x3C || c == 0x3E || c == 0x5B || c == 0x5D || c == 0x28 || c == 0x29)
    }

    private static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, hay.count >= needle.count else { return nil }
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count, hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether the name before `at` (skipping whitespace) is /Subtype.
    private static func precededBySubtype(_ b: UnsafeBufferPointer<UInt8>, at: Int) -> Bool {
        var j = at - 1
        while j >= 0, b[j] == 0x20 || b[j] == 0x0A || b[j] == 0x0D || b[j] == 0x09 { j -= 1 }
        let name = Array("/Subtype".utf8)
        guard j + 1 >= name.count else { return false }
        return Array(b[(j + 1 - name.count)...j]) == name
    }

    /// The bytes of the dictionary holding `at`: back to its "<<" and on to its ">>" (nested dictionaries such
    /// as /DecodeParms are included, which is harmless: they hold no /Width).
    private static func dictionaryBounds(_ b: UnsafeBufferPointer<UInt8>, around at: Int) -> (Int, Int) {
        var depth = 0
        var s = at
        while s > 0 {
            s -= 1
            if b[s] == 0x3E, s > 0, b[s - 1] == 0x3E { depth += 1; s -= 1 }
            else if b[s] == 0x3C, s > 0, b[s - 1] == 0x3C {
                if depth == 0 { s -= 1; break }
                depth -= 1; s -= 1
            }
            if at - s > 4096 { break }
        }
        depth = 0
        var e = at
        while e + 1 < b.count {
            if b[e] == 0x3C, b[e + 1] == 0x3C { depth += 1; e += 2; continue }
            if b[e] == 0x3E, b[e + 1] == 0x3E {
                if depth == 0 { e += 2; break }
                depth -= 1; e += 2; continue
            }
            e += 1
            if e - at > 4096 { break }
        }
        return (max(0, s), min(b.count, e))
    }

    /// The non-negative integer right after the key `name` within `start..<end`; nil when absent or indirect.
    private static func integer(after name: [UInt8], in b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var i = start
        while i + name.count <= end {
            if b[i] == name[0], Array(b[i..<(i + name.count)]) == name,
               i + name.count >= end || !isNameChar(b[i + name.count]) {
                var j = i + name.count
                while j < end, b[j] == 0x20 || b[j] == 0x0A || b[j] == 0x0D || b[j] == 0x09 { j += 1 }
                var value = 0
                var digits = 0
                while j < end, b[j] >= 0x30, b[j] <= 0x39, digits < 9 {
                    value = value * 10 + Int(b[j] - 0x30)
                    digits += 1
                    j += 1
                }
                guard digits > 0 else { return nil }
                // "12 0 R" is a reference to the value, not the value.
                var k = j
                while k < end, b[k] == 0x20 { k += 1 }
                if k < end, b[k] >= 0x30, b[k] <= 0x39 { return nil }
                return value
            }
            i += 1
        }
        return nil
    }
}
