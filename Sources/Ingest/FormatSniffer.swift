import Foundation
import PrescreenCore

/// Recognises an attachment's format by its first bytes, never by its name.
public enum FormatSniffer {
    /// How many leading bytes ``sniff(_:)`` looks at; read at least this many.
    public static let prefixLength = 1024

    /// The format of a file whose first bytes are `prefix` (pass at least ``prefixLength`` bytes when the file has them).
    ///
    /// PDF: `%PDF` anywhere in the first 1024 bytes (readers accept leading junk there). JPEG: `FF D8 FF`.
    /// PNG: its 8-byte signature. TIFF: `II*\0` or `MM\0*`. BMP: `BM` plus a known DIB header size, since
    /// two letters alone would also match text files. Zero bytes: `.empty`. Anything else: `.unsupported`.
    public static func sniff(_ prefix: Data) -> FileFormat {
        let bytes = [UInt8](prefix.prefix(prefixLength))
        if bytes.isEmpty { return .empty }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            return .tiff
        }
        if isBMP(bytes) { return .bmp }
        if contains(bytes, [0x25, 0x50, 0x44, 0x46]) { return .pdf }
        return .unsupported
    }

    /// `BM`, then at offset 14 a little-endian DIB header size that some BMP version uses.
    private static func isBMP(_ b: [UInt8]) -> Bool {
        guard b.count >= 18, b[0] == 0x42, b[1] == 0x4D else { return false }
        let dib = UInt32(b[14]) | UInt32(b[15]) << 8 | UInt32(b[16]) << 16 | UInt32(b[17]) << 24
        return [12, 16, 40, 52, 56, 64, 108, 124].contains(dib)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}

extension FormatSniffer {
    /// File-name extensions of the formats the pipeline reads.
    public static let supportedExtensions: Set<String> = ["pdf", "jpg", "jpeg", "jpe", "png", "tif", "tiff", "bmp"]

    /// Whether a file whose bytes are no supported format is a damaged file of a supported one rather than
    /// another kind of file: its name claims PDF or an image (random bytes in `x.pdf`). The name is only a
    /// hint, but a reviewer tells the applicant "re-upload the PDF", not "convert it".
    public static func claimsSupportedFormat(_ relativePath: String) -> Bool {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        guard let dot = name.lastIndex(of: ".") else { return false }
        return supportedExtensions.contains(name[name.index(after: dot)...].lowercased())
    }
}
