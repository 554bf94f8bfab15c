import PrescreenCore

extension DocumentClassifier {
    /// Digits as OCR reads them in years: 〇, O and o are zero; l and I are one.
    static func digitValue(_ s: Unicode.Scalar) -> Int? {
        switch s {
        case "0"..."9": return Int(s.value - 48)
        case "〇", "O", "o", "零": return 0
        case "l", "I": return 1
        default: return nil
        }
    }

    /// Every four-digit year (1990–2100) followed by one of `suffixes`, in text order.
    static func years(_ text: [Unicode.Scalar], suffixes: [String]) -> [(year: Int, at: Int)] {
        let sfx = suffixes.map { Array($0.unicodeScalars) }
        var out: [(Int, Int)] = []
        var i = 0
        while i + 4 <= text.count {
            var v = 0
            var ok = true
            for k in 0..<4 {
                guard let d = digitValue(text[i + k]) else { ok = false; break }
                v = v * 10 + d
            }
            // No check that the year starts a number: whitespace is gone, so an ID number on the line before
            // runs into it; the 年 suffix alone tells a year.
            if ok, (1990...2100).contains(v) {
                let rest = text[(i + 4)...]
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

    static func firstYear(_ text: [Unicode.Scalar], suffixes: [String]) -> Int? {
        years(text, suffixes: suffixes).first?.year
    }

    /// The appraisal year: "（2022年度）" in the title; the signing date (2023年1月) must not win.
    static func appraisalYear(_ text: [Unicode.Scalar]) -> Int? {
        if let y = firstYear(text, suffixes: ["年度"]) { return y }
        return firstYear(text, suffixes: ["年"])
    }

    /// A certificate's year: "2023年度公需科目", "2023年专业科目", else the first "YYYY年度".
    static func certificateYear(_ text: [Unicode.Scalar]) -> Int? {
        let near = years(text, suffixes: ["年度公需", "年公需", "年度专业", "年专业", "年度继续", "年继续"])
        if let y = near.first?.year { return y }
        if let y = firstYear(text, suffixes: ["年度"]) { return y }
        return firstYear(text, suffixes: ["年"])
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

    /// The six Mandarin grades, high to low.
    public static let mandarinGrades = ["一级甲等", "一级乙等", "二级甲等", "二级乙等", "三级甲等", "三级乙等"]

    /// The grade printed on a Mandarin certificate; nil when none of the real grades is readable.
    static func mandarinGrade(_ text: [Unicode.Scalar]) -> String? {
        let s = String(String.UnicodeScalarView(text))
        var best: (String, String.Index)?
        for g in mandarinGrades {
            if let r = s.range(of: g), best.map({ r.lowerBound < $0.1 }) ?? true { best = (g, r.lowerBound) }
        }
        return best?.0
    }
}
