import Foundation
import PDF
import PrescreenCore
import Testing
import TestSupport

/// The text layer: exact text, glyph boxes where the text was drawn, line structure.
@Suite struct PDFTextTests {
    let a4 = PDFFixtures.a4

    @Test(arguments: ["姓名：张伟", "阿克苏地区第一人民医院", "证书编号 106975202105000123", "Report 2023年度 ABC"])
    func textComesBackExactly(_ line: String) throws {
        let data = try PDFFixtures.textPDF(lines: [(line, 72, 100, 14)])
        let page = try PDFDocument(data: data).page(1)
        let text = page.text()
        #expect(text.source == .textLayer)
        #expect(text.string.trimmingCharacters(in: .whitespacesAndNewlines) == line)
        #expect(text.glyphs.allSatisfy { $0.text.unicodeScalars.count == 1 })
        #expect(text.glyphs.allSatisfy { $0.confidence == nil })
    }

    @Test func glyphBoxesAreWhereTheTextWasDrawn() throws {
        let (x, y, size) = (100.0, 200.0, 20.0)
        let line = "阿克苏地区第一人民医院"
        let data = try PDFFixtures.textPDF(lines: [(line, x, y, size)])
        let page = try PDFDocument(data: data).page(1)
        let glyphs = page.text().glyphs.filter { !$0.text.allSatisfy(\.isWhitespace) }
        try #require(glyphs.count == line.unicodeScalars.count)
        for (i, glyph) in glyphs.enumerated() {
            let b = glyph.box
            // CJK glyphs advance one em each in Noto Sans CJK.
            let expectedX0 = (x + Double(i) * size) / a4.width
            #expect(abs(b.x0 - expectedX0) < 1.5 / a4.width, "glyph \(i) x0")
            #expect(abs(b.width - size / a4.width) < 1.5 / a4.width, "glyph \(i) width")
            // The box spans the line: top above the baseline by about the ascent, bottom near or below it.
            #expect(b.y0 < y / a4.height && b.y0 > (y - 1.3 * size) / a4.height, "glyph \(i) top")
            #expect(b.y1 >= (y - 1) / a4.height && b.y1 < (y + 0.5 * size) / a4.height, "glyph \(i) bottom")
        }
    }

    @Test func linesStaySeparateAndInOrder() throws {
        let data = try PDFFixtures.textPDF(lines: [("姓名：张伟", 72, 100, 12), ("工作单位：阿克苏地区第一人民医院", 72, 300, 12)])
        let text = try PDFDocument(data: data).page(1).text()
        let lines = text.string.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines == ["姓名：张伟", "工作单位：阿克苏地区第一人民医院"])
        let wei = try #require(text.glyphs.first { $0.text == "伟" })
        let yuan = try #require(text.glyphs.last { $0.text == "院" })
        #expect(wei.box.y1 < yuan.box.y0)
        // NormalizedText (the shared matcher) finds the name and maps it back to its glyphs.
        let normalized = NormalizedText(text)
        let hit = try #require(normalized.ranges(of: "张伟").first)
        let box = try #require(normalized.box(for: hit))
        #expect(abs(box.x0 - (72 + 3 * 12) / a4.width) < 1.5 / a4.width)
        #expect(box.midY < 100 / a4.height)
    }

    @Test func emptyPageHasNoText() throws {
        let data = try PDFFixtures.pdf(pages: [PDFFixtures.Page()])
        let text = try PDFDocument(data: data).page(1).text()
        #expect(text.glyphs.allSatisfy { $0.text.allSatisfy(\.isWhitespace) })
    }

    @Test func everyGlyphBoxIsOnThePage() throws {
        let runs = (0..<30).map { ("第\($0)行 张伟 阿克苏", 40.0, 30.0 + Double($0) * 26, 11.0) }
        let text = try PDFDocument(data: try PDFFixtures.textPDF(lines: runs)).page(1).text()
        #expect(text.glyphs.count > 30 * 8)
        for glyph in text.glyphs {
            #expect(glyph.box.x0 >= 0 && glyph.box.x1 <= 1 && glyph.box.y0 >= 0 && glyph.box.y1 <= 1)
        }
    }
}
