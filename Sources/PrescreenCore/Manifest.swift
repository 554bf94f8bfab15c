/// The applicant's `applicant.yml` (CONTRACT.md, Input), as typed values.
public struct Manifest: Hashable, Sendable, Codable {
    public enum Series: String, Codable, Sendable, CaseIterable {
        case engineering, economics
        case humanResources = "human-resources"
        case cadreCollege = "cadre-college"
    }
    public enum Level: String, Codable, Sendable, CaseIterable {
        case senior
        case deputySenior = "deputy-senior"
        case intermediate, junior
    }
    public enum EmployerKind: String, Codable, Sendable, CaseIterable {
        case publicInstitution = "public-institution"
        case enterprise
    }
    public enum TitleOrigin: String, Codable, Sendable, CaseIterable {
        case xinjiang, elsewhere
    }

    public var id: String
    public var name: String?
    public var formerNames: [String]
    public var employer: String?
    public var employerAliases: [String]
    public var series: Series?
    public var level: Level?
    public var employerKind: EmployerKind?
    public var titleObtainedIn: TitleOrigin?
    public var ceExempt: Bool
    /// The application's own text fields (工作总结, 工作简历, 项目简介), by key.
    public var texts: [String: String]

    public init(id: String, name: String? = nil, formerNames: [String] = [], employer: String? = nil,
                employerAliases: [String] = [], series: Series? = nil, level: Level? = nil,
                employerKind: EmployerKind? = nil, titleObtainedIn: TitleOrigin? = nil, ceExempt: Bool = false,
                texts: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.formerNames = formerNames
        self.employer = employer
        self.employerAliases = employerAliases
        self.series = series
        self.level = level
        self.employerKind = employerKind
        self.titleObtainedIn = titleObtainedIn
        self.ceExempt = ceExempt
        self.texts = texts
    }

    /// The applicant's names to look for: the name and the former names, non-empty, without duplicates.
    public var allNames: [String] {
        var seen = Set<String>()
        return ([name].compactMap { $0 } + formerNames).filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
