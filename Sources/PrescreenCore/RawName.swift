#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Readable names for file-name bytes that may not be UTF-8, without ever giving two names the same text.
///
/// Names on disk are bytes. A GBK archive unzipped on Linux gives folder names like `王芳` in GBK, which
/// decoded lossily as UTF-8 all become `����`: two applicants then share one output folder, one report and
/// one state row. The rule here:
///
/// 1. valid UTF-8 stays as it is;
/// 2. otherwise, bytes that are valid GB 18030 (which includes GBK and GB 2312, what Chinese archives hold)
///    are decoded as GB 18030;
/// 3. otherwise every byte that is not part of a valid UTF-8 sequence is written `%XX` (upper-case hex), so
///    `a\xFF.pdf` is `a%FF.pdf` and `a\xFE.pdf` is `a%FE.pdf`.
///
/// No rule on single names can be one-to-one (a valid UTF-8 name may already read `a%FF.pdf`), so
/// ``distinct(_:)`` names the entries of one folder together: UTF-8 names keep theirs, and a decoded name
/// that is already taken falls back to its escaped form, then gets `~2`, `~3`… Paths built component by
/// component from distinct names are distinct.
public enum RawName {
    /// The readable form of one name (rules 1–3), without regard to its siblings.
    public static func readable(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        if let s = gb18030(bytes) { return s }
        return escaped(bytes)
    }

    /// Readable, pairwise different names for the entries of one folder, in the order given.
    public static func distinct(_ names: [[UInt8]]) -> [String] {
        var out = [String?](repeating: nil, count: names.count)
        var taken = Set<[UInt8]>()
        // UTF-8 names first: they keep their own text whatever else the folder holds.
        for (i, n) in names.enumerated() {
            if let s = String(validating: n, as: UTF8.self), taken.insert(Array(s.utf8)).inserted { out[i] = s }
        }
        for (i, n) in names.enumerated() where out[i] == nil {
            var candidates: [String] = []
            if String(validating: n, as: UTF8.self) == nil, let s = gb18030(n) { candidates.append(s) }
            let base = escaped(n)
            candidates.append(base)
            var k = 2
            while true {
                if let c = candidates.first(where: { !taken.contains(Array($0.utf8)) }) {
                    taken.insert(Array(c.utf8))
                    out[i] = c
                    break
                }
                candidates = [base + "~\(k)"]
                k += 1
            }
        }
        return out.map { $0 ?? "" }
    }

    /// Valid UTF-8 sequences kept, every other byte as `%XX`.
    public static func escaped(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            let len = utf8SequenceLength(bytes, at: i)
            if len > 0, let s = String(validating: bytes[i..<(i + len)], as: UTF8.self) {
                out += s
                i += len
            } else {
                out += "%" + hex(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// The bytes decoded as GB 18030 when every byte belongs to a valid sequence (iconv), else nil.
    ///
    /// Names without any byte ≥ 0x80 are ASCII and never reach here; a name with a control character is
    /// still decoded (the terminal escapes those when it prints).
    public static func gb18030(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return nil }
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 8)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr = outBuf.baseAddress
                var outLeft = outBuf.count
                let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                guard rc != -1, inLeft == 0 else { return nil }
                // Flush any shift state (none for GB 18030, but iconv wants it).
                guard iconv(cd, nil, nil, &outPtr, &outLeft) != -1 else { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let produced else { return nil }
        let utf8 = output.prefix(produced).map { UInt8(bitPattern: $0) }
        return String(validating: utf8, as: UTF8.self)
    }

    private static func utf8SequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let lead = b[i]
        let len: Int
        switch lead {
        case 0x00...0x7F: len = 1
        case 0xC2...0xDF: len = 2
        case 0xE0...0xEF: len = 3
        case 0xF0...0xF4: len = 4
        default: return 0
        }
        return i + len <= b.count ? len : 0
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
