/// How serious a finding is (CONTRACT.md, Rules).
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case violation
    case warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .violation }
}

/// A rule id from CONTRACT.md, such as `blind/name`. Ids are never renamed silently.
public struct RuleID: RawRepresentable, Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ raw: String) { self.rawValue = raw }
    public var description: String { rawValue }
    /// The family before the slash: `blind`, `docs`, `quality`, `input`.
    public var family: String { String(rawValue.split(separator: "/").first ?? "") }
    public static func < (a: RuleID, b: RuleID) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public static let blindName = RuleID("blind/name")
    public static let blindEmployer = RuleID("blind/employer")
    public static let blindPhoto = RuleID("blind/photo")
    public static let blindHiddenText = RuleID("blind/hidden-text")
    public static let blindTextField = RuleID("blind/text-field")
    public static let blindLabel = RuleID("blind/label")
    public static let blindSeal = RuleID("blind/seal")
    public static let blindIDNumber = RuleID("blind/id-number")
    public static let docsEducation = RuleID("docs/education")
    public static let docsAppraisal = RuleID("docs/appraisal")
    public static let docsContinuingEducation = RuleID("docs/continuing-education")
    public static let docsTitle = RuleID("docs/title")
    public static let docsMandarin = RuleID("docs/mandarin")
    public static let docsEconomicsExam = RuleID("docs/economics-exam")
    public static let docsOther = RuleID("docs/other")
    public static let qualityOrientation = RuleID("quality/orientation")
    public static let qualityLegibility = RuleID("quality/legibility")
    public static let inputManifest = RuleID("input/manifest")
    public static let inputUnreadable = RuleID("input/unreadable")
    public static let inputUnsupported = RuleID("input/unsupported")
}

/// The document types of CONTRACT.md.
public enum DocumentType: String, Codable, Sendable, CaseIterable {
    case educationCHSI = "education-chsi"
    case educationGraduateForm = "education-graduate-form"
    case educationDiploma = "education-diploma"
    case appraisal
    case ceCertificate = "ce-certificate"
    case ceExemption = "ce-exemption"
    case titleCertificate = "title-certificate"
    case titleDocument = "title-document"
    case titleReviewForm = "title-review-form"
    case mandarinCertificate = "mandarin-certificate"
    case economicsExam = "economics-exam"
    case publicity
    case publicityResult = "publicity-result"
    case recommendation
    case commitment
    case other
}

/// An attachment's format, recognised by its bytes (`format` in report.json).
public enum FileFormat: String, Codable, Sendable, CaseIterable {
    case pdf, jpeg, png, tiff, bmp
    /// Not a format the pipeline reads (`input/unsupported`).
    case unsupported
    /// Zero bytes.
    case empty
}

/// Where a page's text came from (`textSource` in report.json).
public enum TextSource: String, Codable, Sendable {
    case textLayer = "text-layer"
    case ocr
    case mixed
    case none
}

/// One finding of one rule, before the report numbers it and attaches its evidence picture.
public struct Finding: Hashable, Sendable, Codable {
    public var rule: RuleID
    public var severity: Severity
    /// The attachment's path relative to the applicant folder; nil for the whole submission.
    public var document: String?
    /// 1-based page; nil for the whole document or submission.
    public var page: Int?
    public var box: Box?
    public var year: Int?
    public var part: String?
    /// For a reviewer, in Chinese with English beside it.
    public var message: String

    public init(rule: RuleID, severity: Severity, document: String? = nil, page: Int? = nil, box: Box? = nil,
                year: Int? = nil, part: String? = nil, message: String) {
        self.rule = rule
        self.severity = severity
        self.document = document
        self.page = page
        self.box = box
        self.year = year
        self.part = part
        self.message = message
    }

    /// The stable order of findings in a report: document, page, rule, position.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        let ka = (a.document ?? "", a.page ?? 0, a.rule.rawValue, a.year ?? 0, a.part ?? "")
        let kb = (b.document ?? "", b.page ?? 0, b.rule.rawValue, b.year ?? 0, b.part ?? "")
        if ka != kb { return ka < kb }
        return (a.box?.y0 ?? 0, a.box?.x0 ?? 0) < (b.box?.y0 ?? 0, b.box?.x0 ?? 0)
    }
}
