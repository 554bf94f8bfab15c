/// Why a vision check could not run (never about what a page shows; holds no page content).
public struct VisionError: Error, CustomStringConvertible, Sendable {
    public let description: String

    /// An error with a message for logs.
    public init(_ description: String) { self.description = description }
}
