import PrescreenCore

/// A failure to find or read the input, with a code callers switch on and a message for people.
///
/// Messages name the failed operation and the system error, never an applicant's name or file
/// contents; a file is named only by the path the caller already knows.
public struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// ROOT does not exist.
        case rootMissing
        /// ROOT (or an applicant folder) is not a directory.
        case notADirectory
        /// A file could not be opened or read.
        case readFailed
        /// A file is larger than the caller allows.
        case tooLarge
        /// ROOT is laid out wrongly (too high, no applicant, no applicant.yml anywhere): a usage error.
        case layout
        /// A path is not a regular file (a FIFO, a device, a folder) where a file is expected.
        case notAFile
        /// A symbolic link leads outside ROOT.
        case outsideRoot
    }

    /// What went wrong.
    public let code: Code
    /// One sentence saying what failed and what to do.
    public let message: String
    /// The system call that failed underneath, when one did (its name and errno, for an engineer).
    public let cause: SystemCallError?

    /// An error with a code, a message and, when a system call failed, that failure.
    public init(code: Code, message: String, cause: SystemCallError? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The code and the message.
    public var description: String { "\(code.rawValue): \(message)" }
}
