import Foundation
import OCR
import PrescreenCore
import Testing
import TestSupport

/// Whether tesseract's Chinese and OSD models and the CJK font are installed.
enum OCREnvironment {
    static let tessdata = "/usr/share/tesseract-ocr/5/tessdata"
    static var ready: Bool {
        let fm = FileManager.default
        return ["chi_sim", "eng", "osd"].allSatisfy { fm.fileExists(atPath: "\(tessdata)/\($0).traineddata") }
            && OCRFixtures.cjkFontAvailable
    }
    static let skipNote: Comment = "needs tesseract-ocr-chi-sim, tesseract-ocr-osd and fonts-noto-cjk"
}

// Serialized: each test holds a ~170 MB tesseract and the machine has 2 shared cores.
@Suite(.serialized, .enabled(if: OCREnvironment.ready, OCREnvironment.skipNote))
struct TesseractRecognizerTests {
    static let lines = ["姓名：张伟", "阿克苏地区第一人民医院"]

    @Test func testsRunWithTheOpenMPLimit() {
        // Not a property of the code: a reminder that fails loudly when the suite runs 8× slower than it should.
        #expect(TesseractRecognizer.openMPThreadLimitIsSet, "export OMP_THREAD_LIMIT=1 before swift test")
    }

    @Test func readsBackChineseNameAndEmployer() throws {
        let page = OCRFixtures.textPage(lines: Self.lines, fontSize: 12, dpi: 300)
        let ocr = try TesseractRecognizer()
        let text = try ocr.recognize(page.bitmap)
        #expect(text.source == .ocr)
        let normalized = NormalizedText(text).string
        #expect(normalized.contains(NormalizedText.normalized("张伟")))
        #expect(normalized.contains(NormalizedText.normalized("姓名")))
        #expect(normalized.contains(NormalizedText.normalized("阿克苏地区第一人民医院")))
        let mean = try #require(text.meanConfidence)
        #expect(mean > 60 && mean <= 100)
        #expect(ocr.recognitionSeconds > 0)
    }

    @Test func glyphsAreSymbolsWithLineEndsAndBoxesOnTheDrawnText() throws {
        let page = OCRFixtures.textPage(lines: Self.lines, fontSize: 12, dpi: 300)
        let text = try TesseractRecognizer().recognize(page.bitmap)
        let newlines = text.glyphs.filter { $0.text == "\n" }
        #expect(newlines.count == Self.lines.count)
        #expect(text.glyphs.last?.text == "\n")
        let symbols = text.glyphs.filter { !$0.text.allSatisfy(\.isWhitespace) }
        // One glyph per recognised Chinese character, each with a confidence.
        #expect(symbols.count >= 14)
        #expect(symbols.allSatisfy { $0.confidence != nil && $0.text.unicodeScalars.count <= 2 })
        // Split the glyphs into lines and check each against where cairo drew that line.
        var perLine: [[Glyph]] = [[]]
        for g in text.glyphs {
            if g.text == "\n" { perLine.append([]) } else if g.text != " " { perLine[perLine.count - 1].append(g) }
        }
        perLine.removeAll { $0.isEmpty }
        try #require(perLine.count == page.lineBoxes.count)
        for (glyphs, drawn) in zip(perLine, page.lineBoxes) {
            // Tesseract's symbol boxes may overlap and reach a little past the ink: allow a quarter line.
            let slack = drawn.expanded(dx: drawn.height / 10, dy: drawn.height / 10)
            for g in glyphs {
                #expect(slack.union(g.box) == slack, "glyph box \(g.box) outside its line \(drawn)")
                #expect(drawn.intersection(g.box) != nil)
            }
            let union = glyphs.dropFirst().reduce(glyphs[0].box) { $0.union($1.box) }
            #expect(union.iou(drawn) > 0.9, "recognised line box \(union) vs drawn \(drawn)")
        }
        // Separators take the box of the symbol before them.
        for (i, g) in text.glyphs.enumerated() where g.text == "\n" || g.text == " " {
            #expect(i > 0 && text.glyphs[i - 1].box == g.box)
        }
    }

    @Test func chineseCharactersAreNotSpacedApartButWordsAre() throws {
        let page = OCRFixtures.textPage(lines: ["阿克苏地区第一人民医院", "Hello World 2024"], fontSize: 12, dpi: 300)
        let text = try TesseractRecognizer().recognize(page.bitmap)
        let raw = text.string
        #expect(raw.contains("阿克苏地区第一人民医院"), "Chinese run split by spaces")
        #expect(raw.contains("Hello World"))
    }

    @Test func blankPageGivesEmptyText() throws {
        let blank = Bitmap(width: 600, height: 400, channels: 1, dpi: 300, filledWith: 255)
        let ocr = try TesseractRecognizer()
        let text = try ocr.recognize(blank)
        #expect(text.glyphs.isEmpty)
        #expect(text.source == .ocr)
        #expect(try ocr.orientation(of: blank) == nil)
        let nothing = Bitmap(width: 0, height: 0, channels: 1, pixels: [])
        #expect(try ocr.recognize(nothing).glyphs.isEmpty)
        #expect(try ocr.orientation(of: nothing) == nil)
    }

    /// With eng first, chi_sim's own preserve_interword_spaces no longer applies; the explicit setting must.
    @Test func wordSpacingHoldsWhateverTheLanguageOrder() throws {
        let page = OCRFixtures.textBitmap(lines: ["阿克苏地区第一人民医院"], fontSize: 12, dpi: 300)
        let text = try TesseractRecognizer(languages: "eng+chi_sim").recognize(page)
        #expect(text.string.filter { $0 == " " }.isEmpty, "spaces between Chinese characters")
        #expect(NormalizedText(text).string.contains("阿克苏地区第一人民医院"))
    }

    @Test func rgbInputAndUnknownDPIAreRead() throws {
        var bitmap = OCRFixtures.colored(OCRFixtures.textBitmap(lines: ["阿克苏地区第一人民医院"], fontSize: 12, dpi: 300),
                                         ink: (20, 20, 120))
        bitmap.dpi = 0
        let text = try TesseractRecognizer().recognize(bitmap)
        #expect(NormalizedText(text).string.contains("阿克苏地区第一人民医院"))
    }

    @Test func badDataPathFailsToInitialise() {
        #expect(throws: OCRError.self) {
            try TesseractRecognizer(dataPath: "/nonexistent/tessdata")
        }
        do {
            _ = try TesseractRecognizer(dataPath: "/nonexistent/tessdata")
        } catch {
            #expect(error.code == .initFailed)
        }
    }

    static let orientationLines = ["阿克苏地区第一人民医院职称评审", "姓名：张伟 性别：男 出生日期：1980年", "工作单位：阿克苏地区第一人民医院"]

    @Test(arguments: [0, 1, 2, 3])
    func orientationTurnsTheRotatedPageUpright(rotatedBy quarterTurns: Int) throws {
        // A full A4 page of text: OSD's confidence grows with the amount of text (7.7–11.5 measured on this
        // page, 4.2–6.3 on 10 short lines, with 270° the least sure), and real pages are this size.
        let line = "阿克苏地区第一人民医院职称评审工作的通知，姓名：张伟"
        let upright = OCRFixtures.textPage(lines: Array(repeating: line, count: 30), fontSize: 12, dpi: 300,
                                           minWidth: 2480, minHeight: 3508).bitmap
        let page = upright.rotatedClockwise(quarterTurns: quarterTurns)
        let ocr = try TesseractRecognizer()
        let found = try #require(try ocr.orientation(of: page))
        #expect((quarterTurns + found.quarterTurnsClockwise) % 4 == 0)
        #expect(found.confidence >= TesseractRecognizer.minimumOrientationConfidence)
        let corrected = page.rotatedClockwise(quarterTurns: found.quarterTurnsClockwise)
        #expect(corrected.width == upright.width && corrected.height == upright.height)
        // Reading the top three lines is enough to show the page is upright, and 6× faster than all of it.
        let top = try #require(corrected.cropped(to: Box(x0: 0, y0: 0, x1: 0.7, y1: 0.1)))
        let text = NormalizedText(try ocr.recognize(top)).string
        #expect(text.contains("阿克苏地区第一人民医院"))
    }

    /// Random dots must never make a confident claim that the page is turned (an upright answer is harmless).
    @Test(arguments: [(UInt64(7), 2), (11, 3), (13, 4), (17, 2)])
    func noiseGetsNoConfidentTurn(seed: UInt64, oneIn: Int) throws {
        var rng = SplitMix64(seed: seed)
        let px = (0..<(1200 * 800)).map { _ in UInt8(rng.next() % UInt64(oneIn) == 0 ? 0 : 255) }
        let noise = Bitmap(width: 1200, height: 800, channels: 1, dpi: 300, pixels: px)
        let ocr = try TesseractRecognizer()
        for q in 0..<4 {
            let found = try ocr.orientation(of: noise.rotatedClockwise(quarterTurns: q))
            #expect(found == nil || found?.quarterTurnsClockwise == 0)
        }
    }
}

/// A small deterministic generator, so noise fixtures are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
