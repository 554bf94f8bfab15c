import ArgumentParser
import Corpus
import Foundation

/// `prescreen-gen score`: the scorecard of a scan of a generated corpus against its truth.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Scores reports against a corpus's truth.json: per rule and family precision and recall, typing accuracy.")

    @Option(name: .long, help: "The corpus folder (holds truth.json).")
    var corpus: String

    @Option(name: .long, help: "The folder prescreen wrote the reports to.")
    var reports: String

    @Option(name: .long, help: "Wall-clock milliseconds the scan took, for pages per second.")
    var wallMs: Int?

    @Option(name: .long, help: "How many misses and false alarms to list.")
    var worst: Int = 15

    func run() throws {
        let url = URL(fileURLWithPath: corpus).appendingPathComponent("truth.json")
        let truth: CorpusTruth
        do {
            truth = try JSONDecoder().decode(CorpusTruth.self, from: Data(contentsOf: url))
        } catch {
            throw ValidationError("cannot read \(url.path): \(error)")
        }
        let reports = Scorecard.loadReports(from: URL(fileURLWithPath: reports), folders: truth.applicants.map(\.folder))
        let card = Scorecard.score(truth: truth, reports: reports)
        print(card.render(wallSeconds: wallMs.map { Double($0) / 1000 }, worst: worst))
    }
}
