import ArgumentParser
import DocumentKit
import Foundation
import PrescreenCore

/// The document generator: demo samples and the labeled corpus.
struct PrescreenGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prescreen-gen",
        abstract: "Generates applicant folders with synthetic documents (samples, labeled corpus).",
        subcommands: [SamplesCommand.self, CorpusCommand.self, ScoreCommand.self])
}

/// Options both subcommands share.
struct FaceOptions: ParsableArguments {
    @Flag(name: .long, help: "Draw photos as figures instead of loading skimage's astronaut face.")
    var noFaces = false

    @Option(name: .long, help: "Where the fetched face image is cached.")
    var cache: String = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/prescreen-gen").path

    func face() -> Bitmap? {
        noFaces ? nil : FaceSource.load(cacheDirectory: URL(fileURLWithPath: cache))
    }
}

struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "samples", abstract: "Writes the demo applicant folders.")

    @Option(name: .long, help: "Output folder.")
    var out: String = "Samples"

    @OptionGroup var faces: FaceOptions

    func run() throws {
        let face = faces.face()
        let builds = try SampleSet.build(face: face)
        let truth = try Emitter.emit(builds, to: URL(fileURLWithPath: out), seed: 0)
        print("wrote \(truth.applicants.count) sample applicants to \(out) (faces: \(face == nil ? "drawn" : "astronaut"))")
    }
}

struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "corpus", abstract: "Writes a labeled corpus with truth.json.")

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Option(name: .long, help: "Seed; the same seed gives the same bytes.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Number of applicants.")
    var size: Int = 40

    @Option(name: .long, help: "Share (0-1) of text PDFs written as image-only scans instead (OCR-heavy corpus for the benchmark).")
    var scanShare: Double = 0

    @OptionGroup var faces: FaceOptions

    func validate() throws {
        guard size > 0, size <= 2000 else { throw ValidationError("--size must be between 1 and 2000.") }
        guard scanShare >= 0, scanShare <= 1 else { throw ValidationError("--scan-share must be between 0 and 1.") }
    }

    func run() throws {
        let face = faces.face()
        let builds = CorpusPlan.scanned(try CorpusPlan.build(seed: seed, size: size, face: face), share: scanShare, seed: seed)
        let truth = try Emitter.emit(builds, to: URL(fileURLWithPath: out), seed: seed)
        let pages = builds.reduce(0) { $0 + $1.pageCount }
        print("wrote \(truth.applicants.count) applicants, \(pages) pages, truth.json to \(out)")
    }
}
