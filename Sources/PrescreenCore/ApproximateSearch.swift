/// Approximate substring search (Sellers' algorithm): where a pattern occurs in a text with at most
/// `maxEdits` substitutions, insertions or deletions.
///
/// Tesseract misreads a character of a long Chinese title or employer now and then (士→十, 入→信); exact
/// matching would miss those, so cue and employer matching go through here with a small budget.
public enum ApproximateSearch {
    /// A match: the scalar range in the text and its edit distance.
    public struct Match: Hashable, Sendable {
        public let range: Range<Int>
        public let edits: Int
    }

    /// Non-overlapping best matches of `pattern` in `text` with at most `maxEdits` edits, left to right.
    public static func matches(of pattern: [Unicode.Scalar], in text: [Unicode.Scalar], maxEdits: Int) -> [Match] {
        let m = pattern.count
        guard m > 0, !text.isEmpty else { return [] }
        if maxEdits == 0 { return exact(pattern, text) }
        // Column of the DP matrix: cost[i] = best distance of pattern[0..<i] ending at the current text position;
        // start[i] = where that alignment starts in the text.
        var cost = Array(0...m)
        var start = [Int](repeating: 0, count: m + 1)
        var ends: [(end: Int, edits: Int, start: Int)] = []
        for (j, c) in text.enumerated() {
            var prevCost = cost[0], prevStart = start[0]
            cost[0] = 0
            start[0] = j + 1
            for i in 1...m {
                let sub = prevCost + (pattern[i - 1] == c ? 0 : 1)
                let del = cost[i] + 1      // text char skipped (insertion in text)
                let ins = cost[i - 1] + 1  // pattern char skipped
                let oldCost = cost[i], oldStart = start[i]
                if sub <= del && sub <= ins {
                    cost[i] = sub
                    start[i] = prevStart
                } else if ins <= del {
                    cost[i] = ins
                    start[i] = start[i - 1]
                } else {
                    cost[i] = del
                    start[i] = oldStart
                }
                prevCost = oldCost
                prevStart = oldStart
            }
            if cost[m] <= maxEdits { ends.append((j + 1, cost[m], start[m])) }
        }
        // Keep, for each run of overlapping candidate ends, the one with the fewest edits (then the shortest).
        var out: [Match] = []
        for e in ends {
            let r = e.start..<e.end
            if let last = out.last, last.range.overlaps(r) {
                if e.edits < last.edits || (e.edits == last.edits && r.count < last.range.count && r.lowerBound >= last.range.lowerBound) {
                    out[out.count - 1] = Match(range: r, edits: e.edits)
                }
            } else {
                out.append(Match(range: r, edits: e.edits))
            }
        }
        return out
    }

    /// For each pattern scalar, whether an alignment of the whole pattern with the whole of `text` (fewest
    /// edits) pairs it with an equal scalar; false where it was substituted or dropped.
    ///
    /// Used to ask *where* a match's edits fall: an OCR slip in a generic part of a name (有限公司, 市) is
    /// tolerable, one in its distinctive part (金城 / 金地) names another organisation.
    public static func exactlyAligned(_ pattern: [Unicode.Scalar], with text: [Unicode.Scalar]) -> [Bool] {
        let m = pattern.count, n = text.count
        guard m > 0 else { return [] }
        // d[i][j]: distance of pattern[0..<i] and text[0..<j].
        var d = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: m + 1)
        for i in 0...m { d[i][0] = i }
        for j in 0...n { d[0][j] = j }
        if n > 0 {
            for i in 1...m {
                for j in 1...n {
                    d[i][j] = min(d[i - 1][j - 1] + (pattern[i - 1] == text[j - 1] ? 0 : 1), d[i - 1][j] + 1, d[i][j - 1] + 1)
                }
            }
        }
        var out = [Bool](repeating: false, count: m)
        var i = m, j = n
        while i > 0 && j > 0 {
            if pattern[i - 1] == text[j - 1] && d[i][j] == d[i - 1][j - 1] {
                out[i - 1] = true
                i -= 1
                j -= 1
            } else if d[i][j] == d[i - 1][j - 1] + 1 {
                i -= 1
                j -= 1
            } else if d[i][j] == d[i - 1][j] + 1 {
                i -= 1
            } else {
                j -= 1
            }
        }
        return out
    }

    private static func exact(_ p: [Unicode.Scalar], _ t: [Unicode.Scalar]) -> [Match] {
        guard p.count <= t.count else { return [] }
        var out: [Match] = []
        var i = 0
        while i + p.count <= t.count {
            if t[i..<(i + p.count)].elementsEqual(p) {
                out.append(Match(range: i..<(i + p.count), edits: 0))
                i += p.count
            } else {
                i += 1
            }
        }
        return out
    }
}
