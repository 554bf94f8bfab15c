import Foundation
import OCR

/// Where the PP-OCR models are and what they hold (installed by scripts/install-paddle.sh; docs/RECOGNITION.md).
public struct PaddleModels: Sendable, Equatable {
    /// The text detector (DB), ONNX.
    public var detector: String
    /// The text-line recogniser (CTC), ONNX.
    public var recognizer: String
    /// The recogniser's alphabet, one entry a line (taken from the ONNX metadata at install time).
    public var alphabet: String

    /// The file names inside a model folder.
    public static let detectorFile = "PP-OCRv6_det_small.onnx"
    public static let recognizerFile = "PP-OCRv6_rec_small.onnx"
    public static let alphabetFile = "PP-OCRv6_rec_small.txt"

    /// The install step to name when the models or the runtime are missing.
    public static let installHint = "scripts/install-deps.sh（或 scripts/install-paddle.sh）"

    /// The models in `folder`.
    public init(folder: String) {
        detector = (folder as NSString).appendingPathComponent(Self.detectorFile)
        recognizer = (folder as NSString).appendingPathComponent(Self.recognizerFile)
        alphabet = (folder as NSString).appendingPathComponent(Self.alphabetFile)
    }

    /// The folders searched, first match wins: `$PRESCREEN_MODELS`, `$PRESCREEN_DEPS/models`,
    /// `<binary>/../share/prescreen/models` (an installed copy), `/opt/prescreen-deps/models` (the default prefix).
    public static func searchPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var out: [String] = []
        if let m = environment["PRESCREEN_MODELS"], !m.isEmpty { out.append(m) }
        if let d = environment["PRESCREEN_DEPS"], !d.isEmpty { out.append((d as NSString).appendingPathComponent("models")) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        out.append(exe.deletingLastPathComponent().appendingPathComponent("share/prescreen/models").path)
        out.append("/opt/prescreen-deps/models")
        return out
    }

    /// The first folder of ``searchPath(environment:)`` that holds all three files.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(OCRError) -> PaddleModels {
        let fm = FileManager.default
        for folder in searchPath(environment: environment) {
            let m = PaddleModels(folder: folder)
            if [m.detector, m.recognizer, m.alphabet].allSatisfy({ fm.isReadableFile(atPath: $0) }) { return m }
        }
        throw OCRError(.initFailed, "PP-OCR models not found in \(searchPath(environment: environment).joined(separator: ", "))")
    }

    /// Whether the models can be found (for tests that need them).
    public static var installed: Bool { (try? locate()) != nil }

    /// The alphabet's entries; an empty or unreadable file is a damaged install.
    func loadAlphabet() throws(OCRError) -> [String] {
        guard let data = FileManager.default.contents(atPath: alphabet), let text = String(data: data, encoding: .utf8)
        else { throw OCRError(.initFailed, "cannot read the PP-OCR alphabet \(alphabet)") }
        var entries = text.components(separatedBy: "\n")
        if entries.last == "" { entries.removeLast() }
        guard !entries.isEmpty else { throw OCRError(.initFailed, "the PP-OCR alphabet \(alphabet) is empty") }
        return entries
    }
}
