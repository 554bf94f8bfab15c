import Foundation

extension FormatSniffer {
    /// The name of a common format the pipeline does not read, recognised by its bytes (Chinese with
    /// English), or nil when the bytes are no format known here.
    ///
    /// A WebP or GIF named `.jpg` is a file of another format (`input/unsupported`: "convert it"), not a
    /// damaged JPEG (`input/unreadable`: "upload it again"); the finding names the format so the applicant
    /// knows what they sent. Office and OFD files are ZIP archives told apart by the names of their first
    /// entries.
    public static func unsupportedFormatName(_ data: Data) -> String? {
        let b = [UInt8](data.prefix(64 << 10))
        func at(_ offset: Int, _ ascii: String) -> Bool {
            let s = Array(ascii.utf8)
            return b.count >= offset + s.count && b[offset..<(offset + s.count)].elementsEqual(s)
        }
        if at(0, "GIF87a") || at(0, "GIF89a") { return "GIF 图像 (GIF image)" }
        if at(0, "RIFF") && at(8, "WEBP") { return "WebP 图像 (WebP image)" }
        if at(4, "ftyp") {
            let brand = b.count >= 12 ? String(decoding: b[8..<12], as: UTF8.self) : ""
            switch brand {
            case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
                return "HEIC/HEIF 图像（苹果手机照片）(HEIC/HEIF image)"
            case "avif", "avis": return "AVIF 图像 (AVIF image)"
            case "jp2 ", "jpx ": return "JPEG 2000 图像 (JPEG 2000 image)"
            case "qt  ": return "QuickTime 视频 (QuickTime video)"
            default: return "MP4/MOV 视频 (MP4/MOV video)"
            }
        }
        if b.starts(with: [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || b.starts(with: [0xFF, 0x4F, 0xFF, 0x51]) {
            return "JPEG 2000 图像 (JPEG 2000 image)"
        }
        if b.starts(with: [0x97, 0x4A, 0x42, 0x32, 0x0D, 0x0A, 0x1A, 0x0A]) { return "JBIG2 图像 (JBIG2 image)" }
        if at(0, "8BPS") { return "Photoshop 文件 (PSD)" }
        if b.starts(with: [0x00, 0x00, 0x01, 0x00]) && b.count > 6 && b[4] > 0 { return "ICO 图标 (ICO icon)" }
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) || b.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return zipFormat(b)
        }
        if b.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return "旧版 Office 文档（doc/xls/ppt）(legacy Office document)"
        }
        if at(0, "{\\rtf") { return "RTF 文档 (RTF document)" }
        if at(0, "Rar!\u{1A}\u{07}") { return "RAR 压缩包 (RAR archive)" }
        if b.starts(with: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return "7z 压缩包 (7z archive)" }
        if b.starts(with: [0x1F, 0x8B]) { return "gzip 压缩文件 (gzip file)" }
        if at(0, "CAJ") { return "CAJ 文档（知网）(CAJ document)" }
        if at(0, "AT&TFORM") { return "DjVu 文档 (DjVu document)" }
        let text = String(decoding: b.prefix(512), as: UTF8.self).lowercased()
        if text.contains("<svg") { return "SVG 图像 (SVG image)" }
        if text.contains("<html") || text.contains("<!doctype html") { return "网页 HTML (HTML page)" }
        if at(0, "<?xml") { return "XML 文件 (XML file)" }
        return nil
    }

    /// A ZIP archive: DOCX/XLSX/PPTX by their part names, OFD by `OFD.xml`, ODF by its mimetype, else ZIP.
    private static func zipFormat(_ b: [UInt8]) -> String {
        let names = String(decoding: b, as: UTF8.self)
        if names.contains("OFD.xml") { return "OFD 版式文档 (OFD document)" }
        if names.contains("word/") { return "Word 文档 DOCX (Word document)" }
        if names.contains("xl/") { return "Excel 表格 XLSX (Excel workbook)" }
        if names.contains("ppt/") { return "PowerPoint 演示文稿 PPTX (PowerPoint presentation)" }
        if names.contains("application/vnd.oasis.opendocument") { return "OpenDocument 文档 (OpenDocument file)" }
        if names.contains("FixedDocumentSequence") || names.contains("FixedDocSeq") { return "XPS 文档 (XPS document)" }
        if names.contains("[Content_Types].xml") { return "Office 文档 (Office Open XML document)" }
        return "ZIP 压缩包 (ZIP archive)"
    }
}
