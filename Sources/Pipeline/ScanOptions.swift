import Foundation
import PipelineConfig
import PrescreenCore

/// What one `prescreen scan` run is asked to do.
public struct ScanOptions: Sendable {
    /// One applicant folder, or a folder of applicant folders.
    public var root: String
    /// Where reports go; never inside the input tree's files.
    public var output: String
    public var pipeline: PipelineDefinition
    /// Worker count (default: cores).
    public var jobs: Int
    public var quiet: Bool
    /// Only this shard's applicants (`--shard K/N`); such a run writes no batch files (`prescreen index` does).
    public var shard: Shard?
    /// Only these applicants are checked (`--only`), each named by its applicant id or its folder name; every
    /// other applicant keeps its report and its row in the batch files as the last run left them. Empty: all.
    public var only: [String] = []

    public init(root: String, output: String, pipeline: PipelineDefinition, jobs: Int, quiet: Bool = false) {
        self.root = root
        self.output = output
        self.pipeline = pipeline
        self.jobs = jobs
        self.quiet = quiet
    }
}

/// Why a run failed as a whole (exit 2 for usage, 3 for the run). A bad attachment is never one of these.
public struct ScanError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// ROOT missing, not a folder, or the output inside an unwritable place the user named: exit 2.
        case usage
        /// Out of disk, OCR engine unusable, reports cannot be written: exit 3.
        case run
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// A progress event, for the CLI to show on stderr.
public enum ProgressEvent: Sendable {
    case started(applicants: Int)
    case applicantDone(index: Int, total: Int, folder: String, status: String, seconds: Double)
    /// After each page read: pages done, pages known (one per attachment until its first page gives the count),
    /// and applicants taken up so far (checked or found unchanged), for the terminal's estimate of the time left.
    case pages(done: Int, known: Int, admitted: Int)
}
