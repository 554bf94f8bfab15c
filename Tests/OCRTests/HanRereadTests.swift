import OCR
import Testing

/// The selection of Latin words to re-read with chi_sim alone, and the acceptance of the second reading.
struct HanRereadTests {
    /// A line as tesseract gives it: one symbol per scalar, a space in the text marking a gap before the next.
    static func line(_ text: String) -> [HanReread.Symbol] {
        var out: [HanReread.Symbol] = []
        var gap = false
        for s in text.unicodeScalars {
            if s == " " { gap = true; continue }
            out.append(HanReread.Symbol(String(s), gapBefore: gap && !out.isEmpty))
            gap = false
        }
        return out
    }

    /// The texts of the candidates of a line.
    static func picked(_ text: String) -> [String] {
        let symbols = line(text)
        return HanReread.candidates(in: symbols).map { symbols[$0].map(\.text).joined() }
    }

    @Test(arguments: [
        ("姓名 : BE 性别 : 男", ["BE"]),   // after a label, as chi_sim+eng spaces 姓名：
        ("申请人BE", ["BE"]),              // straight after the label
        ("学员姓名：BE", ["BE"]),
        ("兹证明BE同志参加培训", ["BE"]),   // inside a sentence
        ("审核人 Lz", ["Lz"]),
        ("张伟 A4纸打印", ["A4"]),          // Latin and digits together: cheap to re-read, chi_sim keeps it Latin
    ])
    func latinWordAmongHanIsPicked(text: String, expected: [String]) {
        #expect(Self.picked(text) == expected)
    }

    @Test(arguments: [
        "姓名：XX XX",                    // the notice's mask
        "工作单位：xxx",                   // ××× read as Latin
        "姓名：**",                        // not letters at all
        "姓名：某某",                      // already Han
        "2021年度考核",                    // digits alone are numbers
        "学信网 CHSI2024 编号",             // too long to be a misread name
        "Hello World 你好",                // a Latin phrase, not a word among Han
        "PDF Export",                      // no Han at all
        "ID No AB 号码",                   // AB touches Latin across a space
        "The OA system 系统",              // mostly Latin line
        "文献标志码：A",                    // one letter is a code, not a misread name
    ])
    func masksNumbersAndLatinTextAreNotPicked(text: String) {
        #expect(Self.picked(text).isEmpty, "picked \(Self.picked(text)) in \(text)")
    }

    @Test func rangesPointAtTheSymbolsOfEachWord() {
        let symbols = Self.line("姓名 : BE 单位 : QK 医院")
        let ranges = HanReread.candidates(in: symbols)
        #expect(ranges == [3..<5, 8..<10])
    }

    @Test func aConfidentAllHanReadingIsTaken() {
        #expect(HanReread.accepts([("吕", 91), ("军", 88)]))
        #expect(HanReread.accepts([("张", 95), (" ", 0), ("伟", 93)]))
    }

    @Test(arguments: [
        [("吕", 91.0), ("军", 42.0)],           // one character unsure
        [("B", 93.0), ("E", 90.0)],             // still Latin
        [("吕", 91.0), ("E", 90.0)],            // mixed
        [("X", 96.0), ("X", 96.0)],
        [],                                      // nothing read
        [("一", 90.0), ("二", 90.0), ("三", 90.0), ("四", 90.0), ("五", 90.0)], // longer than a name
        [("：", 95.0)],
        [("人", 95.0)],                          // one character: stray Latin, not a name
    ])
    func otherReadingsAreRefused(reading: [(String, Double)]) {
        #expect(!HanReread.accepts(reading.map { (text: $0.0, confidence: $0.1) }))
    }
}
