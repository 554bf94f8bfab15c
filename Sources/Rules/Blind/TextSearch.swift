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
                            // An OCR slip is tolerated in the generic part of a name only.
                            if m.edits > 0, !editsInGenericPartsOnly(pattern, Array(text.scalars[m.range])) { continue }
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

    /// The OCR tolerance for an employer term: one edit from 8 characters, two from 14, counted in
    /// ``nameUnits(_:)`` so that a Latin word (Maribyrnong) does not buy tolerance letter by letter.
    static func employerEdits(_ term: String) -> Int {
        let n = nameUnits(term)
        return n >= 14 ? 2 : n >= 8 ? 1 : 0
    }

    /// The length of a name as a reader weighs it: each Han character is one, and so is each run of Latin
    /// letters or digits (a word).
    static func nameUnits(_ term: String) -> Int {
        var n = 0
        var inWord = false
        for s in NormalizedText.normalize(term) {
            let latin = s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s))
            if latin {
                if !inWord { n += 1 }
                inWord = true
            } else {
                n += 1
                inWord = false
            }
        }
        return n
    }

    /// Words that say what kind of body or unit a name is, shared by many organisations; an OCR slip in
    /// them does not make another organisation. Everything else in a name (its place, its own words) is
    /// distinctive: 武汉金城建设公司 and 武汉金地建设公司 are two companies.
    static let genericWords: [[Unicode.Scalar]] = [
        "股份有限公司", "有限责任公司", "有限公司", "分公司", "总公司", "公司", "集团", "人民政府", "政府",
        "委员会", "办公室", "管理局", "中心", "地区", "自治区", "自治州", "自治县", "街道", "办事处",
        "局", "厅", "处", "室", "站", "所", "院", "市", "县", "区", "州", "省", "镇", "乡",
    ].map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }

    /// For each scalar of a (normalised) name, whether it lies in one of ``genericWords``.
    static func genericMask(_ name: [Unicode.Scalar]) -> [Bool] {
        var mask = [Bool](repeating: false, count: name.count)
        var i = 0
        while i < name.count {
            if let w = genericWords.first(where: { i + $0.count <= name.count && name[i..<(i + $0.count)].elementsEqual($0) }) {
                for k in i..<(i + w.count) { mask[k] = true }
                i += w.count
            } else {
                i += 1
            }
        }
        return mask
    }

    /// Whether every character of the name outside its generic words is read exactly in `matched`.
    static func editsInGenericPartsOnly(_ name: [Unicode.Scalar], _ matched: [Unicode.Scalar]) -> Bool {
        let aligned = ApproximateSearch.exactlyAligned(name, with: matched)
        let generic = genericMask(name)
        return name.indices.allSatisfy { aligned[$0] || generic[$0] }
    }
}
