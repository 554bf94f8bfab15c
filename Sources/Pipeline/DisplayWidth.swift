/// How many terminal columns text takes: East Asian wide and fullwidth characters (汉字, ，。) take two,
/// combining marks and format characters none, everything else one (East Asian "ambiguous" characters such as
/// `█` or `·` count one here, so the progress line does not use them: a CJK terminal may draw them two wide).
public enum DisplayWidth {
    /// The columns of a string.
    public static func columns(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + columns($1) }
    }

    /// The columns of one scalar: 0, 1 or 2.
    public static func columns(_ u: Unicode.Scalar) -> Int {
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        return isWide(u.value) ? 2 : 1
    }

    /// The longest prefix of `s` that fits in `width` columns; `..` marks a cut (ASCII: never drawn wider).
    public static func truncated(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if columns(s) <= width { return s }
        let room = width - 2
        guard room > 0 else { return String(repeating: ".", count: width) }
        var out = String.UnicodeScalarView()
        var used = 0
        for u in s.unicodeScalars {
            let w = columns(u)
            if used + w > room { break }
            out.append(u)
            used += w
        }
        return String(out) + ".."
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks of Unicode's EastAsianWidth.txt, in the ranges that occur in
    /// folder names and in our own messages.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
