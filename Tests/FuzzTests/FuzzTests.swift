import Foundation
import PrescreenCore
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Mutated PDFs and images (bit flips, truncations, splices, overwrites) scanned by the real binary with its
/// worker processes: the scan itself must never crash, and every file must get a document entry that is
/// either read or carries an `input/*` finding.
///
/// `PRESCREEN_FUZZ_COUNT` files (default 1000), `PRESCREEN_FUZZ_SEED` (default 7); the run is bounded by the
/// per-attachment limits of its pipeline (CPU 10 s, wall 20 s).
@Suite(.enabled(if: Fuzz.haveBinary, "build the prescreen binary first (swift build)"))
struct FuzzTests {
    @Test func mutatedFilesNeverCrashTheScanAndAllGetAnEntry() throws {
        let count = Int(ProcessInfo.processInfo.environment["PRESCREEN_FUZZ_COUNT"] ?? "") ?? 1000
        let seed = UInt64(ProcessInfo.processInfo.environment["PRESCREEN_FUZZ_SEED"] ?? "") ?? 7
        let t = try TempTree("fuzz")
        defer { t.remove() }
        let seeds = try Fuzz.seeds()
        var rng = SplitMix64(seed: seed)
        var expected: [String: [String]] = [:]
        let perApplicant = 25
        for i in 0..<count {
            let folder = String(format: "F%04d", i / perApplicant)
            let (name, base) = seeds[Int(rng.next() % UInt64(seeds.count))]
            let other = seeds[Int(rng.next() % UInt64(seeds.count))].1
            let (kind, data) = Fuzz.mutate(base, other: other, rng: &rng)
            let file = "\(i)-\(kind)-\(name)"
            try t.file("in/\(folder)/\(file)", data)
            expected[folder, default: []].append(file)
        }
        for folder in expected.keys { try t.file("in/\(folder)/applicant.yml", IngestFixtures.manifest(id: folder)) }
        let pipeline = try Fuzz.pipeline(in: t)
        let clock = ContinuousClock.now
        let r = try Fuzz.run(["scan", t.path("in"), "--out", t.path("out"), "--pipeline", pipeline, "--jobs", "2"])
        let seconds = ContinuousClock.now - clock
        // Exit 0 or 1 (flagged); a signal or 3 is the parent failing.
        #expect(r.signal == 0, "the scan died of signal \(r.signal)")
        #expect(r.status == 0 || r.status == 1, "exit \(r.status): \(r.stderr)")
        var missing: [String] = []
        var unreadable = 0, crashed = 0, read = 0
        for (folder, files) in expected {
            guard let data = FileManager.default.contents(atPath: t.path("out/\(folder)/report.json")),
                  let report = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            else {
                missing.append(folder + "/report.json")
                continue
            }
            let docs = (report["documents"] as? [[String: Any]]) ?? []
            let findings = (report["findings"] as? [[String: Any]]) ?? []
            for file in files {
                let input = findings.filter { $0["document"] as? String == file && ($0["rule"] as? String ?? "").hasPrefix("input/") }
                let doc = docs.first { $0["path"] as? String == file }
                guard let doc else {
                    missing.append("\(folder)/\(file)")
                    continue
                }
                if !input.isEmpty {
                    unreadable += 1
                    if input.contains(where: { ($0["message"] as? String ?? "").contains("crashed") }) { crashed += 1 }
                } else if (doc["pages"] as? Int ?? 0) > 0 {
                    read += 1
                } else {
                    missing.append("\(folder)/\(file) (no pages, no finding)")
                }
            }
        }
        #expect(missing.isEmpty, "\(missing.prefix(10))")
        print("fuzz: \(count) mutated files, seed \(seed), \(read) read, \(unreadable) input/* findings "
            + "(\(crashed) reader crashes), parent exit \(r.status) signal \(r.signal), \(seconds)")
    }
}

/// Seeds, mutations and the binary for the fuzz run.
enum Fuzz {
    static let binary = BuiltExecutable.path("prescreen")

    static let haveBinary = FileManager.default.isExecutableFile(atPath: binary)

    /// Valid files of every format the scan reads, small so that the ones that survive mutation OCR fast.
    static func seeds() throws -> [(String, Data)] {
        let small = (width: 220.0, height: 120.0)
        let text = try PDFFixtures.textPDF(lines: [("个人承诺书 本人承诺材料真实有效", 10, 40, 12), ("承诺人：XX XX 2024年", 10, 80, 12)],
                                           pageSize: small)
        let bitmap = OCRFixtures.textBitmap(lines: ["承诺书 2024"], fontSize: 10, dpi: 100)
        let image = try PDFFixtures.imagePDF(bitmap: bitmap, rect: (0, 0, small.width, small.height), pageSize: small)
        return [
            ("text.pdf", text), ("image.pdf", image),
            ("page.png", OCRFixtures.encode(bitmap, as: "png")), ("page.jpg", OCRFixtures.encode(bitmap, as: "jpeg")),
            ("page.tif", OCRFixtures.multipageTIFF([bitmap, bitmap])), ("page.bmp", OCRFixtures.encode(bitmap, as: "bmp")),
        ]
    }

    /// One mutation of `data`: bit flips, a truncation, a splice with another seed, or an overwrite with
    /// boundary values (0, 0xFF, 0x7F…) where lengths and sizes live.
    static func mutate(_ data: Data, other: Data, rng: inout SplitMix64) -> (String, Data) {
        var bytes = [UInt8](data)
        guard !bytes.isEmpty else { return ("empty", data) }
        switch rng.next() % 4 {
        case 0:
            for _ in 0..<(1 + rng.next() % 16) {
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes[i] ^= UInt8(1 << (rng.next() % 8))
            }
            return ("flip", Data(bytes))
        case 1:
            return ("trunc", Data(bytes.prefix(Int(rng.next() % UInt64(bytes.count)))))
        case 2:
            let cut = Int(rng.next() % UInt64(bytes.count))
            let from = other.isEmpty ? 0 : Int(rng.next() % UInt64(other.count))
            return ("splice", Data(bytes.prefix(cut)) + other.suffix(from: other.startIndex + from))
        default:
            let values: [UInt8] = [0, 0xFF, 0x7F, 0x80, 0x01, 0xFE]
            for _ in 0..<(1 + rng.next() % 8) {
                let i = Int(rng.next() % UInt64(bytes.count))
                let run = min(bytes.count - i, 1 + Int(rng.next() % 4))
                let v = values[Int(rng.next() % UInt64(values.count))]
                for j in i..<(i + run) { bytes[j] = v }
            }
            return ("poke", Data(bytes))
        }
    }

    /// The default pipeline with tight per-attachment limits, so a hostile mutation costs seconds at most.
    static func pipeline(in tree: TempTree) throws -> String {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var text = try String(contentsOf: package.appendingPathComponent("Pipelines/aksu-2024.yml"), encoding: .utf8)
        text = try tightened(text, "  worker_cpu_seconds: 120", to: "  worker_cpu_seconds: 10")
        text = try tightened(text, "  worker_wall_seconds: 900", to: "  worker_wall_seconds: 20")
        return try tree.file("fuzz.yml", text)
    }

    /// `text` with the one line `line` replaced; throws when the pipeline no longer holds that line exactly once,
    /// so that a changed default pipeline stops the fuzz run instead of letting it run with the loose limits.
    static func tightened(_ text: String, _ line: String, to replacement: String) throws -> String {
        let lines = text.components(separatedBy: "\n")
        let hits = lines.indices.filter { lines[$0] == line || lines[$0].hasPrefix(line + " ") }
        guard hits.count == 1, let at = hits.first else {
            throw FuzzSetupError(description: "Pipelines/aksu-2024.yml holds '\(line)' \(hits.count) times, not once: "
                + "update Fuzz.pipeline(in:) to the pipeline's limits")
        }
        var out = lines
        // Keep a trailing comment, if any, after the new value.
        out[at] = replacement + lines[at].dropFirst(line.count)
        return out.joined(separator: "\n")
    }

    struct Result {
        var status: Int32
        var signal: Int32
        var stderr: String
    }

    static func run(_ args: [String]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        p.environment = environment
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let signaled = p.terminationReason == .uncaughtSignal
        return Result(status: signaled ? -1 : p.terminationStatus, signal: signaled ? p.terminationStatus : 0,
                      stderr: String(decoding: e.suffix(2000), as: UTF8.self))
    }
}

/// A small seeded generator (SplitMix64), so a failing fuzz run can be replayed with its seed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49EB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The fuzz run's pipeline: the limits really are tightened, and a pipeline that no longer holds the expected
/// lines stops the run instead of fuzzing with the loose limits.
struct FuzzSetupTests {
    @Test func theFuzzPipelineHasTheTightLimits() throws {
        let t = try TempTree("fuzz-setup")
        defer { t.remove() }
        let text = try String(contentsOfFile: try Fuzz.pipeline(in: t), encoding: .utf8)
        let lines = text.components(separatedBy: "\n").map { $0.split(separator: "#").first.map(String.init) ?? "" }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("worker_cpu_seconds: 10"))
        #expect(lines.contains("worker_wall_seconds: 20"))
        #expect(!lines.contains("worker_cpu_seconds: 120"))
        #expect(!lines.contains("worker_wall_seconds: 900"))
    }

    @Test func aMissingLimitLineFailsLoudly() throws {
        #expect(throws: FuzzSetupError.self) {
            try Fuzz.tightened("limits:\n  worker_cpu_seconds: 60\n", "  worker_cpu_seconds: 120", to: "  worker_cpu_seconds: 10")
        }
        // Twice is as wrong as never: which one the run uses would be the YAML parser's choice.
        #expect(throws: FuzzSetupError.self) {
            try Fuzz.tightened("  worker_cpu_seconds: 120\n  worker_cpu_seconds: 120\n", "  worker_cpu_seconds: 120",
                               to: "  worker_cpu_seconds: 10")
        }
        #expect(try Fuzz.tightened("a: 1\n  worker_cpu_seconds: 120   # why\n", "  worker_cpu_seconds: 120",
                                   to: "  worker_cpu_seconds: 10") == "a: 1\n  worker_cpu_seconds: 10   # why\n")
    }
}

/// The fuzz run could not be set up as intended.
struct FuzzSetupError: Error, CustomStringConvertible {
    var description: String
}
