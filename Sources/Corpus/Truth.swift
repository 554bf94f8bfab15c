import PrescreenCore

/// The ground truth of a generated corpus: `truth.json` at the corpus root.
///
/// Written by `prescreen-gen corpus`, read by the scorer. A finding is identified by its key
/// (rule, document, page, year, part); several findings of one rule on one page count once.
public struct CorpusTruth: Codable, Sendable, Hashable {
    /// The seed the corpus was generated from; the same seed gives the same corpus byte for byte.
    public var seed: UInt64
    /// The pipeline's evaluation year the truth assumes.
    public var evaluationYear: Int
    public var applicants: [ApplicantTruth]

    public init(seed: UInt64, evaluationYear: Int, applicants: [ApplicantTruth]) {
        self.seed = seed
        self.evaluationYear = evaluationYear
        self.applicants = applicants
    }
}

/// What must be found for one applicant folder.
public struct ApplicantTruth: Codable, Sendable, Hashable {
    /// The folder name under the corpus root (also the report folder name).
    public var folder: String
    /// Every finding that must fire; anything else a report holds is a false alarm.
    public var findings: [FindingKey]
    /// Every attachment with its true document type(s).
    public var documents: [DocumentTruth]
    /// Free-text notes on what this applicant exercises (for people reading a miss).
    public var notes: [String]

    public init(folder: String, findings: [FindingKey], documents: [DocumentTruth], notes: [String] = []) {
        self.folder = folder
        self.findings = findings
        self.documents = documents
        self.notes = notes
    }
}

/// The identity of a finding for scoring: rule, attachment, page, year, part.
public struct FindingKey: Codable, Sendable, Hashable, Comparable {
    public var rule: RuleID
    /// Attachment path relative to the applicant folder, as the report writes it; nil for the submission.
    public var document: String?
    public var page: Int?
    public var year: Int?
    public var part: String?

    public init(rule: RuleID, document: String? = nil, page: Int? = nil, year: Int? = nil, part: String? = nil) {
        self.rule = rule
        self.document = document
        self.page = page
        self.year = year
        self.part = part
    }

    public static func < (a: FindingKey, b: FindingKey) -> Bool {
        (a.rule.rawValue, a.document ?? "", a.page ?? 0, a.year ?? 0, a.part ?? "")
            < (b.rule.rawValue, b.document ?? "", b.page ?? 0, b.year ?? 0, b.part ?? "")
    }
}

/// One attachment's true type, and its segments when it holds several documents.
public struct DocumentTruth: Codable, Sendable, Hashable {
    public var path: String
    /// nil for attachments that are not documents (unreadable, unsupported).
    public var type: DocumentType?
    public var year: Int?
    public var part: String?
    public var segments: [SegmentTruth]

    public init(path: String, type: DocumentType?, year: Int? = nil, part: String? = nil, segments: [SegmentTruth] = []) {
        self.path = path
        self.type = type
        self.year = year
        self.part = part
        self.segments = segments
    }
}

/// One document inside a merged file: its first and last page (1-based) and type.
public struct SegmentTruth: Codable, Sendable, Hashable {
    public var firstPage: Int
    public var lastPage: Int
    public var type: DocumentType
    public var year: Int?
    public var part: String?

    public init(firstPage: Int, lastPage: Int, type: DocumentType, year: Int? = nil, part: String? = nil) {
        self.firstPage = firstPage
        self.lastPage = lastPage
        self.type = type
        self.year = year
        self.part = part
    }
}
