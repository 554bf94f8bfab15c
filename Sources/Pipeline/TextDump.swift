import Foundation
import PrescreenCore
import Rules

/// For engineers tuning detectors: with `PRESCREEN_DUMP_TEXT=DIR` set, every page's normalised text (text
/// layer and OCR) is written to `DIR/<folder>.txt`. Off by default: the text is personal data.
enum TextDump {
    static let directory = ProcessInfo.processInfo.environment["PRESCREEN_DUMP_TEXT"]

    static func write(folder: String, documents: [AnalyzedDocument]) {
        guard let directory else { return }
        var out = ""
        for d in documents {
            for p in d.pages {
                for t in p.normalizedTexts {
                    out += "## \(d.path) p\(p.page) \(t.source.rawValue) turns=\(p.rotationQuarterTurns)\n"
                    var line = t.lines.first ?? 0
                    var s = ""
                    for (i, c) in t.scalars.enumerated() {
                        if t.lines[i] != line {
                            s += "\n"
                            line = t.lines[i]
                        }
                        if !t.visible[i] { s += "▒" }
                        s.unicodeScalars.append(c)
                        if t.gapAfter[i] { s += " " }
                    }
                    out += s + "\n"
                }
            }
        }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? out.write(toFile: directory + "/" + folder + ".txt", atomically: true, encoding: .utf8)
    }
}
