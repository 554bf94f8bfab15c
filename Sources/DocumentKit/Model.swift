import Foundation
import PrescreenCore

/// How one sensitive item is shown (or hidden) on a generated document.
public enum Mask: String, Sendable, Hashable, CaseIterable {
    /// Shown as is.
    case visible
    /// Replaced by the text `XX XX`.
    case xx
    /// Replaced by asterisks (`**`; an ID number keeps its first 4 and last 4 digits).
    case stars
    /// Replaced by `×××`.
    case crosses
    /// A black box drawn instead of the text (burned into the pixels; no text beneath).
    case burnedBox
    /// A grey mosaic block instead of the text.
    case mosaic
    /// A vector black box drawn over the text, which stays in the text layer beneath.
    case vectorBox
    /// Left out.
    case blank

    /// True when a reader cannot see the original in the pixels.
    public var hidesPixels: Bool { self != .visible }
}

/// Per-item masking for one document.
public struct MaskPlan: Sendable, Hashable {
    public var name: Mask
    public var employer: Mask
    public var idNumber: Mask
    public var photo: Mask
    public var seal: Mask
    public var signature: Mask

    /// A plan from one mask per item.
    public init(name: Mask = .visible, employer: Mask = .visible, idNumber: Mask = .visible, photo: Mask = .visible,
                seal: Mask = .visible, signature: Mask = .visible) {
        self.name = name; self.employer = employer; self.idNumber = idNumber
        self.photo = photo; self.seal = seal; self.signature = signature
    }

    /// Nothing masked.
    public static let visible = MaskPlan()

    /// Everything masked in one style (photos, seals and signatures by a burned box or mosaic).
    public static func masked(_ text: Mask = .xx) -> MaskPlan {
        let block: Mask = text == .mosaic ? .mosaic : .burnedBox
        return MaskPlan(name: text, employer: text, idNumber: text == .xx ? .stars : text, photo: block, seal: block,
                        signature: block)
    }
}

/// An employer: its full name, the region prefix people drop, and its aliases.
public struct Employer: Sendable, Hashable {
    /// The region prefix, e.g. 阿克苏地区.
    public var prefix: String
    /// The name without the prefix, e.g. 第一人民医院.
    public var core: String
    /// Short forms listed in applicant.yml.
    public var aliases: [String]
    /// A short form people write that applicant.yml does not list.
    public var unlistedAlias: String
    public var kind: Manifest.EmployerKind

    /// An employer.
    public init(prefix: String, core: String, aliases: [String], unlistedAlias: String, kind: Manifest.EmployerKind) {
        self.prefix = prefix; self.core = core; self.aliases = aliases; self.unlistedAlias = unlistedAlias; self.kind = kind
    }

    /// The full name, prefix and core.
    public var full: String { prefix + core }
}

/// The applicant data a template fills in.
public struct Person: Sendable, Hashable {
    public var name: String
    public var formerName: String?
    public var gender: String
    public var birthYear: Int
    public var birthMonth: Int
    /// A checksum-valid 18-digit resident ID number.
    public var idNumber: String
    public var employer: Employer
    public var school: String
    public var major: String
    /// The current title, e.g. 工程师.
    public var title: String
    /// The series' word in titles, e.g. 工程.
    public var seriesWord: String
    /// Other people's names for supervisors, principals and lists (decoys: never the applicant).
    public var others: [String]

    /// A person.
    public init(name: String, formerName: String? = nil, gender: String, birthYear: Int, birthMonth: Int,
                idNumber: String, employer: Employer, school: String, major: String, title: String, seriesWord: String,
                others: [String]) {
        self.name = name; self.formerName = formerName; self.gender = gender; self.birthYear = birthYear
        self.birthMonth = birthMonth; self.idNumber = idNumber; self.employer = employer; self.school = school
        self.major = major; self.title = title; self.seriesWord = seriesWord; self.others = others
    }

    /// The i-th other person's name (cycled).
    public func other(_ i: Int) -> String { others.isEmpty ? "王建国" : others[i % others.count] }
}

/// What a sensitive item on a page is.
public enum ExposureKind: Sendable, Hashable {
    /// The applicant's name (or former name).
    case applicantName
    /// The employer: full name, the name without its region prefix, or a listed alias.
    case employer
    /// An employer short form applicant.yml does not list (only a label finding can catch it).
    case unlistedEmployerAlias
    /// Someone else's name (a decoy for the name rule).
    case otherName
    /// A resident ID number; `valid` when its checksum is right.
    case idNumber(valid: Bool)
    /// The value of a 姓名 / 工作单位 / 单位 / 单位名称 field.
    case label
    /// An ID photo (a face).
    case photo
    /// The employer's red seal.
    case employerSeal
    /// A third party's seal (school, training body, bureau).
    case thirdPartySeal
    /// The applicant's handwritten signature (pixels only).
    case signature
}

/// How an exposure ended up on the page.
public enum Shown: String, Sendable, Hashable {
    /// Readable in the pixels (and in the text layer where the page has one and the item is text).
    case visible
    /// Not readable anywhere.
    case masked
    /// Covered in the pixels by a vector box, the text still beneath in the layer.
    case underBox
}

/// One sensitive item on one page of a generated document: the ground truth of what is visible where.
public struct Exposure: Sendable, Hashable {
    public var kind: ExposureKind
    /// 0-based page within the document.
    public var page: Int
    public var box: Box
    public var shown: Shown
    /// True when the item is text (reaches a PDF text layer); false for paths and images.
    public var isText: Bool

    /// An exposure.
    public init(kind: ExposureKind, page: Int, box: Box, shown: Shown, isText: Bool) {
        self.kind = kind; self.page = page; self.box = box; self.shown = shown; self.isText = isText
    }
}

/// A generated document before it is written in some format: pages plus ground truth.
public struct DocumentDraft: Sendable {
    public var type: DocumentType
    public var year: Int?
    public var part: String?
    public var pages: [Page]
    public var exposures: [Exposure]

    /// A draft.
    public init(type: DocumentType, year: Int? = nil, part: String? = nil, pages: [Page], exposures: [Exposure]) {
        self.type = type; self.year = year; self.part = part; self.pages = pages; self.exposures = exposures
    }

    /// True when the employer itself issues this kind of document (its seal is then a leak).
    public var isEmployerIssued: Bool {
        [.appraisal, .publicity, .publicityResult, .recommendation, .titleReviewForm].contains(type)
    }
}

/// Resident ID number helpers (GB 11643 checksum).
public enum IDNumber {
    /// The check character for the first 17 digits.
    public static func checkCharacter(_ first17: String) -> Character? {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let digits = first17.compactMap { $0.wholeNumberValue }
        guard digits.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// A checksum-valid number from a region code, birth date and sequence.
    public static func make(region: String, year: Int, month: Int, day: Int, sequence: Int) -> String {
        let body = region + String(format: "%04d%02d%02d%03d", year, month, day, sequence % 1000)
        return body + String(checkCharacter(body) ?? "0")
    }

    /// True when the 18-character number's check character is right.
    public static func isValid(_ id: String) -> Bool {
        guard id.count == 18, let c = checkCharacter(String(id.prefix(17))) else { return false }
        return id.last == c
    }

    /// The same number with a wrong check character.
    public static func corrupted(_ id: String) -> String {
        let chars = Array("0123456789X")
        let last = id.last ?? "0"
        let replacement = chars.first { $0 != last && $0 != "X" } ?? "1"
        return String(id.dropLast()) + String(replacement)
    }

    /// The masked form applicants write: first 4, asterisks, last 4.
    public static func masked(_ id: String) -> String {
        String(id.prefix(4)) + String(repeating: "*", count: max(0, id.count - 8)) + String(id.suffix(4))
    }
}
