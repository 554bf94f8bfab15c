import PrescreenCore

/// Flags a readable resident ID number (GB 11643: 17 digits and a check character that is valid).
///
/// Notice 四(二)9 asks for desensitised material; an ID number identifies the applicant as surely as the
/// name. Numbers with masked digits (6529**********1234) and numbers whose check digit fails (a
/// certificate number of the same length) do not fire.
///
/// Lint: one warning per visible ID number, boxed.
public struct IDNumberRule: Rule {
    public init() {}

    public static let description = RuleDescription(
        id: .blindIDNumber, name: "身份证号未遮盖", severity: .warning,
        summary: "页面中可读到校验位有效的18位居民身份证号 (a checksum-valid resident ID number is readable)",
        fix: "请用黑色色块遮盖该页上的身份证号码（可只保留前 4 位和后 4 位）后重新上传。",
        examples: IDNumberRuleExamples.all)

    public func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for doc in context.documents where doc.status == .readable {
            for page in doc.pages {
                var hits: [TextHit] = []
                for text in page.normalizedTexts {
                    for r in Self.idRanges(in: text.scalars) where text.visible[r].contains(true) {
                        if let box = text.box(for: r) {
                            hits.append(TextHit(document: doc.path, page: page.page, box: box, source: text.source,
                                                visible: true, hidden: false, term: ""))
                        }
                    }
                }
                for h in TextSearch.dedupe(hits) {
                    out.append(finding(document: h.document, page: h.page, box: h.box,
                                       message: "身份证号码可读，未遮盖 (a resident ID number is readable)"))
                }
            }
        }
        return out
    }

    /// Ranges of 18-character runs that are valid ID numbers and not part of a longer number.
    static func idRanges(in s: [Unicode.Scalar]) -> [Range<Int>] {
        func digit(_ c: Unicode.Scalar) -> Int? { ("0"..."9").contains(c) ? Int(c.value - 48) : nil }
        var out: [Range<Int>] = []
        var i = 0
        while i + 18 <= s.count {
            if i > 0, digit(s[i - 1]) != nil { i += 1; continue }
            let r = i..<(i + 18)
            if i + 18 < s.count, digit(s[i + 18]) != nil || s[i + 18] == "X" || s[i + 18] == "x" { i += 1; continue }
            if isValid(Array(s[r])) {
                out.append(r)
                i += 18
            } else {
                i += 1
            }
        }
        return out
    }

    /// GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written as X; plus a plausible birth date.
    static func isValid(_ c: [Unicode.Scalar]) -> Bool {
        guard c.count == 18 else { return false }
        var digits: [Int] = []
        for ch in c.prefix(17) {
            guard ("0"..."9").contains(ch) else { return false }
            digits.append(Int(ch.value - 48))
        }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = (12 - sum % 11) % 11
        let last = c[17]
        let ok = check == 10 ? (last == "X" || last == "x") : (("0"..."9").contains(last) && Int(last.value - 48) == check)
        guard ok else { return false }
        let year = digits[6...9].reduce(0) { $0 * 10 + $1 }
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        return (1900...2030).contains(year) && (1...12).contains(month) && (1...31).contains(day)
    }
}
