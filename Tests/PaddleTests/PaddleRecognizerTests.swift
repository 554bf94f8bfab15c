import Foundation
import OCR
@testable import Paddle
import PrescreenCore
import Testing
import TestSupport

/// Whether the PP-OCR runtime and models (scripts/install-paddle.sh) and the CJK font are installed.
enum PaddleEnvironment {
    static var ready: Bool { PaddleModels.installed && OCRFixtures.cjkFontAvailable }
    static let skipNote: Comment = "needs the PP-OCR models and OpenVINO (run scripts/install-deps.sh) and fonts-noto-cjk"
}

/// DB post-processing and CTC decoding on values made here (no model needed).
struct PaddlePostProcessingTests {
    /// A probability map with two filled rectangles (text lines) and one speck.
    @Test func probabilityMapGivesOneUnclippedQuadPerLine() {
        let w = 200, h = 80
        var p = [Float](repeating: 0, count: w * h)
        for y in 10..<20 { for x in 20..<120 { p[y * w + x] = 0.9 } }
        for y in 50..<62 { for x in 30..<180 { p[y * w + x] = 0.8 } }
        p[70 * w + 5] = 0.9
        let quads = TextBoxes().quads(probabilities: p, width: w, height: h).sorted { $0.minY < $1.minY }
        #expect(quads.count == 2)
        guard quads.count == 2 else { return }
        // Unclipped by area × 1.6 / perimeter on each side: the first region (100 × 10 with the dilation's
        // extra pixel, centres 99 × 10) grows by about 7.3.
        let first = quads[0]
        #expect(first.minX < 20 && first.minX > 8)
        #expect(first.maxX > 120 && first.maxX < 132)
        #expect(first.minY < 10 && first.minY > 0)
        #expect(first.width > first.height)
        // The rectangle through the pixel centres includes the dilated edge, where the map is 0.
        #expect(first.score > 0.75 && first.score <= 0.9)
        #expect(quads[1].minY > 40)
    }

    @Test func weakRegionsAreDropped() {
        let w = 100, h = 40
        var p = [Float](repeating: 0, count: w * h)
        // Above the 0.3 pixel threshold but below the 0.5 box threshold on average.
        for y in 10..<20 { for x in 10..<90 { p[y * w + x] = 0.4 } }
        #expect(TextBoxes().quads(probabilities: p, width: w, height: h).isEmpty)
    }

    @Test func tiltedRegionGivesATiltedQuad() {
        let w = 200, h = 200
        var p = [Float](repeating: 0, count: w * h)
        // A band at 30°.
        for t in 0..<120 {
            for s in -5...5 {
                let x = 40 + Int(Double(t) * cos(Double.pi / 6) - Double(s) * sin(Double.pi / 6))
                let y = 40 + Int(Double(t) * sin(Double.pi / 6) + Double(s) * cos(Double.pi / 6))
                p[y * w + x] = 0.9
            }
        }
        let quads = TextBoxes().quads(probabilities: p, width: w, height: h)
        #expect(quads.count == 1)
        guard let q = quads.first else { return }
        let angle = atan2(q.topRight.y - q.topLeft.y, q.topRight.x - q.topLeft.x) * 180 / Double.pi
        #expect(abs(angle - 30) < 4, "angle \(angle)")
    }

    @Test func ctcCollapsesRepeatsAndDropsBlanks() {
        // Classes: 0 blank, 1 "张", 2 "伟", 3 space.
        let decoder = CTCDecoder(alphabet: ["张", "伟"])
        let best = [1, 1, 0, 2, 0, 0, 2, 3, 1]
        var probs = [Float](repeating: 0.01, count: best.count * 4)
        for (t, c) in best.enumerated() { probs[t * 4 + c] = 0.9 }
        probs[1 * 4 + 1] = 0.7
        let chars = probs.withUnsafeBufferPointer { decoder.decode($0, steps: best.count, classes: 4) }
        #expect(chars.map(\.text) == ["张", "伟", "伟", " ", "张"])
        #expect(chars[0].firstStep == 0 && chars[0].lastStep == 1)
        #expect(abs(chars[0].probability - 0.8) < 1e-6)
        #expect(chars[2].firstStep == 6)
    }

    @Test func detectorInputIsCappedAndAMultipleOf32() {
        let (w, h) = PaddleRecognizer.detectorSize(width: 1654, height: 2339)
        #expect(max(w, h) <= PaddleRecognizer.detectorLongSide + 16)
        #expect(w % 32 == 0 && h % 32 == 0)
        let (sw, sh) = PaddleRecognizer.detectorSize(width: 100, height: 50)
        #expect(sw == 384 || sw == 416)
        #expect(sh % 32 == 0 && sh >= 192)
    }

    @Test func modelSearchPathPutsTheEnvironmentFirst() {
        let path = PaddleModels.searchPath(environment: ["PRESCREEN_MODELS": "/x/models", "PRESCREEN_DEPS": "/y"])
        #expect(path.first == "/x/models")
        #expect(path.dropFirst().first == "/y/models")
        #expect(path.last == "/opt/prescreen-deps/models")
    }

    @Test func missingOrDamagedModelsFailToLoad() {
        #expect(throws: OCRError.self) { try PaddleModels(folder: "/nonexistent").loadAlphabet() }
        #expect(throws: OCRError.self) { try PaddleRecognizer(models: PaddleModels(folder: "/nonexistent")) }
        let damaged = FileManager.default.temporaryDirectory.appendingPathComponent("paddle-damaged-\(getpid())")
        try? FileManager.default.createDirectory(at: damaged, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: damaged) }
        let m = PaddleModels(folder: damaged.path)
        for f in [m.detector, m.recognizer, m.alphabet] { FileManager.default.createFile(atPath: f, contents: Data("x".utf8)) }
        #expect(throws: OCRError.self) { try PaddleRecognizer(models: m) }
    }

    /// A line on a skewed scan and the start of the line below it: the tilted line's axis-aligned box covers the
    /// second, but they are two rows (the first grouping put them in one and broke the reading order).
    @Test func skewedLinesStayInTheirOwnRows() {
        func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, height h: Double) -> PaddleRecognizer.Line {
            let q = Quad(topLeft: Point(x: x0, y: y0 - h / 2), topRight: Point(x: x1, y: y1 - h / 2),
                         bottomRight: Point(x: x1, y: y1 + h / 2), bottomLeft: Point(x: x0, y: y0 + h / 2), score: 1)
            return PaddleRecognizer.Line(quad: q, turned: false, characters: [], steps: 1, filled: 1, score: 1)
        }
        // 3° over 1,400 px: the long line's box spans y 85–188.
        let long = line(0, 100, 1400, 173, height: 30)
        let next = line(0, 145, 200, 155, height: 30)
        let cell = line(1450, 176, 1600, 184, height: 30)
        let rows = PaddleRecognizer.rows(of: [next, long, cell])
        #expect(rows.count == 2)
        #expect(rows.first?.count == 2, "the cell right of the long line's end shares its row")
        #expect(rows.first?.first?.quad == long.quad)
        #expect(rows.last?.first?.quad == next.quad)
    }
}

// Serialized: each test compiles the models (~1 s) and the machine has 2 shared cores.
@Suite(.serialized, .enabled(if: PaddleEnvironment.ready, PaddleEnvironment.skipNote))
struct PaddleRecognizerTests {
    static let lines = ["姓名：张伟", "阿克苏地区第一人民医院", "Hello World 2024"]

    @Test func readsChineseAndLatinWithTheGlyphContract() throws {
        let page = OCRFixtures.textPage(lines: Self.lines, fontSize: 12, dpi: 200)
        let ocr = try PaddleRecognizer()
        let text = try ocr.recognize(page.bitmap)
        #expect(text.source == .ocr)
        let normalized = NormalizedText(text).string
        for expected in ["张伟", "姓名", "阿克苏地区第一人民医院"] {
            #expect(normalized.contains(NormalizedText.normalized(expected)), "\(expected) in \(normalized)")
        }
        #expect(text.string.contains("Hello World 2024"))
        #expect(text.string.contains("阿克苏地区第一人民医院"), "Chinese run split by spaces")
        let mean = try #require(text.meanConfidence)
        #expect(mean > 80 && mean <= 100)
        // One "\n" per line, last glyph "\n", separators carry the box before them and no confidence.
        #expect(text.glyphs.filter { $0.text == "\n" }.count == Self.lines.count)
        #expect(text.glyphs.last?.text == "\n")
        for (i, g) in text.glyphs.enumerated() where g.text == "\n" || g.text == " " {
            #expect(i > 0 && text.glyphs[i - 1].box == g.box && g.confidence == nil)
        }
        // Every character's box inside its drawn line, and one box per Han character, left to right.
        var perLine: [[Glyph]] = [[]]
        for g in text.glyphs {
            if g.text == "\n" { perLine.append([]) } else if g.text != " " { perLine[perLine.count - 1].append(g) }
        }
        perLine.removeAll { $0.isEmpty }
        try #require(perLine.count == page.lineBoxes.count)
        for (glyphs, drawn) in zip(perLine, page.lineBoxes) {
            let slack = drawn.expanded(dx: drawn.height / 5, dy: drawn.height / 5)
            for g in glyphs {
                #expect(slack.union(g.box) == slack, "glyph \(g.text) box \(g.box) outside its line \(drawn)")
                #expect(g.confidence != nil)
            }
            for (a, b) in zip(glyphs, glyphs.dropFirst()) { #expect(a.box.midX < b.box.midX) }
            let union = glyphs.dropFirst().reduce(glyphs[0].box) { $0.union($1.box) }
            #expect(union.iou(drawn) > 0.8, "recognised line box \(union) vs drawn \(drawn)")
        }
        #expect(ocr.recognitionSeconds > 0)
    }

    @Test func cellsOfOneRowShareALine() throws {
        // Two cells far apart on one row (a form's label and value) read as one line with a space.
        let page = OCRFixtures.textBitmap(lines: ["姓名                              张伟"], fontSize: 12, dpi: 200)
        let text = try PaddleRecognizer().recognize(page)
        #expect(text.glyphs.filter { $0.text == "\n" }.count == 1)
        #expect(NormalizedText(text).string.contains(NormalizedText.normalized("张伟")))
    }

    @Test func blankPageGivesEmptyText() throws {
        let ocr = try PaddleRecognizer()
        #expect(try ocr.recognize(Bitmap(width: 600, height: 400, channels: 1, dpi: 200, filledWith: 255)).glyphs.isEmpty)
        #expect(try ocr.recognize(Bitmap(width: 0, height: 0, channels: 1, pixels: [])).glyphs.isEmpty)
    }

    @Test func rgbInputIsRead() throws {
        let bitmap = OCRFixtures.colored(OCRFixtures.textBitmap(lines: ["阿克苏地区第一人民医院"], fontSize: 12, dpi: 200),
                                         ink: (20, 20, 120))
        let text = try PaddleRecognizer().recognize(bitmap)
        #expect(NormalizedText(text).string.contains("阿克苏地区第一人民医院"))
    }

    @Test func verticalLineIsReadTopFirst() throws {
        // A page turned a quarter counter-clockwise: its one line runs up the page; read turned, it is one row.
        let upright = OCRFixtures.textBitmap(lines: ["阿克苏地区第一人民医院"], fontSize: 14, dpi: 200)
        let turned = upright.rotatedClockwise(quarterTurns: 1)
        let text = try PaddleRecognizer().recognize(turned)
        #expect(NormalizedText(text).string.contains("阿克苏地区第一人民医院"), "\(text.string)")
    }
}
