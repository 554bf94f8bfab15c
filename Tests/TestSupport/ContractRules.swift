import PrescreenCore

/// The rule table of the outside contract (CONTRACT.md, "Rules"; summarised in docs/CONTRACT.md): every rule id with
/// its default severity, in the contract's order.
///
/// Written out here on purpose: tests must not read files outside the package, and this list changing is a contract
/// change (a new `schemaVersion`), never a silent one. The registry test and the `prescreen rules` test compare
/// the code against it.
public enum ContractRules {
    /// Id and default severity of every contract rule.
    public static let table: [(id: String, severity: Severity)] = [
        ("blind/name", .violation), ("blind/employer", .violation), ("blind/photo", .violation),
        ("blind/hidden-text", .violation), ("blind/text-field", .violation), ("blind/label", .warning),
        ("blind/seal", .warning), ("blind/id-number", .warning), ("docs/education", .violation),
        ("docs/appraisal", .violation), ("docs/continuing-education", .violation), ("docs/title", .violation),
        ("docs/mandarin", .violation), ("docs/economics-exam", .violation), ("docs/other", .warning),
        ("quality/orientation", .warning), ("quality/legibility", .warning), ("input/manifest", .violation),
        ("input/unreadable", .violation), ("input/unsupported", .warning),
    ]

    /// The ids alone, in the contract's order.
    public static var ids: [String] { table.map(\.id) }
}
