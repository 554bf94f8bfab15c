import Foundation
import PrescreenCore

/// The applicant's own signature fields (承诺人（签字）：, 本人签名：, 申请人签字：): a handwritten name there is the
/// applicant's name, even when OCR cannot read the handwriting (DOCUMENTS.md: tesseract reads it poorly).
///
/// A field whose value holds ink that is not a mask counts as a visible signature. Fields of others (主管领导签名,
/// 负责人签字) are not the applicant's.
enum SignatureFields {
    /// Labels of the applicant's own signature; the value follows the next colon on the same line.
    static let labels: [[Unicode.Scalar]] = ["承诺人", "本人签字", "本人签名", "申请人签字", "申请人签名", "申报人签字",
                                             "申报人签名", "签名(本人)", "签字(本人)"].map { Array($0.unicodeScalars) }
    /// Within this many scalars after the label a colon must come (room for "(签字)" as OCR misreads it).
    static let maxGapToColon = 5

    /// Boxes of signature values that hold unmasked ink, on one normalised text.
    static func unmasked(in text: NormalizedText) -> [Box] {
        let s = text.scalars
        var out: [Box] = []
        var i = 0
        while i < s.count {
            guard let label = labels.first(where: { i + $0.count <= s.count && s[i..<(i + $0.count)].elementsEqual($0) }) else {
                i += 1
                continue
            }
            let line = text.lines[i]
            var j = i + label.count
            var colon: Int?
            while j < s.count, j - (i + label.count) <= maxGapToColon, text.lines[j] == line {
                if s[j] == ":" || s[j] == "：" {
                    colon = j
                    break
                }
                j += 1
            }
            i += label.count
            guard let c = colon else { continue }
            // The value: up to the end of the line or the signing date.
            var end = c + 1
            while end < s.count, text.lines[end] == line, !("0"..."9").contains(s[end]) { end += 1 }
            let value = (c + 1)..<end
            // Printed words that share the line with the signature are not ink (签字, 盖章, 日期).
            var rest = String(String.UnicodeScalarView(s[value]))
            for word in ["签字", "签名", "盖章", "日期", "手写", "本人"] { rest = rest.replacingOccurrences(of: word, with: "") }
            let ink = rest.unicodeScalars.filter { ch in
                !TextSearch.maskScalars.contains(ch) && !"()（）:：.,，。、_-—|[]【】 ".unicodeScalars.contains(ch)
            }
            guard ink.count >= 2, 2 * text.visible[value].filter({ $0 }).count > value.count,
                  let box = text.box(for: value) else { continue }
            out.append(box)
        }
        return out
    }
}
