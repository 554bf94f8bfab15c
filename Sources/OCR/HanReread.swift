/// Which short Latin words of a `chi_sim+eng` reading deserve a second look by a `chi_sim`-only engine, and
/// which second readings may replace them.
///
/// Why: on a scan, `chi_sim+eng` sometimes reads a short run of Han characters as Latin letters (a two-character
/// name came out as "BE"), and a name read as Latin is a name the blind checks cannot see. Reading the whole
/// page with `chi_sim` alone is no cure: it turns masks typed as "XX XX" into Han characters. So only a Latin
/// word that Han text surrounds is re-read, alone, and its reading is taken only when it is confidently Han.
///
/// Pure functions on symbol texts; ``TesseractRecognizer`` does the cropping and the second recognition.
public enum HanReread {
    /// One recognised symbol of a text line, as the selection sees it.
    public struct Symbol: Sendable, Equatable {
        /// The symbol's text (one scalar, as tesseract gives symbols).
        public var text: String
        /// Whether tesseract's line text has a space before it (a word gap, not a dictionary-word boundary).
        public var gapBefore: Bool

        /// A symbol with its text and whether a space precedes it.
        public init(_ text: String, gapBefore: Bool = false) {
            self.text = text
            self.gapBefore = gapBefore
        }
    }

    /// The shortest Latin word re-read: one letter alone is a grade, a class or a code (文献标志码 A, A类) far more
    /// often than a misread name, and chi_sim readily reads "A" as 人.
    public static let minimumLatinLength = 2

    /// The longest Latin word re-read. Chinese names have 2–4 characters and each reads as one or two letters;
    /// longer words are real Latin text (CHSI, PDF codes) and re-reading them would only cost time.
    public static let maximumLatinLength = 4

    /// The lowest per-character confidence of a `chi_sim` reading that may replace the Latin one.
    ///
    /// Clean Chinese reads at 85–97 (TOOLCHAIN.md); a filled box or a mosaic read as Han comes out far lower.
    public static let minimumConfidence = 80.0

    /// The longest Han reading taken (a Chinese personal name has at most four characters in practice, and a
    /// short Latin word does not hide a longer Han run).
    public static let maximumHanLength = 4

    /// The shortest Han reading taken: a name or a field label has at least two characters, while a single
    /// character is what chi_sim makes of stray Latin ("[AEC" as 人).
    public static let minimumHanLength = 2

    /// The least height of a word's ink, as a share of the line's Han characters' height, for it to be re-read:
    /// Han characters fill their square, while masks typed as "**" or "××" are small marks that chi_sim+eng
    /// reads as "ae" and chi_sim would read as confident Han (measured: 玉米, 头火).
    public static let minimumInkHeightShare = 0.6

    /// The least share of paper-white pixels inside a word's ink box for it to be re-read: printed characters
    /// leave most of their box paper (measured 0.44–0.63 on scans and a phone photo), a mosaic mask or a filled
    /// box does not (0.19 and 0).
    public static let minimumPaperShare = 0.3

    /// Index ranges (into `line`) of the Latin words worth re-reading with `chi_sim` alone.
    ///
    /// A candidate is a maximal run of ASCII letters and digits, without a space inside, such that:
    /// - it is ``minimumLatinLength``–``maximumLatinLength`` symbols long and holds at least one letter (digits alone are dates and
    ///   numbers, which `chi_sim+eng` reads well);
    /// - it is not made only of X (the masks the notice prescribes, "XX XX", and ××× read as Latin);
    /// - no Latin letter or digit touches it across a space (that is a Latin phrase, not a word among Han);
    /// - the nearest symbol on at least one side that is neither a space nor punctuation is Han (a name after a
    ///   label such as 姓名： or between two form fields);
    /// - the line's other symbols hold more Han characters than Latin letters (the line is Chinese).
    public static func candidates(in line: [Symbol]) -> [Range<Int>] {
        let latin = line.map { isLatinAlphanumeric($0.text) }
        var runs: [Range<Int>] = []
        var i = 0
        while i < line.count {
            guard latin[i] else { i += 1; continue }
            var j = i + 1
            while j < line.count, latin[j], !line[j].gapBefore { j += 1 }
            runs.append(i..<j)
            i = j
        }
        let hanTotal = line.reduce(0) { $0 + (isHan($1.text) ? 1 : 0) }
        let letterTotal = line.reduce(0) { $0 + ($1.text.unicodeScalars.allSatisfy(isASCIILetter) ? 1 : 0) }
        return runs.filter { run in
            let texts = line[run].map(\.text)
            guard (minimumLatinLength...maximumLatinLength).contains(run.count),
                  texts.contains(where: { $0.unicodeScalars.allSatisfy(isASCIILetter) }),
                  !texts.allSatisfy({ $0 == "X" || $0 == "x" })
            else { return false }
            // Runs end at a space or at a non-Latin symbol; a Latin neighbour across a space makes a phrase.
            if run.lowerBound > 0, latin[run.lowerBound - 1] { return false }
            if run.upperBound < line.count, latin[run.upperBound] { return false }
            let lettersHere = texts.filter { $0.unicodeScalars.allSatisfy(isASCIILetter) }.count
            guard hanTotal > letterTotal - lettersHere else { return false }
            return nearestWord(in: line, before: run.lowerBound).map(isHan) == true
                || nearestWord(in: line, after: run.upperBound).map(isHan) == true
        }
    }

    /// Whether a `chi_sim` reading of a candidate (its symbols' texts and confidences) replaces the Latin one:
    /// ``minimumHanLength``–``maximumHanLength`` symbols, every one a Han character read with at least ``minimumConfidence``.
    public static func accepts(_ reading: [(text: String, confidence: Double)]) -> Bool {
        let symbols = reading.filter { !$0.text.allSatisfy(\.isWhitespace) }
        guard (minimumHanLength...maximumHanLength).contains(symbols.count) else { return false }
        return symbols.allSatisfy { isHan($0.text) && $0.confidence >= minimumConfidence }
    }

    /// Whether `text` is one or more CJK unified ideographs (and nothing else).
    public static func isHan(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { s in
            switch s.value {
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3134F: true
            default: false
            }
        }
    }

    // MARK: - Internals

    private static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (0x41...0x5A).contains(s.value) || (0x61...0x7A).contains(s.value)
    }

    private static func isLatinAlphanumeric(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { isASCIILetter($0) || (0x30...0x39).contains($0.value) }
    }

    /// Spaces and punctuation (ASCII or full-width: 姓名： reads as "姓名 :") are skipped when looking for the
    /// word beside a candidate.
    private static func isSkippable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.generalCategory.isPunctuation }
    }

    private static func nearestWord(in line: [Symbol], before index: Int) -> String? {
        line[..<index].last { !isSkippable($0.text) }?.text
    }

    private static func nearestWord(in line: [Symbol], after index: Int) -> String? {
        line[index...].first { !isSkippable($0.text) }?.text
    }
}

private extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol:
            true
        default:
            false
        }
    }
}
