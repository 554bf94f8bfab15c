import Foundation

/// Executables this package builds, found beside the running test bundle, for tests that run them as a user or
/// cron would (CLITests, FuzzTests).
public enum BuiltExecutable {
    /// The path of `name` in the build folder of this test run (`.build/<triple>/debug/<name>`); when it is not
    /// beside the test runner (other layouts), `.build/debug/<name>` of this package.
    public static func path(_ name: String) -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test runner is `<bundle>.xctest` in the build folder, or inside it on other layouts.
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return package.appendingPathComponent(".build/debug/\(name)").path
    }
}
