import PrescreenCore

/// An applicant's overall result (`status` in report.json).
public enum ApplicantStatus: String, Codable, Sendable, CaseIterable {
    /// No finding of severity `violation`.
    case pass
    /// At least one `violation`.
    case flagged
    /// The applicant could not be checked (the run failed for this folder).
    case error

    /// `flagged` when any finding is a violation, else `pass`.
    public init(findings: [ReportFinding]) {
        self = findings.contains { $0.severity == .violation } ? .flagged : .pass
    }
}

/// The machine-readable report of one applicant: report.json, schemaVersion 1 (CONTRACT.md).
///
/// Encodes its keys in the contract's order and writes every absent value as an explicit `null`.
public struct Report: Codable, Sendable, Hashable {
    /// The producing tool (`tool`).
    public struct Tool: Codable, Sendable, Hashable {
        public var name: String
        public var version: String

        /// The tool; defaults to this build's name and version.
        public init(name: String = ToolInfo.name, version: String = ToolInfo.version) {
            self.name = name
            self.version = version
        }
    }

    /// The pipeline the applicant was checked with (`pipeline`).
    public struct Pipeline: Codable, Sendable, Hashable {
        public var name: String
        public var evaluationYear: Int

        /// A pipeline by name and evaluation year.
        public init(name: String, evaluationYear: Int) {
            self.name = name
            self.evaluationYear = evaluationYear
        }
    }

    /// Who the report is about (`applicant`): the manifest id and the folder name.
    public struct Applicant: Codable, Sendable, Hashable {
        public var id: String
        public var folder: String

        /// An applicant by id and folder name.
        public init(id: String, folder: String) {
            self.id = id
            self.folder = folder
        }
    }

    /// Run statistics (`stats`).
    public struct Stats: Sendable, Hashable {
        public var pages: Int
        public var ocrPages: Int
        /// Wall-clock seconds, rounded to milliseconds; 0 when not finite.
        public var seconds: Double

        /// Statistics; `seconds` is rounded to milliseconds so reports diff cleanly.
        public init(pages: Int, ocrPages: Int, seconds: Double) {
            self.pages = pages
            self.ocrPages = ocrPages
            self.seconds = seconds.isFinite ? (seconds * 1000).rounded() / 1000 : 0
        }
    }

    public var schemaVersion: Int
    public var tool: Tool
    public var pipeline: Pipeline
    public var applicant: Applicant
    public var status: ApplicantStatus
    public var documents: [ReportDocument]
    public var findings: [ReportFinding]
    public var stats: Stats

    /// A report; `schemaVersion` and `tool` default to this build's.
    public init(schemaVersion: Int = ToolInfo.schemaVersion, tool: Tool = Tool(), pipeline: Pipeline,
                applicant: Applicant, status: ApplicantStatus, documents: [ReportDocument],
                findings: [ReportFinding], stats: Stats) {
        self.schemaVersion = schemaVersion
        self.tool = tool
        self.pipeline = pipeline
        self.applicant = applicant
        self.status = status
        self.documents = documents
        self.findings = findings
        self.stats = stats
    }

    /// The number of findings of a severity.
    public func count(_ severity: Severity) -> Int {
        findings.filter { $0.severity == severity }.count
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, pipeline, applicant, status, documents, findings, stats
    }

    /// Encodes in the contract's key order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(tool, forKey: .tool)
        try c.encode(pipeline, forKey: .pipeline)
        try c.encode(applicant, forKey: .applicant)
        try c.encode(status, forKey: .status)
        try c.encode(documents, forKey: .documents)
        try c.encode(findings, forKey: .findings)
        try c.encode(stats, forKey: .stats)
    }

    /// Decodes a report written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        tool = try c.decode(Tool.self, forKey: .tool)
        pipeline = try c.decode(Pipeline.self, forKey: .pipeline)
        applicant = try c.decode(Applicant.self, forKey: .applicant)
        status = try c.decode(ApplicantStatus.self, forKey: .status)
        documents = try c.decode([ReportDocument].self, forKey: .documents)
        findings = try c.decode([ReportFinding].self, forKey: .findings)
        stats = try c.decode(Stats.self, forKey: .stats)
    }
}

extension Report.Stats: Codable {
    private enum CodingKeys: String, CodingKey { case pages, ocrPages, seconds }

    /// Encodes `pages`, `ocrPages`, `seconds` in that order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pages, forKey: .pages)
        try c.encode(ocrPages, forKey: .ocrPages)
        try c.encode(seconds, forKey: .seconds)
    }

    /// Decodes the statistics.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(pages: try c.decode(Int.self, forKey: .pages), ocrPages: try c.decode(Int.self, forKey: .ocrPages),
                  seconds: try c.decode(Double.self, forKey: .seconds))
    }
}

/// One document of the applicant: an attachment and what it was classified as (`documents[]`).
public struct ReportDocument: Codable, Sendable, Hashable {
    /// The attachment's path relative to the applicant folder.
    public var path: String
    /// SHA-256 of the file, lowercase hex.
    public var sha256: String
    public var format: FileFormat
    public var pages: Int
    /// The type of the first segment; nil when unreadable or unsupported.
    public var type: DocumentType?
    public var year: Int?
    public var part: String?
    public var textSource: TextSource
    /// Each document inside the file with its first and last page.
    public var segments: [ReportSegment]
    /// Why the type was chosen (classifier cues); an extra field beyond the contract, written last.
    public var cues: [String]

    /// A document entry.
    public init(path: String, sha256: String, format: FileFormat, pages: Int, type: DocumentType?, year: Int?,
                part: String?, textSource: TextSource, segments: [ReportSegment], cues: [String] = []) {
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.pages = pages
        self.type = type
        self.year = year
        self.part = part
        self.textSource = textSource
        self.segments = segments
        self.cues = cues
    }

    private enum CodingKeys: String, CodingKey {
        case path, sha256, format, pages, type, year, part, textSource, segments, cues
    }

    /// Encodes in the contract's key order with explicit nulls, `cues` last.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(format, forKey: .format)
        try c.encode(pages, forKey: .pages)
        try c.encodeOrNull(type, forKey: .type)
        try c.encodeOrNull(year, forKey: .year)
        try c.encodeOrNull(part, forKey: .part)
        try c.encode(textSource, forKey: .textSource)
        try c.encode(segments, forKey: .segments)
        try c.encode(cues, forKey: .cues)
    }

    /// Decodes a document entry; `cues` may be absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        sha256 = try c.decode(String.self, forKey: .sha256)
        format = try c.decode(FileFormat.self, forKey: .format)
        pages = try c.decode(Int.self, forKey: .pages)
        type = try c.decodeIfPresent(DocumentType.self, forKey: .type)
        year = try c.decodeIfPresent(Int.self, forKey: .year)
        part = try c.decodeIfPresent(String.self, forKey: .part)
        textSource = try c.decode(TextSource.self, forKey: .textSource)
        segments = try c.decode([ReportSegment].self, forKey: .segments)
        cues = try c.decodeIfPresent([String].self, forKey: .cues) ?? []
    }
}

/// One document inside a file (`segments[]`): its pages, type, year and part.
public struct ReportSegment: Codable, Sendable, Hashable {
    /// 1-based first page.
    public var firstPage: Int
    /// 1-based last page.
    public var lastPage: Int
    public var type: DocumentType
    public var year: Int?
    public var part: String?

    /// A segment covering pages `firstPage...lastPage`.
    public init(firstPage: Int, lastPage: Int, type: DocumentType, year: Int? = nil, part: String? = nil) {
        self.firstPage = firstPage
        self.lastPage = lastPage
        self.type = type
        self.year = year
        self.part = part
    }

    private enum CodingKeys: String, CodingKey { case pages, type, year, part }

    /// Encodes `pages` as `[first, last]`, then `type`, `year`, `part` with explicit nulls.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([firstPage, lastPage], forKey: .pages)
        try c.encode(type, forKey: .type)
        try c.encodeOrNull(year, forKey: .year)
        try c.encodeOrNull(part, forKey: .part)
    }

    /// Decodes a segment; `pages` must hold exactly two numbers.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let pages = try c.decode([Int].self, forKey: .pages)
        guard pages.count == 2 else {
            throw DecodingError.dataCorruptedError(forKey: .pages, in: c,
                                                   debugDescription: "pages must be [first, last]")
        }
        firstPage = pages[0]
        lastPage = pages[1]
        type = try c.decode(DocumentType.self, forKey: .type)
        year = try c.decodeIfPresent(Int.self, forKey: .year)
        part = try c.decodeIfPresent(String.self, forKey: .part)
    }
}

/// One numbered finding in report.json (`findings[]`).
public struct ReportFinding: Codable, Sendable, Hashable {
    /// `f1`, `f2`, … in report order; also the evidence file's name.
    public var id: String
    public var rule: RuleID
    public var severity: Severity
    public var document: String?
    public var page: Int?
    public var box: Box?
    public var year: Int?
    public var part: String?
    /// `evidence/<id>.png`, or nil when there is no picture.
    public var evidence: String?
    public var message: String

    /// A finding entry.
    public init(id: String, rule: RuleID, severity: Severity, document: String? = nil, page: Int? = nil,
                box: Box? = nil, year: Int? = nil, part: String? = nil, evidence: String? = nil, message: String) {
        self.id = id
        self.rule = rule
        self.severity = severity
        self.document = document
        self.page = page
        self.box = box
        self.year = year
        self.part = part
        self.evidence = evidence
        self.message = message
    }

    /// A numbered entry for a rule's finding; `evidence` is the picture's path, if one was made.
    public init(_ finding: Finding, id: String, evidence: String? = nil) {
        self.init(id: id, rule: finding.rule, severity: finding.severity, document: finding.document,
                  page: finding.page, box: finding.box, year: finding.year, part: finding.part,
                  evidence: evidence, message: finding.message)
    }

    private enum CodingKeys: String, CodingKey {
        case id, rule, severity, document, page, box, year, part, evidence, message
    }

    /// Encodes in the contract's key order with explicit nulls.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(rule, forKey: .rule)
        try c.encode(severity, forKey: .severity)
        try c.encodeOrNull(document, forKey: .document)
        try c.encodeOrNull(page, forKey: .page)
        try c.encodeOrNull(box, forKey: .box)
        try c.encodeOrNull(year, forKey: .year)
        try c.encodeOrNull(part, forKey: .part)
        try c.encodeOrNull(evidence, forKey: .evidence)
        try c.encode(message, forKey: .message)
    }

    /// Decodes a finding entry.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        rule = try c.decode(RuleID.self, forKey: .rule)
        severity = try c.decode(Severity.self, forKey: .severity)
        document = try c.decodeIfPresent(String.self, forKey: .document)
        page = try c.decodeIfPresent(Int.self, forKey: .page)
        box = try c.decodeIfPresent(Box.self, forKey: .box)
        year = try c.decodeIfPresent(Int.self, forKey: .year)
        part = try c.decodeIfPresent(String.self, forKey: .part)
        evidence = try c.decodeIfPresent(String.self, forKey: .evidence)
        message = try c.decode(String.self, forKey: .message)
    }
}

extension KeyedEncodingContainer {
    /// Writes the value, or an explicit `null` (the contract never omits a key).
    mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
