import Foundation
import StateStore

/// How a scan runs unattended: incremental state, re-check policy and crash isolation.
///
/// Kept apart from ``ScanOptions`` (what to scan) so a plain scan needs none of it.
public struct ScanPolicy: Sendable {
    /// Where each attachment is parsed.
    public enum Isolation: Sendable {
        /// In the scan's own process, with the scanner's recogniser factory (tests with fake engines).
        case inProcess
        /// In `_worker` child processes of this executable, under the pipeline's limits (the CLI default).
        case workerProcesses(executable: String)
    }

    /// The state file (`--state`); nil: `DIR/.prescreen-state.sqlite`.
    public var statePath: String?
    /// Whether to keep state at all; without it every run re-checks every applicant.
    public var incremental: Bool
    /// Re-check every applicant even when unchanged (`--force`); the page cache is still used.
    public var force: Bool
    public var isolation: Isolation
    /// A lock the caller already holds on the state (the CLI takes it before anything else).
    public var lock: StateLock?

    /// The default state file name inside the output folder.
    public static let defaultStateName = ".prescreen-state.sqlite"

    /// A policy; the default is a non-incremental in-process scan (what tests of the pipeline want).
    public init(statePath: String? = nil, incremental: Bool = false, force: Bool = false,
                isolation: Isolation = .inProcess, lock: StateLock? = nil) {
        self.statePath = statePath
        self.incremental = incremental
        self.force = force
        self.isolation = isolation
        self.lock = lock
    }

    /// The state file for an output folder, absolute: a relative `--state` (`rel.sqlite`, a bare name whose
    /// folder is "") is resolved against the working directory.
    public func stateFile(output: String) -> String {
        if let statePath { return URL(fileURLWithPath: statePath).standardizedFileURL.path }
        return URL(fileURLWithPath: output).appendingPathComponent(Self.defaultStateName).standardizedFileURL.path
    }
}
