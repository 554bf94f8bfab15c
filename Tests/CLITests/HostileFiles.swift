import Foundation

/// Hand-written hostile PDFs (no generator would make them), built in code.
enum HostileFiles {
    /// A PDF whose page tree holds `count` empty pages: valid, and far over any page limit.
    static func manyPages(_ count: Int) -> Data {
        var objects: [String] = []
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        let kids = (0..<count).map { "\($0 + 3) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(count) >>")
        for _ in 0..<count { objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>") }
        return assemble(objects)
    }

    /// A one-page PDF whose page dictionary carries an array nested `depth` levels deep (a parser's
    /// recursion bomb), and a content stream referring to it.
    static func deeplyNested(_ depth: Int) -> Data {
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let dict = String(repeating: "<< /A ", count: depth / 4) + "1" + String(repeating: " >>", count: depth / 4)
        return assemble([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep \(nested) /Deeper \(dict) /Contents 4 0 R >>",
            "<< /Length 20 >>\nstream\n\(nested.prefix(10))\(nested.suffix(10))\nendstream",
        ])
    }

    /// Objects numbered from 1, with a correct cross-reference table.
    static func assemble(_ objects: [String]) -> Data {
        var out = "%PDF-1.7\n"
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n" }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }
}
