/// The tool's name and version, as written into every report.
public enum ToolInfo {
    public static let name = "prescreen"
    public static let version = "0.4.0"
    /// The report schema version (CONTRACT.md); bumped only with a versioned contract change.
    public static let schemaVersion = 1
}
