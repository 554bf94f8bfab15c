import Foundation
import PrescreenCore

/// A pipeline definition: the evaluation year and everything that follows from the notice.
///
/// Loaded from a versioned YAML file under `Pipelines/` (see `aksu-2024.yml`). Years, parts, the
/// Mandarin minimum and which requirement applies to whom live here, never in code: a new
/// evaluation year is a new file.
public struct PipelineDefinition: Codable, Sendable, Hashable {
    /// The newest file format this build reads; a newer file is refused with a clear error.
    public static let supportedVersion = 1

    public var version: Int
    /// Short id written into reports (`pipeline.name`).
    public var name: String
    /// Human title, in Chinese.
    public var title: String?
    /// The evaluation year (`pipeline.evaluationYear`); seniority counts to its end.
    public var evaluationYear: Int
    public var extraction: Extraction
    public var limits: Limits
    /// Per-rule settings by rule id; a rule not listed runs with its defaults.
    public var rules: [String: RuleSettings]
    public var requirements: Requirements

    enum CodingKeys: String, CodingKey {
        case version, name, title, extraction, limits, rules, requirements, ocr
        case evaluationYear = "evaluation_year"
    }

    /// The YAML's `ocr:` section: which text recogniser reads scans (docs/RECOGNITION.md).
    struct OCRSection: Codable {
        var engine: OCREngine?
    }

    /// Decodes a definition; `ocr.engine` is optional (files written before it existed read with PP-OCR) and
    /// lands in ``Extraction/engine``, which travels to the page workers with the other extraction settings.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        name = try c.decode(String.self, forKey: .name)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        evaluationYear = try c.decode(Int.self, forKey: .evaluationYear)
        extraction = try c.decode(Extraction.self, forKey: .extraction)
        limits = try c.decode(Limits.self, forKey: .limits)
        rules = try c.decode([String: RuleSettings].self, forKey: .rules)
        requirements = try c.decode(Requirements.self, forKey: .requirements)
        if let engine = try c.decodeIfPresent(OCRSection.self, forKey: .ocr)?.engine { extraction.engine = engine }
    }

    /// Encodes the definition with the engine in its own `ocr:` section, as the YAML has it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encode(evaluationYear, forKey: .evaluationYear)
        try c.encode(extraction, forKey: .extraction)
        try c.encode(limits, forKey: .limits)
        try c.encode(rules, forKey: .rules)
        try c.encode(requirements, forKey: .requirements)
        try c.encode(OCRSection(engine: extraction.engine), forKey: .ocr)
    }

    /// The text recogniser that reads scans and pictures.
    public enum OCREngine: String, Codable, Sendable, Hashable, CaseIterable {
        /// PP-OCRv6 detection + recognition on OpenVINO (the default; orientation still by tesseract's OSD).
        case paddle
        /// Tesseract chi_sim+eng (``Extraction/languages``), with its chi_sim re-reading of Latin among Han.
        case tesseract
    }

    /// How text is extracted and when a page is OCRed.
    public struct Extraction: Codable, Sendable, Hashable {
        /// Tesseract languages, chi_sim first (it keeps CJK characters unspaced).
        public var languages: String
        /// Resolution PDF pages are rendered at for OCR.
        public var ocrDPI: Double
        /// Never render or OCR above this resolution (huge scans are downsampled).
        public var maxDPI: Double
        /// A PDF page whose text layer holds fewer non-space characters than this is OCRed.
        public var minTextLayerChars: Int
        /// A PDF page whose raster images cover at least this fraction of it is OCRed as well.
        public var minRasterCoverage: Double
        /// Whether pages are checked for orientation (tesseract OSD) before OCR.
        public var detectOrientation: Bool
        /// The recogniser (YAML `ocr.engine`; here so that it reaches the page workers with these settings).
        public var engine: OCREngine

        enum CodingKeys: String, CodingKey {
            case languages
            case ocrDPI = "ocr_dpi"
            case maxDPI = "max_dpi"
            case minTextLayerChars = "min_text_layer_chars"
            case minRasterCoverage = "min_raster_coverage"
            case detectOrientation = "detect_orientation"
            case engine
        }

        public init(languages: String = "chi_sim+eng", ocrDPI: Double = 200, maxDPI: Double = 300,
                    minTextLayerChars: Int = 20, minRasterCoverage: Double = 0.05, detectOrientation: Bool = true,
                    engine: OCREngine = .paddle) {
            self.engine = engine
            self.languages = languages
            self.ocrDPI = ocrDPI
            self.maxDPI = maxDPI
            self.minTextLayerChars = minTextLayerChars
            self.minRasterCoverage = minRasterCoverage
            self.detectOrientation = detectOrientation
        }

        /// Decodes the settings; `engine` is not a YAML key of `extraction:` (the loader rejects it there: it
        /// is `ocr.engine`) but it crosses to the page workers inside these settings.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(languages: try c.decode(String.self, forKey: .languages),
                      ocrDPI: try c.decode(Double.self, forKey: .ocrDPI),
                      maxDPI: try c.decode(Double.self, forKey: .maxDPI),
                      minTextLayerChars: try c.decode(Int.self, forKey: .minTextLayerChars),
                      minRasterCoverage: try c.decode(Double.self, forKey: .minRasterCoverage),
                      detectOrientation: try c.decode(Bool.self, forKey: .detectOrientation),
                      engine: try c.decodeIfPresent(OCREngine.self, forKey: .engine) ?? .paddle)
        }
    }

    /// Bounds that keep one hostile attachment from exhausting the machine.
    public struct Limits: Codable, Sendable, Hashable {
        public var maxFileBytes: Int
        public var maxPagesPerFile: Int
        public var maxPixelsPerPage: Int
        /// Address-space limit (RLIMIT_AS) of a child process that reads pages, in MiB.
        public var workerMemoryMB: Int
        /// CPU-time limit (RLIMIT_CPU) for one page in its child process, in seconds.
        public var workerCPUSeconds: Int
        /// Wall-clock limit for one attachment (all its pages, from its first), enforced by the parent (a hang
        /// costs no CPU), in seconds.
        public var workerWallSeconds: Int
        /// Attachments one child process reads before it is replaced by a fresh one. poppler and cairo keep
        /// fonts of the documents a process has rendered in caches that fill over hundreds of files (measured: a
        /// child's RSS after each page rose from 125 to 280 MB over 500 attachments, ~0.65 MB per PDF); a fresh
        /// child bounds that by this count instead of by the batch. A replacement costs ~0.2 s (start, models).
        public var workerMaxFiles: Int

        enum CodingKeys: String, CodingKey {
            case maxFileBytes = "max_file_bytes"
            case maxPagesPerFile = "max_pages_per_file"
            case maxPixelsPerPage = "max_pixels_per_page"
            case workerMemoryMB = "worker_memory_mb"
            case workerCPUSeconds = "worker_cpu_seconds"
            case workerWallSeconds = "worker_wall_seconds"
            case workerMaxFiles = "worker_max_files"
        }

        public init(maxFileBytes: Int = 200 << 20, maxPagesPerFile: Int = 300, maxPixelsPerPage: Int = 60_000_000,
                    workerMemoryMB: Int = 2048, workerCPUSeconds: Int = 120, workerWallSeconds: Int = 900, workerMaxFiles: Int = 25) {
            self.maxFileBytes = maxFileBytes
            self.maxPagesPerFile = maxPagesPerFile
            self.maxPixelsPerPage = maxPixelsPerPage
            self.workerMemoryMB = workerMemoryMB
            self.workerCPUSeconds = workerCPUSeconds
            self.workerWallSeconds = workerWallSeconds
            self.workerMaxFiles = workerMaxFiles
        }

        /// Decodes the limits; the child-process limits are optional (files written before they existed).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Limits()
            self.init(
                maxFileBytes: try c.decode(Int.self, forKey: .maxFileBytes),
                maxPagesPerFile: try c.decode(Int.self, forKey: .maxPagesPerFile),
                maxPixelsPerPage: try c.decode(Int.self, forKey: .maxPixelsPerPage),
                workerMemoryMB: try c.decodeIfPresent(Int.self, forKey: .workerMemoryMB) ?? d.workerMemoryMB,
                workerCPUSeconds: try c.decodeIfPresent(Int.self, forKey: .workerCPUSeconds) ?? d.workerCPUSeconds,
                workerWallSeconds: try c.decodeIfPresent(Int.self, forKey: .workerWallSeconds) ?? d.workerWallSeconds,
                workerMaxFiles: try c.decodeIfPresent(Int.self, forKey: .workerMaxFiles) ?? d.workerMaxFiles)
        }
    }

    /// A rule's switch and severity override.
    public struct RuleSettings: Codable, Sendable, Hashable {
        public var enabled: Bool?
        public var severity: Severity?

        public init(enabled: Bool? = nil, severity: Severity? = nil) {
            self.enabled = enabled
            self.severity = severity
        }
    }

    /// Who a requirement applies to; an absent list means everyone.
    public struct Applicability: Codable, Sendable, Hashable {
        public var series: [Manifest.Series]?
        public var levels: [Manifest.Level]?
        public var employerKinds: [Manifest.EmployerKind]?

        enum CodingKeys: String, CodingKey {
            case series, levels
            case employerKinds = "employer_kinds"
        }

        public init(series: [Manifest.Series]? = nil, levels: [Manifest.Level]? = nil,
                    employerKinds: [Manifest.EmployerKind]? = nil) {
            self.series = series
            self.levels = levels
            self.employerKinds = employerKinds
        }

        /// Whether a requirement applies to one applicant.
        public enum Decision: Hashable, Sendable {
            case applies
            case doesNotApply
            /// The manifest does not give these fields (their `applicant.yml` keys), and no known field excludes
            /// the applicant: the check cannot be decided and does not run.
            case unknown([String])
        }

        /// Whether it applies to this applicant. A field the requirement reads and the manifest leaves out
        /// (or no manifest at all) makes it `.unknown` unless a known field already excludes the applicant:
        /// a missing document is never reported on a field nobody gave.
        public func decide(for m: Manifest?) -> Decision {
            var unknown: [String] = []
            func ok<T: Equatable>(_ list: [T]?, _ v: T?, _ key: String) -> Bool {
                guard let list else { return true }
                guard let v else {
                    unknown.append(key)
                    return true
                }
                return list.contains(v)
            }
            let match = [ok(series, m?.series, "series"), ok(levels, m?.level, "level"),
                         ok(employerKinds, m?.employerKind, "employer_kind")].allSatisfy { $0 }
            if !match { return .doesNotApply }
            return unknown.isEmpty ? .applies : .unknown(unknown)
        }

        /// Whether it is known to apply to this applicant (see ``decide(for:)``).
        public func applies(to m: Manifest?) -> Bool { decide(for: m) == .applies }
    }

    /// The required documents of the notice, section 四(二).
    public struct Requirements: Codable, Sendable, Hashable {
        public var education: Education
        public var appraisal: YearlyRequirement
        public var continuingEducation: ContinuingEducation
        public var title: Title
        public var mandarin: Mandarin
        public var economicsExam: EconomicsExam
        public var other: Other

        enum CodingKeys: String, CodingKey {
            case education, appraisal, title, mandarin, other
            case continuingEducation = "continuing_education"
            case economicsExam = "economics_exam"
        }
    }

    /// 学历证明: a CHSI report; the graduate form is accepted with a warning.
    public struct Education: Codable, Sendable, Hashable {
        public var accepted: [DocumentType]
        public var fallback: [DocumentType]
        public var appliesTo: Applicability?
        enum CodingKeys: String, CodingKey {
            case accepted, fallback
            case appliesTo = "applies_to"
        }
    }

    /// A document needed once per listed year (annual appraisals).
    public struct YearlyRequirement: Codable, Sendable, Hashable {
        public var years: [Int]
        public var appliesTo: Applicability?
        enum CodingKeys: String, CodingKey {
            case years
            case appliesTo = "applies_to"
        }
    }

    /// Continuing-education certificates per year and part, or the exemption form.
    public struct ContinuingEducation: Codable, Sendable, Hashable {
        public var years: [Int]
        /// Part ids as written into findings (`public` 公需课, `professional` 专业课).
        public var parts: [String]
        /// Whether a `ce-exemption` form satisfies the rule for an applicant who claims exemption.
        public var exemptionAccepted: Bool
        /// Per part, the first year whose certificate the applicant takes from the evaluation system
        /// (阿克苏地区职称评审系统) rather than uploading a scan; only the advice on a finding uses it.
        public var fromSystem: [String: Int]?
        public var appliesTo: Applicability?
        enum CodingKeys: String, CodingKey {
            case years, parts
            case exemptionAccepted = "exemption_accepted"
            case fromSystem = "from_system"
            case appliesTo = "applies_to"
        }
    }

    /// Evidence of the current title: any one when obtained in Xinjiang, all when obtained elsewhere.
    public struct Title: Codable, Sendable, Hashable {
        public var anyOfWhenXinjiang: [DocumentType]
        public var allOfWhenElsewhere: [DocumentType]
        public var appliesTo: Applicability?
        enum CodingKeys: String, CodingKey {
            case anyOfWhenXinjiang = "any_of_when_xinjiang"
            case allOfWhenElsewhere = "all_of_when_elsewhere"
            case appliesTo = "applies_to"
        }
    }

    /// The Mandarin certificate and its lowest accepted grade.
    public struct Mandarin: Codable, Sendable, Hashable {
        /// Grades high to low, as printed on certificates.
        public var grades: [String]
        /// The lowest grade accepted (must be one of `grades`).
        public var minimum: String
        public var appliesTo: Applicability?
        enum CodingKeys: String, CodingKey {
            case grades, minimum
            case appliesTo = "applies_to"
        }
    }

    /// The national exam result for the economics series.
    public struct EconomicsExam: Codable, Sendable, Hashable {
        /// How many years a passed result stays valid.
        public var validYears: Int
        public var appliesTo: Applicability?
        enum CodingKeys: String, CodingKey {
            case validYears = "valid_years"
            case appliesTo = "applies_to"
        }
    }

    /// 其他材料: each listed item is a `docs/other` warning when missing; `part` is the item's key.
    public struct Other: Codable, Sendable, Hashable {
        public var items: [OtherItem]
        public var appliesTo: Applicability?
        enum CodingKeys: String, CodingKey {
            case items
            case appliesTo = "applies_to"
        }
    }

    /// One of the other materials.
    public struct OtherItem: Codable, Sendable, Hashable {
        public var part: String
        public var type: DocumentType
        public var label: String
    }

    /// The effective settings of a rule: enabled unless switched off, with the contract severity unless overridden.
    public func isEnabled(_ rule: RuleID) -> Bool { rules[rule.rawValue]?.enabled ?? true }

    /// The severity to report for a rule.
    public func severity(_ rule: RuleID, default fallback: Severity) -> Severity {
        rules[rule.rawValue]?.severity ?? fallback
    }
}
