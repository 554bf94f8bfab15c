import PrescreenCore

extension DocumentClassifier {
    /// Digits as OCR reads them in years: 〇, O, o and D are zero; l, I, | and ! are one; Z is two; S is five;
    /// B is eight.
    static func digitValue(_ s: Unicode.Scalar) -> Int? {
        switch s {
        case "0"..."9": return Int(s.value - 48)
        case "〇", "O", "o", "零", "D", "Q": return 0
        case "l", "I", "|", "!", "i", "]": return 1
        case "Z", "z": return 2
        case "S", "s": return 5
        case "B": return 8
        default: return nil
        }
    }

    /// What OCR reads 年 and 度 as in printed years (年 → 午/牛/丰, 度 → 庋/废/席), folded back before matching
    /// suffixes. Only the scalar right after a year's four digits, or after its 年, is folded.
    static func foldYearMark(_ s: Unicode.Scalar) -> Unicode.Scalar {
        switch s {
        case "午", "牛", "丰", "乍", "车", "年": return "年"
        case "庋", "废", "席", "虔", "庶", "度": return "度"
        default: return s
        }
    }

    /// The text after a year's digits with the year marks folded (see ``foldYearMark(_:)``).
    private static func restAfterYear(_ text: [Unicode.Scalar], _ from: Int, _ length: Int) -> [Unicode.Scalar] {
        var rest = Array(text[from..<min(text.count, from + length)])
        if rest.count > 0 { rest[0] = foldYearMark(rest[0]) }
        if rest.count > 1, rest[0] == "年" { rest[1] = foldYearMark(rest[1]) }
        return rest
    }

    /// Every four-digit year (1990–2100) followed by one of `suffixes`, in text order.
    static func years(_ text: [Unicode.Scalar], suffixes: [String]) -> [(year: Int, at: Int)] {
        let sfx = suffixes.map { Array($0.unicodeScalars) }
        let longest = sfx.map(\.count).max() ?? 0
        var out: [(Int, Int)] = []
        var i = 0
        while i + 4 <= text.count {
            // No check that the year starts a number: whitespace is gone, so an ID number on the line before
            // runs into it; the 年 suffix alone tells a year.
            if let v = year(text, at: i) {
                let rest = restAfterYear(text, i + 4, longest)
                if sfx.contains(where: { rest.starts(with: $0) }) {
                    out.append((v, i))
                    i += 4
                    continue
                }
            }
            i += 1
        }
        return out
    }

    /// The year (1990–2100) whose four digits start at `i`, with OCR's digit confusions; at most two of the
    /// four may be letters, so that words do not read as years.
    static func year(_ text: [Unicode.Scalar], at i: Int) -> Int? {
        guard i >= 0, i + 4 <= text.count else { return nil }
        var v = 0
        var letters = 0
        for k in 0..<4 {
            let c = text[i + k]
            guard let d = digitValue(c) else { return nil }
            if !("0"..."9").contains(c) { letters += 1 }
            v = v * 10 + d
        }
        return letters <= 2 && (1990...2100).contains(v) ? v : nil
    }

    /// The year a labelled line gives: the first year within a few characters after one of `labels`
    /// (培训内容：2022年度公需科目, 培训年度 2022), with or without 年.
    static func labelledYear(_ text: [Unicode.Scalar], labels: [String]) -> Int? {
        for label in labels {
            let l = Array(label.unicodeScalars)
            var i = 0
            while i + l.count <= text.count {
                if text[i..<(i + l.count)].elementsEqual(l) {
                    for j in (i + l.count)..<min(text.count, i + l.count + 4) {
                        if let y = year(text, at: j), !isDigitLike(text, j + 4) { return y }
                    }
                }
                i += 1
            }
        }
        return nil
    }

    private static func isDigitLike(_ text: [Unicode.Scalar], _ k: Int) -> Bool {
        k < text.count && ("0"..."9").contains(text[k])
    }

    /// The year in the parentheses under a form's title, its 年度 misread: "（2021年度）" read as "(20214)" or
    /// "(202348)" — four digits and at most two more characters before the closing parenthesis.
    static func parenthesisedYear(_ text: [Unicode.Scalar]) -> Int? {
        let open: Set<Unicode.Scalar> = ["(", "（", "〔", "["], close: Set<Unicode.Scalar> = [")", "）", "〕", "]"]
        for i in text.indices where open.contains(text[i]) {
            guard let y = year(text, at: i + 1) else { continue }
            let after = (i + 5)..<min(text.count, i + 8)
            if let k = after.first(where: { close.contains(text[$0]) }), !(i + 5..<k).contains(where: { open.contains(text[$0]) }) {
                return y
            }
        }
        return nil
    }

    /// The year of a coded certificate number anywhere on the page, its label lost or not: two or more capital
    /// letters, the year, a capital letter, then digits (XJJX2022GX265826).
    static func codedNumberYear(_ text: [Unicode.Scalar]) -> Int? {
        func upper(_ c: Unicode.Scalar) -> Bool { ("A"..."Z").contains(c) }
        func digit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        var i = 2
        while i + 6 <= text.count {
            defer { i += 1 }
            guard upper(text[i - 1]), upper(text[i - 2]), i < 3 || !digit(text[i - 3]),
                  text[i..<(i + 4)].allSatisfy(digit), upper(text[i + 4]) else { continue }
            var j = i + 5
            while j < text.count, upper(text[j]) { j += 1 }
            guard j < text.count, digit(text[j]),
                  let y = Int(String(String.UnicodeScalarView(text[i..<(i + 4)]))), (2000...2100).contains(y) else { continue }
            return y
        }
        return nil
    }

    /// The year a certificate number carries where its format has one: the number right after 编号 holds
    /// four digits 20XX between letters (XJJX2021GX874612) or at its start followed by a letter or a dash
    /// (2022-ZY-0018). A run of digits alone (2021874612) is not read as a year.
    static func numberYear(_ text: [Unicode.Scalar]) -> Int? {
        if let y = codedNumberYear(text) { return y }
        let label = Array("编号".unicodeScalars)
        var i = 0
        while i + label.count <= text.count {
            defer { i += 1 }
            guard text[i..<(i + label.count)].elementsEqual(label) else { continue }
            var j = i + label.count
            while j < text.count, [":", "：", "."].contains(text[j]) { j += 1 }
            let start = j
            while j < text.count, text[j].isASCII, text[j].properties.isAlphabetic || ("0"..."9").contains(text[j]) || text[j] == "-" { j += 1 }
            let number = Array(text[start..<j])
            var k = 0
            while k + 4 <= number.count {
                let digits = number[k..<(k + 4)].allSatisfy { ("0"..."9").contains($0) }
                let before = k == 0 || !("0"..."9").contains(number[k - 1])
                let after = k + 4 == number.count ? false : !("0"..."9").contains(number[k + 4])
                if digits, before, after, let y = Int(String(String.UnicodeScalarView(number[k..<(k + 4)]))),
                   (2000...2100).contains(y) {
                    return y
                }
                k += 1
            }
        }
        return nil
    }

    static func firstYear(_ text: [Unicode.Scalar], suffixes: [String]) -> Int? {
        years(text, suffixes: suffixes).first?.year
    }

    /// The appraisal year: "（2022年度）" in the title; the signing date (2023年1月) must not win.
    static func appraisalYear(_ text: [Unicode.Scalar]) -> Int? {
        if let y = firstYear(text, suffixes: ["年度"]) { return y }
        if let y = parenthesisedYear(text) { return y }
        if let y = labelledYear(text, labels: ["考核年度", "年度"]) { return y }
        return firstYear(text, suffixes: ["年"])
    }


    /// A certificate's year, from the surest cue it has: "2023年度公需科目" / "2023年专业科目"; the 培训内容
    /// line; the first "YYYY年度"; the year in the certificate number; else the first "YYYY年" (the date of
    /// issue).
    static func certificateYear(_ text: [Unicode.Scalar]) -> Int? {
        let near = years(text, suffixes: ["年度公需", "年公需", "年度专业", "年专业", "年度继续", "年继续"])
        if let y = near.first?.year { return y }
        // The weaker cues vote (a 培训内容 line misread as "2024 AREA" must not outvote the number's and the
        // issue date's 2021); a tie goes to the earlier cue in this order.
        let cues = [labelledYear(text, labels: ["培训内容", "培训项目", "培训年度", "学习年度", "年度"]),
                    firstYear(text, suffixes: ["年度"]), numberYear(text), firstYear(text, suffixes: ["年"])].compactMap { $0 }
        var best: (year: Int, votes: Int)?
        for y in cues {
            let votes = cues.filter { $0 == y }.count
            if votes > best?.votes ?? 0 { best = (y, votes) }
        }
        return best?.year
    }

    /// `public` for 公需科目/公需课, `professional` for 专业科目/专业课; nil when neither or both.
    static func ceParts(_ text: [Unicode.Scalar]) -> String? {
        let s = String(String.UnicodeScalarView(text))
        let pub = s.contains("公需")
        let pro = s.contains("专业科目") || s.contains("专业课")
        switch (pub, pro) {
        case (true, false): return "public"
        case (false, true): return "professional"
        default: return nil
        }
    }

    /// Whether a certificate names both parts (公需 and 专业科目/专业课): it covers both.
    static func listsBothParts(_ text: [Unicode.Scalar]) -> Bool {
        let s = String(String.UnicodeScalarView(text))
        return s.contains("公需") && (s.contains("专业科目") || s.contains("专业课"))
    }

    /// The six Mandarin grades, high to low.
    public static let mandarinGrades = ["一级甲等", "一级乙等", "二级甲等", "二级乙等", "三级甲等", "三级乙等"]

    /// The grade printed on a Mandarin certificate; nil when none of the real grades is readable. When the grade
    /// is not readable but the test score is (测试成绩 83.5), the grade the score gives (the test's bands: 97,
    /// 92, 87, 80, 70, 60 and up).
    static func mandarinGrade(_ text: [Unicode.Scalar]) -> String? {
        let s = String(String.UnicodeScalarView(text))
        var best: (String, String.Index)?
        for g in mandarinGrades {
            if let r = s.range(of: g), best.map({ r.lowerBound < $0.1 }) ?? true { best = (g, r.lowerBound) }
        }
        if let best { return best.0 }
        // Only when no grade is printed at all (OCR lost it): a printed grade that is not a real one (四级) is not
        // overruled by the score.
        let labels = s.replacingOccurrences(of: "等级证书", with: "").replacingOccurrences(of: "等级", with: "")
        guard !labels.contains("级"), !labels.contains("甲等"), !labels.contains("乙等") else { return nil }
        guard let r = s.range(of: "测试成绩") else { return nil }
        let rest = s[r.upperBound...].drop { [":", "：", "|"].contains($0) }
        let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let score = Double(number), (0...100).contains(score) else { return nil }
        let bands: [(Double, String)] = [(97, "一级甲等"), (92, "一级乙等"), (87, "二级甲等"), (80, "二级乙等"), (70, "三级甲等"), (60, "三级乙等")]
        return bands.first { score >= $0.0 }?.1
    }
}
