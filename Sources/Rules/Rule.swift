import Classify
import PipelineConfig
import PrescreenCore

/// One attachment as the rules see it: what was read from it, and how it was classified.
public struct AnalyzedDocument: Hashable, Sendable {
    /// Whether the attachment could be read.
    public enum Status: Hashable, Sendable {
        case readable
        /// Corrupt, encrypted, truncated, empty or over a limit; the reason is for the reviewer.
        case unreadable(String)
        /// A format the pipeline does not read.
        case unsupported(String)
    }

    /// Path relative to the applicant folder, as written into the report.
    public var path: String
    public var format: FileFormat
    public var sha256: String
    public var status: Status
    public var pages: [PageContent]
    /// The documents inside this attachment; one for most files.
    public var segments: [Segment]
    /// What could not be read of an attachment that was read otherwise (a page that could not be drawn, the
    /// pages after `max_pages_per_file`): `input/unreadable` findings beside the document's own checks.
    public var notices: [Notice] = []

    /// Part of an attachment that could not be read, and how much that matters.
    public struct Notice: Hashable, Sendable {
        /// The page, from 1; nil for the file as a whole.
        public var page: Int?
        /// For the reviewer, Chinese with English.
        public var reason: String
        public var severity: Severity

        public init(page: Int?, reason: String, severity: Severity) {
            self.page = page
            self.reason = reason
            self.severity = severity
        }
    }

    public init(path: String, format: FileFormat, sha256: String, status: Status = .readable,
                pages: [PageContent] = [], segments: [Segment] = []) {
        self.path = path
        self.format = format
        self.sha256 = sha256
        self.status = status
        self.pages = pages
        self.segments = segments
    }
}

/// Everything a rule may look at for one applicant. Pure values: rules touch no files, C or clock.
public struct RuleContext: Hashable, Sendable {
    /// The parsed `applicant.yml`; nil when it is missing or malformed.
    public var manifest: Manifest?
    /// Why `applicant.yml` could not be used; nil when it was fine.
    public var manifestProblem: String?
    public var documents: [AnalyzedDocument]
    public var pipeline: PipelineDefinition

    public init(manifest: Manifest?, manifestProblem: String? = nil, documents: [AnalyzedDocument],
                pipeline: PipelineDefinition) {
        self.manifest = manifest
        self.manifestProblem = manifestProblem
        self.documents = documents
        self.pipeline = pipeline
    }

    /// Every (document, segment) pair of the readable attachments, in path order.
    public var segments: [(document: AnalyzedDocument, segment: Segment)] {
        documents.filter { $0.status == .readable }.flatMap { d in d.segments.map { (d, $0) } }
    }
}

/// A rule's catalogue entry: its id, name, default severity and what it checks (CONTRACT.md, Rules).
public struct RuleDescription: Sendable {
    public let id: RuleID
    /// Short Chinese name for reports.
    public let name: String
    public let severity: Severity
    /// What fires it, one sentence, Chinese with English.
    public let summary: String
    /// 修改方法: what the applicant does about a finding, in plain Chinese (shown by `prescreen rules`, in
    /// report.html beside the findings and on the notice handed to the applicant). A rule whose advice depends on
    /// the finding (the year, the part) refines it in ``Rule/fix(for:pipeline:)``.
    public let fix: String
    /// Whether the finding is the applicant's to fix and goes on the notice (notice.html); false for findings
    /// only the reviewer can act on (a broken `applicant.yml`).
    public let forApplicant: Bool
    /// Examples that must fire and must not fire; the registry test runs them all.
    public let examples: [RuleExample]

    public init(id: RuleID, name: String, severity: Severity, summary: String, fix: String = "",
                forApplicant: Bool = true, examples: [RuleExample]) {
        self.id = id
        self.name = name
        self.severity = severity
        self.summary = summary
        self.fix = fix
        self.forApplicant = forApplicant
        self.examples = examples
    }
}

/// An example for a rule: a context and how many findings it must give (0 for a non-triggering one).
///
/// Text examples mark the spots where findings must land with `⟦` and `⟧` (see ``RuleExample/page(_:)``).
public struct RuleExample: Sendable {
    public let note: String
    public let context: RuleContext
    public let expectedCount: Int
    /// Boxes each finding must overlap, in page order (empty: no position check).
    public let expectedBoxes: [Box]
    public let file: String
    public let line: Int

    public init(_ note: String, context: RuleContext, expectedCount: Int, expectedBoxes: [Box] = [],
                file: String = #filePath, line: Int = #line) {
        self.note = note
        self.context = context
        self.expectedCount = expectedCount
        self.expectedBoxes = expectedBoxes
        self.file = file
        self.line = line
    }

    public var triggers: Bool { expectedCount > 0 }
}

/// A check over one applicant. One rule = one file = one type (`blind/name` -> `Blind/NameRule.swift`).
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    /// The findings for this applicant; severities as in the description (the engine applies overrides).
    func check(_ context: RuleContext) -> [Finding]
    /// 修改方法 for one of this rule's findings; the description's ``RuleDescription/fix`` unless the rule says more.
    static func fix(for finding: Finding, pipeline: PipelineDefinition) -> String
}

extension Rule {
    public static func fix(for finding: Finding, pipeline: PipelineDefinition) -> String { description.fix }
}

extension Rule {
    /// A finding of this rule with its default severity.
    func finding(document: String? = nil, page: Int? = nil, box: Box? = nil, year: Int? = nil, part: String? = nil,
                 severity: Severity? = nil, message: String) -> Finding {
        Finding(rule: Self.description.id, severity: severity ?? Self.description.severity, document: document,
                page: page, box: box, year: year, part: part, message: message)
    }
}
