import PrescreenCore

/// Where a term occurs on the pages of an applicant, on the normalised text of every source.
struct TextHit: Hashable, Sendable {
    let document: String
    let page: Int
    let box: Box
    let source: TextSource
    /// Whether every character of the hit is visible on the rendered page.
    let visible: Bool
    /// Whether no character is visible (the hit lies wholly under a mask).
    let hidden: Bool
    let term: String
}

enum TextSearch {
    /// Characters that mask a name or employer when written in its place.
    static let maskScalars: Set<Unicode.Scalar> = ["X", "x", "*", "×", "＊", "■", "█", "□", "○", "●", "Ｘ", "※", "#"]

    /// Every occurrence of each term on every page of the readable documents.
    ///
    /// `maxEdits(term)` gives the OCR tolerance for a term (0 for names: a one-character slip in a two-character
    /// name would match other people). Hits of one term at one place found by both sources are kept once.
    static func hits(of terms: [String], in context: RuleContext, maxEdits: (String) -> Int = { _ in 0 },
                     accept: (NormalizedText, Range<Int>, String) -> Bool = { _, _, _ in true }) -> [TextHit] {
        let normTerms = Array(Set(terms.map(NormalizedText.normalized).filter { !$0.isEmpty }))
            .sorted { $0.count > $1.count }
        guard !normTerms.isEmpty else { return [] }
        var out: [TextHit] = []
        for doc in context.documents where doc.status == .readable {
            for page in doc.pages {
                var pageHits: [TextHit] = []
                for text in page.normalizedTexts {
                    var taken: [Range<Int>] = []
                    for term in normTerms {
                        let pattern = Array(term.unicodeScalars)
                        let k = text.source == .ocr ? maxEdits(term) : 0
                        for m in ApproximateSearch.matches(of: pattern, in: text.scalars, maxEdits: k) {
                            // A longer term already matched here (the employer before its short form).
                            if taken.contains(where: { $0.overlaps(m.range) }) { continue }
                            guard accept(text, m.range, term), let box = text.box(for: m.range) else { continue }
                            taken.append(m.range)
                            let vis = text.visible[m.range]
                            pageHits.append(TextHit(document: doc.path, page: page.page, box: box, source: text.source,
                                                    visible: vis.allSatisfy { $0 }, hidden: !vis.contains(true), term: term))
                        }
                    }
                }
                out += dedupe(pageHits)
            }
        }
        return out
    }

    /// Hits of the same place from the text layer and OCR count once (the text layer's box is kept).
    static func dedupe(_ hits: [TextHit]) -> [TextHit] {
        var kept: [TextHit] = []
        for h in hits {
            if let i = kept.firstIndex(where: { samePlace($0.box, h.box) }) {
                // Prefer a visible hit over a hidden one, so that a name both seen and in the layer is reported as seen.
                if !kept[i].visible && h.visible { kept[i] = h }
                continue
            }
            kept.append(h)
        }
        return kept
    }

    /// Two boxes of one occurrence: they overlap by half the smaller one.
    static func samePlace(_ a: Box, _ b: Box) -> Bool {
        guard let i = a.intersection(b) else { return false }
        return i.area > 0.5 * min(a.area, b.area)
    }

    /// The manifest's employer and its listed aliases, and the employer without its region prefix
    /// (阿克苏地区第一人民医院 -> 第一人民医院), which people write as often as the full name.
    static func employerTerms(_ m: Manifest) -> [String] {
        guard let employer = m.employer, !employer.isEmpty else { return [] }
        var terms = [employer] + m.employerAliases.filter { !$0.isEmpty }
        let n = NormalizedText.normalized(employer)
        for prefix in regionPrefixes where n.hasPrefix(prefix) {
            let rest = String(n.dropFirst(prefix.count))
            // A short remainder (医院, 学校) names many employers: keep only distinctive ones.
            if rest.count >= 4 { terms.append(rest) }
            break
        }
        return terms
    }

    /// Region prefixes of employers in the prefecture, longest first.
    static let regionPrefixes: [String] = [
        "新疆维吾尔自治区阿克苏地区", "新疆阿克苏地区", "阿克苏地区", "阿克苏市", "阿克苏",
        "新疆维吾尔自治区", "新疆生产建设兵团", "自治区", "新疆",
        "库车市", "温宿县", "沙雅县", "新和县", "拜城县", "乌什县", "阿瓦提县", "柯坪县",
    ].sorted { $0.count > $1.count }

    /// The OCR tolerance for an employer term: one edit from 8 characters, two from 14.
    static func employerEdits(_ term: String) -> Int {
        term.count >= 14 ? 2 : term.count >= 8 ? 1 : 0
    }
}
